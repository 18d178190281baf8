import { useCallback, useMemo } from 'react'
import { computed, useEditor, type Computed, type Editor } from 'tldraw'
import { existenceField, fieldKey, recordsArrayName } from '../../shared/docLayout'
import { readEntry } from '../../shared/keyValueEntries'
import { tallyReactions, type ReactionCount } from '../../shared/workshop/reactionTally'
import type { ReactionKind } from '../../shared/workshop/workshopLayout'
import { useBoard, useMyRole } from '../board/boardContext'
import { canComment } from '../comments/commentTool'
import { useMentionPeople } from '../comments/useComments'
import { isCardShapeType } from '../shapes/cardKinds'
import { useUiStore } from '../state/uiStore'
import { boardReactionsOf, type BoardReactions } from './boardReactions'

/** The open board's reactions. */
export function useBoardReactions(): BoardReactions {
  const { connection } = useBoard()
  return boardReactionsOf(connection.doc)
}

/** True when the local person may react (commenters and up, as for comments). */
export function useCanReact(): boolean {
  return canComment(useMyRole())
}

/** The local person's participant id (whose reactions are "mine"). */
export function useSelfId(): string {
  return useUiStore((state) => state.identity.id)
}

/**
 * The reactions of every card of the editor's board, by shape id, as a signal that recomputes only
 * when reactions or cards change (not when the camera moves). Cards that are gone are skipped.
 */
export function useReactionTally(): Computed<Map<string, ReactionCount[]>> {
  const editor = useEditor()
  const reactions = useBoardReactions()
  const selfId = useSelfId()
  return useMemo(() => tallyOf(editor, reactions, selfId), [editor, reactions, selfId])
}

function tallyOf(editor: Editor, reactions: BoardReactions, selfId: string) {
  return computed('reaction tally', () => {
    const isCard = (shapeId: string) => {
      const shape = editor.getShape(shapeId as Parameters<Editor['getShape']>[0])
      return shape !== undefined && isCardShapeType(shape.type)
    }
    return tallyReactions(reactions.$reactions.get(), selfId, isCard)
  })
}

/**
 * Whether a card is one of the local person's private-brainstorm cards (in their private doc, not
 * on the board yet): nobody else has it, and the server would drop a reaction on it, so it takes
 * none until the facilitator reveals it.
 */
export function useIsPrivateCard(): (shapeId: string) => boolean {
  const { connection } = useBoard()
  return useCallback(
    (shapeId: string) => {
      // Absent where a board is shown without a server (component tests).
      const privateDoc = connection.privateDoc as typeof connection.privateDoc | undefined
      if (!privateDoc) return false
      const existence = fieldKey(shapeId, existenceField)
      return readEntry(privateDoc.getArray(recordsArrayName), existence) !== undefined
    },
    [connection],
  )
}

/** Names of everyone who has been on the board, by participant id. */
export function usePeopleNames(): ReadonlyMap<string, string> {
  const people = useMentionPeople()
  return useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people])
}

/**
 * Adds the local person's reaction of a kind to a card or takes it back; returns why it could
 * not be added (the board's caps), or null.
 */
export function useToggleReaction(): (shapeId: string, kind: ReactionKind) => string | null {
  const reactions = useBoardReactions()
  const selfId = useSelfId()
  return useCallback(
    (shapeId: string, kind: ReactionKind) => reactions.toggle(shapeId, kind, selfId),
    [reactions, selfId],
  )
}
