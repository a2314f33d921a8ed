// Display controller: power-up test, automatic/manual/battery lists, symbols and indicators, fed by the meter.
import { Err } from "../errors";
import {
  LCD_BYTES, BITMAP, LCD_QUADRANT_BYTE, LCD_SYMBOL_BYTE, LCD_MODE_BYTE, LCD_INDICATOR_BYTE, TARIFF_SHIFT,
  QUAD_P_IMPORT, QUAD_P_EXPORT, QUAD_Q_POSITIVE, QUAD_Q_NEGATIVE, SYM_ERROR, SYM_BREAKER_CLOSED,
  SYM_BREAKER_OPEN, SYM_TAMPER, SYM_RADIO, SYM_PREPAYMENT, SYM_MODULE1, MODE_BATTERY, MODE_MANUAL,
  LCD_SUPPLY_BIT, LCD_PHASE_CURRENT_BIT, bitmapClear, bitmapOr, bitmapFlush, bitmapSame, bitmapCopyTo,
} from "./segments";
import { ReadingId, setValue, valueOf, valueIsSet, readingSource, Source } from "./readings";
import { drawReading, setDecimals } from "./format";
import {
  DisplayList, displayListLength, displayListEntry, displayListsDefault, listGeneration, errorActive, autoCount, autoEntry,
} from "./lists";
import {
  Button, Press, Button2Setup, buttonEdge, buttonsPoll, takePress, buttonsReset, button2SetupCode, setButton2Setup,
} from "./buttons";

export const enum DisplayMode {
  TEST = 0, // all segments after power-up
  AUTO = 1, // automatic list, one reading per AUTO_SCROLL_MS
  MANUAL = 2, // manual list, stepped by the left button
  BATTERY = 3, // no mains: battery list, stepped by the button
  OFF = 4, // no mains and no press for BATTERY_TIMEOUT_MS: blank, to spare the battery
}

// Items of displaySetStatus.
export const enum Status {
  BREAKER = 1, // BreakerState
  TAMPER = 2, // TamperState
  RADIO = 3, // 1 while communicating with the AMR system
  PREPAYMENT = 4, // 1 prepayment function active
  MODULES = 5, // bit 0 primary module communicates, bit 1 second module
  TARIFF = 6, // 0 no tariff function, 1..4 tariff in force
  QUADRANT = 7, // 0 no load, 1..4 (IEC 62053-23)
  MAINS = 8, // 1 mains present, 0 running on supercap/battery
  INDICATORS = 9, // bit 0 supply > 160 V, bit 1 phase current > 2.3 W, as metrology decided them
}

export const enum BreakerState {
  NONE = 0, // smart disconnect disabled or no breaker: no symbol
  CONNECTED = 1,
  DISCONNECTED = 2,
  RELEASED = 3, // open, reconnection released: waits for the push button (symbol blinks)
}

export const enum TamperState {
  NONE = 0,
  ACTIVE = 1, // cover open or magnet present now: steady
  LATCHED = 2, // an earlier tamper not yet cleared: blinks
}

export const enum ButtonAction {
  NONE = 0,
  BREAKER_CONNECT = 1,
  BREAKER_DISCONNECT = 2,
}

export const DISPLAY_TEST_MS: i64 = 3000;
export const AUTO_SCROLL_MS: i64 = 10000;
export const MANUAL_TIMEOUT_MS: i64 = 120000;
export const BATTERY_TIMEOUT_MS: i64 = 30000;
export const REFRESH_MS: i64 = 1000;
export const BLINK_MS: i64 = 500;
// Data sheet thresholds, in the milli-units the meter hands in.
export const SUPPLY_THRESHOLD_MV: i64 = 160000;
export const PHASE_CURRENT_THRESHOLD_MW: i64 = 2300;

// The bitmap last handed to lcd_write, to write only on change (and at REFRESH_MS).
const LAST: usize = memory.data(LCD_BYTES);

let mode: DisplayMode = DisplayMode.TEST;
let modeSinceMs: i64 = 0;
let stepSinceMs: i64 = 0;
let lastPressMs: i64 = 0;
let position: i32 = 0;
let seenGeneration: i32 = -1;
let lastWriteMs: i64 = 0;
let mustWrite = true;
let pendingAction: ButtonAction = ButtonAction.NONE;
let breaker: BreakerState = BreakerState.NONE;
let tamper: TamperState = TamperState.NONE;
let radio = false;
let prepayment = false;
let modules: i32 = 0;
let tariff: i32 = 0;
let quadrant: i32 = 0;
// The metrology's own indicator bits; -1 until given, then the display derives them from V and P.
let indicatorBits: i32 = -1;
let mains = true;
// The time of the latest call that carried one, for changes that arrive without a time.
let lastNowMs: i64 = 0;
// The tick redraws when something changed, else every RENDER_MS (AUTO_RENDER_MS in the automatic
// list, where values arrive every second and only blinking needs 500 ms): drawing the picture every
// 10 ms would cost the meter more than its sample loop.
export const RENDER_MS: i64 = 100;
export const AUTO_RENDER_MS: i64 = 500;
// The time of the next redraw: lastRenderMs plus the mode's interval, DIRTY when something changed, so
// the idle tick is one compare of the time.
const DIRTY: i64 = i64.MIN_VALUE;
let nextRenderMs: i64 = DIRTY;
let lastRenderMs: i64 = i64.MIN_VALUE;

function markDirty(): void { nextRenderMs = DIRTY; }
function scheduleRender(): void {
  if (nextRenderMs != DIRTY) nextRenderMs = lastRenderMs + (mode == DisplayMode.AUTO ? AUTO_RENDER_MS : RENDER_MS);
}

function noPull(id: i32): void {}
// Fetches the value of a reading whose Source is not HANDED, just before it is drawn (display/pull.ts,
// set by the meter): one reading on screen costs one fetch a redraw, the rest of the catalogue nothing.
let pull: (id: i32) => void = noPull;

export function displaySetPull(fetch: (id: i32) => void): void {
  pull = fetch;
}
let renderedGeneration: i32 = -1;

// Power-up: display test, then automatic scroll. Lists, values, Z1 and Z17 keep what was set before boot
// (a meter without configured lists gets the factory lists); statuses are cleared. Writes nothing.
export function displayReset(nowMs: i64): void {
  if (displayListLength(DisplayList.MANUAL) == 0) displayListsDefault();
  buttonsReset();
  lastNowMs = nowMs;
  // Statuses come from the meter after boot; until then nothing is claimed.
  mains = true;
  breaker = BreakerState.NONE;
  tamper = TamperState.NONE;
  radio = false;
  prepayment = false;
  modules = 0;
  tariff = 0;
  quadrant = 0;
  enter(DisplayMode.TEST, nowMs);
  pendingAction = ButtonAction.NONE;
  mustWrite = true;
}

// Meter entry at boot: reset and write the test pattern at once.
export function displayBoot(nowMs: i64): void {
  displayReset(nowMs);
  displayTick(nowMs);
}

// Meter entry on every tick (10 ms): timers, presses, and lcd_write when the picture changed or once a second.
export function displayTick(nowMs: i64): void {
  if (nowMs < nextRenderMs && renderedGeneration == listGeneration) return;
  redraw(nowMs);
}

// Apart from the idle test above, which is then small enough to sit in the meter's tick.
@noinline
function redraw(nowMs: i64): void {
  nextRenderMs = i64.MAX_VALUE; // clean: a change during the render marks it dirty again
  lastRenderMs = nowMs;
  renderedGeneration = listGeneration;
  const changed = displayRender(nowMs);
  scheduleRender();
  if (changed) bitmapFlush();
}

// Meter entry on input_event BUTTON_LEFT / BUTTON_2 (level 1 pressed, 0 released).
export function displayButton(button: i32, level: i32, nowMs: i64): Err {
  markDirty();
  const err = buttonEdge(button, level, nowMs);
  lastNowMs = nowMs;
  if (err != Err.OK) return err;
  handlePresses(nowMs);
  return Err.OK;
}

// Meter entry for the readings it hands in (Source HANDED, each window) and for the pull hook. Ids and
// units in docs/LCD.md; OUT_OF_RANGE / INVALID_ARGUMENT leave the old value.
export function displaySetValue(id: i32, value: i64): Err {
  markDirty();
  return setValue(id, value);
}

export function displaySetStatus(item: i32, value: i32): Err {
  markDirty();
  switch (item) {
    case Status.BREAKER:
      if (value < 0 || value > <i32>BreakerState.RELEASED) return Err.OUT_OF_RANGE;
      breaker = <BreakerState>value;
      return Err.OK;
    case Status.TAMPER:
      if (value < 0 || value > <i32>TamperState.LATCHED) return Err.OUT_OF_RANGE;
      tamper = <TamperState>value;
      return Err.OK;
    case Status.RADIO:
    case Status.PREPAYMENT:
    case Status.MAINS:
      if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
      if (item == Status.RADIO) radio = value != 0;
      else if (item == Status.PREPAYMENT) prepayment = value != 0;
      else setMains(value != 0);
      return Err.OK;
    case Status.MODULES:
      if (value < 0 || value > 3) return Err.OUT_OF_RANGE;
      modules = value;
      return Err.OK;
    case Status.TARIFF:
      if (value < 0 || value > 4) return Err.OUT_OF_RANGE;
      tariff = value;
      return Err.OK;
    case Status.QUADRANT:
      if (value < 0 || value > 4) return Err.OUT_OF_RANGE;
      quadrant = value;
      return Err.OK;
    case Status.INDICATORS:
      if (value < 0 || value > 3) return Err.OUT_OF_RANGE;
      indicatorBits = value;
      return Err.OK;
  }
  return Err.INVALID_ARGUMENT;
}

// Z1 decimals code 1..4 and Z17 push button 2 code 0..2.
export function displaySetDecimals(code: i32): Err {
  markDirty();
  return setDecimals(code);
}

export function displaySetButton2(code: i32): Err {
  markDirty();
  return setButton2Setup(code);
}

// The breaker request of push button 2 (Z17 = 2), once; the meter decides whether it is permitted.
export function displayActionPending(): bool { return pendingAction != ButtonAction.NONE; }

export function displayTakeAction(): ButtonAction {
  const action = pendingAction;
  pendingAction = ButtonAction.NONE;
  return action;
}

export function displayMode(): DisplayMode {
  return mode;
}

// The reading id on screen, -1 during the test and when blank.
export function displayReadingShown(): i32 {
  if (mode == DisplayMode.AUTO) return autoEntry(position);
  if (mode == DisplayMode.MANUAL) return displayListEntry(DisplayList.MANUAL, position);
  if (mode == DisplayMode.BATTERY) return displayListEntry(DisplayList.BATTERY, position);
  return -1;
}

export function displayBitmap(): usize {
  return BITMAP;
}

function enter(next: DisplayMode, nowMs: i64): void {
  mode = next;
  modeSinceMs = nowMs;
  stepSinceMs = nowMs;
  position = 0;
  seenGeneration = listGeneration;
  scheduleRender();
}

function setMains(present: bool): void {
  if (present == mains) return;
  mains = present;
  if (mode == DisplayMode.TEST) return; // the test ends in the mode that fits the supply
  enter(present ? DisplayMode.AUTO : DisplayMode.OFF, lastNowMs);
}

function step(list: DisplayList, forward: bool): void {
  const n = displayListLength(list);
  if (n == 0) return;
  position = forward ? (position + 1) % n : (position + n - 1) % n;
}

function stepPress(forward: bool, nowMs: i64): void {
  if (mode == DisplayMode.AUTO) {
    enter(DisplayMode.MANUAL, nowMs);
    if (!forward) step(DisplayList.MANUAL, false);
  } else if (mode == DisplayMode.MANUAL) {
    step(DisplayList.MANUAL, forward);
  } else if (mode == DisplayMode.OFF) {
    if (displayListLength(DisplayList.BATTERY) == 0) return;
    enter(DisplayMode.BATTERY, nowMs);
  } else if (mode == DisplayMode.BATTERY) {
    step(DisplayList.BATTERY, forward);
  } else {
    return; // the power-up test is not interrupted
  }
  lastPressMs = nowMs;
}

function handlePresses(nowMs: i64): void {
  const left = takePress(Button.LEFT);
  if (left == Press.SHORT) stepPress(true, nowMs);
  else if (left == Press.LONG) {
    // Long press: straight back to the automatic scroll (on battery there is none: step instead).
    if (mode == DisplayMode.MANUAL) enter(DisplayMode.AUTO, nowMs);
    else if (mode == DisplayMode.BATTERY || mode == DisplayMode.OFF) stepPress(true, nowMs);
  }
  const two = takePress(Button.TWO);
  if (two == Press.NONE) return;
  const setup = button2SetupCode();
  if (setup == Button2Setup.SCROLL_BACK) stepPress(false, nowMs);
  else if (setup == Button2Setup.BREAKER) {
    pendingAction = two == Press.LONG ? ButtonAction.BREAKER_DISCONNECT : ButtonAction.BREAKER_CONNECT;
  }
}

function advanceTimers(nowMs: i64): void {
  if (seenGeneration != listGeneration && mode != DisplayMode.TEST && mode != DisplayMode.OFF) {
    enter(mode, nowMs); // a new list starts from its first entry
  }
  if (mode == DisplayMode.TEST) {
    if (nowMs - modeSinceMs >= DISPLAY_TEST_MS) enter(mains ? DisplayMode.AUTO : DisplayMode.OFF, nowMs);
  } else if (mode == DisplayMode.AUTO) {
    if (nowMs - stepSinceMs >= AUTO_SCROLL_MS) {
      position = (position + 1) % autoCount();
      stepSinceMs = nowMs;
    }
    if (position >= autoCount()) position = 0; // the error cleared while its step was due
  } else if (mode == DisplayMode.MANUAL) {
    if (nowMs - lastPressMs >= MANUAL_TIMEOUT_MS) enter(DisplayMode.AUTO, nowMs);
  } else if (mode == DisplayMode.BATTERY) {
    if (nowMs - lastPressMs >= BATTERY_TIMEOUT_MS) enter(DisplayMode.OFF, nowMs);
  }
}

function blinkOn(nowMs: i64): bool {
  return (nowMs / BLINK_MS) % 2 == 0;
}

function drawSymbols(nowMs: i64): void {
  if (mains) {
    let indicators: u8 = 0;
    if (indicatorBits >= 0) {
      if ((indicatorBits & 1) != 0) indicators |= LCD_SUPPLY_BIT;
      if ((indicatorBits & 2) != 0) indicators |= LCD_PHASE_CURRENT_BIT;
    } else {
      if (valueIsSet(ReadingId.VOLTAGE) && valueOf(ReadingId.VOLTAGE) > SUPPLY_THRESHOLD_MV) indicators |= LCD_SUPPLY_BIT;
      const p = valueIsSet(ReadingId.POWER) ? valueOf(ReadingId.POWER) : 0;
      if (p > PHASE_CURRENT_THRESHOLD_MW || p < -PHASE_CURRENT_THRESHOLD_MW) indicators |= LCD_PHASE_CURRENT_BIT;
    }
    bitmapOr(LCD_INDICATOR_BYTE, indicators);
    // Quadrant I import inductive, II export inductive... as arrows of P and Q (IEC 62053-23).
    let arrows: u8 = 0;
    if (quadrant == 1 || quadrant == 4) arrows |= QUAD_P_IMPORT;
    if (quadrant == 2 || quadrant == 3) arrows |= QUAD_P_EXPORT;
    if (quadrant == 1 || quadrant == 2) arrows |= QUAD_Q_POSITIVE;
    if (quadrant == 3 || quadrant == 4) arrows |= QUAD_Q_NEGATIVE;
    bitmapOr(LCD_QUADRANT_BYTE, arrows);
    if (tariff > 0) {
      const tariffBit: i32 = 1 << (TARIFF_SHIFT + tariff - 1);
      bitmapOr(LCD_QUADRANT_BYTE, <u8>tariffBit);
    }
  }
  let symbols: u8 = 0;
  if (errorActive()) symbols |= SYM_ERROR;
  if (breaker == BreakerState.CONNECTED) symbols |= SYM_BREAKER_CLOSED;
  if (breaker == BreakerState.DISCONNECTED || (breaker == BreakerState.RELEASED && blinkOn(nowMs))) symbols |= SYM_BREAKER_OPEN;
  if (tamper == TamperState.ACTIVE || (tamper == TamperState.LATCHED && blinkOn(nowMs))) symbols |= SYM_TAMPER;
  if (radio) symbols |= SYM_RADIO;
  if (prepayment) symbols |= SYM_PREPAYMENT;
  symbols |= <u8>(modules * SYM_MODULE1);
  bitmapOr(LCD_SYMBOL_BYTE, symbols);
  if (mode == DisplayMode.BATTERY) bitmapOr(LCD_MODE_BYTE, MODE_BATTERY);
  if (mode == DisplayMode.MANUAL) bitmapOr(LCD_MODE_BYTE, MODE_MANUAL);
}

// Runs the timers and draws the picture of `nowMs` into the bitmap; true when it must be written
// (changed, or REFRESH_MS since the last write while powered). Pure: never calls lcd_write.
export function displayRender(nowMs: i64): bool {
  lastNowMs = nowMs;
  buttonsPoll(nowMs);
  handlePresses(nowMs);
  advanceTimers(nowMs);
  if (mode == DisplayMode.TEST) {
    memory.fill(BITMAP, 0xff, LCD_BYTES);
  } else {
    bitmapClear();
    if (mode != DisplayMode.OFF) {
      const id = displayReadingShown();
      if (id >= 0) { // -1 only if the lists were never set (no displayReset)
        if (readingSource(id) != <i32>Source.HANDED) pull(id);
        drawReading(id);
      }
      drawSymbols(nowMs);
    }
  }
  let changed = mustWrite || !bitmapSame(LAST);
  if (!changed && mode != DisplayMode.OFF && nowMs - lastWriteMs >= REFRESH_MS) changed = true;
  if (!changed) return false;
  bitmapCopyTo(LAST);
  lastWriteMs = nowMs;
  mustWrite = false;
  return true;
}
