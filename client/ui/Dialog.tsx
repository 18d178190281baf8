import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { CloseButton } from './CloseButton'
import { useKeepKeysFromCanvas } from './useKeepKeysFromCanvas'
import './ui.css'

export interface DialogProps {
  /** The heading; also the dialog's accessible name. */
  title: ReactNode
  /** A line under the title; also the dialog's accessible description. */
  description?: ReactNode
  /**
   * Escape, a click on the backdrop and the close button call it; omit it for a dialog that must
   * be answered (no close button, Escape does nothing).
   */
  onClose?: () => void
  /** The close button's label (default "Close"). */
  closeLabel?: string
  size?: 'small' | 'medium' | 'large'
  className?: string
  children: ReactNode
}

/**
 * The one modal dialog, on the browser's `<dialog>`: it sits above everything (the top layer),
 * keeps focus inside and the rest of the page inert, starts on its first `autoFocus` field or
 * control, and gives focus back to where it was when it closes. Keystrokes stay inside. Render
 * it while it is open; unmounting closes it.
 */
export function Dialog({
  title,
  description,
  onClose,
  closeLabel = 'Close',
  size = 'medium',
  className,
  children,
}: DialogProps) {
  const titleId = useId()
  const descriptionId = useId()
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })
  // Read while rendering, before a field inside takes the focus with `autoFocus`.
  const [previousFocus] = useState(() => document.activeElement)
  const keys = useKeepKeysFromCanvas<HTMLDialogElement>()
  const keysRef = keys.ref
  const ref = useCallback(
    (dialog: HTMLDialogElement | null) => {
      if (!dialog) return undefined
      const stopKeys = keysRef(dialog)
      if (!dialog.open) dialog.showModal()
      return () => {
        stopKeys?.()
        dialog.close()
        if (previousFocus instanceof HTMLElement && previousFocus.isConnected) {
          previousFocus.focus()
        }
      }
    },
    [keysRef, previousFocus],
  )
  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onKeyDown={keys.onKeyDown}
      onKeyUp={keys.onKeyUp}
      // Escape asks to close: the parent decides (it unmounts us, or keeps us while busy).
      onCancel={(event) => {
        event.preventDefault()
        onCloseRef.current?.()
      }}
      // The backdrop belongs to the dialog element itself; its content fills the box.
      onPointerDown={(event) => {
        if (event.target === event.currentTarget) onCloseRef.current?.()
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <div className="dialog__heading">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="dialog__description">
                {description}
              </p>
            )}
          </div>
          {onClose && (
            <CloseButton label={closeLabel} className="dialog__close" onClick={onClose} />
          )}
        </header>
        {children}
      </div>
    </dialog>
  )
}
