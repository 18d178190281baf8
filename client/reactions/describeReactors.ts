/** Names shown in full before the rest are counted ("… and 4 others"). */
const namedReactors = 5

/**
 * Who reacted, in words, in the order they did, the local person as "You" (first, as Slack puts
 * it): "You, Alice and Bob", "Alice, Bob, Cy, Dee, Eve and 3 others". Someone no longer on the
 * board's list of people shows as "someone who left".
 */
export function describeReactors(
  participantIds: readonly string[],
  names: ReadonlyMap<string, string>,
  selfId: string,
): string {
  const ordered = participantIds.includes(selfId)
    ? [selfId, ...participantIds.filter((id) => id !== selfId)]
    : participantIds
  const words = ordered.map((id) =>
    id === selfId ? 'You' : names.get(id)?.trim() || 'someone who left',
  )
  if (words.length > namedReactors + 1) {
    const others = words.length - namedReactors
    return `${words.slice(0, namedReactors).join(', ')} and ${others} others`
  }
  if (words.length <= 1) return words[0] ?? ''
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}
