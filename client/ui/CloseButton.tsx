import { CloseIcon } from './icons'

/** The × of a panel or dialog: an icon button named (and titled) by what it closes. */
export function CloseButton({
  label,
  className,
  onClick,
}: {
  label: string
  className?: string
  onClick: () => void
}) {
  return (
    <button
      type="button"
      className={`icon-button${className ? ` ${className}` : ''}`}
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <CloseIcon />
    </button>
  )
}
