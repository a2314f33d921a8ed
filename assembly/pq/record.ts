// The PQ record: voltage event counters, the current and last weekly EN 50160 summaries and the push settings on NVM.
import { Err } from "../errors";
import { RecordRing } from "../store/ring";
import { PQ_FIRST_SECTOR, PQ_SECTORS } from "../store/layout";
import { EVENT_COUNTS, PqEvent } from "./voltage";
import { WEEK_NOW, WEEK_LAST, PqWeek, weekEndUtcS, weekEndOf, pqWeekRestore, pqRecordDue, pqRecordWritten } from "./summary";
import { Counter, counterSet } from "../registers/counters";
import {
  PUSH_SETTINGS, PUSH_SETTINGS_BYTES, pushSettingsChanged, pushSettingsMarkChanged, pushSettingsRestore, pushAlarmPending,
} from "../alarms/push";
import { alarmsChanged, alarmsStore, alarmsStored, alarmsRestore } from "../alarms/alarm";

// Payload after the ring's 12-byte header (docs/NVM.md, pinned by tests/power_quality.test.ts): u32 events by
// PqEvent (dips, swells, short, long interruptions); u32 UTC s the current week ends (0: none yet); the current
// and the last complete week, u32 by PqWeek; the push settings block of alarms/push.ts; version 2 adds the
// alarm register, descriptor and pending push (alarms/alarm.ts alarmsStore); CRC. 304 bytes (version 1: 292).
const COUNTS_AT: i32 = 12;
const WEEK_END_AT: i32 = COUNTS_AT + 16;
const WEEK_NOW_AT: i32 = WEEK_END_AT + 4;
const WEEK_LAST_AT: i32 = WEEK_NOW_AT + 4 * <i32>PqWeek.COUNT;
const PUSH_AT: i32 = WEEK_LAST_AT + 4 * <i32>PqWeek.COUNT;
const ALARMS_AT: i32 = PUSH_AT + PUSH_SETTINGS_BYTES;
export const PQ_RECORD_BYTES: i32 = ALARMS_AT + 12 + 4;
export const PQ_MAGIC: u32 = 0x51504d57; // "WMPQ"
const WEEK_S: i64 = 604800;

const pqRing = new RecordRing(PQ_FIRST_SECTOR, PQ_SECTORS, PQ_MAGIC, 2, PQ_RECORD_BYTES);
// Records of the firmware before version 2 (no alarms), read once after an update; never written.
const pqRingV1 = new RecordRing(PQ_FIRST_SECTOR, PQ_SECTORS, PQ_MAGIC, 1, ALARMS_AT + 4);
const BUF: usize = memory.data(PQ_RECORD_BYTES);

// n i64 counts to u32 (a week holds at most 60,480 frequency values; events never reach 2^32) and back.
function narrow(dst: usize, src: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<u32>(dst + <usize>(k << 2), <u32>load<i64>(src + <usize>(k << 3)));
}
function widen(dst: usize, src: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<i64>(dst + <usize>(k << 3), <i64>load<u32>(src + <usize>(k << 2)));
}

// Boot, after pqReset and pushesReset: the newest record's counts and settings. A week that ended while the
// meter was off becomes the last complete week; one that ended before that is gone (that week had no values).
export function pqRecordLoad(utcS: i64): bool {
  if (!pqRing.load(BUF) || pqRing.read(0, BUF) != Err.OK) {
    if (!pqRingV1.load(BUF) || pqRingV1.read(0, BUF) != Err.OK) return false;
    pqRing.continueAfter(pqRingV1);
    memory.fill(BUF + <usize>ALARMS_AT, 0, 12);
  }
  widen(EVENT_COUNTS, BUF + <usize>COUNTS_AT, 4);
  counterSet(Counter.VOLTAGE_SAGS, load<i64>(EVENT_COUNTS + (<usize>PqEvent.DIP << 3)));
  counterSet(Counter.VOLTAGE_SWELLS, load<i64>(EVENT_COUNTS + (<usize>PqEvent.SWELL << 3)));
  const endUtcS = <i64>load<u32>(BUF + <usize>WEEK_END_AT);
  if (endUtcS > 0 && utcS < endUtcS) {
    widen(WEEK_NOW, BUF + <usize>WEEK_NOW_AT, <i32>PqWeek.COUNT);
    widen(WEEK_LAST, BUF + <usize>WEEK_LAST_AT, <i32>PqWeek.COUNT);
    pqWeekRestore(endUtcS);
  } else if (endUtcS > 0 && utcS < endUtcS + WEEK_S) {
    widen(WEEK_LAST, BUF + <usize>WEEK_NOW_AT, <i32>PqWeek.COUNT);
    pqWeekRestore(weekEndOf(utcS));
  }
  pushSettingsRestore(BUF + <usize>PUSH_AT);
  alarmsRestore(BUF + <usize>ALARMS_AT);
  return true;
}

export function pqRecordSave(): Err {
  narrow(BUF + <usize>COUNTS_AT, EVENT_COUNTS, 4);
  store<u32>(BUF + <usize>WEEK_END_AT, weekEndUtcS > 0 ? <u32>weekEndUtcS : 0);
  narrow(BUF + <usize>WEEK_NOW_AT, WEEK_NOW, <i32>PqWeek.COUNT);
  narrow(BUF + <usize>WEEK_LAST_AT, WEEK_LAST, <i32>PqWeek.COUNT);
  memory.copy(BUF + <usize>PUSH_AT, PUSH_SETTINGS, PUSH_SETTINGS_BYTES);
  alarmsStore(BUF + <usize>ALARMS_AT, pushAlarmPending());
  return pqRing.append(BUF);
}

// Once a window outside the power-fail warning (assembly/meter.ts): the record when a 10-minute interval closed,
// an event ended (once per interval), a head-end changed a push setting, or an alarm rose or was cleared. A failed
// write is tried again next window.
export function pqRecordWindow(): void {
  if (!pqRecordDue() && !pushSettingsChanged && !alarmsChanged) return;
  if (pqRecordSave() != Err.OK) return;
  pqRecordWritten();
  pushSettingsMarkChanged(false);
  alarmsStored();
}
