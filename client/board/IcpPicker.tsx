import { useValue } from 'tldraw'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import { useUiStore } from '../state/uiStore'
import { useBoardModel } from './boardContext'

/**
 * The ICP the person picked (shared by the ICP panel and the data steps), or the board's first
 * one when they have not picked or their pick is gone; undefined on a board without ICPs.
 */
export function useSelectedIcp(): IcpDocument | undefined {
  const { $compilation } = useBoardModel()
  const selectedIcpId = useUiStore((state) => state.selectedIcpId)
  return useValue(
    'selected icp',
    () => {
      const { icps } = $compilation.get()
      return icps.find((doc) => doc.id === selectedIcpId) ?? icps[0]
    },
    [$compilation, selectedIcpId],
  )
}

/** Chooses the selected ICP; shown only when the board has more than one. */
export function IcpPicker({
  label,
  className,
  selectClassName,
}: {
  label: string
  className: string
  selectClassName?: string
}) {
  const { $compilation } = useBoardModel()
  const icps = useValue('icps', () => $compilation.get().icps, [$compilation])
  const icp = useSelectedIcp()
  const selectIcp = useUiStore((state) => state.selectIcp)
  if (icps.length <= 1) return null
  return (
    <label className={className}>
      <span>{label}</span>
      <select
        className={selectClassName}
        value={icp?.id}
        onChange={(event) => selectIcp(event.currentTarget.value)}
      >
        {icps.map((doc) => (
          <option key={doc.id} value={doc.id}>
            {doc.name}
          </option>
        ))}
      </select>
    </label>
  )
}
