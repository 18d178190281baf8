import { useValue, type TLShapeId } from 'tldraw'
import { useMaybeBoardModel } from '../board/boardContext'

/**
 * What a statement card shows once the board is compiled. An `IcpDocument` from shared/compile
 * fits as is (`statement`, `warnings`).
 */
export interface StatementView {
  statement: string
  warnings: readonly { severity: 'error' | 'warning' | 'info'; message: string }[]
}

/**
 * The compiled statement of one statement card (from the board's model), or undefined before the
 * first compile and outside a board.
 */
export function useStatementView(shapeId: TLShapeId): StatementView | undefined {
  const model = useMaybeBoardModel()
  return useValue('icp statement view', () => model?.$statementViews.get().get(shapeId), [
    model,
    shapeId,
  ])
}
