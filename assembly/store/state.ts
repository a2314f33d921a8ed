// Meter state record: counters, peaks and billing progress, appended to its own ring at every change that matters.
import { Err } from "../errors";
import { RecordRing } from "./ring";
import { STATE_FIRST_SECTOR, STATE_SECTORS } from "./layout";
import { countersSave, countersRestore, countersClear, COUNTERS_STATE_BYTES } from "../registers/counters";
import { demandSave, demandRestore, demandClear, DEMAND_STATE_BYTES } from "../registers/demand";
import { lastCheckedDay, billingSetLastCheckedDay } from "../registers/billing";
import { clockSave, CLOCK_STATE_BYTES } from "../clock/clock";
import { tamperLatched, tamperRestore } from "../events/tamper";

// Payload after the ring's 12-byte header: counters (48), demand (160), i32 last checked local day,
// u32 latched tamper bits, clock (24), CRC.
const COUNTERS_AT: i32 = 12;
const DEMAND_AT: i32 = COUNTERS_AT + COUNTERS_STATE_BYTES;
const DAY_AT: i32 = DEMAND_AT + DEMAND_STATE_BYTES;
const CLOCK_AT: i32 = DAY_AT + 8;
export const STATE_RECORD_BYTES: i32 = CLOCK_AT + CLOCK_STATE_BYTES + 4; // 256
export const STATE_MAGIC: u32 = 0x54534d57; // "WMST"

const stateRing = new RecordRing(STATE_FIRST_SECTOR, STATE_SECTORS, STATE_MAGIC, 1, STATE_RECORD_BYTES);
const BUF: usize = memory.data(STATE_RECORD_BYTES);

// Restores the newest state; a new meter (or one whose state was never written) starts from zero.
export function stateLoad(): bool {
  if (!stateRing.load(BUF) || stateRing.read(0, BUF) != Err.OK) {
    countersClear();
    demandClear();
    billingSetLastCheckedDay(-1);
    return false;
  }
  countersRestore(BUF + <usize>COUNTERS_AT);
  demandRestore(BUF + <usize>DEMAND_AT);
  billingSetLastCheckedDay(load<i32>(BUF + <usize>DAY_AT));
  tamperRestore(load<i32>(BUF + <usize>(DAY_AT + 4)));
  return true;
}

// The clock block of the state just loaded (valid after stateLoad returned true).
export function stateClockBlock(): usize {
  return BUF + <usize>CLOCK_AT;
}

export function stateSave(): Err {
  memory.fill(BUF, 0, STATE_RECORD_BYTES);
  countersSave(BUF + <usize>COUNTERS_AT);
  demandSave(BUF + <usize>DEMAND_AT);
  store<i32>(BUF + <usize>DAY_AT, lastCheckedDay);
  store<i32>(BUF + <usize>(DAY_AT + 4), tamperLatched());
  clockSave(BUF + <usize>CLOCK_AT);
  return stateRing.append(BUF);
}
