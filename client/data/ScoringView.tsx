import { Fragment, useMemo, useState } from 'react'
import { useValue } from 'tldraw'
import type { IcpDocument } from '../../shared/compile/icpDocument'
import type { Dataset } from '../../shared/data/dataset'
import {
  describeScore,
  scoreAccounts,
  type AccountScore,
  type ScoringResult,
} from '../../shared/data/scoreAccounts'
import { accountName, scoresToCsv } from '../../shared/data/scoresToCsv'
import {
  buildScoringRules,
  scoringExplanation,
  tierMeanings,
  tiers,
  type ScoringRules,
  type Tier,
} from '../../shared/data/scoringRules'
import { IcpPicker, useSelectedIcp } from '../board/IcpPicker'
import { downloadFile, slugify } from '../board/download'
import { deleteDataset, scoringRulesUrl } from './dataApi'
import { DatasetSummary, DropZone, ShowMoreButton, type ImportStarter } from './dataPanelParts'
import { $datasetEntries, $datasetErrors } from './dataState'
import { formatCount, formatShare } from './formatCount'
import type { DataAccess } from './useDataAccess'
import { errorText } from '../lib/errorText'

type SortKey = 'rank' | 'name' | 'score' | 'tier'

const pageSize = 200

const tierShortLabels: Readonly<Record<Tier, string>> = {
  A: 'Ideal fit',
  B: 'Good fit',
  C: 'Partial fit',
  D: 'Poor fit or out',
}

const sortLabels: Readonly<Record<SortKey, string>> = {
  rank: '#',
  name: 'Account',
  score: 'Fit score',
  tier: 'Tier',
}

/**
 * Step 5: the uploaded accounts or leads scored against the compiled ICP, live (a change on the
 * board re-scores them): tier counts, a sortable table with the reasons per account, the scores
 * as CSV and the rules as JSON for the CRM. Scoring runs here with the same pure code as the
 * `POST /score` API.
 */
export function ScoringView({
  access,
  starter,
  accounts,
}: {
  access: DataAccess
  starter: ImportStarter
  accounts: Dataset | null
}) {
  const entry = useValue('accounts entry', () => $datasetEntries.get().get('accounts'), [])
  const error = useValue('accounts error', () => $datasetErrors.get().accounts, [])
  const icp = useSelectedIcp()
  const [removeError, setRemoveError] = useState<string | null>(null)

  const picker = (
    <IcpPicker label="Score against" className="data-field" selectClassName="data-select" />
  )

  if (!entry) {
    return (
      <div className="data-view">
        {picker}
        <DropZone
          kind="accounts"
          title="Score accounts against the ICP"
          detail="Upload a list of target accounts or leads (CSV). Must-haves and disqualifiers gate, nice-to-haves and votes add points: every account gets a fit score from 0 to 100 and a tier."
          sampleLabel="Try it with 200 sample leads"
          canEdit={access.canEdit}
          starter={starter}
        />
      </div>
    )
  }
  if (!accounts) {
    return (
      <p className="data-loading" role="status">
        {error ? `Could not load the accounts: ${error}` : 'Loading accounts…'}
      </p>
    )
  }
  return (
    <div className="data-view">
      <DatasetSummary
        meta={accounts.meta}
        noun="accounts"
        canEdit={access.canEdit}
        onReplace={(file) => starter.fromFile('accounts', file)}
        onRemove={() => {
          setRemoveError(null)
          deleteDataset(access.roomId, 'accounts', access.token).catch((caught: unknown) =>
            setRemoveError(errorText(caught)),
          )
        }}
      />
      {removeError && (
        <p className="form-error" role="alert">
          {removeError}
        </p>
      )}
      {picker}
      {icp ? (
        <ScoreTable access={access} icp={icp} accounts={accounts} />
      ) : (
        <p className="data-empty">
          Add attribute cards to the board: they are what accounts are scored on.
        </p>
      )}
    </div>
  )
}

function ScoreTable({
  access,
  icp,
  accounts,
}: {
  access: DataAccess
  icp: IcpDocument
  accounts: Dataset
}) {
  const [sort, setSort] = useState<{ key: SortKey; isDescending: boolean }>({
    key: 'rank',
    isDescending: false,
  })
  const [shown, setShown] = useState(pageSize)
  const [openRow, setOpenRow] = useState<number | null>(null)
  // The board recompiles on every edit (a card dragged too); score again only when the rules change.
  const rulesKey = JSON.stringify(buildScoringRules(icp, accounts.meta.fields))
  const { rules, result } = useMemo(() => {
    const rules = JSON.parse(rulesKey) as ScoringRules
    return { rules, result: scoreAccounts(rules, accounts.meta.fields, accounts.rows) }
  }, [rulesKey, accounts])
  const rows = useMemo(() => {
    const pairs = result.scores.map((score, index) => ({
      score,
      row: accounts.rows[index]!,
      name: accountName(accounts.rows[index]!),
    }))
    const direction = sort.isDescending ? -1 : 1
    const compare = {
      rank: (a: (typeof pairs)[number], b: (typeof pairs)[number]) => a.score.rank - b.score.rank,
      score: (a: (typeof pairs)[number], b: (typeof pairs)[number]) =>
        a.score.score - b.score.score,
      tier: (a: (typeof pairs)[number], b: (typeof pairs)[number]) =>
        tiers.indexOf(a.score.tier) - tiers.indexOf(b.score.tier),
      name: (a: (typeof pairs)[number], b: (typeof pairs)[number]) => a.name.localeCompare(b.name),
    }[sort.key]
    return pairs.sort((a, b) => direction * compare(a, b) || a.score.row - b.score.row)
  }, [result, accounts, sort])
  const scorable = rules.rules.filter((rule) => rule.isScorable && rule.effect !== 'disqualify')
  const boardName = slugify(icp.name, 'icp')

  const header = (key: SortKey) => {
    const isActive = sort.key === key
    return (
      <th
        scope="col"
        className={`score-table__${key}`}
        aria-sort={isActive ? (sort.isDescending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          onClick={() =>
            setSort({
              key,
              isDescending: isActive ? !sort.isDescending : key === 'score',
            })
          }
        >
          {sortLabels[key]}
          <span className="score-table__arrow" aria-hidden>
            {isActive ? (sort.isDescending ? '▾' : '▴') : ''}
          </span>
        </button>
      </th>
    )
  }

  return (
    <>
      <section className="tier-tiles" aria-label="Accounts per tier">
        {tiers.map((tier) => (
          <div key={tier} className={`tier-tile tier-tile--${tier}`} title={tierMeanings[tier]}>
            <span className="tier-tile__tier">{tier}</span>
            <span className="tier-tile__count">{formatCount(result.tierCounts[tier])}</span>
            <span className="tier-tile__meaning">{tierShortLabels[tier]}</span>
          </div>
        ))}
      </section>
      {result.warnings.length > 0 && (
        <ul className="data-warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <RuleStatsTable rules={rules} result={result} accountCount={accounts.rows.length} />
      <div className="score-table__wrap">
        <table className="score-table">
          <thead>
            <tr>
              {header('rank')}
              {header('name')}
              {header('score')}
              {header('tier')}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map(({ score, row, name }) => {
              const isOpen = openRow === score.row
              return (
                <Fragment key={score.row}>
                  <tr
                    className={`score-table__row${score.isDisqualified ? ' is-disqualified' : ''}${isOpen ? ' is-open' : ''}`}
                    onClick={() => setOpenRow(isOpen ? null : score.row)}
                  >
                    <td className="score-table__rank">{score.rank}</td>
                    <td className="score-table__name">
                      <button
                        type="button"
                        className="score-table__toggle"
                        aria-expanded={isOpen}
                        title={name}
                      >
                        {name}
                      </button>
                      <span className="score-table__why">
                        {whyLine(score, scorable.length, rules, row, accounts)}
                      </span>
                    </td>
                    <td className="score-table__score">
                      <span className="score-meter" aria-hidden>
                        <span style={{ width: `${score.score}%` }} />
                      </span>
                      <span>{score.score}</span>
                    </td>
                    <td>
                      <span className={`tier-pill tier-pill--${score.tier}`}>{score.tier}</span>
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="score-table__details">
                      <td colSpan={4}>
                        <ScoreDetails score={score} rules={rules} row={row} accounts={accounts} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              )
            })}
          </tbody>
        </table>
      </div>
      <ShowMoreButton total={rows.length} shown={shown} pageSize={pageSize} onShowMore={setShown} />
      <div className="data-exports">
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() =>
            downloadFile(
              `${boardName}-scored-accounts.csv`,
              scoresToCsv(result, rules, accounts.meta.fields, accounts.rows),
              'text/csv;charset=utf-8',
            )
          }
        >
          Download scores (CSV)
        </button>
        <a
          className="button button--small"
          href={scoringRulesUrl(access.roomId, icp.id, access.token)}
          download
        >
          Scoring rules (JSON)
        </a>
      </div>
      <details className="data-explain">
        <summary>How the fit score works</summary>
        <ul>
          {scoringExplanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="muted">
          {scorable.length} of {rules.rules.length} rules of “{icp.name}” are scored against these
          columns; {rules.pointsPossible} points possible.
        </p>
      </details>
    </>
  )
}

function points(count: number): string {
  return `${count} ${count === 1 ? 'pt' : 'pts'}`
}

/**
 * Every rule with what it does to these accounts: the share it disqualifies (flagged past 90%,
 * so a misread value cannot zero a file unnoticed) and how many fit.
 */
function RuleStatsTable({
  rules,
  result,
  accountCount,
}: {
  rules: ScoringRules
  result: ScoringResult
  accountCount: number
}) {
  return (
    <details className="rule-stats" open={result.ruleStats.some((stats) => stats.isFlagged)}>
      <summary>Rules and what they do to these {formatCount(accountCount)} accounts</summary>
      <table className="rule-stats__table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Fits</th>
            <th scope="col">Rules out</th>
          </tr>
        </thead>
        <tbody>
          {rules.rules.map((rule, index) => {
            const stats = result.ruleStats[index]!
            const effect =
              rule.effect === 'disqualify'
                ? 'disqualifier'
                : rule.effect === 'gate'
                  ? `must-have · ${points(rule.points)}`
                  : `nice-to-have · ${points(rule.points)}`
            return (
              <tr key={rule.id} className={stats.isFlagged ? 'is-flagged' : undefined}>
                <td>
                  <strong>{rule.label}</strong>: {rule.display}{' '}
                  <span className="muted">({effect})</span>
                  <span className="rule-stats__reading">
                    {rule.isScorable ? `read as ${rule.reading}` : rule.explanation}
                  </span>
                </td>
                <td className="rule-stats__number">
                  {rule.isScorable ? formatCount(stats.matched) : '–'}
                </td>
                <td className="rule-stats__number" data-testid="rule-disqualified-share">
                  {rule.isScorable && rule.effect !== 'points'
                    ? `${stats.isFlagged ? '⚠ ' : ''}${formatShare(stats.disqualifiedShare)}`
                    : '–'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </details>
  )
}

function whyLine(
  score: AccountScore,
  scorableCount: number,
  rules: ReturnType<typeof buildScoringRules>,
  row: Dataset['rows'][number],
  accounts: Dataset,
): string {
  if (score.isDisqualified) {
    const [first] = describeScore(score, rules, {
      row,
      fields: accounts.meta.fields,
    }).disqualifiedBy
    return `Disqualified: ${first ?? ''}`
  }
  const unknown = score.unknown.filter(
    (index) => rules.rules[index]!.effect !== 'disqualify',
  ).length
  return `${score.matched.length} of ${scorableCount} attributes fit${unknown > 0 ? `, ${unknown} unknown` : ''}`
}

function ScoreDetails({
  score,
  rules,
  row,
  accounts,
}: {
  score: AccountScore
  rules: ReturnType<typeof buildScoringRules>
  row: Dataset['rows'][number]
  accounts: Dataset
}) {
  const words = describeScore(score, rules, { row, fields: accounts.meta.fields })
  const groups: { title: string; items: string[]; className: string }[] = [
    { title: 'Disqualified by', items: words.disqualifiedBy, className: 'is-bad' },
    { title: 'Fits', items: words.matched, className: 'is-good' },
    { title: 'Does not fit', items: words.missed, className: 'is-miss' },
    { title: 'Unknown (blank in the file)', items: words.unknown, className: 'is-unknown' },
  ]
  return (
    <div className="score-details">
      {groups
        .filter((group) => group.items.length > 0)
        .map((group) => (
          <div key={group.title} className={`score-details__group ${group.className}`}>
            <span className="score-details__title">{group.title}</span>
            <ul>
              {group.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        ))}
      <p className="muted score-details__points">
        {score.pointsEarned} of {rules.pointsPossible} points · {tierMeanings[score.tier as Tier]}
      </p>
    </div>
  )
}
