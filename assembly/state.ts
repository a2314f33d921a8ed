// Meter state record: counters, peaks, billing progress, clock, latched tamper and error bits and the registers, assembled by the wiring layer.
import { Err } from "./errors";
import { RecordRing } from "./store/ring";
import { STATE_FIRST_SECTOR, STATE_SECTORS, SNAPSHOT_REGISTERS } from "./store/layout";
import { countersSave, countersRestore, countersClear, counterGet, counterSet, Counter, COUNTERS_STATE_BYTES } from "./registers/counters";
import { demandSave, demandRestore, demandClear, DEMAND_STATE_BYTES } from "./registers/demand";
import { lastCheckedDay, billingSetLastCheckedDay } from "./registers/billing";
import { clockSave, CLOCK_STATE_BYTES } from "./clock/clock";
import { tamperLatched, tamperRestore } from "./events/tamper";
import { errorLatched, errorRestore } from "./diagnostics";
import { registerWh } from "./metrology/energy";
import { portModes, portModesRestore } from "./port/port";

// Payload after the ring's 12-byte header: counters (48), demand (160), i32 last checked local day,
// u32 latched tamper bits, clock (24); version 2 adds u32 latched error bits (bits 16..19 the load control
// commands, port.ts), u32 long power failures and the
// 18 registers in whole units (u64), a second proof of the energy beside the journal; CRC.
const COUNTERS_AT: i32 = 12;
const DEMAND_AT: i32 = COUNTERS_AT + COUNTERS_STATE_BYTES;
const DAY_AT: i32 = DEMAND_AT + DEMAND_STATE_BYTES;
const CLOCK_AT: i32 = DAY_AT + 8;
const ERRORS_AT: i32 = CLOCK_AT + CLOCK_STATE_BYTES;
const REGISTERS_AT: i32 = ERRORS_AT + 8;
export const STATE_RECORD_BYTES: i32 = REGISTERS_AT + 8 * SNAPSHOT_REGISTERS + 4; // 408
const STATE_V1_BYTES: i32 = ERRORS_AT + 4; // 256
export const STATE_MAGIC: u32 = 0x54534d57; // "WMST"

const stateRing = new RecordRing(STATE_FIRST_SECTOR, STATE_SECTORS, STATE_MAGIC, 2, STATE_RECORD_BYTES);
// Records of the firmware before version 2, read once after an update; never written.
const stateRingV1 = new RecordRing(STATE_FIRST_SECTOR, STATE_SECTORS, STATE_MAGIC, 1, STATE_V1_BYTES);
const BUF: usize = memory.data(STATE_RECORD_BYTES);
let registersKnown = false;

// Restores the newest state; a new meter (or one whose state was never written) starts from zero.
export function stateLoad(): bool {
  memory.fill(BUF, 0, STATE_RECORD_BYTES);
  registersKnown = stateRing.load(BUF) && stateRing.read(0, BUF) == Err.OK;
  let found = registersKnown;
  if (!found && stateRingV1.load(BUF) && stateRingV1.read(0, BUF) == Err.OK) {
    found = true;
    stateRing.continueAfter(stateRingV1);
    memory.fill(BUF + <usize>ERRORS_AT, 0, STATE_RECORD_BYTES - ERRORS_AT);
  }
  if (!found) {
    countersClear();
    demandClear();
    billingSetLastCheckedDay(-1);
    return false;
  }
  countersRestore(BUF + <usize>COUNTERS_AT);
  demandRestore(BUF + <usize>DEMAND_AT);
  billingSetLastCheckedDay(load<i32>(BUF + <usize>DAY_AT));
  tamperRestore(load<i32>(BUF + <usize>(DAY_AT + 4)));
  errorRestore(load<i32>(BUF + <usize>ERRORS_AT));
  portModesRestore(load<i32>(BUF + <usize>ERRORS_AT) >> 16);
  counterSet(Counter.LONG_POWER_FAILURES, <i64>load<u32>(BUF + <usize>(ERRORS_AT + 4)));
  return true;
}

// The clock block of the state just loaded (valid after stateLoad returned true).
export function stateClockBlock(): usize {
  return BUF + <usize>CLOCK_AT;
}

// The registers of the state just loaded (18 x u64 whole units), or 0 when it held none.
export function stateRegisters(): usize {
  return registersKnown ? BUF + <usize>REGISTERS_AT : 0;
}

export function stateSave(): Err {
  memory.fill(BUF, 0, STATE_RECORD_BYTES);
  countersSave(BUF + <usize>COUNTERS_AT);
  demandSave(BUF + <usize>DEMAND_AT);
  store<i32>(BUF + <usize>DAY_AT, lastCheckedDay);
  store<i32>(BUF + <usize>(DAY_AT + 4), tamperLatched());
  clockSave(BUF + <usize>CLOCK_AT);
  store<i32>(BUF + <usize>ERRORS_AT, errorLatched() | (portModes() << 16));
  store<u32>(BUF + <usize>(ERRORS_AT + 4), <u32>counterGet(Counter.LONG_POWER_FAILURES));
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) store<u64>(BUF + <usize>(REGISTERS_AT + 8 * r), <u64>registerWh(r));
  return stateRing.append(BUF);
}
