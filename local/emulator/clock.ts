// The emulator clock: real time plus an offset, so it keeps running while tests shift it.
import type { EmulatorClock } from './types.ts';

export function createClock(): EmulatorClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    set(time) {
      const target = typeof time === 'string' ? Date.parse(time) : time.getTime();
      if (!Number.isFinite(target)) throw new TypeError(`clock.set: not a valid time: ${String(time)}`);
      offsetMs = target - Date.now();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new TypeError(`clock.advance: not a number of milliseconds: ${String(ms)}`);
      offsetMs += ms;
    },
  };
}
