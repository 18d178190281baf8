import { createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { cardShapeUtils } from '../../../client/shapes/cardShapeUtils'
import {
  cardShapeSchemas,
  cardShapeTypes,
  createBoardSchema,
} from '../../../shared/schema/boardSchema'
import {
  defaultAttributeCardProps,
  importanceForNewCard,
} from '../../../shared/schema/attributeCard'
import { defaultDisqualifierCardProps } from '../../../shared/schema/disqualifierCard'
import { defaultEvidenceCardProps } from '../../../shared/schema/evidenceCard'
import { defaultPainPointCardProps } from '../../../shared/schema/painPointCard'
import { defaultPersonaCardProps } from '../../../shared/schema/personaCard'
import { defaultStatementCardProps } from '../../../shared/schema/statementCard'
import type { TLRecord, TLShape } from 'tldraw'

const sharedDefaults: Record<string, () => object> = {
  // A card placed on the board is a nice-to-have until it lands in step 4.
  'icp-attribute': () => ({
    ...defaultAttributeCardProps(),
    importance: importanceForNewCard(null),
  }),
  'icp-persona': defaultPersonaCardProps,
  'icp-pain': defaultPainPointCardProps,
  'icp-disqualifier': defaultDisqualifierCardProps,
  'icp-evidence': defaultEvidenceCardProps,
  'icp-statement': defaultStatementCardProps,
}

function cardRecord(type: string, props: object): TLShape {
  return {
    id: `shape:${type}` as TLShape['id'],
    typeName: 'shape',
    type,
    parentId: 'page:page' as TLShape['parentId'],
    index: 'a1' as TLShape['index'],
    x: 0,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props,
  } as TLShape
}

describe('card ShapeUtils', () => {
  it('cover every card type of the shared schema, in toolbar order', () => {
    expect(cardShapeUtils.map((util) => util.type)).toEqual(cardShapeTypes)
  })

  describe.each(cardShapeUtils.map((util) => [util.type, util] as const))('%s', (type, util) => {
    const shared = cardShapeSchemas[type as keyof typeof cardShapeSchemas]

    it('uses exactly the shared props validators and migrations', () => {
      expect(util.props).toBe(shared.props)
      expect(util.migrations).toBe(shared.migrations)
    })

    it('creates cards with the shared default props', () => {
      const instance = new (
        util as unknown as new (editor: unknown) => { getDefaultProps(): object }
      )(null)
      expect(instance.getDefaultProps()).toEqual(sharedDefaults[type]?.())
    })

    it('makes a default card the server schema accepts', () => {
      const store = createTLStore({ schema: createBoardSchema() })
      const record = cardRecord(type, sharedDefaults[type]!())
      expect(() => store.put([record as TLRecord])).not.toThrow()
      expect(store.get(record.id)).toEqual(record)
    })

    it('keeps a default card unchanged through a snapshot migration', () => {
      const schema = createBoardSchema()
      const record = cardRecord(type, sharedDefaults[type]!())
      expect(schema.migratePersistedRecord(record, schema.serialize())).toEqual({
        type: 'success',
        value: record,
      })
    })
  })

  it('rejects an invalid card record (the validators are live)', () => {
    const store = createTLStore({ schema: createBoardSchema() })
    const record = cardRecord('icp-evidence', { ...defaultEvidenceCardProps(), nps: 'nine' })
    expect(() => store.put([record as TLRecord])).toThrow(/nps/)
  })

  it('give the client the same schema as the server', () => {
    const clientStore = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...cardShapeUtils],
      bindingUtils: defaultBindingUtils,
    })
    expect(clientStore.schema.serialize()).toEqual(createBoardSchema().serialize())
  })
})
