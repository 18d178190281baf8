import {
  createShapeId,
  maybeSnapToGrid,
  onDragFromToolbarToCreateShape,
  Vec,
  type Editor,
  type TLShapeId,
  type TLStateNodeConstructor,
  type TLUiActionsContextType,
  type TLUiOverrides,
  type TLUiToolsContextType,
  type VecLike,
} from 'tldraw'
import { readWorkshopStep } from '../../shared/compile/indexBoard'
import { attributeCardType, importanceForNewCard } from '../../shared/schema/attributeCard'
import { ClickTool } from '../board/ClickTool'
import { useUiStore } from '../state/uiStore'
import { getScreenLayout } from '../ui/screenLayout'
import { cardKinds, type CardKind, type CardShapeType } from './cardKinds'
import { Glyph } from './CardIcon'

/**
 * Puts a fresh card of `type` with its centre at `center` (page space) and returns its id, or null
 * when the editor refused it (read-only board, shape limit).
 */
export function createCardAt(
  editor: Editor,
  type: CardShapeType,
  center: VecLike,
): TLShapeId | null {
  if (editor.getIsReadonly()) return null
  const { w, h } = editor.getShapeUtil(type).getDefaultProps() as { w: number; h: number }
  const id = createShapeId()
  const topLeft = maybeSnapToGrid(new Vec(center.x - w / 2, center.y - h / 2), editor)
  editor.markHistoryStoppingPoint(`creating_card:${id}`)
  editor.createShape({ id, type, x: topLeft.x, y: topLeft.y })
  if (!editor.getShape(id)) return null
  settleNewCard(editor, id)
  return id
}

/** The workshop step of the innermost step frame under `point` (page space), or null. */
function stepAt(editor: Editor, point: VecLike): number | null {
  for (const shape of editor.getShapesAtPoint(point, { hitInside: true })) {
    const step = shape.type === 'frame' ? readWorkshopStep(shape.meta) : null
    if (step !== null) return step
  }
  return null
}

/**
 * Gives a card just placed the importance its place calls for (see `importanceForNewCard`): an
 * attribute card dropped in the step 4 frame is a must-have, anywhere else a nice-to-have.
 */
export function settleNewCard(editor: Editor, id: TLShapeId): void {
  const shape = editor.getShape(id)
  const center = editor.getShapePageBounds(id)?.center
  if (!shape || shape.type !== attributeCardType || !center) return
  const importance = importanceForNewCard(stepAt(editor, center))
  if ((shape.props as { importance: string }).importance === importance) return
  editor.updateShape({ id, type: attributeCardType, props: { importance } })
}

/** Selects a card and enters in-place editing, as a double-click would. */
export function startEditingCard(editor: Editor, id: TLShapeId): void {
  const shape = editor.getShape(id)
  if (!shape || !editor.canEditShape(shape)) return
  editor.select(id)
  editor.setEditingShape(id)
  editor.setCurrentTool('select.editing_shape', { target: 'shape', shape })
}

/** Adds a card in the middle of the screen and starts editing it: the quickest way to a card. */
export function createCardAtViewportCenter(editor: Editor, type: CardShapeType): TLShapeId | null {
  const id = createCardAt(editor, type, editor.getViewportPageBounds().center)
  if (id) startEditingCard(editor, id)
  return id
}

/**
 * The tool of one card kind: click on the canvas to place a card there (centred on the pointer),
 * then type into it. With the tool lock on, the tool stays active for the next card. On a phone,
 * where a card is a few pixels tall until zoomed in, the card's details sheet opens instead, with
 * a proper field for each value.
 */
function createCardTool(kind: CardKind): TLStateNodeConstructor {
  return class CardTool extends ClickTool {
    static override id = kind.type
    override shapeType = kind.type

    protected override onClickAt(point: VecLike) {
      const id = createCardAt(this.editor, kind.type, point)
      if (!id) return
      if (this.editor.getInstanceState().isToolLocked) {
        this.editor.select(id)
      } else if (getScreenLayout() === 'phone') {
        this.editor.setCurrentTool('select')
        this.editor.select(id)
        useUiStore.getState().setCardSheet(id)
      } else {
        startEditingCard(this.editor, id)
      }
    }

    override onCancel() {
      this.editor.setCurrentTool('select')
    }
  }
}

/** Our tools, one per card kind; pass to `<Tldraw tools={cardTools}>`. */
export const cardTools: readonly TLStateNodeConstructor[] = cardKinds.map(createCardTool)

/** Toolbar icon of a card kind (tldraw's `TLUiIconJsx`: an element it can clone). */
export function CardToolIcon({ type }: { type: CardShapeType }) {
  return (
    <div className={`icp-tool-icon icp-tool-icon--${type}`}>
      <Glyph name={type} size={18} strokeWidth={2} />
    </div>
  )
}

/** Translation key of a card tool's label, and of its "add in the middle" action. */
const toolLabelKey = (kind: CardKind) => `tool.${kind.type}`
const addLabelKey = (kind: CardKind) => `action.add-${kind.type}`

/** `Pain point` -> `pain point`; acronyms (`ICP statement`) stay as they are. */
function lowerFirst(text: string): string {
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1)
}

/** Id of the action that adds a card of `type` in the middle of the screen. */
export const addCardActionId = (type: CardShapeType) => `add-${type}`

/**
 * Toolbar items (with keyboard shortcuts and drag-from-toolbar) for the card tools, plus one
 * action per kind that drops a card in the middle of the screen. Pass to
 * `<Tldraw overrides={cardUiOverrides}>`; `CardToolbar` shows the items.
 */
export const cardUiOverrides: TLUiOverrides = {
  tools(editor, tools: TLUiToolsContextType) {
    for (const kind of cardKinds) {
      tools[kind.type] = {
        id: kind.type,
        label: toolLabelKey(kind),
        icon: <CardToolIcon type={kind.type} />,
        kbd: kind.toolKbd,
        onSelect() {
          editor.setCurrentTool(kind.type)
        },
        onDragStart(_source, info) {
          onDragFromToolbarToCreateShape(editor, info, {
            createShape: (id) => editor.createShape({ id, type: kind.type }),
            onDragEnd: (id) => {
              settleNewCard(editor, id)
              startEditingCard(editor, id)
            },
          })
        },
      }
    }
    return tools
  },
  actions(editor, actions: TLUiActionsContextType) {
    for (const kind of cardKinds) {
      const id = addCardActionId(kind.type)
      actions[id] = {
        id,
        label: addLabelKey(kind),
        kbd: kind.addKbd,
        onSelect() {
          createCardAtViewportCenter(editor, kind.type)
        },
      }
    }
    return actions
  },
  translations: {
    en: Object.fromEntries(
      cardKinds.flatMap((kind) => [
        [toolLabelKey(kind), kind.name],
        [addLabelKey(kind), `Add ${lowerFirst(kind.name)} card in the middle`],
      ]),
    ),
  },
}
