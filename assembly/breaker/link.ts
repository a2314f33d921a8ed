// The breaker in the meter: wall time, relay drive, limiter and prepayment inputs, persistence with credit replay, events.
import { Err } from "../errors";
import { relayIsClosed, relayDrive } from "../hal/relay";
import { RecordRing } from "../store/ring";
import { BREAKER_FIRST_SECTOR, BREAKER_SECTORS } from "../store/layout";
import { Register, registerWh } from "../metrology/energy";
import {
  breakerInit, breakerStep, breakerRestore, breakerSecond, breakerDisplayState, breakerSymbols,
  breakerButtonReconnect, breakerButtonDisconnect, SYMBOL_PREPAYMENT,
} from "./breaker";
import { breakerSerialize, breakerDeserialize, BREAKER_STATE_BYTES } from "./persist";
import { RelayCommand, relayDriving, relayDeferred, relayOutputState } from "./relayguard";
import { controlWantsClosed } from "./control";
import { prepayDebit, prepayCredit } from "./prepay";
import { breakerEventTotal, breakerEventAt, eventTimeMs, eventCode, eventCause, eventFrom, eventTo, eventValue, BreakerEvent } from "./eventlog";
import { eventLog, EventCode } from "../events/log";
import { displaySetStatus, displaySetValue, displayTakeAction, displayActionPending, ButtonAction, Status } from "../display/controller";
import { ReadingId } from "../display/readings";

export const RELAY_PULSE_MS: i32 = 80;
// Record: ring header (12), the breaker block (104), then A+ and A+ T1..T4 in whole Wh when it was
// written: the prepayment credit in the block is the credit at those registers.
const BLOCK_AT: i32 = 12;
const REGS_AT: i32 = BLOCK_AT + BREAKER_STATE_BYTES;
const RECORD_BYTES: i32 = REGS_AT + 5 * 8 + 4;
const breakerRing = new RecordRing(BREAKER_FIRST_SECTOR, BREAKER_SECTORS, 0x4b424d57 /* "WMBK" */, 1, RECORD_BYTES);
const BUF: usize = memory.data(RECORD_BYTES);
const LAST: usize = memory.data(BREAKER_STATE_BYTES); // the block as last persisted
const DEBITED_WH: usize = memory.data(5 * 8); // A+, A+ T1..T4 already debited from the credit
const CREDIT_AT: i32 = 8; // where the block keeps the credit, which the registers replay instead
const CREDIT_BYTES: i32 = 8;

let utcBaseMs: i64 = 0; // wall time = utcBaseMs + meter ms since boot
// At rest (no drive, nothing deferred, the relay where it should be) the position is read every
// RELAY_POLL_MS: a host call every 10 ms would cost more than the sample loop on a fast host.
const RELAY_POLL_MS: i64 = 100;
let lastRelayStepMs: i64 = i64.MIN_VALUE;
let lastEventTotal: u32 = 0;
let started = false;

function aPlusWh(k: i32): i64 {
  return k == 0 ? registerWh(Register.A_PLUS) : registerWh(<i32>Register.A_PLUS_T1 + k - 1);
}

function wallMs(nowMs: i64): i64 {
  return utcBaseMs + nowMs;
}

export function breakerWallMs(nowMs: i64): i64 {
  return wallMs(nowMs);
}

// Debits the energy registered since the last debit: per tariff at its price, and what counted in no
// tariff register (tariff function off) at tariff 1's price. Each register is read once (every window).
function debitSinceLast(): void {
  let tariffed: i64 = 0;
  for (let k = 1; k <= 4; k++) {
    const wh = aPlusWh(k);
    const delta = wh - load<i64>(DEBITED_WH + (<usize>k << 3));
    store<i64>(DEBITED_WH + (<usize>k << 3), wh);
    tariffed += delta;
    debit(delta, k);
  }
  const total = aPlusWh(0);
  debit(total - load<i64>(DEBITED_WH) - tariffed, 0);
  store<i64>(DEBITED_WH, total);
}

function debit(wh: i64, tariff: i32): void {
  let rest = wh;
  while (rest > 0) {
    const chunk = rest > 1000000 ? 1000000 : rest;
    prepayDebit(<i32>chunk, tariff);
    rest -= chunk;
  }
}

function persist(): Err {
  memory.fill(BUF, 0, RECORD_BYTES);
  breakerSerialize(BUF + <usize>BLOCK_AT);
  for (let k = 0; k <= 4; k++) store<i64>(BUF + <usize>(REGS_AT + 8 * k), load<i64>(DEBITED_WH + (<usize>k << 3)));
  memory.copy(LAST, BUF + <usize>BLOCK_AT, BREAKER_STATE_BYTES);
  return breakerRing.append(BUF);
}

// Persists when anything but the credit changed: the credit follows the journalled registers.
// Compared eight bytes at a time (the block is 13 of them, the credit exactly the second): this runs every window.
function persistIfChanged(): void {
  breakerSerialize(BUF + <usize>BLOCK_AT);
  const block = BUF + <usize>BLOCK_AT;
  for (let k = 0; k < BREAKER_STATE_BYTES; k += CREDIT_BYTES) {
    if (k == CREDIT_AT) continue;
    if (load<u64>(block + <usize>k) != load<u64>(LAST + <usize>k)) {
      persist();
      return;
    }
  }
}

// A command that changed the credit (top-up) or a setting: persisted at once.
export function breakerCommitted(status: Err): Err {
  if (status == Err.OK && started) return persist();
  return status;
}

// Copies new breaker events into the persisted event log; refused commands stay in the RAM ring
// only, so a client cannot wear the flash by sending commands that fail.
function mirrorEvents(): void {
  const total = breakerEventTotal();
  let fresh = <i32>(total - lastEventTotal);
  if (fresh > 32) fresh = 32;
  for (let back = fresh - 1; back >= 0; back--) {
    const e = breakerEventAt(back);
    if (e == 0 || eventCode(e) == <i32>BreakerEvent.COMMAND_REFUSED) continue;
    eventLog(eventTimeMs(e) / 1000, <EventCode>eventCode(e), eventCause(e), eventValue(e), <i64>(eventFrom(e) << 8 | eventTo(e)));
  }
  lastEventTotal = total;
}

function drive(cmd: RelayCommand): void {
  if (cmd == RelayCommand.OPEN) relayDrive(false, RELAY_PULSE_MS);
  else if (cmd == RelayCommand.CLOSE) relayDrive(true, RELAY_PULSE_MS);
}

function showStatus(): void {
  displaySetStatus(Status.BREAKER, <i32>breakerDisplayState());
  const symbols = breakerSymbols();
  displaySetStatus(Status.PREPAYMENT, (symbols & SYMBOL_PREPAYMENT) != 0 ? 1 : 0);
  if ((symbols & SYMBOL_PREPAYMENT) != 0) displaySetValue(ReadingId.CREDIT, prepayCredit() / 10);
}

// Power-up: factory state (Z19, mode), then the stored state with the credit brought up to the
// registers; the bistable relay is driven only if it disagrees with that state.
export function breakerBoot(utcS: i64, nowMs: i64, z19: i32, mode: i32): void {
  utcBaseMs = utcS * 1000 - nowMs;
  if (breakerInit(z19, mode, wallMs(nowMs)) != Err.OK) breakerInit(1, 1, wallMs(nowMs));
  for (let k = 0; k <= 4; k++) store<i64>(DEBITED_WH + (<usize>k << 3), aPlusWh(k));
  let restored = false;
  if (breakerRing.load(BUF) && breakerRing.read(0, BUF) == Err.OK &&
    breakerDeserialize(BUF + <usize>BLOCK_AT) == Err.OK) {
    memory.copy(LAST, BUF + <usize>BLOCK_AT, BREAKER_STATE_BYTES);
    memory.copy(DEBITED_WH, BUF + <usize>REGS_AT, 5 * 8);
    debitSinceLast();
    restored = true;
  }
  drive(breakerRestore(wallMs(nowMs), relayIsClosed(), -1));
  lastEventTotal = 0;
  mirrorEvents();
  started = true;
  if (restored) persistIfChanged();
  else persist();
  showStatus();
}

// Every tick: relay protection and drive, and the breaker button of the display (Z17 = 2).
export function breakerTick(nowMs: i64, currentMa: i32): void {
  if (!started) return;
  if (displayActionPending()) {
    const action = displayTakeAction();
    if (action == ButtonAction.BREAKER_CONNECT) breakerButtonReconnect(wallMs(nowMs));
    else if (action == ButtonAction.BREAKER_DISCONNECT) breakerButtonDisconnect(wallMs(nowMs));
  }
  // Bitwise, not short-circuit: on the idle tick the tests cost wasm3 less than branches between them.
  const busy = <i32>relayDriving() | <i32>relayDeferred() | <i32>(controlWantsClosed() != relayOutputState());
  if ((busy | <i32>(nowMs - lastRelayStepMs >= RELAY_POLL_MS)) != 0) {
    lastRelayStepMs = nowMs;
    drive(breakerStep(wallMs(nowMs), currentMa, relayIsClosed()));
  }
  if (breakerEventTotal() != lastEventTotal) {
    mirrorEvents();
    persistIfChanged();
    showStatus();
  }
}

// After each measurement window (~1 s): credit debited, limiter and prepayment evaluated.
export function breakerWindow(utcS: i64, nowMs: i64, importW: f64, currentA: f64, isoWeekday: i32, localHour: i32): void {
  if (!started) return;
  // The wall clock follows the RTC when they part by more than 2 s (a clock set, or drift).
  const drift = utcS * 1000 - wallMs(nowMs);
  if (drift > 2000 || drift < -2000) utcBaseMs = utcS * 1000 - nowMs;
  debitSinceLast();
  const w = importW > 0.0 ? (importW < 2e9 ? <i32>importW : i32.MAX_VALUE) : 0;
  const ma = currentA > 0.0 ? (currentA < 2e6 ? <i32>(currentA * 1000.0) : i32.MAX_VALUE) : 0;
  breakerSecond(wallMs(nowMs), w, ma, isoWeekday, localHour);
  mirrorEvents();
  persistIfChanged();
  showStatus();
}
