import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/**
 * Shape type of an ICP statement card. Each statement card defines one ICP: its name, review
 * cadence and scope (the top-level frame it sits in, or its page). It shows the compiled statement.
 */
export const statementCardType = 'icp-statement'

/** `reviewDate` is an ISO date (`YYYY-MM-DD`) or '' when not set. */
export const statementCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  name: T.string,
  reviewDate: T.string,
  reviewCadenceMonths: T.number,
}

export interface StatementCardProps {
  w: number
  h: number
  name: string
  reviewDate: string
  reviewCadenceMonths: number
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [statementCardType]: StatementCardProps
  }
}

export type StatementCardShape = TLShape<typeof statementCardType>

statementCardProps satisfies RecordProps<StatementCardShape>

/** Named migration versions of the statement card props. */
export const statementCardVersions = createShapePropsMigrationIds(statementCardType, {})

/** Migrations of the statement card props, oldest first. */
export const statementCardMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Props of a freshly created statement card. */
export function defaultStatementCardProps(): StatementCardProps {
  return { w: 560, h: 220, name: 'Ideal Customer Profile', reviewDate: '', reviewCadenceMonths: 3 }
}
