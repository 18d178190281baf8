/**
 * Turns what happens on boards into webhook messages, without being part of the rooms: it
 * observes the `comments` root of each loaded room's doc (attached when the room loads, detached
 * when it unloads) and is told when a version is saved. Messages go to the WebhookDispatcher,
 * which does nothing for a board without a webhook. With several nodes only the node that
 * accepted a change notifies: changes another node committed (`remoteOrigin`) are only taken in.
 */
import type { TLSchema } from '@tldraw/tlschema'
import type * as Y from 'yjs'
import { readEntries } from '../../shared/keyValueEntries'
import type { NotificationPayload } from '../../shared/workshop/notificationApi'
import {
  commentsArrayName,
  peopleArrayName,
  personSchema,
  privateModeSchema,
  workshopArrayName,
} from '../../shared/workshop/workshopLayout'
import { boardNameOf } from '../export/exportBoard'
import type { Logger } from '../log'
import { readBoard } from '../roomBoard'
import { remoteOrigin } from '../rooms'
import {
  boardUrl,
  commentNotifications,
  escapeMrkdwn,
  type BoardContext,
} from './commentNotifications'
import type { WebhookDispatcher } from './WebhookDispatcher'

/** Options of a BoardNotifier. */
export interface BoardNotifierOptions {
  dispatcher: WebhookDispatcher
  /** The app's public address, e.g. `https://icp.example.com` (links in messages). */
  publicUrl: string
  now: () => number
  log: Logger
  /** True when the room has a webhook (nothing is read for boards without one). */
  hasWebhook: (roomId: string) => Promise<boolean>
  /** The board schema records are read at. */
  schema: TLSchema
}

/** See the module comment. */
export class BoardNotifier {
  constructor(private readonly options: BoardNotifierOptions) {}

  /** Starts observing a loaded room's comments; returns the function that stops it. */
  watch(roomId: string, doc: Y.Doc): () => void {
    const comments = doc.getArray(commentsArrayName)
    let known = readEntries(comments)
    const onChange = (event: Y.YArrayEvent<unknown>) => {
      const current = readEntries(comments)
      const before = known
      known = current
      if (event.transaction.origin === remoteOrigin) return
      // A notification must never break the room's update handling.
      const logFailure = (error: unknown) =>
        this.options.log('notify.failed', { room: roomId, error: String(error) })
      this.options.hasWebhook(roomId).then((hasWebhook) => {
        if (!hasWebhook) return
        try {
          for (const message of commentNotifications(before, current, this.context(roomId, doc))) {
            this.options.dispatcher.send(roomId, message, summaryOf(message)).catch(logFailure)
          }
        } catch (error) {
          logFailure(error)
        }
      }, logFailure)
    }
    comments.observe(onChange)
    return () => comments.unobserve(onChange)
  }

  /** A version was saved on `roomId` (whose doc is `doc`). */
  async versionSaved(
    roomId: string,
    doc: Y.Doc,
    version: { id: string; name: string; createdBy: string | null },
  ): Promise<void> {
    // The context is read before waiting: the doc may be unloaded meanwhile.
    const context = this.context(roomId, doc)
    if (!(await this.options.hasWebhook(roomId))) return
    const board = context.boardName || 'Untitled board'
    const by = version.createdBy ? `${version.createdBy} saved` : 'Saved'
    const url = boardUrl(context)
    const message: NotificationPayload = {
      text: `${escapeMrkdwn(`${by} version “${version.name}” of “${board}”`)}\n<${url}|Open the board>`,
      event: 'version.saved',
      board: { id: roomId, name: context.boardName, url },
      card: null,
      thread: null,
      comment: null,
      version: { id: version.id, name: version.name },
      by: version.createdBy,
      occurredAt: new Date(context.now).toISOString(),
    }
    await this.options.dispatcher.send(roomId, message, summaryOf(message))
  }

  /** A test message for the room's webhook; resolves with its delivery id, null without one. */
  test(roomId: string, boardName: string): Promise<number | null> {
    const url = boardUrl({ publicUrl: this.options.publicUrl, roomId })
    const board = boardName || 'Untitled board'
    const message: NotificationPayload = {
      text: `${escapeMrkdwn(`Test message: notifications from “${board}” will arrive here.`)}\n<${url}|Open the board>`,
      event: 'webhook.test',
      board: { id: roomId, name: boardName, url },
      card: null,
      thread: null,
      comment: null,
      version: null,
      by: null,
      occurredAt: new Date(this.options.now()).toISOString(),
    }
    return this.options.dispatcher.send(roomId, message, summaryOf(message))
  }

  private context(roomId: string, doc: Y.Doc): BoardContext {
    const { records } = readBoard(doc, this.options.schema)
    const shapes = new Map(
      records.flatMap((record) => (record.typeName === 'shape' ? [[record.id, record]] : [])),
    )
    const people = new Map<string, string>()
    for (const value of readEntries(doc.getArray(peopleArrayName)).values()) {
      const person = personSchema.safeParse(value)
      if (person.success) people.set(person.data.id, person.data.name)
    }
    const privateMode = privateModeSchema.safeParse(
      readEntries(doc.getArray(workshopArrayName)).get('privateMode'),
    )
    return {
      roomId,
      boardName: boardNameOf(records),
      publicUrl: this.options.publicUrl,
      shape: (shapeId) => shapes.get(shapeId as never),
      personName: (id) => people.get(id),
      privateMode: privateMode.success ? privateMode.data : null,
      now: this.options.now(),
    }
  }
}

/** The delivery log's one-line summary: the message's first line without link markup. */
function summaryOf(message: NotificationPayload): string {
  const firstLine = message.text.split('\n')[0] ?? ''
  return firstLine.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').slice(0, 200)
}
