import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => vi.resetModules())

/** Imports a fresh copy of the store, which hydrates from localStorage as on page load. */
async function loadStore() {
  const { useUiStore } = await import('../../../client/state/uiStore')
  return useUiStore
}

function seed(state: unknown) {
  localStorage.setItem('icp-workshop:ui', JSON.stringify({ state, version: 1 }))
}

describe('the UI store on page load', () => {
  it('restores the saved identity and recent boards', async () => {
    const identity = { id: 'person-1', name: 'Dana', color: '#1971c2' }
    const recentBoards = [{ roomId: 'room-abc-1', title: 'EMEA SaaS', lastOpenedAt: 1 }]
    seed({ identity, recentBoards })
    const store = await loadStore()
    expect(store.getState().identity).toEqual(identity)
    expect(store.getState().recentBoards).toEqual(recentBoards)
  })

  it('ignores a tampered identity but keeps valid recent boards', async () => {
    seed({
      identity: { id: 'person-1', name: 'Dana', color: 'javascript:alert(1)' },
      recentBoards: [{ roomId: 'room-abc-1', title: 'EMEA SaaS', lastOpenedAt: 1 }],
    })
    const store = await loadStore()
    expect(store.getState().identity.name).toBe('')
    expect(store.getState().recentBoards).toHaveLength(1)
  })

  it('starts fresh when the saved state is not JSON', async () => {
    localStorage.setItem('icp-workshop:ui', '{not json')
    const store = await loadStore()
    expect(store.getState().identity.name).toBe('')
    expect(store.getState().recentBoards).toEqual([])
  })
})
