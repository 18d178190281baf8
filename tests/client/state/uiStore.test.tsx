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
    const identity = { id: 'person-1', name: 'Dana', color: '#1971c2', function: 'sales' }
    const recentBoards = [{ roomId: 'room-abc-1', title: 'EMEA SaaS', lastOpenedAt: 1 }]
    seed({ identity, recentBoards })
    const store = await loadStore()
    expect(store.getState().identity).toEqual(identity)
    expect(store.getState().recentBoards).toEqual(recentBoards)
  })

  it('restores an identity saved before functions were asked, without one', async () => {
    seed({ identity: { id: 'person-1', name: 'Dana', color: '#1971c2' } })
    const store = await loadStore()
    expect(store.getState().identity).toEqual({
      id: 'person-1',
      name: 'Dana',
      color: '#1971c2',
      function: null,
    })
  })

  it('restores board tokens and comment visits, dropping malformed ones', async () => {
    seed({
      roomAccess: {
        'room-ok': { token: 'abc.def', role: 'editor' },
        'room-bad-role': { token: 'abc.def', role: 'owner' },
        'room-bad-token': { token: '<script>', role: 'viewer' },
      },
      commentVisits: {
        'room-ok': { lastVisitAt: 10, readAt: { t1: 12 } },
        'room-bad': { lastVisitAt: 'yesterday', readAt: {} },
      },
    })
    const store = await loadStore()
    expect(store.getState().roomAccess).toEqual({
      'room-ok': { token: 'abc.def', role: 'editor' },
      'room-bad-role': { token: 'abc.def', role: null },
    })
    expect(store.getState().commentVisits).toEqual({
      'room-ok': { lastVisitAt: 10, readAt: { t1: 12 } },
    })
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
