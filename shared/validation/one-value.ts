import { InputError } from '../errors/input-error.ts';

/**
 * A field a caller may give in several places (the gateway path, the query, the body): the one value
 * given, or an error naming every place when they disagree; a silent pick would act on the wrong key.
 */
export function oneValue(name: string, sources: Record<string, unknown>): unknown {
  const given = Object.entries(sources).filter(([, value]) => value !== undefined);
  const [first] = given;
  if (!first) return undefined;
  if (given.every(([, value]) => value === first[1])) return first[1];
  throw new InputError(given.map(([place]) => ({ field: `${place}.${name}`, description: `differs from the ${name} given elsewhere` })));
}
