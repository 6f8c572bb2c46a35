// Events and results cross the platform as JSON, so the host passes them through JSON as well: a
// function that works here cannot depend on a Date, a Buffer or a shared object surviving the trip.
type JsonTrip = { ok: true; value: unknown; text: string } | { ok: false; reason: string };

export function throughJson(value: unknown): JsonTrip {
  try {
    const text = JSON.stringify(value);
    // undefined, a function or a symbol has no JSON form; the platform sends nothing for them.
    if (text === undefined) return { ok: true, value: undefined, text: '' };
    return { ok: true, value: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'not serializable' };
  }
}
