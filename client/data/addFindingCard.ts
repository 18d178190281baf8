import { Box, createShapeId, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import { readWorkshopStep } from '../../shared/compile/indexBoard'
import type { Finding } from '../../shared/data/findCommonalities'
import {
  attributeCardType,
  defaultAttributeCardProps,
  importanceForNewCard,
  type AttributeCardProps,
} from '../../shared/schema/attributeCard'

/** Where new cards go inside a frame: below its prompt, in a grid. */
const slotStart = { x: 40, y: 120 }
const slotGap = 24
const edgeMargin = 24

/** The step 2 ("Compare") frame of `icp`, or of the current page when the ICP has none. */
export function findStep2Frame(editor: Editor, icp: IcpDocument | undefined): TLShape | null {
  const frames = editor
    .getCurrentPageShapes()
    .filter((shape) => shape.type === 'frame' && readWorkshopStep(shape.meta) === 2)
  const scopeId = icp?.scope.frameId as TLShapeId | null | undefined
  if (scopeId) {
    const inScope = frames.find((frame) => editor.hasAncestor(frame, scopeId))
    if (inScope) return inScope
  }
  return frames[0] ?? null
}

/** The first free card-sized slot inside `frame` (page space), or null when it is full. */
function freeSlotIn(editor: Editor, frame: TLShape, size: { w: number; h: number }): Box | null {
  const bounds = editor.getShapePageBounds(frame)
  if (!bounds) return null
  const taken = editor
    .getSortedChildIdsForParent(frame.id)
    .map((id) => editor.getShapePageBounds(id))
    .filter((box): box is Box => box !== undefined)
  for (
    let y = bounds.minY + slotStart.y;
    y + size.h <= bounds.maxY - edgeMargin;
    y += size.h + slotGap
  ) {
    for (
      let x = bounds.minX + slotStart.x;
      x + size.w <= bounds.maxX - edgeMargin;
      x += size.w + slotGap
    ) {
      const slot = new Box(x, y, size.w, size.h)
      const padded = new Box(x - slotGap / 2, y - slotGap / 2, size.w + slotGap, size.h + slotGap)
      if (!taken.some((box) => box.collides(padded))) return slot
    }
  }
  return null
}

/** The props of the attribute card a finding becomes: its value, with the numbers as evidence. */
export function findingCardProps(finding: Finding): AttributeCardProps {
  return {
    ...defaultAttributeCardProps(),
    category: finding.category,
    label: finding.label,
    value: finding.value,
    // A finding lands in step 2: evidence to discuss, not yet a key attribute that gates leads.
    importance: importanceForNewCard(2),
    evidenceSource: 'crm',
    evidenceNote: finding.evidenceNote,
  }
}

/**
 * Puts a finding on the board as an attribute card: in the first free slot of the ICP's step 2
 * frame when there is one, else in the middle of the screen. One undo step. Returns the card's id,
 * or null when the board is read-only.
 */
export function addFindingCard(
  editor: Editor,
  finding: Finding,
  icp: IcpDocument | undefined,
): TLShapeId | null {
  if (editor.getIsReadonly()) return null
  const props = findingCardProps(finding)
  const id = createShapeId()
  const frame = findStep2Frame(editor, icp)
  const slot = frame ? freeSlotIn(editor, frame, props) : null
  editor.markHistoryStoppingPoint(`add_finding_card:${id}`)
  if (frame && slot) {
    const origin = editor.getShapePageBounds(frame)!
    editor.createShape({
      id,
      type: attributeCardType,
      parentId: frame.id,
      x: slot.x - origin.x,
      y: slot.y - origin.y,
      props,
    })
  } else {
    const center = editor.getViewportPageBounds().center
    editor.createShape({
      id,
      type: attributeCardType,
      x: center.x - props.w / 2,
      y: center.y - props.h / 2,
      props,
    })
  }
  return editor.getShape(id) ? id : null
}
