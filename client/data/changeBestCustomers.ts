import { applyBestCustomersChange, type BestCustomersChange } from '../../shared/data/dataEntries'
import { changeBestCustomers as sendChange } from './dataApi'
import type { DataState } from './dataState'
import type { DataAccess } from './useDataAccess'
import { errorText } from '../lib/errorText'

/**
 * Changes the shared best-customer settings: shown here at once (the same merge the server
 * runs), sent to the server, which merges it into the board's entry for everyone. Resolves with
 * an error message when the server refused it (the optimistic change is dropped then).
 */
export async function changeBestCustomers(
  data: DataState,
  access: DataAccess,
  change: BestCustomersChange,
): Promise<string | null> {
  const current = data.$effectiveBestCustomers.get()
  if (current) {
    const next = applyBestCustomersChange(current, change, {
      updatedAt: Date.now(),
      updatedBy: access.userName,
    })
    if ('error' in next) return next.error
    data.$pendingBestCustomers.set(next)
  }
  try {
    await sendChange(access.roomId, { ...change, updatedBy: access.userName }, access.token)
    return null
  } catch (error) {
    data.$pendingBestCustomers.set(null)
    return errorText(error)
  }
}
