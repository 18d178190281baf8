import { useCallback } from 'react'

/** A React 19 ref callback: it may return its cleanup. */
export type RefCallback<T> = (element: T | null) => (() => void) | void | undefined

/** One ref callback that hands the element to each of `refs` and runs all their cleanups. */
export function useMergedRefs<T>(...refs: RefCallback<T>[]): (element: T | null) => () => void {
  return useCallback(
    (element: T | null) => {
      const cleanups = refs.map((ref) => ref(element))
      return () => {
        for (const cleanup of cleanups) cleanup?.()
      }
    },
    // The refs themselves are the dependencies (each is a stable callback).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    refs,
  )
}
