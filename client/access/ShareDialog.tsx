import { useEffect, useId, useRef, useState } from 'react'
import {
  roleAbilities,
  roleLabels,
  shareableRoles,
  type Role,
  type ShareableRole,
} from '../../shared/workshop/roles'
import type { ShareLinks } from '../../shared/workshop/workshopApi'
import { fetchShareLinks, rotateShareLink } from './accessApi'
import { boardLink } from './shareLinks'
import { errorText } from '../lib/errorText'
import { WebhookSettings } from '../notifications/WebhookSettings'
import './access.css'

export interface ShareDialogProps {
  roomId: string
  role: Role
  /** This person's own token (null on a server without share links). */
  token: string | null
  onClose: () => void
}

const expiryFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long' })

/** Copies `text`; falls back to selecting the field when the clipboard is not available. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    field?.select()
    return false
  }
}

function LinkField({ label, url, testId }: { label: string; url: string; testId: string }) {
  const field = useRef<HTMLInputElement>(null)
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = window.setTimeout(() => setState('idle'), 2000)
    return () => window.clearTimeout(timer)
  }, [state])
  return (
    <div className="share-link">
      <input
        ref={field}
        className="share-link__url"
        readOnly
        value={url}
        aria-label={label}
        data-testid={testId}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button
        type="button"
        className="button button--small"
        onClick={async () => setState((await copyText(url, field.current)) ? 'copied' : 'select')}
      >
        {state === 'copied' ? 'Copied' : state === 'select' ? 'Press Ctrl+C' : 'Copy link'}
      </button>
    </div>
  )
}

function RoleLink({
  roomId,
  role,
  token,
  facilitatorToken,
  onRotated,
}: {
  roomId: string
  role: ShareableRole
  token: string
  facilitatorToken: string
  onRotated: (token: string) => void
}) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'rotating'>('idle')
  const [error, setError] = useState<string | null>(null)
  const titleId = useId()
  const rotate = async () => {
    setStep('rotating')
    setError(null)
    try {
      onRotated(await rotateShareLink(roomId, role, facilitatorToken))
      setStep('idle')
    } catch (caught) {
      setError(errorText(caught))
      setStep('confirm')
    }
  }
  return (
    <li className="share-role" aria-labelledby={titleId}>
      <div className="share-role__head">
        <span className={`role-dot role-dot--${role}`} aria-hidden="true" />
        <strong id={titleId}>{roleLabels[role]}</strong>
        <span className="share-role__abilities">{roleAbilities[role]}</span>
      </div>
      <LinkField
        label={`${roleLabels[role]} link`}
        url={boardLink(roomId, token)}
        testId={`share-link-${role}`}
      />
      {step === 'idle' ? (
        <button type="button" className="link share-role__reset" onClick={() => setStep('confirm')}>
          Reset link
        </button>
      ) : (
        <div
          className="share-role__confirm"
          role="alertdialog"
          aria-label={`Reset the ${roleLabels[role].toLowerCase()} link`}
        >
          <p>
            Everyone using the current {roleLabels[role].toLowerCase()} link loses access until you
            send them the new one.
          </p>
          {error && <p className="form-error">{error}</p>}
          <div className="share-role__actions">
            <button type="button" className="button button--small" onClick={() => setStep('idle')}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={step === 'rotating'}
              onClick={rotate}
            >
              {step === 'rotating' ? 'Resetting…' : 'Reset link'}
            </button>
          </div>
        </div>
      )}
    </li>
  )
}

function FacilitatorLinks({ roomId, token }: { roomId: string; token: string }) {
  const [links, setLinks] = useState<ShareLinks | null>(null)
  const [expiresAt, setExpiresAt] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let isCurrent = true
    fetchShareLinks(roomId, token)
      .then((loaded) => {
        if (!isCurrent) return
        setLinks(loaded.links)
        setExpiresAt(loaded.linksExpireAt)
      })
      .catch((caught: unknown) => {
        if (isCurrent) setError(errorText(caught))
      })
    return () => {
      isCurrent = false
    }
  }, [roomId, token, attempt])

  if (error) {
    return (
      <div className="share-dialog__status" role="alert">
        <p>The links could not be loaded: {error}</p>
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setError(null)
            setAttempt((n) => n + 1)
          }}
        >
          Try again
        </button>
      </div>
    )
  }
  if (!links) return <p className="share-dialog__status muted">Loading links…</p>
  return (
    <>
      <ul className="share-roles">
        {shareableRoles.map((role) => (
          <RoleLink
            key={role}
            roomId={roomId}
            role={role}
            token={links[role]}
            facilitatorToken={token}
            onRotated={(rotated) =>
              setLinks((current) => current && { ...current, [role]: rotated })
            }
          />
        ))}
      </ul>
      {expiresAt && (
        <p className="share-dialog__note muted">
          Links expire on {expiryFormat.format(new Date(expiresAt))}.
        </p>
      )}
      <details className="share-dialog__own">
        <summary>Your facilitator link</summary>
        <p className="muted">
          Keep it to yourself: it opens this board with full control, for example on another device.
        </p>
        <LinkField
          label="Facilitator link"
          url={boardLink(roomId, token)}
          testId="share-link-facilitator"
        />
      </details>
      <WebhookSettings roomId={roomId} token={token} />
    </>
  )
}

/**
 * The share dialog. The facilitator gets the editor, commenter and viewer links with what each
 * allows, a copy button and "Reset link" (revokes the old link); everyone else gets their own
 * link, since only the facilitator may hand out other roles.
 */
export function ShareDialog({ roomId, role, token, onClose }: ShareDialogProps) {
  const dialog = useRef<HTMLDivElement>(null)
  const titleId = useId()
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null
      if (target && dialog.current?.contains(target)) return
      if (target instanceof Element && target.closest('[data-share-toggle]')) return
      onClose()
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    return () => document.removeEventListener('pointerdown', onPointerDown, true)
  }, [onClose])

  const isFacilitator = role === 'facilitator' && token !== null
  return (
    <div
      ref={dialog}
      className="share-dialog"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        event.stopPropagation()
        if (event.key === 'Escape') onClose()
      }}
    >
      <header className="share-dialog__header">
        <h2 id={titleId}>Share this board</h2>
        <button type="button" className="button button--quiet" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {isFacilitator ? (
        <>
          <p className="share-dialog__intro muted">
            Each link opens the board with one role. No account needed.
          </p>
          <FacilitatorLinks roomId={roomId} token={token} />
        </>
      ) : (
        <>
          <p className="share-dialog__intro">
            Anyone with your link can open this board as{' '}
            <strong>{roleLabels[role].toLowerCase()}</strong>: {roleAbilities[role]}.
          </p>
          <LinkField
            label="Board link"
            url={token ? boardLink(roomId, token) : window.location.href}
            testId={`share-link-${role}`}
          />
          <p className="muted share-dialog__note">
            Only the facilitator can hand out links with other roles.
          </p>
        </>
      )}
    </div>
  )
}
