/**
 * Structured, one-line-per-event logging. Events are named `noun.verb` (`room.loaded`) with flat
 * fields, so a line can be grepped and parsed without a log library. Nothing is logged per message.
 */

/** Flat fields of a log event; `undefined` fields are left out. */
export type LogFields = Record<string, string | number | boolean | undefined>

/** Receives every server event. Tests pass their own to observe what the server did. */
export type Logger = (event: string, fields?: LogFields) => void

/** Formats `event key=value ...`; values with spaces or quotes are JSON-quoted. */
export function formatLogLine(event: string, fields: LogFields = {}): string {
  const parts = [event]
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    const text = String(value)
    parts.push(`${key}=${/^[^\s"=]*$/.test(text) && text !== '' ? text : JSON.stringify(text)}`)
  }
  return parts.join(' ')
}

/** Logs to stdout (stderr for events ending in `.failed` or `.error`) with an ISO timestamp. */
export function createConsoleLogger(): Logger {
  return (event, fields) => {
    const line = `${new Date().toISOString()} ${formatLogLine(event, fields)}`
    if (event.endsWith('.failed') || event.endsWith('.error')) console.error(line)
    else console.log(line)
  }
}
