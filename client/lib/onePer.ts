/**
 * Wraps `create` so it runs once per key object; later calls with the same key get the same value,
 * which lives as long as the key does (a WeakMap, so a closed board's doc or editor is collected).
 */
export function onePer<K extends object, V>(create: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = create(key)
      made.set(key, value)
    }
    return value
  }
}
