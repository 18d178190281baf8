import { z } from 'zod'
import type { CreateRoomBody } from '../../shared/workshop/workshopApi'

const errorBody = z.object({ error: z.string() })
const createdRoom = z.object({
  roomId: z.string(),
  /** The creator's own token (facilitator); absent from servers without share links. */
  facilitatorToken: z.string().optional(),
})

/**
 * An HTTP API call that failed, with the server's message when it sent one; `body` is the whole
 * error answer (some carry details, e.g. the row-numbered problems of a refused import).
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Calls the API; `token` (a board's share-link token) goes in the Authorization header. */
export async function request<T>(
  path: string,
  init: RequestInit,
  schema: z.ZodType<T>,
  token?: string | null,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    })
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const parsed = errorBody.safeParse(body)
    throw new ApiError(
      parsed.success ? parsed.data.error : `Request failed (${response.status})`,
      response.status,
      body,
    )
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new ApiError('The server sent an unexpected answer.', response.status)
  return parsed.data
}

/**
 * Creates a board on the server from a template, with a name; returns its room id and the
 * creator's facilitator token.
 */
export async function createBoard(
  body: CreateRoomBody,
): Promise<{ roomId: string; facilitatorToken: string | null }> {
  const { roomId, facilitatorToken } = await request(
    '/api/rooms',
    { method: 'POST', body: JSON.stringify(body) },
    createdRoom,
  )
  return { roomId, facilitatorToken: facilitatorToken ?? null }
}
