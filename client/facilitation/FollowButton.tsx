import { useEditor, useValue } from 'tldraw'
import { CloseIcon, FollowIcon } from '../ui/icons'
import { useIsFacilitator } from './useFacilitation'
import { useFacilitatorPresence } from './useFacilitatorPresence'

/**
 * "Follow facilitator" for participants while a facilitator is on the board: their view then
 * tracks the facilitator's (tldraw's follow, which stops when they pan or zoom themselves).
 */
export function FollowButton() {
  const editor = useEditor()
  const isFacilitator = useIsFacilitator()
  const facilitator = useFacilitatorPresence()
  const followingId = useValue('following user', () => editor.getInstanceState().followingUserId, [
    editor,
  ])
  if (isFacilitator || !facilitator) return null
  const isFollowing = followingId === facilitator.userId

  if (isFollowing) {
    return (
      <button
        type="button"
        className="fx-chip fx-chip--action fx-follow is-following"
        style={{ borderColor: facilitator.color }}
        onClick={() => editor.stopFollowingUser()}
        aria-label={`Stop following ${facilitator.name}`}
      >
        <span className="fx-follow__avatar" style={{ background: facilitator.color }} />
        Following {facilitator.name}
        <CloseIcon size={12} />
      </button>
    )
  }
  return (
    <button
      type="button"
      className="fx-chip fx-chip--action fx-follow"
      onClick={() => editor.startFollowingUser(facilitator.userId)}
      title={`Your view follows ${facilitator.name}’s until you move it yourself`}
    >
      <FollowIcon />
      Follow facilitator
    </button>
  )
}
