/** A whole number written in plain decimal digits, within [min, max]; undefined for anything else. */
export function parseInteger(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

export function integerRule(min: number, max: number): string {
  return `must be an integer from ${min} to ${max}`;
}
