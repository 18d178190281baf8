import { atom, computed, type Atom, type Computed, type Signal } from 'tldraw'
import {
  allAttributes,
  type BoardCompilation,
  type IcpDocument,
  type IcpWarning,
} from '../../shared/compile/icpDocument'
import { selectBestCustomers, type BestCustomerSelection } from '../../shared/data/bestCustomers'
import type { BestCustomersEntry, DatasetEntry } from '../../shared/data/dataEntries'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { Dataset } from '../../shared/data/dataset'
import { findCommonalities, type Commonalities } from '../../shared/data/findCommonalities'
import {
  checkValuesAgainstData,
  type CardMeasurer,
  type IcpCard,
} from '../../shared/data/checkValuesAgainstData'
import {
  disqualifiedRows,
  measureAttribute,
  measureDisqualifier,
  type AttributeEvidence,
} from '../../shared/data/measureAttribute'
import { disqualifyingShareLimit } from '../../shared/data/scoringRules'

/**
 * One board's customer and account data as this browser knows it: tldraw signals, so cards and
 * panels re-render only when what they read changes. Owned by the board's model (see
 * client/board/boardModel.ts) and filled by `startDataSync`; board content never goes into the
 * zustand UI store.
 */
export class DataState {
  /** What the `data` root of the Y.Doc announces, by kind. */
  readonly $datasetEntries: Atom<ReadonlyMap<DatasetKind, DatasetEntry>> = atom(
    'dataset entries',
    new Map(),
  )

  /** The fetched data sets (null until fetched, or when the board has none). */
  readonly $datasets: Atom<Readonly<Record<DatasetKind, Dataset | null>>> = atom('datasets', {
    customers: null,
    accounts: null,
  })

  /** A fetch that failed, by kind, in words. */
  readonly $datasetErrors: Atom<Readonly<Partial<Record<DatasetKind, string>>>> = atom(
    'dataset errors',
    {},
  )

  /** The shared best-customer settings from the Y.Doc. */
  readonly $bestCustomersEntry: Atom<BestCustomersEntry | null> = atom('best customers entry', null)

  /**
   * This browser's change not yet echoed by the server: shown at once, dropped when the doc has
   * caught up (a revision at least as high) or the request failed.
   */
  readonly $pendingBestCustomers: Atom<BestCustomersEntry | null> = atom(
    'pending best customers',
    null,
  )

  /** The settings in effect here: the pending change, else the shared entry. */
  readonly $effectiveBestCustomers: Computed<BestCustomersEntry | null> = computed(
    'effective best customers',
    () => {
      const shared = this.$bestCustomersEntry.get()
      const pending = this.$pendingBestCustomers.get()
      if (pending && (!shared || shared.revision < pending.revision)) return pending
      return shared
    },
  )

  /** The customer data. */
  readonly $customers: Computed<Dataset | null> = computed(
    'customers',
    () => this.$datasets.get().customers,
  )

  /** The best customers under the effective settings, or null without customer data. */
  readonly $bestSelection: Computed<BestCustomerSelection | null> = computed(
    'best selection',
    () => {
      const customers = this.$customers.get()
      const entry = this.$effectiveBestCustomers.get()
      if (!customers || !entry) return null
      return selectBestCustomers(customers, entry)
    },
  )

  /** What the best customers share, or null without a selection. */
  readonly $commonalities: Computed<Commonalities | null> = computed('commonalities', () => {
    const customers = this.$customers.get()
    const selection = this.$bestSelection.get()
    const entry = this.$effectiveBestCustomers.get()
    if (!customers || !selection || !entry) return null
    return findCommonalities(customers, selection.best, describeBestCustomers(selection, entry))
  })

  /** The accounts data, when fetched. */
  readonly $accounts: Computed<Dataset | null> = computed(
    'accounts',
    () => this.$datasets.get().accounts,
  )

  /** Data of every attribute and disqualifier card of the board, by shape id. */
  readonly $cardData: Computed<ReadonlyMap<string, CardData>>

  /** Health warnings the loaded data gives, by ICP id (values that fit no row). */
  readonly $dataWarnings: Computed<ReadonlyMap<string, IcpWarning[]>>

  /**
   * A `CardMeasurer` that remembers results per card content while the data and the best
   * customers stay the same, so typing on one card re-measures that card only.
   */
  private readonly $measurer: Computed<CardMeasurer>

  /** `$compilation`: the board's compiled ICPs, whose cards the data measures. */
  constructor($compilation: Signal<BoardCompilation>) {
    let cacheFor: { customers: Dataset | null; accounts: Dataset | null; best: unknown } | null =
      null
    let cache = new Map<string, AttributeEvidence>()
    this.$measurer = computed('card measurer', () => {
      const customers = this.$customers.get()
      const accounts = this.$accounts.get()
      const best = this.$bestSelection.get()?.best ?? null
      if (
        cacheFor?.customers !== customers ||
        cacheFor.accounts !== accounts ||
        cacheFor.best !== best
      ) {
        cacheFor = { customers, accounts, best }
        cache = new Map()
      }
      const bestRows: ReadonlySet<number> = best ?? new Set()
      return (kind, card) => {
        const dataset = kind === 'customers' ? customers : accounts
        if (!dataset) return null
        const key = `${kind}\u0000${cardKey(card)}`
        let evidence = cache.get(key)
        if (!evidence) {
          const rows = kind === 'customers' ? bestRows : new Set<number>()
          evidence =
            card.type === 'attribute'
              ? measureAttribute(dataset, rows, card)
              : measureDisqualifier(dataset, rows, card)
          cache.set(key, evidence)
        }
        return evidence
      }
    })
    this.$cardData = computed('card data', () => {
      const measure = this.$measurer.get()
      const result = new Map<string, CardData>()
      // Customer evidence needs the best customers chosen; accounts only need the file.
      const hasCustomers = this.$bestSelection.get() !== null
      for (const icp of $compilation.get().icps) {
        for (const card of cardsOf(icp)) {
          const customers = hasCustomers ? measure('customers', card) : null
          const accounts = measure('accounts', card)
          const effect = card.type === 'attribute' ? card.importance : 'disqualifier'
          const count = accounts ? disqualifiedRows(accounts, effect) : null
          const total = accounts?.status === 'measured' ? accounts.overall.total : 0
          const share = count === null || total === 0 ? 0 : count / total
          result.set(card.shapeId, {
            customers,
            accounts,
            disqualified:
              count === null
                ? null
                : { count, total, share, isFlagged: share > disqualifyingShareLimit },
          })
        }
      }
      return result
    })
    this.$dataWarnings = computed('data warnings', () => {
      const measure = this.$measurer.get()
      const hasCustomers = this.$bestSelection.get() !== null
      const onlyLoaded: CardMeasurer = (kind, card) =>
        kind === 'customers' && !hasCustomers ? null : measure(kind, card)
      return new Map(
        $compilation.get().icps.map((icp) => [icp.id, checkValuesAgainstData(icp, onlyLoaded)]),
      )
    })
  }

  /** Forgets everything (leaving a board). */
  reset(): void {
    this.$datasetEntries.set(new Map())
    this.$datasets.set({ customers: null, accounts: null })
    this.$datasetErrors.set({})
    this.$bestCustomersEntry.set(null)
    this.$pendingBestCustomers.set(null)
  }
}

/** `the top 50 by CLV`, `the 84 customers passing the rule`, `the 49 best customers` (ticked by hand). */
export function describeBestCustomers(
  selection: BestCustomerSelection,
  entry: BestCustomersEntry,
): string {
  const count = selection.best.size
  const isUntouched = selection.best.size === selection.base.size && entry.included.length === 0
  if (isUntouched && entry.mode === 'top' && selection.valueField) {
    return `the top ${count} by ${shortFieldLabel(selection.valueField.label)}`
  }
  if (isUntouched && entry.mode === 'rule') return `the ${count} customers passing the rule`
  return `the ${count} best customers`
}

/** `Lifetime value (CLV)` -> `CLV`, `Sales cycle (days)` -> `sales cycle`, `NPS (0-10)` -> `NPS`. */
export function shortFieldLabel(label: string): string {
  const inBrackets = /\(([^)]+)\)/.exec(label)?.[1]
  if (inBrackets && /^[A-Z]{2,}$/.test(inBrackets)) return inBrackets
  const bare = label.replace(/\s*\([^)]*\)/, '').trim()
  return /^[A-Z]{2,}$/.test(bare) ? bare : bare.charAt(0).toLowerCase() + bare.slice(1)
}

/** What the loaded data says about one attribute or disqualifier card. */
export interface CardData {
  /** Best customers and all customers fitting it; null without customer data. */
  customers: AttributeEvidence | null
  /** Accounts fitting it; null without account data. */
  accounts: AttributeEvidence | null
  /** Accounts it disqualifies when scoring (must-have misses, disqualifier fits), if any. */
  disqualified: { count: number; total: number; share: number; isFlagged: boolean } | null
}

function cardKey(card: IcpCard): string {
  return card.type === 'attribute'
    ? `a\u0000${card.category}\u0000${card.label}\u0000${JSON.stringify(card.parsed)}`
    : `d\u0000${card.kind}\u0000${JSON.stringify(card.parsed)}`
}

function cardsOf(icp: IcpDocument): IcpCard[] {
  return [
    ...allAttributes(icp).map((attribute) => ({ type: 'attribute' as const, ...attribute })),
    ...icp.disqualifiers.map((disqualifier) => ({
      type: 'disqualifier' as const,
      ...disqualifier,
    })),
  ]
}
