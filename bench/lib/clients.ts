import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { BoardRecords } from '../../shared/BoardRecords'
import type { StoredRecord } from '../../shared/docLayout'
import { syncFormatParam } from '../../shared/protocol'
import { boardFormatGeneration } from '../../shared/schema/boardFormat'
import { roomTokens } from './servers'

/** A stock y-websocket client in Node, as a browser tab would use it. */
export interface BenchClient {
  doc: Y.Doc
  provider: WebsocketProvider
  records: BoardRecords
  destroy(): void
}

export function connectBenchClient(syncUrl: string, roomId: string): BenchClient {
  const doc = new Y.Doc()
  const records = new BoardRecords(doc, { canWrite: () => true })
  const token = roomTokens.get(roomId)
  const format = { [syncFormatParam]: String(boardFormatGeneration) }
  const provider = new WebsocketProvider(syncUrl, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token === undefined ? format : { ...format, token },
  })
  return {
    doc,
    provider,
    records,
    destroy() {
      provider.destroy()
      records.destroy()
      doc.destroy()
    },
  }
}

/** Resolves when every client has synced once (or rejects after `timeoutMs`). */
export async function allSynced(clients: BenchClient[], timeoutMs = 60_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  // The timer is cleared once synced: a pending one would keep the bench process alive for a minute.
  try {
    await Promise.race([
      Promise.all(
        clients.map(
          (client) =>
            new Promise<void>((resolve) => {
              if (client.provider.synced) return resolve()
              const onSync = (isSynced: boolean) => {
                if (!isSynced) return
                client.provider.off('sync', onSync)
                resolve()
              }
              client.provider.on('sync', onSync)
            }),
        ),
      ).then(() => undefined),
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error('clients did not sync in time')), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Writes a record (its changed fields) through a client's records, as the tldraw bridge does. */
export function putRecord(client: BenchClient, record: { id: string }): void {
  client.records.write({ put: [record as unknown as StoredRecord] })
}
