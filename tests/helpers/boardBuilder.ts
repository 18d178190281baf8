import {
  DocumentRecordType,
  TLDOCUMENT_ID,
  type TLArrowBinding,
  type TLArrowShape,
  type TLFrameShape,
  type TLPage,
  type TLPageId,
  type TLParentId,
  type TLRecord,
  type TLShape,
  type TLShapeId,
} from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import {
  attributeCardType,
  defaultAttributeCardProps,
  type AttributeCardProps,
} from '../../shared/schema/attributeCard'
import {
  defaultDisqualifierCardProps,
  disqualifierCardType,
  type DisqualifierCardProps,
} from '../../shared/schema/disqualifierCard'
import {
  defaultEvidenceCardProps,
  evidenceCardType,
  type EvidenceCardProps,
} from '../../shared/schema/evidenceCard'
import {
  defaultPainPointCardProps,
  painPointCardType,
  type PainPointCardProps,
} from '../../shared/schema/painPointCard'
import {
  defaultPersonaCardProps,
  personaCardType,
  type PersonaCardProps,
} from '../../shared/schema/personaCard'
import {
  defaultStatementCardProps,
  statementCardType,
  type StatementCardProps,
} from '../../shared/schema/statementCard'
import { seededRandom } from './seededRandom'

/** Where a shape goes: its parent (a page or frame id) and its position relative to it. */
export interface Place {
  parent: string
  x?: number
  y?: number
  id?: string
  rotation?: number
}

/**
 * Builds board records the way tldraw stores them (valid against the board schema), with
 * deterministic ids: `shape:<kind>-<n>` unless an id is given. Positions are parent-relative.
 */
export class BoardBuilder {
  private readonly list: TLRecord[] = [DocumentRecordType.create({ id: TLDOCUMENT_ID })]
  private readonly counters = new Map<string, number>()

  /** Adds a page and returns its id (`page:<id>`). */
  page(name: string, id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')): string {
    const pages = this.list.filter((record) => record.typeName === 'page').length
    const page: TLPage = {
      id: `page:${id}` as TLPageId,
      typeName: 'page',
      name,
      index: `a${pages + 1}` as IndexKey,
      meta: {},
    }
    this.list.push(page)
    return page.id
  }

  /** Adds a frame; `step` sets `meta.icpStep`. */
  frame(place: Place & { w: number; h: number; name?: string; step?: unknown }): string {
    const meta = place.step === undefined ? {} : { icpStep: place.step }
    const shape: TLFrameShape = {
      ...this.base('frame', place),
      type: 'frame',
      meta: meta as TLFrameShape['meta'],
      props: { w: place.w, h: place.h, name: place.name ?? '', color: 'black' },
    }
    return this.add(shape)
  }

  attribute(place: Place, props: Partial<AttributeCardProps>): string {
    return this.card(attributeCardType, place, { ...defaultAttributeCardProps(), ...props })
  }

  persona(place: Place, props: Partial<PersonaCardProps>): string {
    return this.card(personaCardType, place, { ...defaultPersonaCardProps(), ...props })
  }

  painPoint(place: Place, props: Partial<PainPointCardProps>): string {
    return this.card(painPointCardType, place, { ...defaultPainPointCardProps(), ...props })
  }

  disqualifier(place: Place, props: Partial<DisqualifierCardProps>): string {
    return this.card(disqualifierCardType, place, { ...defaultDisqualifierCardProps(), ...props })
  }

  evidence(place: Place, props: Partial<EvidenceCardProps>): string {
    return this.card(evidenceCardType, place, { ...defaultEvidenceCardProps(), ...props })
  }

  statement(place: Place, props: Partial<StatementCardProps>): string {
    return this.card(statementCardType, place, { ...defaultStatementCardProps(), ...props })
  }

  /** Adds an arrow from start to end with a binding per bound end (`null` = a free end). */
  arrow(startId: string | null, endId: string | null, place: Place): string {
    const shape: TLArrowShape = {
      ...this.base('arrow', place),
      type: 'arrow',
      props: {
        kind: 'arc',
        labelColor: 'black',
        color: 'black',
        fill: 'none',
        dash: 'draw',
        size: 'm',
        arrowheadStart: 'none',
        arrowheadEnd: 'arrow',
        font: 'draw',
        start: { x: 0, y: 0 },
        end: { x: 100, y: 0 },
        bend: 0,
        richText: { type: 'doc', content: [{ type: 'paragraph' }] },
        labelPosition: 0.5,
        scale: 1,
        elbowMidPoint: 0.5,
      },
    }
    const arrowId = this.add(shape)
    if (startId) this.binding(arrowId, startId, 'start')
    if (endId) this.binding(arrowId, endId, 'end')
    return arrowId
  }

  /** Adds an arrow binding on its own (e.g. an arrow bound at one end only). */
  binding(arrowId: string, toId: string, terminal: 'start' | 'end'): void {
    const binding: TLArrowBinding = {
      id: `binding:${arrowId.slice('shape:'.length)}-${terminal}` as TLArrowBinding['id'],
      typeName: 'binding',
      type: 'arrow',
      fromId: arrowId as TLShapeId,
      toId: toId as TLShapeId,
      meta: {},
      props: {
        terminal,
        normalizedAnchor: { x: 0.5, y: 0.5 },
        isExact: false,
        isPrecise: false,
        snap: 'none',
      },
    }
    this.list.push(binding)
  }

  /** All records so far (a copy). */
  records(): TLRecord[] {
    return [...this.list]
  }

  private card(type: string, place: Place, props: object): string {
    return this.add({ ...this.base(type, place), type, props } as unknown as TLShape)
  }

  private base(kind: string, place: Place) {
    const count = (this.counters.get(kind) ?? 0) + 1
    this.counters.set(kind, count)
    const name = kind.replace(/^icp-/, '')
    return {
      id: (place.id ? `shape:${place.id}` : `shape:${name}-${count}`) as TLShapeId,
      typeName: 'shape' as const,
      parentId: place.parent as TLParentId,
      index: 'a1' as IndexKey,
      x: place.x ?? 0,
      y: place.y ?? 0,
      rotation: place.rotation ?? 0,
      isLocked: false,
      opacity: 1,
      meta: {},
    }
  }

  private add(shape: TLShape): string {
    this.list.push(shape)
    return shape.id
  }
}

const sampleValues: readonly (readonly [AttributeCardProps['category'], string, string])[] = [
  ['industry', 'Industry', 'video game'],
  ['businessModel', 'Business model', 'B2C'],
  ['location', 'Location', 'US, Canada'],
  ['employees', 'Employees', '200-1,000 employees'],
  ['revenue', 'Annual revenue', '$10M-$50M'],
  ['budget', 'Branding budget', '>= $1M'],
  ['customerBase', 'Social media following', '>= 100,000 people'],
  ['technographic', 'CRM', 'Salesforce or HubSpot'],
  ['specialized', 'Hiring SDRs', 'is hiring SDRs'],
  ['goals', 'Goal', 'need for low-cost drinkware'],
  ['funding', 'Funding', 'Series A or Series B'],
  ['psychographic', 'Values', 'values visually appealing design'],
]

/**
 * A realistic board of about `cardCount` cards for benchmarks: ICP frames (statement card plus
 * five step frames each) on one page, filled with attributes (60%), personas, pain points linked
 * to personas by arrows, disqualifiers and evidence cards. Deterministic for a given count.
 */
export function generateBoard(cardCount: number, seed = 1): TLRecord[] {
  const random = seededRandom(seed)
  const board = new BoardBuilder()
  const pageId = board.page('Generated')
  const icpCount = Math.max(1, Math.round(cardCount / 250))
  const perIcp = Math.ceil(cardCount / icpCount)
  let made = 0
  for (let icp = 0; icp < icpCount && made < cardCount; icp++) {
    const container = board.frame({
      parent: pageId,
      x: icp * 6000,
      y: 0,
      w: 5600,
      h: 5000,
      name: `ICP ${icp + 1}`,
    })
    board.statement(
      { parent: container, x: 40, y: 40 },
      { name: `ICP ${icp + 1}`, reviewDate: '2026-01-15' },
    )
    made++
    const steps = [1, 2, 3, 4, 5].map((step) =>
      board.frame({
        parent: container,
        x: 40 + (step - 1) * 1100,
        y: 400,
        w: 1000,
        h: 4400,
        name: `Step ${step}`,
        step,
      }),
    )
    const personas: string[] = []
    for (let i = 1; i < perIcp && made < cardCount; i++, made++) {
      const roll = random()
      const x = 20 + Math.floor(random() * 700)
      const y = 60 + Math.floor(random() * 4200)
      if (roll < 0.6) {
        const [category, label, value] = sampleValues[Math.floor(random() * sampleValues.length)]!
        const step = random() < 0.05 ? steps[3]! : steps[1]!
        board.attribute(
          { parent: step, x, y },
          {
            category,
            label,
            value,
            importance: random() < 0.5 ? 'must' : 'nice',
            evidenceSource: random() < 0.5 ? 'crm' : 'assumption',
          },
        )
      } else if (roll < 0.72) {
        personas.push(
          board.persona(
            { parent: steps[2]!, x, y },
            {
              title: `Persona ${i}`,
              role: random() < 0.2 ? 'decisionMaker' : 'influencer',
              goals: 'Grow\nRetain',
              pains: 'Churn',
            },
          ),
        )
      } else if (roll < 0.84) {
        const pain = board.painPoint(
          { parent: steps[2]!, x, y },
          { problem: `Problem ${i}`, severity: 'high', solution: 'We fix it' },
        )
        const persona = personas[Math.floor(random() * personas.length)]
        if (persona) board.arrow(pain, persona, { parent: steps[2]! })
      } else if (roll < 0.92) {
        board.disqualifier(
          { parent: steps[4]!, x, y },
          { kind: 'budget', rule: '< $5,000', reason: 'Too small' },
        )
      } else {
        board.evidence(
          { parent: steps[0]!, x, y },
          { customer: `Customer ${i}`, salesCycleDays: 30, nps: 9 },
        )
      }
    }
  }
  return board.records()
}
