import { atom, computed, type Atom, type Computed, type Signal } from 'tldraw'
import {
  allAttributes,
  type BoardCompilation,
  type IcpAttribute,
} from '../../shared/compile/icpDocument'
import { selectBestCustomers, type BestCustomerSelection } from '../../shared/data/bestCustomers'
import type { BestCustomersEntry, DatasetEntry } from '../../shared/data/dataEntries'
import type { DatasetKind } from '../../shared/data/dataFields'
import type { Dataset } from '../../shared/data/dataset'
import { findCommonalities, type Commonalities } from '../../shared/data/findCommonalities'
import { measureAttribute, type AttributeEvidence } from '../../shared/data/measureAttribute'

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

  /**
   * Evidence of every attribute card of the board, by shape id. Results are kept per attribute
   * content while the data and the selection stay the same, so typing on one card re-measures
   * that card only.
   */
  readonly $attributeEvidence: Computed<ReadonlyMap<string, AttributeEvidence>>

  /** `$compilation`: the board's compiled ICPs, whose attributes the evidence measures. */
  constructor($compilation: Signal<BoardCompilation>) {
    let cacheFor: { customers: Dataset; best: ReadonlySet<number> } | null = null
    let cache = new Map<string, AttributeEvidence>()
    this.$attributeEvidence = computed('attribute evidence', () => {
      const customers = this.$customers.get()
      const selection = this.$bestSelection.get()
      const evidence = new Map<string, AttributeEvidence>()
      if (!customers || !selection) return evidence
      if (cacheFor?.customers !== customers || cacheFor.best !== selection.best) {
        cacheFor = { customers, best: selection.best }
        cache = new Map()
      }
      const next = new Map<string, AttributeEvidence>()
      for (const icp of $compilation.get().icps) {
        for (const attribute of allAttributes(icp)) {
          const key = attributeKey(attribute)
          const measured =
            next.get(key) ??
            cache.get(key) ??
            measureAttribute(customers, selection.best, attribute)
          next.set(key, measured)
          evidence.set(attribute.shapeId, measured)
        }
      }
      cache = next
      return evidence
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

function attributeKey(attribute: IcpAttribute): string {
  return `${attribute.category}\u0000${attribute.label}\u0000${JSON.stringify(attribute.parsed)}`
}
