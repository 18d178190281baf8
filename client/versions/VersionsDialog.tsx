import { useCallback, useEffect, useState } from 'react'
import {
  currentVersionId,
  type VersionDiffResponse,
  type VersionSummary,
} from '../../shared/workshop/workshopApi'
import { localToday } from '../lib/localToday'
import { useBoard } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { useBoardToken, useIsFacilitator } from '../facilitation/useFacilitation'
import { VersionDiffView } from './VersionDiffView'
import { createVersion, fetchVersionDiff, listVersions, restoreVersion } from './versionsApi'
import { errorText } from '../lib/errorText'
import './versions.css'

/** "12 Jan 2027, 14:05" in the viewer's locale. */
export function formatVersionDate(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString([], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A suggested version name: "ICP review · Jan 2027". */
export function suggestVersionName(now = new Date()): string {
  return `ICP review · ${now.toLocaleDateString('en', { month: 'short', year: 'numeric' })}`
}

type Load<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; error: string }

/**
 * The board's version history: saved versions (name, date, author), what changed between two
 * versions or a version and the live board, and (facilitator) save and restore. Saving sets the
 * review date of the statement cards to today; restoring writes the version over the board as
 * one new change, after a confirmation.
 */
export function VersionsDialog() {
  const isOpen = useUiStore((state) => state.isVersionsDialogOpen)
  if (!isOpen) return null
  return <VersionsDialogContent />
}

function VersionsDialogContent() {
  const { roomId } = useBoard()
  const token = useBoardToken()
  const isFacilitator = useIsFacilitator()
  const identityName = useUiStore((state) => state.identity.name)
  const setOpen = useUiStore((state) => state.setVersionsDialogOpen)
  const [versions, setVersions] = useState<Load<VersionSummary[]>>({ kind: 'loading' })
  const [fromId, setFromId] = useState<string | null>(null)
  const [toId, setToId] = useState<string>(currentVersionId)
  const [diff, setDiff] = useState<Load<VersionDiffResponse> | null>(null)
  const [name, setName] = useState(() => suggestVersionName())
  const [isSaving, setIsSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [confirmRestore, setConfirmRestore] = useState<VersionSummary | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      const list = await listVersions(roomId, token)
      setVersions({ kind: 'ready', value: list })
      setFromId((current) =>
        current && list.some((version) => version.id === current) ? current : (list[0]?.id ?? null),
      )
    } catch (error) {
      setVersions({ kind: 'failed', error: errorText(error) })
    }
  }, [roomId, token])

  useEffect(() => {
    void reload()
  }, [reload])

  useEffect(() => {
    if (!fromId) return setDiff(null)
    let isCurrent = true
    setDiff({ kind: 'loading' })
    fetchVersionDiff(roomId, token, fromId, toId)
      .then((value) => isCurrent && setDiff({ kind: 'ready', value }))
      .catch((error: unknown) => isCurrent && setDiff({ kind: 'failed', error: errorText(error) }))
    return () => {
      isCurrent = false
    }
  }, [roomId, token, fromId, toId, notice])

  const save = async () => {
    const trimmed = name.trim()
    if (!trimmed) return
    setIsSaving(true)
    setSaveError(null)
    try {
      // The server stamps the statement cards' review date with the facilitator's day.
      const version = await createVersion(
        roomId,
        token,
        trimmed,
        identityName || null,
        localToday(),
      )
      setNotice(`Saved “${version.name}”. The review date on the board is now today.`)
      setName(suggestVersionName())
      await reload()
      setFromId(version.id)
      setToId(currentVersionId)
    } catch (error) {
      setSaveError(errorText(error))
    } finally {
      setIsSaving(false)
    }
  }

  const restore = async (version: VersionSummary) => {
    setConfirmRestore(null)
    try {
      const result = await restoreVersion(roomId, token, version.id)
      const { written, removed } = result.restored
      const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
      setNotice(
        `Restored “${result.version.name}” as a new change (${count(written, 'record')} written, ${removed} removed).`,
      )
    } catch (error) {
      setNotice(`Could not restore: ${errorText(error)}`)
    }
  }

  const list = versions.kind === 'ready' ? versions.value : []
  const from = list.find((version) => version.id === fromId) ?? null

  return (
    <div
      className="dialog-backdrop vx-backdrop"
      onPointerDown={(event) => {
        if (event.target === event.currentTarget) setOpen(false)
      }}
      onKeyDown={(event) => {
        event.stopPropagation()
        if (event.key === 'Escape') setOpen(false)
      }}
    >
      <div className="dialog vx-dialog" role="dialog" aria-modal="true" aria-labelledby="vx-title">
        <header className="vx-dialog__header">
          <div>
            <h2 id="vx-title">Versions</h2>
            <p className="muted">
              Saved snapshots of the ICP. Compare them with each other or with the board now.
            </p>
          </div>
          <button
            type="button"
            className="button button--quiet"
            aria-label="Close versions"
            onClick={() => setOpen(false)}
          >
            ×
          </button>
        </header>

        {isFacilitator && (
          <form
            className="vx-save"
            onSubmit={(event) => {
              event.preventDefault()
              void save()
            }}
          >
            <label className="field vx-save__name">
              <span>Save the board as a version</span>
              <input
                value={name}
                maxLength={120}
                onChange={(event) => setName(event.target.value)}
                aria-label="Version name"
              />
            </label>
            <button
              type="submit"
              className="button button--primary"
              disabled={isSaving || !name.trim()}
            >
              {isSaving ? 'Saving…' : 'Save version'}
            </button>
            <p className="vx-save__hint">
              Saving counts as the ICP’s review: the statement cards’ review date becomes today.
            </p>
            {saveError && <p className="form-error">{saveError}</p>}
          </form>
        )}
        {notice && (
          <p className="vx-notice" role="status">
            {notice}
          </p>
        )}

        <div className="vx-body">
          <nav className="vx-list" aria-label="Saved versions">
            {versions.kind === 'loading' && <p className="muted">Loading versions…</p>}
            {versions.kind === 'failed' && <p className="form-error">{versions.error}</p>}
            {versions.kind === 'ready' && list.length === 0 && (
              <p className="vx-empty">
                No versions yet.
                {isFacilitator
                  ? ' Save one at the end of each review.'
                  : ' The facilitator saves one at the end of each review.'}
              </p>
            )}
            <ul>
              {list.map((version) => (
                <li key={version.id}>
                  <button
                    type="button"
                    className="vx-list__item"
                    aria-current={version.id === fromId ? 'true' : undefined}
                    onClick={() => setFromId(version.id)}
                  >
                    <span className="vx-list__name">{version.name}</span>
                    <span className="vx-list__meta">
                      {formatVersionDate(version.createdAt)}
                      {version.createdBy ? ` · ${version.createdBy}` : ''}
                    </span>
                    <span className="vx-list__meta">
                      {version.icpCount === 1 ? '1 profile' : `${version.icpCount} profiles`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>

          <section className="vx-detail" aria-label="Changes">
            {from ? (
              <>
                <div className="vx-compare">
                  <span>
                    Changes from <strong>{from.name}</strong> to
                  </span>
                  <select
                    aria-label="Compare with"
                    value={toId}
                    onChange={(event) => setToId(event.target.value)}
                  >
                    <option value={currentVersionId}>the board now</option>
                    {list
                      .filter((version) => version.id !== from.id)
                      .map((version) => (
                        <option key={version.id} value={version.id}>
                          {version.name} ({formatVersionDate(version.createdAt)})
                        </option>
                      ))}
                  </select>
                  {isFacilitator && (
                    <button
                      type="button"
                      className="button button--small vx-restore"
                      onClick={() => setConfirmRestore(from)}
                    >
                      Restore this version…
                    </button>
                  )}
                </div>
                {confirmRestore && (
                  <div className="vx-confirm" role="alertdialog" aria-labelledby="vx-confirm-title">
                    <p id="vx-confirm-title">
                      <strong>Restore “{confirmRestore.name}”?</strong> The board’s cards go back to
                      how they were on {formatVersionDate(confirmRestore.createdAt)}, for everyone.
                      It is saved as a new change: comments, votes and other versions stay, and you
                      can restore a later version again.
                    </p>
                    <div className="fx-row">
                      <button
                        type="button"
                        className="button button--primary"
                        onClick={() => void restore(confirmRestore)}
                      >
                        Restore
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => setConfirmRestore(null)}
                      >
                        Cancel
                      </button>
                    </div>
                  </div>
                )}
                {diff?.kind === 'loading' && <p className="muted">Comparing…</p>}
                {diff?.kind === 'failed' && <p className="form-error">{diff.error}</p>}
                {diff?.kind === 'ready' && <VersionDiffView diff={diff.value.diff} />}
              </>
            ) : (
              versions.kind === 'ready' && (
                <p className="muted">Pick a version to see what changed.</p>
              )
            )}
          </section>
        </div>
      </div>
    </div>
  )
}
