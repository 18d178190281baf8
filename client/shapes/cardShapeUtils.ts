import type { TLAnyShapeUtilConstructor } from 'tldraw'
import { AttributeCardShapeUtil } from './AttributeCardShapeUtil'
import { DisqualifierCardShapeUtil } from './DisqualifierCardShapeUtil'
import { EvidenceCardShapeUtil } from './EvidenceCardShapeUtil'
import { PainPointCardShapeUtil } from './PainPointCardShapeUtil'
import { PersonaCardShapeUtil } from './PersonaCardShapeUtil'
import { StatementCardShapeUtil } from './StatementCardShapeUtil'

/** The ShapeUtils of every ICP card; pass to `<Tldraw shapeUtils={cardShapeUtils}>`. */
export const cardShapeUtils: readonly TLAnyShapeUtilConstructor[] = [
  AttributeCardShapeUtil,
  PersonaCardShapeUtil,
  PainPointCardShapeUtil,
  DisqualifierCardShapeUtil,
  EvidenceCardShapeUtil,
  StatementCardShapeUtil,
]
