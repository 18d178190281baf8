/**
 * Retries `assertion` until it stops throwing (or resolves), then returns its value. Rethrows the
 * last failure after `timeout` ms. Replaces fixed sleeps: tests wait for an observable outcome.
 */
export async function waitFor<T>(
  assertion: () => T | Promise<T>,
  { timeout = 5000, interval = 10 }: { timeout?: number; interval?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      return await assertion()
    } catch (error) {
      if (Date.now() >= deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  }
}
