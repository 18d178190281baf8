import type { Awareness } from 'y-protocols/awareness'
import {
  awarenessUserField,
  awarenessUserSchema,
  type AwarenessUser,
} from '../../shared/workshop/workshopLayout'

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
