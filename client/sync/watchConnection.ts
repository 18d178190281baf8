import * as encoding from 'lib0/encoding'
import type { WebsocketProvider } from 'y-websocket'
import { messageHeartbeat } from '../../shared/protocol'

/** After this much silence from the server (ms) the client sends a heartbeat. */
export const heartbeatIdleMs = 1500
/** A connection silent for this long (ms), heartbeat unanswered, is dead. */
export const heartbeatDeadMs = 4000
/** A connection attempt that has not opened after this long (ms) is abandoned and retried. */
export const connectTimeoutMs = 6000
const tickMs = 500

/**
 * Notices a dead connection within seconds. The stock provider only gives up after 30 s without
 * a message, and a dropped network closes nothing: the socket just goes silent. So when the server
 * has been quiet for `heartbeatIdleMs` a heartbeat is sent (shared/protocol.ts, step 4), which our
 * server answers; after `heartbeatDeadMs` of silence, or a connection attempt hanging for
 * `connectTimeoutMs`, the socket is dropped and a new one started. `onDead` says when that
 * happened. Returns a function that stops watching.
 */
export function watchConnection(
  provider: WebsocketProvider,
  { onDead, now = Date.now }: { onDead: () => void; now?: () => number },
): () => void {
  // Any message refreshes the provider's `wsLastMessageReceived`; the answer needs no handling.
  provider.messageHandlers[messageHeartbeat] = () => undefined
  const heartbeat = encoding.encode((encoder) => encoding.writeVarUint(encoder, messageHeartbeat))
  let lastHeartbeatAt = 0
  let connectingSince: number | null = null

  const restart = () => {
    provider.disconnect()
    provider.connect()
    connectingSince = now()
    onDead()
  }

  const timer = setInterval(() => {
    const time = now()
    if (!provider.shouldConnect) return // disconnected on purpose, or closed for good
    if (provider.wsconnected) {
      connectingSince = null
      const silentFor = time - provider.wsLastMessageReceived
      if (silentFor > heartbeatDeadMs) return restart()
      const ws = provider.ws
      if (silentFor > heartbeatIdleMs && time - lastHeartbeatAt > heartbeatIdleMs && ws) {
        lastHeartbeatAt = time
        if (ws.readyState === ws.OPEN) ws.send(heartbeat)
      }
    } else if (provider.wsconnecting) {
      connectingSince ??= time
      if (time - connectingSince > connectTimeoutMs) restart()
    } else {
      connectingSince = null
    }
  }, tickMs)
  return () => clearInterval(timer)
}
