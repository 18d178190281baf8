import { useId, type KeyboardEvent } from 'react'

/**
 * A tab list as the ARIA authoring practices describe it, for any set of tab keys: the selected
 * tab is the one stop in the Tab order, the arrow keys (and Home/End) move to and select the
 * others, and each tab names and controls its panel. Spread `tabProps(key)` on each tab button
 * and `panelProps` on the panel.
 */
export function useTabs<K extends string>(
  keys: readonly K[],
  selected: K,
  onSelect: (key: K) => void,
) {
  const baseId = useId()
  const tabId = (key: K) => `${baseId}-tab-${key}`
  const panelId = `${baseId}-panel`
  const move = (event: KeyboardEvent<HTMLElement>, key: K) => {
    const index = keys.indexOf(key)
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? keys[(index + 1) % keys.length]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? keys[(index - 1 + keys.length) % keys.length]
          : event.key === 'Home'
            ? keys[0]
            : event.key === 'End'
              ? keys[keys.length - 1]
              : undefined
    if (next === undefined) return
    event.preventDefault()
    onSelect(next)
    document.getElementById(tabId(next))?.focus()
  }
  return {
    tabProps: (key: K) => ({
      role: 'tab' as const,
      id: tabId(key),
      'aria-selected': key === selected,
      'aria-controls': panelId,
      tabIndex: key === selected ? 0 : -1,
      onClick: () => onSelect(key),
      onKeyDown: (event: KeyboardEvent<HTMLElement>) => move(event, key),
    }),
    panelProps: { role: 'tabpanel' as const, id: panelId, 'aria-labelledby': tabId(selected) },
  }
}
