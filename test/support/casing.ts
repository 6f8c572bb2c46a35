/**
 * A copy whose field names are camelCase, as the Audit Trails events reference spells them, where the log
 * group writes snake_case. The names inside `labels` are the user's and keep their spelling.
 */
export function camelCased<T>(value: T): T {
  const convert = (inner: unknown, inLabels: boolean): unknown => {
    if (Array.isArray(inner)) return inner.map((item) => convert(item, false));
    if (typeof inner !== 'object' || inner === null) return inner;
    return Object.fromEntries(
      Object.entries(inner).map(([name, field]) => [
        inLabels ? name : name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        convert(field, !inLabels && name === 'labels'),
      ]),
    );
  };
  return convert(value, false) as T;
}
