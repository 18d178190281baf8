import { atom, type Atom } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import {
  awarenessUserField,
  awarenessUserSchema,
  type AwarenessUser,
} from '../../shared/workshop/workshopLayout'
import { onePer } from '../lib/onePer'

/** Who this browser's person is, as far as they have told us. */
export interface LocalPerson {
  id: string
  name: string
  color: string
  function: AwarenessUser['function'] | null
  /** The role the board's token grants, once known (lets others find the facilitator). */
  role?: AwarenessUser['role']
}

/**
 * Announces who we are in awareness (`user`): the server adds it to the board's `people` roster
 * (for @mentions and votes by function). Until the person has given a name and function, the
 * field is null, so nobody half-introduced reaches the roster.
 */
export function publishAwarenessUser(awareness: Awareness, person: LocalPerson): void {
  const parsed = awarenessUserSchema.safeParse(person)
  const next = parsed.success ? parsed.data : null
  const current: unknown = awareness.getLocalState()?.[awarenessUserField] ?? null
  if (JSON.stringify(current) === JSON.stringify(next)) return
  awareness.setLocalStateField(awarenessUserField, next)
}

/** The valid `user` fields of everyone else connected now. */
export function readAwarenessUsers(awareness: Awareness): AwarenessUser[] {
  const users: AwarenessUser[] = []
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue
    const parsed = awarenessUserSchema.safeParse(state[awarenessUserField])
    if (parsed.success) users.push(parsed.data)
  }
  return users
}

/**
 * Everyone else's valid `user` fields as one atom per awareness, for every hook that lists who is
 * here. Awareness changes with every cursor move, so only a client whose `user` field differs from
 * before (or who came or went) is read again; the list changes only when its people do.
 */
export const awarenessUsersOf = onePer((awareness: Awareness): Atom<AwarenessUser[]> => {
  const $users = atom('awareness users', readAwarenessUsers(awareness))
  const seen = new Map<number, string>()
  const userJsonOf = (clientId: number) =>
    JSON.stringify(awareness.getStates().get(clientId)?.[awarenessUserField] ?? null)
  for (const clientId of awareness.getStates().keys()) {
    if (clientId !== awareness.clientID) seen.set(clientId, userJsonOf(clientId))
  }
  awareness.on(
    'change',
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      let isChanged = false
      for (const clientId of [...added, ...updated, ...removed]) {
        if (clientId === awareness.clientID) continue
        const json = userJsonOf(clientId) // 'null' once the client is gone
        if ((seen.get(clientId) ?? 'null') === json) continue
        if (json === 'null') seen.delete(clientId)
        else seen.set(clientId, json)
        isChanged = true
      }
      if (!isChanged) return
      const next = readAwarenessUsers(awareness)
      // A field that changed but reads the same (invalid before and after) keeps the list as is.
      if (JSON.stringify(next) !== JSON.stringify($users.get())) $users.set(next)
    },
  )
  return $users
})
