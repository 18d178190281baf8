import { useState } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import type { ReactionCount } from '../../shared/workshop/reactionTally'
import type { ReactionKind } from '../../shared/workshop/workshopLayout'
import { cardLabel } from '../facilitation/votingCards'
import { isCardShapeType } from '../shapes/cardKinds'
import { ReactionChips, ReactionSummary } from './ReactionChips'
import { ReactionPicker } from './ReactionPicker'
import {
  useCanReact,
  useIsPrivateCard,
  usePeopleNames,
  useReactionTally,
  useSelfId,
  useToggleReaction,
} from './useReactions'
import { asSentence } from '../lib/errorText'
import './reactions.css'

/** A card's reactions as drawn: where its bottom-left corner is on screen, and the chips. */
interface CardSpot {
  shapeId: TLShapeId
  label: string
  x: number
  y: number
  /** The card's width on screen. */
  w: number
  counts: ReactionCount[]
  /** The hovered or selected card, which offers "add a reaction". */
  isFocused: boolean
}

/** Below this width on screen a card shows one summary of its reactions, not a chip each. */
const compactCardWidth = 150

/** Below this width on screen (zoomed very far out) a card shows no reactions at all. */
const minCardWidth = 56

/** No spots: one array, so a camera move over a board without reactions renders nothing again. */
const noSpots: CardSpot[] = []

/** How far from the card's left edge the chips start (screen px, the same at every zoom). */
const chipInset = 12

/**
 * Reactions on the canvas (`InFrontOfTheCanvas`): each card's chips hang under its bottom edge and
 * follow the camera; the hovered or selected card also has a button to add one. Zoomed out, a card
 * shows one summary (its reactions' pictures and their total) that selects it, so its panel says
 * more. Cards on other pages, off screen or hidden (private brainstorm) show none.
 */
export function CardReactions() {
  const editor = useEditor()
  const tally = useReactionTally()
  const canReact = useCanReact()
  const selfId = useSelfId()
  const names = usePeopleNames()
  const toggle = useToggleReaction()
  const isPrivateCard = useIsPrivateCard()
  const [pickerFor, setPickerFor] = useState<TLShapeId | null>(null)
  // A row the pointer or the focus is in stays, though tldraw no longer sees its card hovered.
  const [pointedRow, setPointedRow] = useState<TLShapeId | null>(null)
  const [focusedRow, setFocusedRow] = useState<TLShapeId | null>(null)
  const [problem, setProblem] = useState<{ shapeId: TLShapeId; text: string } | null>(null)

  const focusedId = useValue(
    'reaction focus',
    () => {
      if (!canReact) return null
      const hovered = editor.getHoveredShapeId()
      const selected = editor.getOnlySelectedShape()?.id ?? null
      const candidate = hovered ?? selected
      const shape = candidate && editor.getShape(candidate)
      return shape && isCardShapeType(shape.type) ? shape.id : selected
    },
    [editor, canReact],
  )

  const spots = useValue(
    'reaction spots',
    (): CardSpot[] => {
      const byCard = tally.get()
      const focus = new Set(
        [focusedId, pickerFor, pointedRow, focusedRow].filter((id): id is TLShapeId => id !== null),
      )
      const ids = new Set<string>([...byCard.keys(), ...focus])
      if (ids.size === 0) return noSpots
      const viewport = editor.getViewportPageBounds()
      const pageId = editor.getCurrentPageId()
      const zoom = editor.getZoomLevel()
      const result: CardSpot[] = []
      for (const id of ids) {
        const shapeId = id as TLShapeId
        const shape = editor.getShape(shapeId)
        if (!shape || !isCardShapeType(shape.type)) continue
        if (editor.getAncestorPageId(shape) !== pageId || editor.isShapeHidden(shape)) continue
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds || !viewport.collides(bounds) || bounds.w * zoom < minCardWidth) continue
        const corner = editor.pageToViewport({ x: bounds.minX, y: bounds.maxY })
        result.push({
          shapeId,
          label: cardLabel(shape),
          x: corner.x,
          y: corner.y,
          w: bounds.w * zoom,
          counts: byCard.get(id) ?? [],
          isFocused: focus.has(shapeId),
        })
      }
      return result.length > 0 ? result : noSpots
    },
    [editor, tally, focusedId, pickerFor, pointedRow, focusedRow],
  )

  const react = (shapeId: TLShapeId, kind: ReactionKind) => {
    const text = toggle(shapeId, kind)
    setProblem(text === null ? null : { shapeId, text })
  }

  return (
    <div className="card-reactions" role="group" aria-label="Reactions on the canvas">
      {spots.map((spot) => (
        <div
          key={spot.shapeId}
          className={`card-reactions__row${spot.isFocused ? ' is-focused' : ''}`}
          data-shape-id={spot.shapeId}
          style={{
            transform: `translate(${spot.x + chipInset}px, ${spot.y}px)`,
            maxWidth: spot.w - chipInset * 2,
            ['--card-reactions-card-width' as string]: `${spot.w}px`,
          }}
          onPointerEnter={() => setPointedRow(spot.shapeId)}
          onPointerLeave={() => setPointedRow((row) => (row === spot.shapeId ? null : row))}
          onFocus={() => setFocusedRow(spot.shapeId)}
          onBlur={(event) => {
            if (event.currentTarget.contains(event.relatedTarget)) return
            setFocusedRow((row) => (row === spot.shapeId ? null : row))
          }}
        >
          {spot.w < compactCardWidth ? (
            spot.counts.length > 0 && (
              <ReactionSummary
                counts={spot.counts}
                cardLabel={spot.label}
                onOpen={() => editor.select(spot.shapeId)}
              />
            )
          ) : (
            <>
              <ReactionChips
                counts={spot.counts}
                names={names}
                selfId={selfId}
                canReact={canReact}
                onToggle={(kind) => react(spot.shapeId, kind)}
                cardLabel={spot.label}
              />
              {canReact && spot.isFocused && !isPrivateCard(spot.shapeId) && (
                <ReactionPicker
                  mine={new Set(spot.counts.filter((count) => count.isMine).map((c) => c.reaction))}
                  onToggle={(kind) => react(spot.shapeId, kind)}
                  cardLabel={spot.label}
                  onOpenChange={(isOpen) => setPickerFor(isOpen ? spot.shapeId : null)}
                />
              )}
            </>
          )}
          {problem?.shapeId === spot.shapeId && (
            <p className="card-reactions__problem" role="alert">
              {asSentence(problem.text)}
            </p>
          )}
        </div>
      ))}
    </div>
  )
}
