/**
 * A comparator ordering items by a date, earliest first, with null dates last. Array sorting is
 * stable, so items with equal dates keep their insertion order — the order tests and clients see
 * for records written within one millisecond.
 */
export function byTime<T>(dateOf: (item: T) => Date | null): (a: T, b: T) => number {
  return (a, b) => {
    const x = dateOf(a);
    const y = dateOf(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return x.getTime() - y.getTime();
  };
}
