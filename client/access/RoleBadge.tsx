import { roleAbilities, roleLabels } from '../../shared/workshop/roles'
import { useMyRole } from '../board/boardContext'
import './access.css'

/** Next to the board title: which role this person has here, and what it allows. */
export function RoleBadge() {
  const role = useMyRole()
  if (!role) return null
  return (
    <span
      className={`role-badge role-badge--${role}`}
      title={`Your role: ${roleLabels[role]}, ${roleAbilities[role]}`}
      data-role={role}
    >
      {role === 'viewer' ? 'View only' : roleLabels[role]}
    </span>
  )
}
