import { useValue } from 'tldraw'
import type { IcpWarning } from '../../shared/compile/icpDocument'
import type { AttributeEvidence } from '../../shared/data/measureAttribute'
import { useBoardModel, useMaybeBoardModel } from '../board/boardContext'
import type { CardData, DataState } from './dataState'

/** The open board's customer data. */
export function useDataState(): DataState {
  return useBoardModel().data
}

/** The data of one card, or undefined when it is in no ICP (or outside a board). */
export function useCardData(shapeId: string): CardData | undefined {
  const model = useMaybeBoardModel()
  return useValue('card data', () => model?.data.$cardData.get().get(shapeId), [model, shapeId])
}

/** The evidence of one attribute card, or undefined without customer data (or a board). */
export function useAttributeEvidence(shapeId: string): AttributeEvidence | undefined {
  const model = useMaybeBoardModel()
  return useValue(
    'attribute evidence',
    () => model?.data.$cardData.get().get(shapeId)?.customers ?? undefined,
    [model, shapeId],
  )
}

/** The data warnings of one ICP (none without data). */
export function useDataWarnings(icpId: string): IcpWarning[] {
  const model = useMaybeBoardModel()
  return useValue('data warnings', () => model?.data.$dataWarnings.get().get(icpId) ?? noWarnings, [
    model,
    icpId,
  ])
}

const noWarnings: IcpWarning[] = []
