import { listMatches, valueKinds, type AttributeCardProps } from '../schema/attributeCard'
import { disqualifierKinds, type DisqualifierCardProps } from '../schema/disqualifierCard'
import type { ValueFamily } from '../values/parsedValue'
import { familyOfAttribute, familyOfDisqualifier } from '../values/valueFamily'
import { ValueCache, type ReadValue } from '../values/ValueCache'
import { attributeCategories } from '../schema/attributeCard'

// Parsed values and their display text, shared by every compile and every card on screen:
// boards repeat their values.
const values = new ValueCache()

/** A card's value as read, with the family it was read in. */
export interface CardValue extends ReadValue {
  family: ValueFamily
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * How an attribute card's value reads: in the family of its category (and label), with its
 * forced kind and list match. Props of older or damaged cards fall back to the defaults. The
 * compiler and the card on screen both read values here, so they always agree.
 */
export function readAttributeValue(card: Partial<AttributeCardProps>): CardValue {
  const category = oneOf(attributeCategories, card.category, 'specialized')
  const family = familyOfAttribute(category, text(card.label))
  const read = values.read(text(card.value), {
    kind: oneOf(valueKinds, card.valueKind, 'auto'),
    family,
    listMatch: oneOf(listMatches, card.listMatch, 'any'),
  })
  // `read` is a fresh object: add the family rather than copy it (this runs per card per edit).
  return Object.assign(read, { family })
}

/** How a disqualifier's rule reads, in the family of its kind (see `readAttributeValue`). */
export function readDisqualifierRule(card: Partial<DisqualifierCardProps>): CardValue {
  const family = familyOfDisqualifier(oneOf(disqualifierKinds, card.kind, 'other'))
  return Object.assign(values.read(text(card.rule), { family }), { family })
}
