import { useEditor, useValue } from 'tldraw'
import { isHiddenByPrivateMode, readCreationMeta } from '../../shared/workshop/privateMode'
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
  const hiddenCount = useValue(
    'hidden by private mode',
    () => {
      const mode = workshop.$privateMode.get()
      if (!mode?.isOn) return 0
      return editor
        .getCurrentPageShapes()
        .filter((shape) => isHiddenByPrivateMode(readCreationMeta(shape.meta), mode, viewerId))
        .length
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
            <strong>Private brainstorm.</strong> New cards stay hidden from others until the
            facilitator reveals them.
            {hiddenCount > 0 &&
              ` ${hiddenCount} ${hiddenCount === 1 ? 'card' : 'cards'} from others hidden.`}
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
