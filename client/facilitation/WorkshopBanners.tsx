import { useEditor, useValue } from 'tldraw'
import { readCreationMeta } from '../../shared/workshop/privateMode'
import { useUiStore } from '../state/uiStore'
import { EyeOffIcon, LockIcon } from '../ui/icons'
import { useIsFacilitator, useWorkshop } from './useFacilitation'

/**
 * What everyone must know about the board right now, under the top bar: it is locked (only the
 * facilitator edits), or a private brainstorm is running (new cards stay hidden until revealed).
 */
export function WorkshopBanners() {
  const editor = useEditor()
  const workshop = useWorkshop()
  const isFacilitator = useIsFacilitator()
  const viewerId = useUiStore((state) => state.identity.id)
  const isLocked = useValue(workshop.$isBoardLocked)
  const privateMode = useValue(workshop.$privateMode)
  // Others' private cards never reach this browser: only one's own can be counted.
  const myPrivateCount = useValue(
    'my private cards',
    () => {
      const mode = workshop.$privateMode.get()
      if (!mode?.isOn) return 0
      return editor.getCurrentPageShapes().filter((shape) => {
        const meta = readCreationMeta(shape.meta)
        return meta.createdBy === viewerId && meta.privateRound === mode.startedAt
      }).length
    },
    [editor, workshop, viewerId],
  )

  return (
    <>
      {isLocked && (
        <div className="fx-banner fx-banner--lock" role="status">
          <LockIcon />
          {isFacilitator ? (
            <>
              <span>
                <strong>Board locked.</strong> Only you can edit; everyone can still vote.
              </span>
              <button
                type="button"
                className="button button--small"
                onClick={() => workshop.setBoardLocked(false)}
              >
                Unlock
              </button>
            </>
          ) : (
            <span>
              <strong>Board locked by the facilitator.</strong> You can look around and vote.
            </span>
          )}
        </div>
      )}
      {privateMode?.isOn && (
        <div className="fx-banner fx-banner--private" role="status">
          <EyeOffIcon />
          <span>
            <strong>Private brainstorm.</strong> New cards stay with their author, unseen by anyone
            else, until the facilitator reveals them.
            {myPrivateCount > 0 &&
              ` You have ${myPrivateCount} private ${myPrivateCount === 1 ? 'card' : 'cards'}.`}
          </span>
          {isFacilitator && (
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => workshop.setPrivateMode(false)}
            >
              Reveal all
            </button>
          )}
        </div>
      )}
    </>
  )
}
