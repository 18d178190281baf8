import { afterEach, describe, expect, it } from 'vitest'
import { useUiStore } from '../../../client/state/uiStore'

const initialState = useUiStore.getState()
afterEach(() => useUiStore.setState(initialState, true))

describe('the side panels', () => {
  it('open one at a time: each one opened takes the place of the one before', () => {
    const store = useUiStore.getState()
    store.showPanel('icp')
    store.openDataPanel('scoring')
    expect(useUiStore.getState()).toMatchObject({ openPanel: 'data', dataTab: 'scoring' })
    store.showVoteResults('vote-1')
    expect(useUiStore.getState()).toMatchObject({
      openPanel: 'voteResults',
      resultsSessionId: 'vote-1',
      dataTab: 'scoring',
    })
    store.togglePanel('comments')
    expect(useUiStore.getState().openPanel).toBe('comments')
  })

  it('closes a panel only while it is the open one', () => {
    const store = useUiStore.getState()
    store.showPanel('comments')
    store.closePanel('icp')
    expect(useUiStore.getState().openPanel).toBe('comments')
    store.closePanel('comments')
    expect(useUiStore.getState().openPanel).toBeNull()
  })

  it('toggles a panel closed from its own button', () => {
    const store = useUiStore.getState()
    store.togglePanel('icp')
    expect(useUiStore.getState().openPanel).toBe('icp')
    store.togglePanel('icp')
    expect(useUiStore.getState().openPanel).toBeNull()
  })

  it('closes the facilitator controls when the versions dialog opens over them', () => {
    const store = useUiStore.getState()
    store.setFacilitatorPanelOpen(true)
    store.setVersionsDialogOpen(true)
    expect(useUiStore.getState()).toMatchObject({
      isVersionsDialogOpen: true,
      isFacilitatorPanelOpen: false,
    })
  })
})
