const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' })
const monthDayYear = new Intl.DateTimeFormat('en', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
})
const full = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })

/**
 * A comment's age the way comment threads show it: `just now`, `5m`, `3h`, `yesterday`, `4d`,
 * then a date (`Mar 4`, with the year when it is not this year's).
 */
export function formatRelativeTime(then: number, now: number): string {
  const age = now - then
  if (age < minute) return 'just now'
  if (age < hour) return `${Math.floor(age / minute)}m`
  if (age < day) return `${Math.floor(age / hour)}h`
  if (age < 2 * day) return 'yesterday'
  if (age < 7 * day) return `${Math.floor(age / day)}d`
  const date = new Date(then)
  return date.getFullYear() === new Date(now).getFullYear()
    ? monthDay.format(date)
    : monthDayYear.format(date)
}

/** The exact time, for a tooltip. */
export function formatFullTime(then: number): string {
  return full.format(new Date(then))
}
