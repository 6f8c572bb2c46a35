import * as z from 'zod/mini';

// Building blocks for the bodies Yandex Cloud REST APIs return as proto3 JSON: any field at its default
// value is left out (false, 0, "", an empty list), so almost every field is optional.

type OptionalText = z.ZodMiniOptional<z.ZodMiniString<string>>;

/** Fields that are text when present (IDs, names, timestamps, enum values). */
export function optionalText<const K extends string>(...names: K[]): { [P in K]: OptionalText } {
  return Object.fromEntries(names.map((name) => [name, z.optional(z.string())])) as { [P in K]: OptionalText };
}

export const RequiredId = z.string().check(z.minLength(1));

export const Labels = z.record(z.string(), z.string());

/** One page of a List call: the items under their own name, and the token of the next page, if any. */
export function pageOf<const K extends string, T extends z.ZodMiniType>(itemsName: K, item: T) {
  return z.object({ [itemsName]: z.optional(z.array(item)), nextPageToken: z.optional(z.string()) } as {
    [P in K]: z.ZodMiniOptional<z.ZodMiniArray<T>>;
  } & { nextPageToken: OptionalText });
}
