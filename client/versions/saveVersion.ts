import type { Editor, TLShapePartial } from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import { statementCardType, type StatementCardShape } from '../../shared/schema/statementCard'
import type { VersionSummary } from '../../shared/workshop/workshopApi'
import { createVersion } from './versionsApi'

/**
 * Sets the review date of every ICP statement card to `date` (`YYYY-MM-DD`): saving a version is
 * the ICP's review, so the date and the next review (date + the card's cadence) shown on the board
 * come from the last version. One undoable change; returns how many cards changed.
 */
export function stampReviewDate(editor: Editor, date: string): number {
  const changes: TLShapePartial<StatementCardShape>[] = []
  for (const id of editor.getPages().flatMap((page) => [...editor.getPageShapeIds(page.id)])) {
    const shape = editor.getShape(id)
    if (shape?.type !== statementCardType) continue
    const card = shape as StatementCardShape
    if (card.props.reviewDate === date) continue
    changes.push({ id: card.id, type: statementCardType, props: { reviewDate: date } })
  }
  if (changes.length > 0) editor.run(() => editor.updateShapes(changes), { ignoreShapeLock: true })
  return changes.length
}

/** Resolves after the next animation frame (or 100 ms when frames are not running). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timeout = window.setTimeout(resolve, 100)
    requestAnimationFrame(() => {
      window.clearTimeout(timeout)
      resolve()
    })
  })
}

/**
 * Resolves once an editor change has reached the network: tldraw hands changes to the doc bridge
 * on the next frame, then the provider sends them at once; waits until its socket's buffer is
 * empty (at most `ms`).
 */
export async function whenSent(provider: WebsocketProvider, ms = 2000): Promise<void> {
  await nextFrame()
  await nextFrame()
  const started = Date.now()
  return new Promise((resolve) => {
    const check = () => {
      const socket = provider.ws
      if (!socket || socket.bufferedAmount === 0 || Date.now() - started > ms) resolve()
      else window.setTimeout(check, 20)
    }
    check()
  })
}

/** What saving a version needs. */
export interface SaveVersionOptions {
  editor: Editor
  provider: WebsocketProvider
  roomId: string
  token: string | null
  name: string
  createdBy: string | null
  /** Today in the facilitator's time zone (`YYYY-MM-DD`). */
  today: string
}

/**
 * Saves a named version (facilitator only): first stamps the statement cards' review date with
 * today, and sends that change, so the saved version carries its own review date; then asks the
 * server to freeze the board.
 */
export async function saveVersion(options: SaveVersionOptions): Promise<VersionSummary> {
  const { editor, provider, roomId, token, name, createdBy, today } = options
  if (stampReviewDate(editor, today) > 0) await whenSent(provider)
  return createVersion(roomId, token, name, createdBy)
}
