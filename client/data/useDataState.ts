import { useValue } from 'tldraw'
import type { AttributeEvidence } from '../../shared/data/measureAttribute'
import { useBoardModel, useMaybeBoardModel } from '../board/boardContext'
import type { DataState } from './dataState'

/** The open board's customer data. */
export function useDataState(): DataState {
  return useBoardModel().data
}

/** The evidence of one attribute card, or undefined without customer data (or a board). */
export function useAttributeEvidence(shapeId: string): AttributeEvidence | undefined {
  const model = useMaybeBoardModel()
  return useValue('attribute evidence', () => model?.data.$attributeEvidence.get().get(shapeId), [
    model,
    shapeId,
  ])
}
