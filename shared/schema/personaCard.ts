import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/** Shape type of a buying-committee persona sticky. */
export const personaCardType = 'icp-persona'

/** Role of a person in the buying decision. */
export const decisionRoles = ['decisionMaker', 'champion', 'influencer', 'user', 'blocker'] as const
export type DecisionRole = (typeof decisionRoles)[number]

export const seniorities = ['executive', 'vp', 'director', 'manager', 'individual'] as const
export type Seniority = (typeof seniorities)[number]

/** Goals, pains and objections are one item per line. */
export const personaCardProps = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  title: T.string,
  role: T.literalEnum(...decisionRoles),
  department: T.string,
  seniority: T.literalEnum(...seniorities).nullable(),
  goals: T.string,
  pains: T.string,
  objections: T.string,
  channel: T.string,
}

export interface PersonaCardProps {
  w: number
  h: number
  title: string
  role: DecisionRole
  department: string
  /** Null when nobody knows (or said): exports leave it out rather than invent one. */
  seniority: Seniority | null
  goals: string
  pains: string
  objections: string
  channel: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [personaCardType]: PersonaCardProps
  }
}

export type PersonaCardShape = TLShape<typeof personaCardType>

personaCardProps satisfies RecordProps<PersonaCardShape>

/** Named migration versions of the persona card props. */
export const personaCardVersions = createShapePropsMigrationIds(personaCardType, {
  NullableSeniority: 1,
})

/** Migrations of the persona card props, oldest first. */
export const personaCardMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      // Seniority may be unknown (null). Older cards keep theirs: nothing tells a chosen
      // "manager" from the old default. Going down, unknown becomes that old default.
      id: personaCardVersions.NullableSeniority,
      up() {},
      down(props) {
        if (props.seniority === null) props.seniority = 'manager'
      },
    },
  ],
})

/** Props of a freshly created persona card. */
export function defaultPersonaCardProps(): PersonaCardProps {
  return {
    w: 240,
    h: 200,
    title: '',
    role: 'influencer',
    department: '',
    seniority: null,
    goals: '',
    pains: '',
    objections: '',
    channel: '',
  }
}
