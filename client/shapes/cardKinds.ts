import { attributeCardType, type AttributeCardShape } from '../../shared/schema/attributeCard'
import {
  disqualifierCardType,
  type DisqualifierCardShape,
} from '../../shared/schema/disqualifierCard'
import { evidenceCardType, type EvidenceCardShape } from '../../shared/schema/evidenceCard'
import { painPointCardType, type PainPointCardShape } from '../../shared/schema/painPointCard'
import { personaCardType, type PersonaCardShape } from '../../shared/schema/personaCard'
import { statementCardType, type StatementCardShape } from '../../shared/schema/statementCard'

/** Any ICP card shape. */
export type CardShape =
  | AttributeCardShape
  | PersonaCardShape
  | PainPointCardShape
  | DisqualifierCardShape
  | EvidenceCardShape
  | StatementCardShape

/** Shape type of any ICP card. */
export type CardShapeType = CardShape['type']

/** How the UI names, creates and announces one kind of card. The tool id is the shape type. */
export interface CardKind {
  type: CardShapeType
  /** Toolbar label and tooltip. */
  name: string
  /** One line for tooltips and the keyboard shortcuts dialog. */
  hint: string
  /** Selects the card's tool (click on the canvas to place it). */
  toolKbd: string
  /** Drops a card in the middle of the screen, ready to edit. */
  addKbd: string
}

// Shift+letter keys are free in tldraw 5.4 (it uses shift+d/f/h/l/q/v, digits and plain letters);
// alt+shift+letter adds the card at once (tldraw uses alt+shift+f/h/v only).
/** Every card kind, in toolbar order. */
export const cardKinds: readonly CardKind[] = [
  {
    type: attributeCardType,
    name: 'Attribute',
    hint: 'A firmographic, technographic, specialized or B2C trait of the ideal customer',
    toolKbd: 'shift+a',
    addKbd: 'alt+shift+a',
  },
  {
    type: personaCardType,
    name: 'Persona',
    hint: 'A member of the buying committee',
    toolKbd: 'shift+p',
    addKbd: 'alt+shift+p',
  },
  {
    type: painPointCardType,
    name: 'Pain point',
    hint: 'A challenge the customer has and how we solve it; arrow it to personas',
    toolKbd: 'shift+c',
    addKbd: 'alt+shift+c',
  },
  {
    type: disqualifierCardType,
    name: 'Disqualifier',
    hint: 'A rule that rules a lead out (negative ICP)',
    toolKbd: 'shift+x',
    addKbd: 'alt+shift+x',
  },
  {
    type: evidenceCardType,
    name: 'Best customer',
    hint: 'Evidence: one of your highest-value customers and its numbers',
    toolKbd: 'shift+e',
    addKbd: 'alt+shift+e',
  },
  {
    type: statementCardType,
    name: 'ICP statement',
    hint: 'Names an ICP and shows its compiled statement',
    toolKbd: 'shift+s',
    addKbd: 'alt+shift+s',
  },
]

const cardTypeSet: ReadonlySet<string> = new Set(cardKinds.map((kind) => kind.type))

/** True when `type` is the shape type of one of our cards. */
export function isCardShapeType(type: string): type is CardShapeType {
  return cardTypeSet.has(type)
}

/** The kind of a card shape type. */
export function getCardKind(type: CardShapeType): CardKind {
  const kind = cardKinds.find((candidate) => candidate.type === type)
  if (!kind) throw new Error(`No card kind for shape type "${type}"`)
  return kind
}
