/** `50000` -> `50,000` (fixed format, whatever the browser's locale). */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** `0.724` -> `72%`. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`
}
