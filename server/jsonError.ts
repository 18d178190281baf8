import type { Context } from 'hono'
import type { ClientErrorStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status'

/** The API's answer to a request it cannot serve: `{ "error": message, ...extra }`. */
export function jsonError(
  c: Context,
  status: ClientErrorStatusCode | ServerErrorStatusCode,
  message: string,
  extra: object = {},
): Response {
  return c.json({ error: message, ...extra }, status)
}
