import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/** Shape type of a pain point card. Arrows from a pain point to personas say who has it. */
export const painPointCardType = 'icp-pain'

export const severities = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof severities)[number]

export const painPointCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  problem: T.string,
  severity: T.literalEnum(...severities).nullable(),
  solution: T.string,
}

export interface PainPointCardProps {
  w: number
  h: number
  problem: string
  /** Null when not judged yet. */
  severity: Severity | null
  solution: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [painPointCardType]: PainPointCardProps
  }
}

export type PainPointCardShape = TLShape<typeof painPointCardType>

painPointCardProps satisfies RecordProps<PainPointCardShape>

/** Named migration versions of the pain point card props. */
export const painPointCardVersions = createShapePropsMigrationIds(painPointCardType, {
  NullableSeverity: 1,
})

/** Migrations of the pain point card props, oldest first. */
export const painPointCardMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      // Severity may be unknown (null); older cards keep theirs. Going down, unknown becomes
      // the old default.
      id: painPointCardVersions.NullableSeverity,
      up() {},
      down(props) {
        if (props.severity === null) props.severity = 'medium'
      },
    },
  ],
})

/** Props of a freshly created pain point card. */
export function defaultPainPointCardProps(): PainPointCardProps {
  return { w: 240, h: 150, problem: '', severity: null, solution: '' }
}
