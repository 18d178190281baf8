import { decisionRoleLabels, seniorityLabels } from '../../shared/compile/cardLabels'
import {
  defaultPersonaCardProps,
  personaCardMigrations,
  personaCardProps,
  personaCardType,
  type PersonaCardProps,
  type PersonaCardShape,
} from '../../shared/schema/personaCard'
import { BaseCardShapeUtil } from './BaseCardShapeUtil'
import { listItems } from './cardCopy'
import {
  CardShell,
  CardTextField,
  clampStyle,
  Clamped,
  linesThatFit,
  useIsEditing,
} from './cardParts'
import { Glyph } from './CardIcon'

/** A buying-committee member, as a sticky: who they are, their role, goals, pains, objections. */
export class PersonaCardShapeUtil extends BaseCardShapeUtil<PersonaCardShape> {
  static override type = personaCardType
  static override props = personaCardProps
  static override migrations = personaCardMigrations

  protected override minSize = { w: 200, h: 150 }

  override getDefaultProps(): PersonaCardProps {
    return defaultPersonaCardProps()
  }

  override canScroll(): boolean {
    return true
  }

  override component(shape: PersonaCardShape) {
    return <PersonaCard shape={shape} />
  }

  override getText(shape: PersonaCardShape): string {
    const { title, role, department } = shape.props
    const who = title.trim() || 'Untitled persona'
    return `${who} (${decisionRoleLabels[role]}${department.trim() ? `, ${department.trim()}` : ''})`
  }
}

/** Up to two initials of a title (`Head of Marketing` -> `HM`, `CFO` -> `CFO`), '' when blank. */
export function initialsOf(title: string): string {
  const trimmed = title.trim()
  // An acronym title (CFO, CTO, VP) is its own best monogram.
  if (/^[A-Z]{2,3}$/.test(trimmed)) return trimmed
  const words = title
    .split(/[\s/&,-]+/)
    .filter((word) => /^[A-Za-z0-9]/.test(word) && !/^(of|the|and|for|to)$/i.test(word))
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('')
}

const sections = [
  { prop: 'goals', label: 'Goals' },
  { prop: 'pains', label: 'Pains' },
  { prop: 'objections', label: 'Objections' },
] as const

// Layout constants mirrored by cards.css.
const topHeight = 10 + 40 + 6 + 22 + 8
const footerHeight = 30
const sectionLineHeight = 17
const sectionGap = 4

function PersonaCard({ shape }: { shape: PersonaCardShape }) {
  const isEditing = useIsEditing(shape.id)
  if (isEditing) return <PersonaCardEditor shape={shape} />

  const { title, role, department, seniority, channel, h } = shape.props
  const subtitle = [seniority && seniorityLabels[seniority], department.trim()]
    .filter(Boolean)
    .join(' · ')
  const filled = sections
    .map((section) => ({ ...section, items: listItems(shape.props[section.prop]) }))
    .filter((section) => section.items.length > 0)

  // Share the space left between the filled sections; each keeps at least its first line.
  const space = h - topHeight - footerHeight - 10
  const linesEach = filled.length
    ? linesThatFit((space - sectionGap * (filled.length - 1)) / filled.length, sectionLineHeight)
    : 0

  return (
    <CardShell shape={shape} kind="persona" isEditing={false} className={`icp-role--${role}`}>
      <div className="icp-persona__top">
        <div className="icp-persona__avatar" aria-hidden>
          {initialsOf(title) || <Glyph name="icp-persona" size={20} strokeWidth={2.2} />}
        </div>
        <div className="icp-persona__who">
          <Clamped
            text={title}
            lines={2}
            className="icp-persona__title"
            placeholder="Persona title"
          />
          <div className="icp-persona__subtitle icp-ellipsis">{subtitle}</div>
        </div>
      </div>
      <div className="icp-persona__chips">
        <span className="icp-chip icp-chip--solid icp-persona__role">
          {role === 'decisionMaker' ? '★ ' : ''}
          {decisionRoleLabels[role]}
        </span>
      </div>
      <div className="icp-card__body icp-persona__sections">
        {filled.length === 0 ? (
          <div className="icp-placeholder">Double-click to add goals, pains and objections</div>
        ) : (
          filled.map((section) => (
            <div
              key={section.prop}
              className={`icp-persona__section icp-persona__section--${section.prop}`}
            >
              <div
                className="icp-clamp icp-persona__section-text"
                style={clampStyle(linesEach)}
                title={section.items.join('\n')}
              >
                <span className="icp-persona__section-label">{section.label}</span>
                {section.items.join(' · ')}
              </div>
            </div>
          ))
        )}
      </div>
      <div className="icp-card__footer icp-persona__channel">
        <Glyph name="channel" size={14} strokeWidth={2.2} />
        <span className={`icp-ellipsis${channel.trim() ? '' : ' icp-placeholder'}`}>
          {channel.trim() || 'Preferred channel'}
        </span>
      </div>
    </CardShell>
  )
}

function PersonaCardEditor({ shape }: { shape: PersonaCardShape }) {
  return (
    <CardShell shape={shape} kind="persona" isEditing className={`icp-role--${shape.props.role}`}>
      <div className="icp-card__body icp-card__form">
        <CardTextField
          shape={shape}
          prop="title"
          isEditing
          label="Title"
          lines={1}
          className="icp-persona__title"
          placeholder="Title, e.g. Head of Marketing"
          isAutoFocused
        />
        <CardTextField
          shape={shape}
          prop="department"
          isEditing
          label="Department"
          lines={1}
          placeholder="Department"
        />
        {sections.map((section) => (
          <label key={section.prop} className="icp-card__form-field">
            <span className="icp-card__form-label">{section.label} (one per line)</span>
            <CardTextField
              shape={shape}
              prop={section.prop}
              isEditing
              label={section.label}
              lines={2}
              isList
            />
          </label>
        ))}
        <CardTextField
          shape={shape}
          prop="channel"
          isEditing
          label="Preferred channel"
          lines={1}
          placeholder="Preferred channel, e.g. LinkedIn"
        />
      </div>
    </CardShell>
  )
}
