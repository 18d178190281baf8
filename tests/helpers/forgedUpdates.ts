/**
 * Yjs updates written by hand (v1 encoding), as an attacker writes them: no doc could produce
 * them. No vitest here: the benchmarks use them too.
 */
import * as encoding from 'lib0/encoding'

/**
 * A Yjs update (v1, written by hand) of one-clock GC structs for `count` made-up clients from
 * `firstClient` on: 7 bytes each, and every client id costs the server a struct list and a
 * state-vector entry to integrate (the audit's 300 MB from 2.8 MB).
 */
export function madeUpClientsUpdate(count: number, firstClient = 1_000_000): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, count)
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, 1) // structs of this client
    encoding.writeVarUint(encoder, firstClient + i)
    encoding.writeVarUint(encoder, 0) // first clock
    encoding.writeUint8(encoder, 0) // a GC struct...
    encoding.writeVarUint(encoder, 1) // ...one clock long
  }
  encoding.writeVarUint(encoder, 0) // no deletions
  return encoding.toUint8Array(encoder)
}

/** One GC struct of `client` covering `length` clocks from `clock` (a claim on those clocks). */
export function gcStructUpdate(client: number, clock: number, length = 1): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, clock)
  encoding.writeUint8(encoder, 0)
  encoding.writeVarUint(encoder, length)
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}

/** `count` one-clock GC structs of one client from clock 0 (2 bytes each). */
export function oneClientStructsUpdate(client: number, count: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, count)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0)
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(encoder, 0)
    encoding.writeVarUint(encoder, 1)
  }
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}

/** An update with no structs that deletes `count` one-clock ranges of `client` (every other clock). */
export function deleteRangesUpdate(client: number, count: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, count)
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, i * 2)
    encoding.writeVarUint(encoder, 1)
  }
  return encoding.toUint8Array(encoder)
}
