// Maps built from client input: a key such as `__proto__` must become an own field (as JSON.parse
// makes it on the platform), never a prototype change.
export function setField<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

export function getField<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
