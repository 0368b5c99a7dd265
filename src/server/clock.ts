/**
 * The time the embedded server lives in. Jobs do not run on timers: each request first brings
 * every job up to `clock.now()`, so a test (or `qaddon run`) that advances the clock sees the
 * job walk on at once, and two runs with the same clock see the same timestamps.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Moves the clock forward by `ms` milliseconds (never backward). */
  advance(ms: number): void;
}

function checkStep(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the clock only moves forward; got ${ms} ms`);
}

/** Wall-clock time plus whatever `advance` added: what `qaddon serve` uses. */
export class SystemClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    checkStep(ms);
    this.offset += ms;
  }
}

/** 2025-01-01T00:00:00Z: where a ManualClock starts unless told otherwise. */
export const MANUAL_CLOCK_START = Date.UTC(2025, 0, 1);

/** A clock that stands still until `advance` is called: for tests and demos. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = MANUAL_CLOCK_START) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    checkStep(ms);
    this.current += ms;
  }
}

/** Unix seconds, as every timestamp of OpenAI's objects is. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
