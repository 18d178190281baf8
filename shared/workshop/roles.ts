/**
 * Who may do what on a board. A share link carries one role; the server enforces it on every
 * message (see server/), the client only mirrors it in the UI.
 */
export const roles = ['facilitator', 'editor', 'commenter', 'viewer'] as const
export type Role = (typeof roles)[number]

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

/** Roles that can be handed out as share links (the facilitator's own link is separate). */
export const shareableRoles = ['editor', 'commenter', 'viewer'] as const satisfies readonly Role[]
export type ShareableRole = (typeof shareableRoles)[number]

/** Human names of the roles, for UI and error messages. */
export const roleLabels: Record<Role, string> = {
  facilitator: 'Facilitator',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
}

/** What each role may do, in words (share dialog, refusal messages). */
export const roleAbilities: Record<Role, string> = {
  facilitator: 'runs the workshop: edits, votes, locks, timers, versions and share links',
  editor: 'edits the board, comments and votes',
  commenter: 'reads the board and comments',
  viewer: 'reads the board',
}

const rank: Record<Role, number> = { viewer: 0, commenter: 1, editor: 2, facilitator: 3 }

/** True when `role` includes everything `required` may do. */
export function hasRole(role: Role, required: Role): boolean {
  return rank[role] >= rank[required]
}
