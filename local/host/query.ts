import { getField, setField } from './records.ts';

interface QueryMaps {
  /** The last value of each parameter, as queryStringParameters. */
  single: Record<string, string>;
  /** Every value, as multiValueQueryStringParameters. */
  multi: Record<string, string[]>;
}

/** Parses a raw query string (without `?`) the way the platform does: `+` is a space, `a` alone is `a=''`. */
export function parseQuery(rawQuery: string): QueryMaps {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    setField(single, name, value);
    const values = getField(multi, name);
    if (values) values.push(value);
    else setField(multi, name, [value]);
  }
  return { single, multi };
}
