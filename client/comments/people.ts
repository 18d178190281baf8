import type { ThreadView } from '../../shared/workshop/commentThreads'
import type { AwarenessUser, Person } from '../../shared/workshop/workshopLayout'
import type { MentionCandidate } from './mentions'

/**
 * Everyone who can be mentioned: the board's roster (written by the server), people here right
 * now (awareness, before the server has added them) and comment authors (for boards whose roster
 * is behind). The freshest name wins: live, then roster, then comments.
 */
export function mergePeople(
  roster: readonly Person[],
  live: readonly AwarenessUser[],
  threads: readonly ThreadView[],
): MentionCandidate[] {
  const byId = new Map<string, MentionCandidate>()
  for (const view of threads) {
    for (const comment of view.comments) {
      byId.set(comment.authorId, {
        id: comment.authorId,
        name: comment.authorName,
        color: comment.authorColor,
      })
    }
  }
  for (const person of roster)
    byId.set(person.id, { id: person.id, name: person.name, color: person.color })
  for (const user of live) byId.set(user.id, { id: user.id, name: user.name, color: user.color })
  return [...byId.values()].filter((person) => person.name.trim() !== '')
}
