/**
 * Shapes whose parents loop back to them (a frame inside itself, two frames inside each other).
 * tldraw walks a shape's parents to place it and never returns from such a loop, so the server
 * refuses loops (server/recordValidation.ts) and both sides break any that get through anyway (an
 * older stored room, two concurrent moves) by putting one shape of each loop on its page.
 */

/** What the loop search needs of a record. */
export interface ParentLink {
  id: string
  typeName: string
  parentId?: unknown
}

/**
 * One shape of every loop of parents among `records` (the first of it met, in the order given),
 * looked up with `get` (which must see `records`). Linear: each shape is walked once.
 */
export function findParentLoops(
  records: Iterable<ParentLink>,
  get: (id: string) => ParentLink | undefined,
): string[] {
  const done = new Set<string>()
  const loops: string[] = []
  for (const record of records) {
    if (record.typeName !== 'shape' || done.has(record.id)) continue
    const path: string[] = []
    const onPath = new Set<string>()
    let current: ParentLink | undefined = record
    while (current && current.typeName === 'shape' && !done.has(current.id)) {
      if (onPath.has(current.id)) {
        loops.push(current.id)
        break
      }
      onPath.add(current.id)
      path.push(current.id)
      current = typeof current.parentId === 'string' ? get(current.parentId) : undefined
    }
    for (const id of path) done.add(id)
  }
  return loops
}
