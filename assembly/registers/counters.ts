// Meter counters of the data sheet: hour counter, debiting stop, power threshold, pulse input and power failure counters.
export const enum Counter {
  HOURS = 0, // whole hours with supply (operating hours)
  DEBITING_STOPS = 1,
  POWER_THRESHOLD = 2, // integration periods whose mean A+ power exceeded the threshold
  PULSE_INPUT = 3, // pulses counted on the module port's pulse input (unit per Z12)
  POWER_FAILURES = 4,
  LONG_POWER_FAILURES = 5, // power failures longer than 3 minutes (long interruptions, EN 50160)
  VOLTAGE_SAGS = 6, // voltage dips (1.0.32.32.0.255), assembly/pq; stored in the PQ record (pq/record.ts)
  VOLTAGE_SWELLS = 7, // voltage swells (1.0.32.36.0.255)
  COUNT = 8,
}
// Counters in the state record's counter block (its first layout); the others the state keeps apart.
const BLOCK_COUNTERS: i32 = 5;

const VALUES: usize = memory.data(8 * <i32>Counter.COUNT);
let poweredMs: i64 = 0; // below one hour, kept with the hours so none is lost at a power cut
export let powerThresholdW: f64 = 0.0; // 0: the threshold counter is off

export function counterGet(id: i32): i64 {
  if (id < 0 || id >= <i32>Counter.COUNT) return -1;
  return load<i64>(VALUES + (<usize>id << 3));
}

export function counterIncrement(id: Counter): void {
  const slot = VALUES + (<usize>id << 3);
  store<i64>(slot, load<i64>(slot) + 1);
}

export function counterSet(id: Counter, value: i64): void {
  store<i64>(VALUES + (<usize>id << 3), value);
}

// Called every tick with supply; returns true when a new whole hour was counted.
export function countPoweredMs(ms: i32): bool {
  const powered = poweredMs + <i64>ms;
  poweredMs = powered;
  if (powered < 3600000) return false;
  poweredMs = powered - 3600000;
  counterIncrement(Counter.HOURS);
  return true;
}

export function countPeriodMean(meanW: f64): void {
  if (powerThresholdW > 0.0 && meanW > powerThresholdW) counterIncrement(Counter.POWER_THRESHOLD);
}

export function setPowerThresholdW(w: f64): bool {
  if (!(w >= 0.0 && w <= 100000.0)) return false;
  powerThresholdW = w;
  return true;
}

export const COUNTERS_STATE_BYTES: i32 = 8 * BLOCK_COUNTERS + 8;

export function countersSave(dst: usize): void {
  memory.copy(dst, VALUES, 8 * BLOCK_COUNTERS);
  store<i64>(dst + <usize>(8 * BLOCK_COUNTERS), poweredMs);
}

export function countersRestore(src: usize): void {
  memory.copy(VALUES, src, 8 * BLOCK_COUNTERS);
  poweredMs = load<i64>(src + <usize>(8 * BLOCK_COUNTERS));
  if (poweredMs < 0 || poweredMs >= 3600000) poweredMs = 0;
}

export function countersClear(): void {
  memory.fill(VALUES, 0, 8 * <i32>Counter.COUNT);
  poweredMs = 0;
}
