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
  seniority: T.literalEnum(...seniorities),
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
  seniority: Seniority
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
export const personaCardVersions = createShapePropsMigrationIds(personaCardType, {})

/** Migrations of the persona card props, oldest first. */
export const personaCardMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Props of a freshly created persona card. */
export function defaultPersonaCardProps(): PersonaCardProps {
  return {
    w: 240,
    h: 200,
    title: '',
    role: 'influencer',
    department: '',
    seniority: 'manager',
    goals: '',
    pains: '',
    objections: '',
    channel: '',
  }
}
