import { useEffect, useId, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { VersionSummary } from '../../shared/workshop/workshopApi'
import { errorText } from '../lib/errorText'
import { useUiStore } from '../state/uiStore'
import { listVersions } from '../versions/versionsApi'

/** A saved version of a board this browser holds a token of. */
export interface ReviewSource {
  roomId: string
  versionId: string
  token: string
}

const savedFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })

/**
 * Where an ICP review starts: one of the boards this browser has opened (and so holds a link
 * token of) and one of its saved versions, newest first.
 */
export function ReviewSourcePicker({
  onChange,
}: {
  onChange: (source: ReviewSource | null) => void
}) {
  const recentBoards = useUiStore(useShallow((state) => state.recentBoards))
  const roomAccess = useUiStore((state) => state.roomAccess)
  const boards = useMemo(
    () =>
      recentBoards.flatMap((board) => {
        const token = roomAccess[board.roomId]?.token
        return token ? [{ ...board, token }] : []
      }),
    [recentBoards, roomAccess],
  )
  const [roomId, setRoomId] = useState(boards[0]?.roomId ?? '')
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [versionId, setVersionId] = useState('')
  const [error, setError] = useState<string | null>(null)
  const boardFieldId = useId()
  const versionFieldId = useId()
  const token = boards.find((board) => board.roomId === roomId)?.token ?? null

  useEffect(() => {
    if (!roomId || !token) return
    let isCurrent = true
    setVersions(null)
    setError(null)
    listVersions(roomId, token)
      .then((loaded) => {
        if (!isCurrent) return
        setVersions(loaded)
        setVersionId(loaded[0]?.id ?? '')
      })
      .catch((caught: unknown) => {
        if (isCurrent) setError(errorText(caught))
      })
    return () => {
      isCurrent = false
    }
  }, [roomId, token])

  useEffect(() => {
    onChange(roomId && token && versionId ? { roomId, versionId, token } : null)
  }, [onChange, roomId, token, versionId])

  if (boards.length === 0) {
    return (
      <p className="muted">
        A review starts from a saved version of a board you have opened. Open that board with its
        link first; it then appears here.
      </p>
    )
  }
  return (
    <div className="review-source">
      <label htmlFor={boardFieldId}>Board to review</label>
      <select id={boardFieldId} value={roomId} onChange={(event) => setRoomId(event.target.value)}>
        {boards.map((board) => (
          <option key={board.roomId} value={board.roomId}>
            {board.title}
          </option>
        ))}
      </select>
      <label htmlFor={versionFieldId}>Saved version</label>
      {error ? (
        <p className="form-error" role="alert">
          The versions could not be loaded: {error}
        </p>
      ) : versions === null ? (
        <p className="muted">Loading versions…</p>
      ) : versions.length === 0 ? (
        <p className="muted">
          This board has no saved version yet: save one under Facilitate → Versions.
        </p>
      ) : (
        <select
          id={versionFieldId}
          value={versionId}
          onChange={(event) => setVersionId(event.target.value)}
        >
          {versions.map((version) => (
            <option key={version.id} value={version.id}>
              {version.name} · {savedFormat.format(new Date(version.createdAt))}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}
