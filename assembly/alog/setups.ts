// Analysis logger set-ups of Z10 (docs/CONFIG.md): the COSEM objects each captures, how their values encode, its default period.
import { Tag } from "../dlms/axdr";

// Bindings of the COSEM object table (cosem/table.ts Binding), as numbers so that this table needs
// nothing of the object model to compile (the as-pect spec): A+ 2, A- 3, energies from 40
// (R+ 42, R- 43), instantaneous values from 58 (U, I, P+, P-, Q+, Q-, S, PF, f, THD U, THD I),
// counters from 70 (hours, power failures, long power failures), power quality from 160 (sags,
// swells, interruptions; then from 163 the aggregates U 10 min, f 10 s, THD U and THD I 10 min).
const A_PLUS: u8 = 2;
const A_MINUS: u8 = 3;
const ENERGY_FIRST: u8 = 40;
const INSTANT_FIRST: u8 = 58;
const COUNTER_FIRST: u8 = 70;
const PQ_FIRST: u8 = 160;

export const ALOG_SETUPS: i32 = 4;
// The data sheet's analysis logger registers up to 24 values; every set-up of Z10 stays within it.
export const ALOG_MAX_VALUES: i32 = 24;

// Per set-up: its capture objects as (binding, A-XDR tag of their value) pairs, attribute 2 each.
// A value is stored as its encoding less the tag, so its width follows from the tag.
const SETUP_000: StaticArray<u8> = [
  INSTANT_FIRST + 0, <u8>Tag.LONG_UNSIGNED, // U, 0.1 V
  INSTANT_FIRST + 1, <u8>Tag.DOUBLE_LONG_UNSIGNED, // I, 0.01 A
  INSTANT_FIRST + 2, <u8>Tag.DOUBLE_LONG_UNSIGNED, // P+, W
  INSTANT_FIRST + 3, <u8>Tag.DOUBLE_LONG_UNSIGNED, // P-, W
  INSTANT_FIRST + 4, <u8>Tag.DOUBLE_LONG_UNSIGNED, // Q+, var
  INSTANT_FIRST + 5, <u8>Tag.DOUBLE_LONG_UNSIGNED, // Q-, var
  INSTANT_FIRST + 7, <u8>Tag.LONG, // PF, 0.001
  INSTANT_FIRST + 9, <u8>Tag.LONG_UNSIGNED, // THD U, 0.1 %
  INSTANT_FIRST + 10, <u8>Tag.LONG_UNSIGNED, // THD I, 0.1 %
  INSTANT_FIRST + 8, <u8>Tag.LONG_UNSIGNED, // f, 0.01 Hz
];
const SETUP_001: StaticArray<u8> = [
  INSTANT_FIRST + 0, <u8>Tag.LONG_UNSIGNED,
  INSTANT_FIRST + 1, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 9, <u8>Tag.LONG_UNSIGNED,
  INSTANT_FIRST + 10, <u8>Tag.LONG_UNSIGNED,
];
const SETUP_002: StaticArray<u8> = [
  A_PLUS, <u8>Tag.LONG64_UNSIGNED, // Wh
  A_MINUS, <u8>Tag.LONG64_UNSIGNED,
  ENERGY_FIRST + 2, <u8>Tag.LONG64_UNSIGNED, // R+, varh
  ENERGY_FIRST + 3, <u8>Tag.LONG64_UNSIGNED, // R-, varh
];
// The full analysis set-up: all of 000 and 002, the power quality aggregates and six counters.
const SETUP_003: StaticArray<u8> = [
  A_PLUS, <u8>Tag.LONG64_UNSIGNED,
  A_MINUS, <u8>Tag.LONG64_UNSIGNED,
  ENERGY_FIRST + 2, <u8>Tag.LONG64_UNSIGNED,
  ENERGY_FIRST + 3, <u8>Tag.LONG64_UNSIGNED,
  INSTANT_FIRST + 0, <u8>Tag.LONG_UNSIGNED,
  INSTANT_FIRST + 1, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 2, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 3, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 4, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 5, <u8>Tag.DOUBLE_LONG_UNSIGNED,
  INSTANT_FIRST + 7, <u8>Tag.LONG,
  INSTANT_FIRST + 8, <u8>Tag.LONG_UNSIGNED,
  INSTANT_FIRST + 9, <u8>Tag.LONG_UNSIGNED,
  INSTANT_FIRST + 10, <u8>Tag.LONG_UNSIGNED,
  PQ_FIRST + 3, <u8>Tag.LONG_UNSIGNED, // U 10 min, 0.01 V (null until the first aggregate: entry not valid)
  PQ_FIRST + 4, <u8>Tag.LONG_UNSIGNED, // f 10 s, 0.001 Hz
  PQ_FIRST + 5, <u8>Tag.LONG_UNSIGNED, // THD U 10 min, 0.01 %
  PQ_FIRST + 6, <u8>Tag.LONG_UNSIGNED, // THD I 10 min, 0.01 %
  PQ_FIRST + 0, <u8>Tag.DOUBLE_LONG_UNSIGNED, // sags
  PQ_FIRST + 1, <u8>Tag.DOUBLE_LONG_UNSIGNED, // swells
  PQ_FIRST + 2, <u8>Tag.DOUBLE_LONG_UNSIGNED, // interruptions
  COUNTER_FIRST + 1, <u8>Tag.DOUBLE_LONG_UNSIGNED, // power failures
  COUNTER_FIRST + 2, <u8>Tag.DOUBLE_LONG_UNSIGNED, // long power failures
  COUNTER_FIRST + 0, <u8>Tag.DOUBLE_LONG_UNSIGNED, // hours with supply
];
const PERIOD_S: StaticArray<i32> = [900, 600, 900, 900];

function table(setup: i32): StaticArray<u8> {
  return setup == 1 ? SETUP_001 : setup == 2 ? SETUP_002 : setup == 3 ? SETUP_003 : SETUP_000;
}

export function setupValues(setup: i32): i32 {
  return table(setup).length >> 1;
}

export function setupBinding(setup: i32, k: i32): i32 {
  return <i32>table(setup)[k << 1];
}

export function setupTag(setup: i32, k: i32): i32 {
  return <i32>table(setup)[(k << 1) + 1];
}

export function setupPeriodS(setup: i32): i32 {
  return PERIOD_S[setup];
}

// Bytes of a value of this tag without the tag.
export function tagWidth(tag: i32): i32 {
  if (tag == <i32>Tag.LONG64_UNSIGNED || tag == <i32>Tag.LONG64) return 8;
  if (tag == <i32>Tag.DOUBLE_LONG_UNSIGNED || tag == <i32>Tag.DOUBLE_LONG) return 4;
  if (tag == <i32>Tag.LONG_UNSIGNED || tag == <i32>Tag.LONG) return 2;
  return 1;
}

// Where value k sits in a record (after the 24 bytes of header, time, status, set-up and period).
export function valueOffset(setup: i32, k: i32): i32 {
  let at = 24;
  for (let j = 0; j < k; j++) at += tagWidth(setupTag(setup, j));
  return at;
}

// Whole record: header and payload, the values, the CRC, rounded up to 4 bytes as the ring wants.
export function setupRecordBytes(setup: i32): i32 {
  return (valueOffset(setup, setupValues(setup)) + 4 + 3) & ~3;
}

// Capture periods the logger accepts: whole minutes from 1 min to a day that divide the day, so
// every period starts at the same times each day.
export function periodAllowed(periodS: i64): bool {
  return periodS >= 60 && periodS <= 86400 && periodS % 60 == 0 && 86400 % periodS == 0;
}
