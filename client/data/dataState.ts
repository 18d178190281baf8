import { atom, computed, useValue } from 'tldraw'
import { allAttributes, type IcpDocument, type IcpWarning } from '../../shared/compile/icpDocument'
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
import { $compilation } from '../board/boardCompiler'

/**
 * The board's customer and account data as this browser knows it: tldraw signals, so cards and
 * panels re-render only when what they read changes. Filled by `startDataSync`; board content
 * never goes into the zustand UI store.
 */

/** What the `data` root of the Y.Doc announces, by kind. */
export const $datasetEntries = atom<ReadonlyMap<DatasetKind, DatasetEntry>>(
  'dataset entries',
  new Map(),
)

/** The fetched data sets (null until fetched, or when the board has none). */
export const $datasets = atom<Readonly<Record<DatasetKind, Dataset | null>>>('datasets', {
  customers: null,
  accounts: null,
})

/** A fetch that failed, by kind, in words. */
export const $datasetErrors = atom<Readonly<Partial<Record<DatasetKind, string>>>>(
  'dataset errors',
  {},
)

/** The shared best-customer settings from the Y.Doc. */
export const $bestCustomersEntry = atom<BestCustomersEntry | null>('best customers entry', null)

/**
 * This browser's change not yet echoed by the server: shown at once, dropped when the doc has
 * caught up (a revision at least as high) or the request failed.
 */
export const $pendingBestCustomers = atom<BestCustomersEntry | null>('pending best customers', null)

/** The settings in effect here: the pending change, else the shared entry. */
export const $effectiveBestCustomers = computed<BestCustomersEntry | null>(
  'effective best customers',
  () => {
    const shared = $bestCustomersEntry.get()
    const pending = $pendingBestCustomers.get()
    if (pending && (!shared || shared.revision < pending.revision)) return pending
    return shared
  },
)

/** The customer data, when it is the file the settings belong to. */
export const $customers = computed<Dataset | null>('customers', () => $datasets.get().customers)

/** The best customers under the effective settings, or null without customer data. */
export const $bestSelection = computed<BestCustomerSelection | null>('best selection', () => {
  const customers = $customers.get()
  const entry = $effectiveBestCustomers.get()
  if (!customers || !entry) return null
  return selectBestCustomers(customers, entry)
})

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

/** What the best customers share, or null without a selection. */
export const $commonalities = computed<Commonalities | null>('commonalities', () => {
  const customers = $customers.get()
  const selection = $bestSelection.get()
  const entry = $effectiveBestCustomers.get()
  if (!customers || !selection || !entry) return null
  return findCommonalities(customers, selection.best, describeBestCustomers(selection, entry))
})

/** The accounts data, when fetched. */
export const $accounts = computed<Dataset | null>('accounts', () => $datasets.get().accounts)

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

/**
 * A `CardMeasurer` that remembers results per card content while the data and the best
 * customers stay the same, so typing on one card re-measures that card only.
 */
const $measurer = computed<CardMeasurer>(
  'card measurer',
  (() => {
    let cacheFor: { customers: Dataset | null; accounts: Dataset | null; best: unknown } | null =
      null
    let cache = new Map<string, AttributeEvidence>()
    return () => {
      const customers = $customers.get()
      const accounts = $accounts.get()
      const best = $bestSelection.get()?.best ?? null
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
    }
  })(),
)

/** Data of every attribute and disqualifier card of the board, by shape id. */
export const $cardData = computed<ReadonlyMap<string, CardData>>('card data', () => {
  const measure = $measurer.get()
  const result = new Map<string, CardData>()
  // Customer evidence needs the best customers chosen; accounts only need the file.
  const hasCustomers = $bestSelection.get() !== null
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

/** The data of one card, or undefined when it is in no ICP. */
export function useCardData(shapeId: string): CardData | undefined {
  return useValue('card data', () => $cardData.get().get(shapeId), [shapeId])
}

/** The evidence of one attribute card, or undefined without customer data. */
export function useAttributeEvidence(shapeId: string): AttributeEvidence | undefined {
  return useValue(
    'attribute evidence',
    () => $cardData.get().get(shapeId)?.customers ?? undefined,
    [shapeId],
  )
}

/** Health warnings the loaded data gives, by ICP id (values that fit no row). */
export const $dataWarnings = computed<ReadonlyMap<string, IcpWarning[]>>('data warnings', () => {
  const measure = $measurer.get()
  const hasCustomers = $bestSelection.get() !== null
  const onlyLoaded: CardMeasurer = (kind, card) =>
    kind === 'customers' && !hasCustomers ? null : measure(kind, card)
  return new Map(
    $compilation.get().icps.map((icp) => [icp.id, checkValuesAgainstData(icp, onlyLoaded)]),
  )
})

/** The data warnings of one ICP (none without data). */
export function useDataWarnings(icpId: string): IcpWarning[] {
  return useValue('data warnings', () => $dataWarnings.get().get(icpId) ?? noWarnings, [icpId])
}

const noWarnings: IcpWarning[] = []

/** Forgets everything (leaving a board). */
export function resetDataState(): void {
  $datasetEntries.set(new Map())
  $datasets.set({ customers: null, accounts: null })
  $datasetErrors.set({})
  $bestCustomersEntry.set(null)
  $pendingBestCustomers.set(null)
}
