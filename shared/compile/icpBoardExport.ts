import { z } from 'zod'
import { icpDocumentSchema, icpDocumentSchemaId, unassignedCardsSchema } from './icpDocument'

/** Version of the board export format; bump it (and the schema `$id`) on breaking changes. */
export const icpBoardExportSchemaVersion = 1

/** `$id` of the board export JSON Schema. */
export const icpBoardExportSchemaId = 'https://icp-workshop.local/schemas/icp-board-export/v1.json'

/** Which board an export came from and when it was made. */
export const icpBoardInfoSchema = z.object({
  roomId: z.string(),
  /** The board's name (tldraw document record); empty when nobody named it. */
  name: z.string(),
  /** ISO 8601 UTC timestamp of the export. */
  exportedAt: z.iso.datetime(),
})
export type IcpBoardInfo = z.infer<typeof icpBoardInfoSchema>

/**
 * What `GET /api/rooms/<id>/icp.json` answers: the board, its ICPs (each an IcpDocument) and the
 * cards no ICP claimed. An export of one ICP (`?icp=<id>`) has that ICP only and no unassigned cards.
 */
export const icpBoardExportSchema = z.object({
  schemaVersion: z.literal(icpBoardExportSchemaVersion),
  board: icpBoardInfoSchema,
  icps: z.array(icpDocumentSchema),
  unassigned: z.array(unassignedCardsSchema),
})
export type IcpBoardExport = z.infer<typeof icpBoardExportSchema>

const jsonSchemaMetadata = z.registry<{ title?: string; description?: string }>()
jsonSchemaMetadata.add(icpBoardExportSchema, {
  title: 'ICP board export',
  description:
    'The ICPs of one ICP Workshop board as exported by the server: board name and export time, every ICP document, and the cards that belong to no ICP.',
})

/**
 * The board export JSON Schema (draft 2020-12), generated from `icpBoardExportSchema`. ICPs are a
 * `$ref` to the IcpDocument schema's `$id` (`icp-document.v1.schema.json`), so a validator needs
 * both. A fresh object per call; `shared/compile/icp-board-export.v1.schema.json` is this, checked
 * by a test.
 */
export function icpBoardExportJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(icpBoardExportSchema, {
    target: 'draft-2020-12',
    metadata: jsonSchemaMetadata,
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema !== icpDocumentSchema) return
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key]
      jsonSchema.$ref = icpDocumentSchemaId
    },
  })
  return { $schema, $id: icpBoardExportSchemaId, ...rest }
}
