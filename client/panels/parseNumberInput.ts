/** What a number field accepts. */
export interface NumberRule {
  /** Empty input means "unknown" (null) rather than an error. */
  isNullable: boolean
  isInteger?: boolean
  min?: number
  max?: number
}

export type NumberInputResult =
  { isValid: true; value: number | null } | { isValid: false; error: string }

const scales: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9 }
const numberPattern = /^[-+]?(\d+(\.\d*)?|\.\d+)$/

/**
 * Reads what someone typed into a number field: `45`, `1,200`, `$120k`, `1.5M`, `92%`, or blank
 * (null when the rule allows it). Anything else, and values outside the rule, give an error
 * message to show next to the field; the caller must then leave the record unchanged.
 */
export function parseNumberInput(text: string, rule: NumberRule): NumberInputResult {
  const trimmed = text.trim()
  if (trimmed === '') {
    return rule.isNullable ? { isValid: true, value: null } : { isValid: false, error: 'Required' }
  }

  let digits = trimmed
    .replace(/[\s,_]/g, '')
    .replace(/^([-+]?)[$€£]/, '$1')
    .replace(/%$/, '')
  let scale = 1
  const suffix = digits.slice(-1).toLowerCase()
  if (suffix in scales && digits.length > 1) {
    scale = scales[suffix] ?? 1
    digits = digits.slice(0, -1)
  }
  if (!numberPattern.test(digits)) return { isValid: false, error: 'Enter a number' }

  const value = Number(digits) * scale
  if (!Number.isFinite(value)) return { isValid: false, error: 'That number is too large' }
  if (rule.isInteger && !Number.isInteger(value)) {
    return { isValid: false, error: 'Use a whole number' }
  }
  const { min, max } = rule
  if (min !== undefined && max !== undefined && (value < min || value > max)) {
    return { isValid: false, error: `Must be between ${min} and ${max}` }
  }
  if (min !== undefined && value < min) {
    return { isValid: false, error: min === 0 ? 'Must be 0 or more' : `Must be at least ${min}` }
  }
  if (max !== undefined && value > max) return { isValid: false, error: `Must be at most ${max}` }
  return { isValid: true, value }
}

/** A stored number as the field shows it (`1200`, blank for null). */
export function formatNumberInput(value: number | null): string {
  return value === null ? '' : String(value)
}
