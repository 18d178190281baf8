/**
 * Frames a new WebSocket sends while the server still checks its token and loads its room (both
 * asynchronous): the socket is paused, and whatever `ws` had already read is kept, so the client's
 * first messages (its sync step 1 and step 2, its awareness) are handled once the room is ready,
 * in order, instead of being lost. Bounded: a socket that sends more than `maxBytes` meanwhile is
 * closed.
 */
import type WebSocket from 'ws'
import { closeCodes } from '../shared/protocol'

/** One frame as `ws` delivered it. */
export interface EarlyFrame {
  data: WebSocket.RawData
  isBinary: boolean
}

/** A paused socket's held frames. */
export interface HeldFrames {
  /** True once the socket closed while held. */
  readonly isClosed: boolean
  /** Stops holding: returns the frames in order and resumes the socket (call after attaching). */
  release(): EarlyFrame[]
}

/** Pauses `socket` and keeps what it still delivers until `release`. */
export function holdFrames(socket: WebSocket, maxBytes: number): HeldFrames {
  const frames: EarlyFrame[] = []
  let bytes = 0
  let isClosed = false
  const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
    bytes += byteLength(data)
    if (bytes > maxBytes) {
      socket.close(closeCodes.rateLimited, 'too much data before the room was ready')
      return
    }
    frames.push({ data, isBinary })
  }
  const onClose = () => {
    isClosed = true
  }
  socket.on('message', onMessage)
  socket.on('close', onClose)
  socket.pause()
  return {
    get isClosed() {
      return isClosed
    },
    release() {
      socket.off('message', onMessage)
      socket.off('close', onClose)
      // After the caller's own listeners are attached: nothing is emitted in between.
      queueMicrotask(() => socket.resume())
      return frames.splice(0)
    },
  }
}

function byteLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.byteLength, 0)
  return data.byteLength
}
