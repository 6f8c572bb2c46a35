/** A whole number written in plain decimal digits, within [min, max]; undefined for anything else. */
export function parseInteger(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

export function integerRule(min: number, max: number): string {
  return `must be an integer from ${min} to ${max}`;
}

/** A whole number given as a number or as plain decimal digits (a query string's or a JSON body's), within [min, max]. */
export function integerWithin(input: unknown, min: number, max: number): number | undefined {
  if (typeof input === 'string') return parseInteger(input, min, max);
  return typeof input === 'number' && Number.isInteger(input) && input >= min && input <= max ? input : undefined;
}
