/** A speech bubble, drawn (not an emoji font): the comment tool's and buttons' icon. */
export function CommentGlyph({
  size = 16,
  strokeWidth = 2,
}: {
  size?: number
  strokeWidth?: number
}) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M4 12a8 8 0 1 1 4.2 7.05L4 20l1.1-3.9A7.96 7.96 0 0 1 4 12Z" />
    </svg>
  )
}
