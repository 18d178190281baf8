import { useValue } from 'tldraw'
import { roleAbilities, roleLabels } from '../../shared/workshop/roles'
import { useBoard } from '../board/boardContext'
import './access.css'

/** Next to the board title: which role this person has here, and what it allows. */
export function RoleBadge() {
  const { connection } = useBoard()
  const role = useValue(connection.$role)
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
