import { atom, useValue, type TLShapeId } from 'tldraw'

/**
 * What a statement card shows once the board is compiled. An `IcpDocument` from shared/compile
 * fits as is (`statement`, `warnings`), so the lead can pass compiled documents straight in.
 */
export interface StatementView {
  statement: string
  warnings: readonly { severity: 'error' | 'warning' | 'info'; message: string }[]
}

/**
 * Compiled statements by statement card id. The board sets it (see `setStatementViews`) whenever
 * it recompiles; cards read it reactively. A tldraw signal rather than React state, so a card
 * re-renders only when its own entry changes.
 */
export const $statementViews = atom<ReadonlyMap<string, StatementView>>(
  'icp statement views',
  new Map(),
)

/** Replaces every compiled statement, e.g. with `compile(board).icps` keyed by `statementShapeId`. */
export function setStatementViews(views: ReadonlyMap<string, StatementView>): void {
  $statementViews.set(views)
}

/** Forgets every compiled statement (e.g. when leaving a board). */
export function clearStatementViews(): void {
  $statementViews.set(new Map())
}

/** The compiled statement of one statement card, or undefined before the first compile. */
export function useStatementView(shapeId: TLShapeId): StatementView | undefined {
  return useValue('icp statement view', () => $statementViews.get().get(shapeId), [shapeId])
}
