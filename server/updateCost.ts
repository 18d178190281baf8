/**
 * What a Yjs update would cost the server to integrate, read by walking its bytes once (a
 * pre-scan) BEFORE anything decodes it into objects. Bytes alone do not measure that cost: a
 * 2 MB update of one-clock GC structs for 300,000 made-up client ids takes about 300 MB of memory
 * to integrate (every client id gets its own struct list and state-vector entry), and stays in
 * the room for good. So an update is also bounded by its structs, the client ids it writes under
 * and the ranges of its delete set (`updateCostProblem`); the room by its client ids.
 *
 * The walk follows the v1 update format of Yjs 13 (`readClientsStructRefs` and `readDeleteSet` in
 * yjs/src/utils/encoding.js and DeleteSet.js; item content readers in yjs/src/structs/): struct
 * sections per client (`count, client, clock`, then per struct an info byte and its fields), then
 * the delete set (`count`, then per client `client, count` and `clock, len` pairs). Content is
 * skipped, never built: strings and buffers by their length, lib0 `any` values with an explicit
 * stack (no recursion, so deep nesting cannot overflow the call stack). yjs is pinned to the exact
 * version this mirrors; tests/server/yjsInternals.test.ts fails if the format changes.
 */
import * as decoding from 'lib0/decoding'

/** How one client's structs in an update extend its clock range. */
export interface ClientWrite {
  /** First clock the update writes for this client. */
  from: number
  /** One past the last clock. */
  to: number
}

/** What the pre-scan found. */
export interface UpdateScan {
  /** Structs (GC, skip and item structs) in the update. */
  structs: number
  /** Delete-set ranges plus delete-set client entries. */
  deleteRanges: number
  /** The clock range each client's structs cover, by client id. */
  writes: Map<number, ClientWrite>
  /** Which per-update limit the update passed (the scan stopped there), or null. */
  passedLimit: string | null
}

/** Bounds of one update and of a room (see `updateCostProblem`). */
export interface UpdateCostLimits {
  /** Structs one update may hold. */
  maxUpdateStructs: number
  /** Client ids one update may write new content under. */
  maxUpdateClientIds: number
  /** Delete-set ranges (and client entries) one update may hold. */
  maxUpdateDeleteRanges: number
  /** Client ids a room may hold; updates that would add more are refused. */
  maxRoomClientIds: number
}

/** Thrown by `scanUpdate` for bytes that are not a v1 Yjs update. */
export class MalformedUpdateError extends Error {
  override name = 'MalformedUpdateError'
}

/** Largest clock a struct section may reach: Yjs clocks are 53-bit safe integers. */
const maxClock = Number.MAX_SAFE_INTEGER

/** No limits: a scan that reads every byte (what the tests compare with Yjs's own decoder). */
const unlimited: Pick<
  UpdateCostLimits,
  'maxUpdateStructs' | 'maxUpdateClientIds' | 'maxUpdateDeleteRanges'
> = {
  maxUpdateStructs: Infinity,
  maxUpdateClientIds: Infinity,
  maxUpdateDeleteRanges: Infinity,
}

/**
 * Walks `update` (v1 encoding) without decoding it into objects, and stops as soon as it passes
 * one of the per-update `limits` (its structs, the client ids its structs are written under, its
 * delete ranges): an update of 300,000 made-up client ids is refused after reading 257 of them.
 * Throws MalformedUpdateError for bytes that are cut short or carry an unknown struct or content
 * type.
 */
export function scanUpdate(
  update: Uint8Array,
  limits: Pick<
    UpdateCostLimits,
    'maxUpdateStructs' | 'maxUpdateClientIds' | 'maxUpdateDeleteRanges'
  > = unlimited,
): UpdateScan {
  const decoder = decoding.createDecoder(update)
  try {
    const scan = readStructSections(decoder, limits)
    if (scan.passedLimit === null) skipDeleteSet(decoder, scan, limits.maxUpdateDeleteRanges)
    // Yjs ignores what follows the delete set; a real client sends nothing there, and a padded
    // update must not cost anything either, so trailing bytes are allowed.
    return scan
  } catch (error) {
    if (error instanceof MalformedUpdateError) throw error
    throw new MalformedUpdateError('the bytes are not a Yjs update')
  }
}

/**
 * Why `scan` must be refused, or null. `stateOf(client)` is the room's clock for a client (0 when
 * it has none) and `roomClientIds` the number of client ids the room holds; only clients the
 * update writes beyond the room's state count as written (re-sent content costs nothing).
 * Returns the new content's writers in `writers` for the caller's ownership check.
 */
export function updateCostProblem(
  scan: UpdateScan,
  room: { stateOf: (client: number) => number; clientIds: number },
  limits: UpdateCostLimits,
): { problem: string | null; writers: number[] } {
  if (scan.passedLimit !== null) return { problem: scan.passedLimit, writers: [] }
  const writers: number[] = []
  let newClientIds = 0
  for (const [client, write] of scan.writes) {
    const state = room.stateOf(client)
    if (write.to <= state) continue
    writers.push(client)
    if (state === 0) newClientIds += 1
  }
  const isRoomFull = newClientIds > 0 && room.clientIds + newClientIds > limits.maxRoomClientIds
  const problem = isRoomFull
    ? `the room holds ${room.clientIds} client ids; the limit is ${limits.maxRoomClientIds}`
    : null
  return { problem, writers }
}

function readStructSections(
  decoder: decoding.Decoder,
  limits: Pick<UpdateCostLimits, 'maxUpdateStructs' | 'maxUpdateClientIds'>,
): UpdateScan {
  const writes = new Map<number, ClientWrite>()
  const scan: UpdateScan = { structs: 0, deleteRanges: 0, writes, passedLimit: null }
  const sections = decoding.readVarUint(decoder)
  for (let section = 0; section < sections; section++) {
    const count = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    const from = decoding.readVarUint(decoder)
    if (scan.structs + count > limits.maxUpdateStructs) {
      scan.passedLimit = `update holds more than ${limits.maxUpdateStructs} structs (the limit)`
      return scan
    }
    if (!writes.has(client) && writes.size >= limits.maxUpdateClientIds) {
      scan.passedLimit = `update writes under more than ${limits.maxUpdateClientIds} client ids (the limit)`
      return scan
    }
    let clock = from
    for (let i = 0; i < count; i++) {
      clock += skipStruct(decoder)
      if (clock > maxClock) throw new MalformedUpdateError('a struct clock is out of range')
    }
    scan.structs += count
    // A client listed twice: Yjs keeps the last section (`clientRefs.set`); count both ranges.
    const known = writes.get(client)
    writes.set(
      client,
      known
        ? { from: Math.min(known.from, from), to: Math.max(known.to, clock) }
        : { from, to: clock },
    )
  }
  return scan
}

/** Skips one struct and returns its length in clocks. */
function skipStruct(decoder: decoding.Decoder): number {
  const info = decoding.readUint8(decoder)
  const contentRef = info & 0b11111
  if (contentRef === 0 || contentRef === 10) return decoding.readVarUint(decoder) // GC, Skip
  const hasOrigin = (info & 0b10000000) !== 0
  const hasRightOrigin = (info & 0b01000000) !== 0
  if (hasOrigin) skipId(decoder)
  if (hasRightOrigin) skipId(decoder)
  if (!hasOrigin && !hasRightOrigin) {
    const isRootKey = decoding.readVarUint(decoder) === 1
    if (isRootKey) skipString(decoder)
    else skipId(decoder)
    if ((info & 0b00100000) !== 0) skipString(decoder) // parentSub
  }
  return skipContent(decoder, contentRef)
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
}

function skipString(decoder: decoding.Decoder): void {
  const length = decoding.readVarUint(decoder)
  skipBytes(decoder, length)
}

function skipBytes(decoder: decoding.Decoder, length: number): void {
  if (decoder.pos + length > decoder.arr.length) throw new MalformedUpdateError('cut short')
  decoder.pos += length
}

/** Skips an item's content (`contentRefs` of yjs/src/structs/Item.js); returns its length. */
function skipContent(decoder: decoding.Decoder, contentRef: number): number {
  switch (contentRef) {
    case 1: // ContentDeleted
      return decoding.readVarUint(decoder)
    case 2: {
      // ContentJSON
      const length = decoding.readVarUint(decoder)
      for (let i = 0; i < length; i++) skipString(decoder)
      return length
    }
    case 3: // ContentBinary
    case 5: // ContentEmbed
      skipString(decoder)
      return 1
    case 4: // ContentString: one clock per UTF-16 code unit
      return decoding.readVarString(decoder).length
    case 6: // ContentFormat
      skipString(decoder)
      skipString(decoder)
      return 1
    case 7: {
      // ContentType: YXmlElement (3) and YXmlHook (5) carry a name
      const typeRef = decoding.readVarUint(decoder)
      if (typeRef > 6) throw new MalformedUpdateError(`unknown type ${typeRef}`)
      if (typeRef === 3 || typeRef === 5) skipString(decoder)
      return 1
    }
    case 8: {
      // ContentAny
      const length = decoding.readVarUint(decoder)
      for (let i = 0; i < length; i++) skipAny(decoder)
      return length
    }
    case 9: // ContentDoc: guid and options
      skipString(decoder)
      skipAny(decoder)
      return 1
    default:
      throw new MalformedUpdateError(`unknown struct content type ${contentRef}`)
  }
}

/**
 * Skips one lib0 `any` value (`readAny` of lib0/decoding.js): type byte 127 undefined, 126 null,
 * 125 varInt, 124 float32, 123 float64, 122 bigint64, 121/120 booleans, 119 string, 118 object
 * (members: a key string, then a value), 117 array, 116 bytes. Open objects and arrays wait on a
 * stack with the number of values still to skip.
 */
function skipAny(decoder: decoding.Decoder): void {
  const levels: { remaining: number; isObject: boolean }[] = [{ remaining: 1, isObject: false }]
  while (levels.length > 0) {
    const level = levels[levels.length - 1] as { remaining: number; isObject: boolean }
    if (level.remaining === 0) {
      levels.pop()
      continue
    }
    level.remaining -= 1
    if (level.isObject) skipString(decoder) // the member's key
    const type = decoding.readUint8(decoder)
    switch (type) {
      case 127:
      case 126:
      case 121:
      case 120:
        break
      case 125:
        decoding.readVarInt(decoder)
        break
      case 124:
        skipBytes(decoder, 4)
        break
      case 123:
      case 122:
        skipBytes(decoder, 8)
        break
      case 119:
      case 116:
        skipString(decoder)
        break
      case 118:
        levels.push({ remaining: decoding.readVarUint(decoder), isObject: true })
        break
      case 117:
        levels.push({ remaining: decoding.readVarUint(decoder), isObject: false })
        break
      default:
        throw new MalformedUpdateError(`unknown value type ${type}`)
    }
  }
}

/** Skips the delete set, counting its ranges and client entries into `scan.deleteRanges`. */
function skipDeleteSet(decoder: decoding.Decoder, scan: UpdateScan, maxRanges: number): void {
  const clients = decoding.readVarUint(decoder)
  for (let i = 0; i < clients; i++) {
    decoding.readVarUint(decoder) // client
    const count = decoding.readVarUint(decoder)
    if (scan.deleteRanges + 1 + count > maxRanges) {
      scan.passedLimit = `update deletes more than ${maxRanges} ranges (the limit)`
      return
    }
    scan.deleteRanges += 1 + count
    for (let j = 0; j < count; j++) {
      decoding.readVarUint(decoder) // clock
      decoding.readVarUint(decoder) // len
    }
  }
}
