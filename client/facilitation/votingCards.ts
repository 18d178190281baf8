import { computed, type Computed, type Editor, type TLShape } from 'tldraw'
import { onePer } from '../lib/onePer'
import { attributeCategoryInfo } from '../../shared/compile/attributeCategoryInfo'
import { disqualifierKindLabels } from '../../shared/compile/cardLabels'
import { attributeCardType, type AttributeCardProps } from '../../shared/schema/attributeCard'
import {
  disqualifierCardType,
  type DisqualifierCardProps,
} from '../../shared/schema/disqualifierCard'
import { evidenceCardType, type EvidenceCardProps } from '../../shared/schema/evidenceCard'
import { painPointCardType, type PainPointCardProps } from '../../shared/schema/painPointCard'
import { personaCardType, type PersonaCardProps } from '../../shared/schema/personaCard'

/** A card kind the group can dot-vote on. */
export interface VotableKind {
  type: string
  /** Plural, for titles: "Vote on attributes". */
  plural: string
  /** The default session title. */
  defaultTitle: string
}

/** Card kinds that can be voted on, in the order the workshop meets them. */
export const votableKinds: readonly VotableKind[] = [
  { type: attributeCardType, plural: 'Attributes', defaultTitle: 'Key attributes' },
  { type: painPointCardType, plural: 'Pain points', defaultTitle: 'Most important pain points' },
  { type: personaCardType, plural: 'Personas', defaultTitle: 'Who really decides' },
  { type: disqualifierCardType, plural: 'Disqualifiers', defaultTitle: 'Hardest disqualifiers' },
  {
    type: evidenceCardType,
    plural: 'Best customers',
    defaultTitle: 'Most representative customers',
  },
]

/** The plural name of a votable card kind ("Attributes"), or the shape type itself. */
export function votableKindName(type: string): string {
  return votableKinds.find((kind) => kind.type === type)?.plural ?? type
}

const votableTypes = new Set(votableKinds.map((kind) => kind.type))

/**
 * Every votable card of the board (shape id -> shape type), in reading order: page by page, then
 * top to bottom, left to right. Deleted cards drop out, so their dots stop counting.
 */
export const getVotableCards = onePer((editor: Editor): Computed<Map<string, string>> => {
  const $shapes = editor.store.query.records('shape')
  return computed(
    'votable cards',
    () => {
      const pages = new Map(editor.getPages().map((page, index) => [page.id, index]))
      const cards = $shapes
        .get()
        .filter((shape) => votableTypes.has(shape.type))
        .map((shape) => {
          const point = editor.getShapePageTransform(shape.id).point()
          const pageId = editor.getAncestorPageId(shape.id)
          return { shape, page: pageId ? (pages.get(pageId) ?? 0) : 0, x: point.x, y: point.y }
        })
        .sort((a, b) => a.page - b.page || a.y - b.y || a.x - b.x)
      return new Map(cards.map(({ shape }) => [shape.id as string, shape.type]))
    },
    // A drag moves cards on every frame; only a new order or card set may re-run tallies and views.
    { isEqual: isSameOrderedMap },
  )
})

function isSameOrderedMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false
  const bEntries = b.entries()
  for (const [key, value] of a) {
    const [otherKey, otherValue] = bEntries.next().value!
    if (key !== otherKey || value !== otherValue) return false
  }
  return true
}

/** A short text naming a card in results lists ("Industry: Video games"). */
export function cardLabel(shape: TLShape | undefined): string {
  if (!shape) return 'Deleted card'
  switch (shape.type) {
    case attributeCardType: {
      const props = shape.props as AttributeCardProps
      const category = props.label.trim() || attributeCategoryInfo[props.category]?.label || ''
      const value = props.value.trim() || 'No value yet'
      return category ? `${category}: ${value}` : value
    }
    case personaCardType:
      return (shape.props as PersonaCardProps).title.trim() || 'Untitled persona'
    case painPointCardType:
      return (shape.props as PainPointCardProps).problem.trim() || 'Untitled pain point'
    case disqualifierCardType: {
      const props = shape.props as DisqualifierCardProps
      const rule = props.rule.trim() || 'No rule yet'
      return `${disqualifierKindLabels[props.kind] ?? ''}: ${rule}`
    }
    case evidenceCardType:
      return (shape.props as EvidenceCardProps).customer.trim() || 'Unnamed customer'
    default:
      return 'Card'
  }
}
