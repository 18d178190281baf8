/** What to show for a caught error: its message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A reason as a sentence on screen: its first letter up and a full stop at the end. */
export function asSentence(reason: string): string {
  const sentence = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}`
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}
