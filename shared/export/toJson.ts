import type { IcpDocument } from '../compile/icpDocument'

/**
 * The ICP as pretty-printed JSON (two-space indent, trailing newline), valid against the
 * IcpDocument JSON Schema (`icpDocumentJsonSchema`, `icp-document.v1.schema.json`).
 */
export function toJson(doc: IcpDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`
}
