import { useEffect, useMemo, useState } from 'react'
import { useValue } from 'tldraw'
import { useShallow } from 'zustand/react/shallow'
import type { DatasetKind } from '../../shared/data/dataFields'
import { useBoard, useBoardModel } from '../board/boardContext'
import { useUiStore } from '../state/uiStore'
import { sidePanelDomId } from '../state/panelsSlice'
import { CommonalitiesView } from './CommonalitiesView'
import { CustomersView } from './CustomersView'
import { uploadDataset } from './dataApi'
import { dataTabs, type DataTab } from './dataPanelSlice'
import {
  loadSample,
  readImportFile,
  type ImportStarter,
  type PendingImport,
} from './dataPanelParts'
import { startDataSync } from './dataSync'
import { ImportDialog } from './ImportDialog'
import { ScoringView } from './ScoringView'
import { boardToken, useDataAccess } from './useDataAccess'
import { useDataState } from './useDataState'
import { errorText } from '../lib/errorText'
import { SidePanel } from '../ui/SidePanel'
import { useTabs } from '../ui/useTabs'
import './data.css'

const tabLabels: Readonly<Record<DataTab, string>> = {
  customers: 'Best customers',
  commonalities: 'What they share',
  scoring: 'Score accounts',
}

/**
 * Keeps the board's customer data in sync (always, so cards show their evidence) and shows the
 * data panel when it is open. Rendered inside <Tldraw>.
 */
export function CustomerDataLayer() {
  const { connection, roomId } = useBoard()
  const model = useBoardModel()
  useEffect(
    () =>
      startDataSync({
        data: model.data,
        doc: connection.doc,
        roomId,
        getToken: () => boardToken(roomId),
      }),
    [connection, roomId, model],
  )
  const isOpen = useUiStore((state) => state.openPanel === 'data')
  return isOpen ? <DataPanel /> : null
}

/**
 * The customer data panel (a side panel): step 1 import customers and choose the best, step 2 what
 * the best share (findings become cards), step 5 score accounts against the ICP.
 */
export function DataPanel() {
  const access = useDataAccess()
  const { tab, setTab, close } = useUiStore(
    useShallow((state) => ({
      tab: state.dataTab,
      setTab: state.setDataTab,
      close: state.closePanel,
    })),
  )
  const datasets = useValue(useDataState().$datasets)
  const tabs = useTabs(dataTabs, tab, setTab)
  const [pending, setPending] = useState<PendingImport | null>(null)
  const [startError, setStartError] = useState<string | null>(null)

  const starter: ImportStarter = useMemo(
    () => ({
      fromFile: (kind: DatasetKind, file: File) => {
        setStartError(null)
        readImportFile(file).then(
          (text) => setPending({ kind, fileName: file.name, text }),
          (error: unknown) => setStartError(errorText(error)),
        )
      },
      fromSample: (kind: DatasetKind) => {
        setStartError(null)
        loadSample(kind).then(setPending, (error: unknown) => setStartError(errorText(error)))
      },
    }),
    [],
  )

  return (
    <SidePanel
      id={sidePanelDomId('data')}
      title="Customer data"
      className="data-panel"
      closeLabel="Close customer data"
      onClose={() => close('data')}
      icon={
        <span className="data-panel__icon">
          <svg viewBox="0 0 20 20">
            <path d="M3 16V9M8 16V5M13 16v-5M18 16V3" />
          </svg>
        </span>
      }
    >
      <div className="data-tabs" role="tablist" aria-label="Steps">
        {dataTabs.map((key) => (
          <button key={key} type="button" className="data-tabs__tab" {...tabs.tabProps(key)}>
            {tabLabels[key]}
          </button>
        ))}
      </div>
      <div className="data-panel__body" {...tabs.panelProps}>
        {startError && (
          <p className="form-error" role="alert">
            {startError}
          </p>
        )}
        {tab === 'customers' && (
          <CustomersView access={access} starter={starter} customers={datasets.customers} />
        )}
        {tab === 'commonalities' && (
          <CommonalitiesView access={access} onGoToCustomers={() => setTab('customers')} />
        )}
        {tab === 'scoring' && (
          <ScoringView access={access} starter={starter} accounts={datasets.accounts} />
        )}
      </div>
      {pending && (
        <ImportDialog
          key={`${pending.kind}:${pending.fileName}`}
          kind={pending.kind}
          fileName={pending.fileName}
          text={pending.text}
          onCancel={() => setPending(null)}
          onImport={async (mapping) => {
            await uploadDataset(
              access.roomId,
              pending.kind,
              {
                fileName: pending.fileName,
                csv: pending.text,
                mapping,
                importedBy: access.userName,
              },
              access.token,
            )
            setPending(null)
          }}
        />
      )}
    </SidePanel>
  )
}
