import type { ReactNode } from 'react'

/** Line icons of our UI (drawn, not emoji: emoji fonts are missing on Linux). */

interface IconProps {
  size?: number
}

function Icon({ size = 16, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      className="fx-icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  )
}

export const TimerIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="9" r="5.5" />
    <path d="M8 6v3l2 1.5M6.5 1.5h3" />
  </Icon>
)

export const DotsIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="4.5" cy="5" r="2" fill="currentColor" stroke="none" />
    <circle cx="11.5" cy="5" r="2" fill="currentColor" stroke="none" />
    <circle cx="8" cy="11" r="2" fill="currentColor" stroke="none" />
  </Icon>
)

export const LockIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </Icon>
)

export const UnlockIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 4.8-1" />
  </Icon>
)

export const EyeOffIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M2 8s2.2-4 6-4 6 4 6 4-2.2 4-6 4-6-4-6-4Z" />
    <path d="M2.5 2.5l11 11" />
  </Icon>
)

export const FollowIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M2 8s2.2-4 6-4 6 4 6 4-2.2 4-6 4-6-4-6-4Z" />
    <circle cx="8" cy="8" r="1.8" />
  </Icon>
)

export const ChevronLeftIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10 3.5 5.5 8l4.5 4.5" />
  </Icon>
)

export const ChevronRightIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M6 3.5 10.5 8 6 12.5" />
  </Icon>
)

export const ChevronDownIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M3.5 6 8 10.5 12.5 6" />
  </Icon>
)

export const PlayIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 3.2v9.6L12.5 8Z" fill="currentColor" />
  </Icon>
)

export const PauseIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5.5 3.5v9M10.5 3.5v9" strokeWidth="2" />
  </Icon>
)

export const ResetIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M3 8a5 5 0 1 0 1.6-3.7" />
    <path d="M3 2.5v3h3" />
  </Icon>
)

export const SummonIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="8" r="2" />
    <path d="M8 1.5v3M8 11.5v3M1.5 8h3M11.5 8h3" />
  </Icon>
)

export const WandIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="m2.5 13.5 7-7M9 2v2M12.5 3.5 11 5M14 7h-2M6 3.5 7 5" />
  </Icon>
)

export const HistoryIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M2.5 8a5.5 5.5 0 1 0 1.7-4" />
    <path d="M2.5 2.5v2.5H5M8 5v3.2l2 1.3" />
  </Icon>
)

export const CloseIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Icon>
)

export const FlagIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M3.5 14V2.5M3.5 3h8l-1.8 3 1.8 3h-8" />
  </Icon>
)

export const MoreIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="3" cy="8" r="1.4" fill="currentColor" stroke="none" />
    <circle cx="8" cy="8" r="1.4" fill="currentColor" stroke="none" />
    <circle cx="13" cy="8" r="1.4" fill="currentColor" stroke="none" />
  </Icon>
)

export const DocumentIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M4 1.5h5.5L12.5 4.5v10h-8.5z" />
    <path d="M9.5 1.5v3h3M6.5 8h4M6.5 10.5h4" />
  </Icon>
)

export const TableIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
    <path d="M2 6.5h12M2 10h12M6.5 6.5v7" />
  </Icon>
)

export const ShareIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="6" cy="5.5" r="2.5" />
    <path d="M1.5 14c.4-2.6 2.2-4 4.5-4s4.1 1.4 4.5 4M12.5 5.5v5M10 8h5" />
  </Icon>
)
