import type { IcpDocument, IcpOpenThread } from '../compile/icpDocument'

/** Options of `toJson`. */
export interface ToJsonOptions {
  /** Open comment threads to add as `openThreads` (see `openThreadsForIcp`). */
  openThreads?: readonly IcpOpenThread[]
}

/**
 * The ICP as pretty-printed JSON (two-space indent, trailing newline), valid against the
 * IcpDocument JSON Schema (`icpDocumentJsonSchema`, `icp-document.v1.schema.json`). With
 * `options.openThreads`, the document carries them in its optional `openThreads` field.
 */
export function toJson(doc: IcpDocument): string
export function toJson(doc: IcpDocument, options: ToJsonOptions): string
export function toJson(doc: IcpDocument, options?: ToJsonOptions): string {
  const openThreads = options?.openThreads
  const output = Array.isArray(openThreads) ? { ...doc, openThreads } : doc
  return `${JSON.stringify(output, null, 2)}\n`
}
