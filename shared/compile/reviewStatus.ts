import type { IcpReview } from './icpDocument'

/** Cadence used when a statement card's cadence is not a positive number: at least yearly. */
export const fallbackReviewCadenceMonths = 12

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** The calendar date in a `YYYY-MM-DD` string, or null when it is not a real date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | null {
  const match = isoDatePattern.exec(text.trim())
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

function daysInMonth(year: number, month: number): number {
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** Adds whole months to an ISO date, clamping the day (`2024-01-31` + 1 = `2024-02-29`). */
export function addMonths(isoDate: string, months: number): string {
  const date = parseIsoDate(isoDate)
  if (!date) throw new Error(`addMonths: "${isoDate}" is not a YYYY-MM-DD date`)
  const monthIndex = date.year * 12 + (date.month - 1) + Math.round(months)
  const year = Math.floor(monthIndex / 12)
  const month = (monthIndex % 12) + 1
  const day = Math.min(date.day, daysInMonth(year, month))
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

/**
 * The review block of an ICP: `reviewDate` (last review, '' when unset) plus the cadence gives
 * the next review date; overdue when `today` is after it. Invalid dates read as missing.
 */
export function reviewStatus(
  reviewDate: string,
  cadenceMonths: number,
  today: string | undefined,
): IcpReview {
  const date = parseIsoDate(reviewDate) ? reviewDate.trim() : null
  const cadence = isValidCadence(cadenceMonths) ? cadenceMonths : fallbackReviewCadenceMonths
  const nextReviewDate = date ? addMonths(date, cadence) : null
  return {
    date,
    cadenceMonths: cadence,
    nextReviewDate,
    isOverdue: nextReviewDate !== null && today !== undefined && today > nextReviewDate,
    checkedOn: today ?? null,
  }
}

/** True for a usable cadence: a finite number of months of at least one (rounded). */
export function isValidCadence(cadenceMonths: number): boolean {
  return Number.isFinite(cadenceMonths) && Math.round(cadenceMonths) >= 1
}
