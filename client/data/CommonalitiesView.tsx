import { useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { allAttributes, type IcpDocument } from '../../shared/compile/icpDocument'
import type { FieldCommonality, Finding } from '../../shared/data/findCommonalities'
import { useBoardModel } from '../board/boardContext'
import { revealShapes } from '../board/visibleArea'
import { useSelectedIcp } from '../board/IcpPicker'
import { addFindingCard } from './addFindingCard'
import { ChartLegend, RangeChart, ShareBarsChart } from './charts'
import { describeBestCustomers } from './dataState'
import { formatAmountShort } from './formatAmountShort'
import { formatCount } from './formatCount'
import type { DataAccess } from './useDataAccess'

function comparable(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ')
}

/** The attribute card already saying what a finding says (same category and value), if any. */
function cardFor(finding: Finding, icps: readonly IcpDocument[]): string | null {
  for (const icp of icps) {
    const match = allAttributes(icp).find(
      (attribute) =>
        attribute.category === finding.category &&
        comparable(attribute.value) === comparable(finding.value),
    )
    if (match) return match.shapeId
  }
  return null
}

/**
 * Step 2: what the best customers share, field by field, next to everyone: bars for categories
 * and tools, quartiles for numbers. Each clear difference is a finding; one click puts it on the
 * board as an attribute card with the numbers as its CRM evidence.
 */
export function CommonalitiesView({
  access,
  onGoToCustomers,
}: {
  access: DataAccess
  onGoToCustomers: () => void
}) {
  const model = useBoardModel()
  const commonalities = useValue(model.data.$commonalities)
  const selection = useValue(model.data.$bestSelection)
  const settings = useValue(model.data.$effectiveBestCustomers)
  const compilation = useValue(model.$compilation)
  const icp = useSelectedIcp()

  if (!commonalities || !selection || !settings) {
    return (
      <div className="data-empty">
        <p>Import customer data and choose the best customers first.</p>
        <button type="button" className="button button--small" onClick={onGoToCustomers}>
          Go to best customers
        </button>
      </div>
    )
  }
  if (commonalities.bestCount === 0) {
    return (
      <div className="data-empty">
        <p>No customer is marked as best yet.</p>
        <button type="button" className="button button--small" onClick={onGoToCustomers}>
          Choose best customers
        </button>
      </div>
    )
  }
  const bestLabel = describeBestCustomers(selection, settings)
  const findingCount = commonalities.fields.reduce((sum, field) => sum + field.findings.length, 0)
  return (
    <div className="data-view">
      <div className="data-intro">
        <p>
          What <strong>{bestLabel}</strong> have in common, compared with all{' '}
          {formatCount(commonalities.overallCount)} customers.{' '}
          {findingCount > 0
            ? `${findingCount} clear ${findingCount === 1 ? 'difference' : 'differences'}: add them to the board as attribute cards.`
            : 'No clear difference yet: try more best customers, or another value to rank by.'}
        </p>
        <ChartLegend bestLabel={bestLabel} />
      </div>
      {commonalities.fields.map((commonality) => (
        <FieldCard
          key={commonality.field.key}
          commonality={commonality}
          icps={compilation.icps}
          icp={icp}
          canEdit={access.canEdit}
        />
      ))}
    </div>
  )
}

function FieldCard({
  commonality,
  icps,
  icp,
  canEdit,
}: {
  commonality: FieldCommonality
  icps: readonly IcpDocument[]
  icp: IcpDocument | undefined
  canEdit: boolean
}) {
  const { field } = commonality
  const hasFindings = commonality.findings.length > 0
  return (
    <section className={`data-card finding-card${hasFindings ? ' has-findings' : ''}`}>
      <header className="finding-card__header">
        <h3 className="data-card__title">{field.label}</h3>
        {comparable(field.column) !== comparable(field.label) && (
          <span className="muted finding-card__column" title="Column in the file">
            {field.column}
          </span>
        )}
      </header>
      {commonality.findings.map((finding) => (
        <FindingRow key={finding.id} finding={finding} icps={icps} icp={icp} canEdit={canEdit} />
      ))}
      {commonality.kind === 'shares' ? (
        <ShareBarsChart bars={commonality.bars} />
      ) : commonality.best && commonality.overall ? (
        <>
          <RangeChart
            field={field}
            best={commonality.best}
            overall={commonality.overall}
            band={commonality.band}
          />
          <p className="finding-card__medians muted">
            Median{' '}
            <strong>
              {formatAmountShort(
                commonality.best.median,
                field.type === 'money' ? field.currency : null,
              )}
            </strong>{' '}
            vs{' '}
            {formatAmountShort(
              commonality.overall.median,
              field.type === 'money' ? field.currency : null,
            )}{' '}
            for all
          </p>
        </>
      ) : (
        <p className="muted">Not enough values to compare.</p>
      )}
    </section>
  )
}

function FindingRow({
  finding,
  icps,
  icp,
  canEdit,
}: {
  finding: Finding
  icps: readonly IcpDocument[]
  icp: IcpDocument | undefined
  canEdit: boolean
}) {
  const editor = useEditor()
  const [added, setAdded] = useState<string | null>(null)
  const existing = cardFor(finding, icps) ?? added
  return (
    <div className="finding">
      <p className="finding__headline">{finding.headline}</p>
      <div className="finding__actions">
        <span className="finding__value" title="The card's value">
          {finding.value}
        </span>
        {existing ? (
          <button
            type="button"
            className="button button--small finding__on-board"
            onClick={() => revealShapes(editor, [existing])}
          >
            ✓ On the board · Show
          </button>
        ) : (
          canEdit && (
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => setAdded(addFindingCard(editor, finding, icp))}
            >
              + Add card
            </button>
          )
        )}
      </div>
    </div>
  )
}
