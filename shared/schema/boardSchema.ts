import { createTLSchema, defaultShapeSchemas, type TLSchema } from '@tldraw/tlschema'
import { attributeCardMigrations, attributeCardProps, attributeCardType } from './attributeCard'
import {
  disqualifierCardMigrations,
  disqualifierCardProps,
  disqualifierCardType,
} from './disqualifierCard'
import { evidenceCardMigrations, evidenceCardProps, evidenceCardType } from './evidenceCard'
import { painPointCardMigrations, painPointCardProps, painPointCardType } from './painPointCard'
import { personaCardMigrations, personaCardProps, personaCardType } from './personaCard'
import { statementCardMigrations, statementCardProps, statementCardType } from './statementCard'

/** Props and migrations of our card shapes, keyed by shape type (the ShapeUtils use the same). */
export const cardShapeSchemas = {
  [attributeCardType]: { props: attributeCardProps, migrations: attributeCardMigrations },
  [personaCardType]: { props: personaCardProps, migrations: personaCardMigrations },
  [painPointCardType]: { props: painPointCardProps, migrations: painPointCardMigrations },
  [disqualifierCardType]: { props: disqualifierCardProps, migrations: disqualifierCardMigrations },
  [evidenceCardType]: { props: evidenceCardProps, migrations: evidenceCardMigrations },
  [statementCardType]: { props: statementCardProps, migrations: statementCardMigrations },
}

/** Card shape types, in toolbar order. */
export const cardShapeTypes = Object.keys(cardShapeSchemas) as (keyof typeof cardShapeSchemas)[]

/**
 * The board's tldraw schema: tldraw's default shapes plus our cards. The client store and the
 * server's validator are built from this one function, so they can never disagree.
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema({ shapes: { ...defaultShapeSchemas, ...cardShapeSchemas } })
}
