/**
 * JSON request bodies under /api: a size cap and one way to read and validate a body, so every
 * route refuses a bad body with the same 413/400 answer (`{ error }` with a sentence).
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'

/** Middleware answering 413 to a request body larger than `maxBytes`. */
export function limitBodyBytes(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json({ error: `request body is larger than ${maxBytes} bytes` }, 413),
  })
}

/** The issues of a failed zod parse in one line: `path: message; ...`. */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ')
}

/**
 * Reads a JSON body (empty = `{}`) and validates it with `schema`; otherwise a 400 Response saying
 * what is wrong. `example`, when given, is shown to a client that sent something other than JSON.
 */
export async function readJsonBody<T>(
  c: Context,
  schema: z.ZodType<T>,
  example?: string,
): Promise<T | Response> {
  const text = await c.req.text()
  let body: unknown = {}
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text)
    } catch {
      const hint = example === undefined ? '' : `, e.g. ${example}`
      return c.json({ error: `request body must be JSON${hint}` }, 400)
    }
  }
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  return c.json({ error: `invalid request body: ${describeZodIssues(parsed.error)}` }, 400)
}
