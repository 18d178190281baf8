import type { DatasetField } from '../../shared/data/dataset'
import type { NumberStats, ShareBar } from '../../shared/data/findCommonalities'
import { formatAmount } from '../../shared/values/formatValue'
import { formatShare } from './formatCount'

/**
 * Share of each value among the best customers (accent) and among all customers (grey): one
 * pair of bars per value, the percentages beside them. Drawn with CSS, no chart library.
 */
export function ShareBarsChart({ bars }: { bars: readonly ShareBar[] }) {
  return (
    <ul className="share-bars">
      {bars.map((bar) => (
        <li key={bar.value} className="share-bars__row">
          <span className="share-bars__label" title={bar.value}>
            {bar.value}
          </span>
          <span className="share-bars__pair">
            <span className="share-bars__track">
              <span
                className="share-bars__bar share-bars__bar--best"
                style={{ width: `${Math.max(0.5, bar.bestShare * 100)}%` }}
              />
              <span className="share-bars__value">{formatShare(bar.bestShare)}</span>
            </span>
            <span className="share-bars__track">
              <span
                className="share-bars__bar share-bars__bar--all"
                style={{ width: `${Math.max(0.5, bar.overallShare * 100)}%` }}
              />
              <span className="share-bars__value share-bars__value--all">
                {formatShare(bar.overallShare)}
              </span>
            </span>
          </span>
        </li>
      ))}
    </ul>
  )
}

/** A short amount for axis labels: `200`, `1,000`, `$20M`. */
function axisLabel(value: number, field: DatasetField): string {
  const rounded = value >= 1000 ? Number(value.toPrecision(2)) : Math.round(value)
  return formatAmount(rounded, field.type === 'money' ? field.currency : null)
}

const width = 360
const height = 74
const padding = { left: 8, right: 8 }
const rows = { best: 16, all: 40 }
const axisY = 60

/**
 * Where the values of a number field lie: the middle half (box) and middle 80% (whisker) of the
 * best customers above, of all customers below, medians as ticks, the suggested band shaded.
 * A log scale when the values span more than two orders of magnitude (company sizes, revenue).
 */
export function RangeChart({
  field,
  best,
  overall,
  band,
}: {
  field: DatasetField
  best: NumberStats
  overall: NumberStats
  band: { min: number | null; max: number | null } | null
}) {
  const low = Math.min(best.p10, overall.p10)
  const high = Math.max(best.p90, overall.p90)
  const isLog = low > 0 && high / low > 100
  const domain = isLog ? [Math.log10(low), Math.log10(high)] : [low, high]
  const span = domain[1]! - domain[0]! || 1
  const x = (value: number) => {
    const clamped = Math.min(high, Math.max(low, value))
    const position = ((isLog ? Math.log10(clamped) : clamped) - domain[0]!) / span
    return padding.left + position * (width - padding.left - padding.right)
  }
  const row = (stats: NumberStats, y: number, className: string) => (
    <g className={className}>
      <line x1={x(stats.p10)} x2={x(stats.p90)} y1={y} y2={y} className="range-chart__whisker" />
      <rect
        x={x(stats.p25)}
        y={y - 7}
        width={Math.max(2, x(stats.p75) - x(stats.p25))}
        height={14}
        rx={4}
        className="range-chart__box"
      />
      <line
        x1={x(stats.median)}
        x2={x(stats.median)}
        y1={y - 9}
        y2={y + 9}
        className="range-chart__median"
      />
    </g>
  )
  const bandLeft = band ? x(band.min ?? low) : 0
  const bandRight = band ? x(band.max ?? high) : 0
  return (
    <svg
      className="range-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${field.label}: median ${axisLabel(best.median, field)} among the best customers, ${axisLabel(overall.median, field)} overall`}
    >
      {band && (
        <rect
          x={bandLeft}
          y={2}
          width={Math.max(2, bandRight - bandLeft)}
          height={axisY - 6}
          rx={6}
          className="range-chart__band"
        />
      )}
      {row(best, rows.best, 'range-chart__best')}
      {row(overall, rows.all, 'range-chart__all')}
      <line
        x1={padding.left}
        x2={width - padding.right}
        y1={axisY}
        y2={axisY}
        className="range-chart__axis"
      />
      <text x={padding.left} y={height - 1} className="range-chart__tick">
        {axisLabel(low, field)}
      </text>
      <text x={width - padding.right} y={height - 1} textAnchor="end" className="range-chart__tick">
        {axisLabel(high, field)}
      </text>
      {isLog && (
        <text x={width / 2} y={height - 1} textAnchor="middle" className="range-chart__tick">
          log scale
        </text>
      )}
    </svg>
  )
}

/** The legend of both charts. */
export function ChartLegend({ bestLabel }: { bestLabel: string }) {
  return (
    <p className="chart-legend">
      <span className="chart-legend__swatch chart-legend__swatch--best" /> {bestLabel}
      <span className="chart-legend__swatch chart-legend__swatch--all" /> all customers
    </p>
  )
}
