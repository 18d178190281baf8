import {
  createPresenceStateDerivation,
  InstancePresenceRecordType,
  react,
  throttle,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'

/** Awareness field holding a client's tldraw presence record (cursor, selection, camera). */
export const presenceField = 'presence'

/** How often local presence (mostly the cursor) is sent: 20 Hz keeps cursors smooth and cheap. */
export const presenceIntervalMs = 50

/** The tldraw presence record id of an awareness client. */
export function presenceIdOf(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

/**
 * Mirrors presence between a tldraw store and Yjs awareness: our cursor, selection and viewport
 * go out (throttled), other clients' come in as `instance_presence` records, which tldraw draws as
 * collaborator cursors and lists in its people menu. Remote records are re-keyed by awareness
 * client id and validated, so a client cannot overwrite someone else's presence or inject junk.
 * Returns a function that stops mirroring and removes the remote presence records.
 */
export function bindPresence(
  store: TLStore,
  awareness: Awareness,
  $user: Signal<TLUser | null>,
): () => void {
  const localId = presenceIdOf(awareness.clientID)
  const $presence = createPresenceStateDerivation($user, { instanceId: localId })(store)

  const publish = throttle(
    () => awareness.setLocalStateField(presenceField, $presence.get()),
    presenceIntervalMs,
    { leading: true, trailing: true },
  )
  const stopPublishing = react('publish presence', () => {
    $presence.get()
    publish()
  })

  const onAwarenessChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[]
    updated: number[]
    removed: number[]
  }) => {
    const states = awareness.getStates()
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = removed.map(presenceIdOf)
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const presence = parsePresence(store, states.get(clientId)?.[presenceField], clientId)
      if (presence) toPut.push(presence)
      else toRemove.push(presenceIdOf(clientId))
    }
    store.mergeRemoteChanges(() => {
      const present = toRemove.filter((id) => store.has(id))
      if (present.length > 0) store.remove(present)
      if (toPut.length > 0) store.put(toPut)
    })
  }
  awareness.on('change', onAwarenessChange)
  // Clients that were here before we bound.
  onAwarenessChange({ added: Array.from(awareness.getStates().keys()), updated: [], removed: [] })

  return () => {
    stopPublishing()
    publish.cancel()
    awareness.off('change', onAwarenessChange)
    const remote = store.query.records('instance_presence').get()
    store.mergeRemoteChanges(() => store.remove(remote.map((record) => record.id)))
  }
}

function parsePresence(store: TLStore, value: unknown, clientId: number) {
  if (typeof value !== 'object' || value === null) return null
  try {
    const candidate = { ...value, id: presenceIdOf(clientId) } as TLInstancePresence
    return store.schema.validateRecord(store, candidate, 'initialize', null) as TLInstancePresence
  } catch {
    return null
  }
}
