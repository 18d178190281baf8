import { useEffect, useState } from 'react'

/**
 * The current time, refreshed every `intervalMs` while `isTicking` ("5m ago" labels, countdowns).
 * It also refreshes when ticking starts or stops, so a resumed countdown does not start stale.
 */
export function useNow(intervalMs = 30_000, isTicking = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    setNow(Date.now())
    if (!isTicking) return
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs, isTicking])
  return now
}
