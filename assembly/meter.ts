// The meter: wires metrology, pulse outputs and display to the hardware devices; one state for the module.
import { Err } from "./errors";
import { adcConfigure } from "./hal/adc";
import { rtcReadUtcS } from "./hal/rtc";
import { s0Pulse } from "./hal/s0";
import { ledPulse, ledSet } from "./hal/led";
import { relayIsClosed } from "./hal/relay";
import { buildSineTable } from "./metrology/reftable";
import { processBlock, windowsClosed, configureRate, retuneNominal, sampleRateHz } from "./metrology/window";
import { Reading, readingGet, readingSet } from "./metrology/measure";
import { Register, registerWh, registerRestore, UWH_PER_WH } from "./metrology/energy";
import { journalLoad, journalFormat, journalCommit, persistedWh } from "./store/journal";
import { SNAPSHOT_REGISTERS } from "./store/layout";
import { calibrationLoad } from "./metrology/calrecord";
import { addPulses, pulseDue, pulseWidthMs, setPulseWidthMs } from "./pulse/scheduler";
import { lcdAllSegments, lcdShowValue } from "./display/segments";

export const ADC_RATE_HZ: i32 = 4000;
export const ADC_BLOCK_PAIRS: i32 = 40; // 10 ms, a DMA half-transfer
export const ADC_CAPACITY_PAIRS: i32 = 128;
export const ADC_BUFFER: usize = memory.data(ADC_CAPACITY_PAIRS * 8);
// The registers in whole units, as handed to the journal after each window.
const REGISTERS_WH: usize = memory.data(8 * SNAPSHOT_REGISTERS);

export const enum LedMode {
  OFF_WITHOUT_CONSUMPTION = 1,
  ON_WITHOUT_CONSUMPTION = 2,
}

export const enum InputKind {
  BUTTON_LEFT = 1,
  BUTTON_2 = 2,
  COVER = 3,
  MAGNET = 4,
  POWER_FAIL = 5,
  MODULE_IN1 = 6,
  MODULE_IN2 = 7,
  CAL_MODE = 8,
}

let booted = false;
let calibrated = false;
let windowsSeen: i32 = 0;
let lastAPlusWh: i64 = 0;
let ledMode: LedMode = LedMode.OFF_WITHOUT_CONSUMPTION;
let ledLevel: i32 = -1;
let consuming = false;
let nominalHz: i32 = 50;
// Levels of the input events, bit per InputKind.
let inputLevels: i32 = 0;

export function isBooted(): bool {
  return booted;
}

export function isCalibrated(): bool {
  return calibrated;
}

export function inputLevel(kind: InputKind): bool {
  return (inputLevels & (1 << <i32>kind)) != 0;
}

export function meterBoot(resetCause: i32): Err {
  if (resetCause < 0 || resetCause > 2) return Err.INVALID_ARGUMENT;
  buildSineTable();
  calibrated = calibrationLoad();
  restoreRegisters();
  configureRate(ADC_RATE_HZ, nominalHz);
  readingSet(Reading.RELAY, relayIsClosed() ? 1.0 : 0.0);
  readingSet(Reading.RTC, <f64>rtcReadUtcS());
  lastAPlusWh = registerWh(Register.A_PLUS);
  lcdAllSegments(); // display test at power-up
  booted = true;
  return <Err>adcConfigure(ADC_RATE_HZ, ADC_BLOCK_PAIRS);
}

// Registers come back from the journal in whole units: what was below the last whole Wh is the
// one unpersisted step a power cut may cost.
function restoreRegisters(): void {
  if (!journalLoad()) journalFormat();
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) registerRestore(<Register>r, <i64>persistedWh(r) * UWH_PER_WH);
}

function persistRegisters(): void {
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) store<i64>(REGISTERS_WH + (<usize>r << 3), registerWh(r));
  // A failed write is retried at the next window; the registers in RAM stay right meanwhile.
  journalCommit(REGISTERS_WH);
}

function updateLed(): void {
  const level = ledMode == LedMode.ON_WITHOUT_CONSUMPTION && !consuming ? 1 : 0;
  if (level != ledLevel) {
    ledLevel = level;
    ledSet(level != 0);
  }
}

function onWindow(): void {
  readingSet(Reading.RTC, <f64>rtcReadUtcS());
  consuming = readingGet(Reading.QUADRANT) != 0.0;
  persistRegisters();
  const aPlusWh = registerWh(Register.A_PLUS);
  addPulses(<i32>(aPlusWh - lastAPlusWh), readingGet(Reading.WINDOW_MS));
  lastAPlusWh = aPlusWh;
  updateLed();
  lcdShowValue(<u64>(aPlusWh / 1000), <i32>readingGet(Reading.INDICATORS));
}

export function meterAdcBlock(pairs: i32): Err {
  if (!booted) return Err.NOT_READY;
  if (pairs <= 0 || pairs > ADC_CAPACITY_PAIRS) return Err.OUT_OF_RANGE;
  processBlock(ADC_BUFFER, pairs);
  if (windowsClosed != windowsSeen) {
    windowsSeen = windowsClosed;
    onWindow();
  }
  return Err.OK;
}

export function meterTick(): void {
  if (!booted) return;
  if (pulseDue()) {
    const width = pulseWidthMs();
    s0Pulse(width);
    ledPulse(width);
  }
}

export function meterInputEvent(kind: i32, value: i32): Err {
  if (kind < <i32>InputKind.BUTTON_LEFT || kind > <i32>InputKind.CAL_MODE) return Err.INVALID_ARGUMENT;
  if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
  if (value != 0) inputLevels |= 1 << kind;
  else inputLevels &= ~(1 << kind);
  return Err.OK;
}

export const enum ConfigId {
  PULSE_WIDTH_MS = 1,
  LED_MODE = 2,
  NOMINAL_FREQ_HZ = 3,
}

export function meterConfigSet(id: i32, value: i32): Err {
  switch (id) {
    case ConfigId.PULSE_WIDTH_MS:
      if (value != 30 && value != 80) return Err.OUT_OF_RANGE;
      setPulseWidthMs(value);
      return Err.OK;
    case ConfigId.LED_MODE:
      if (value != <i32>LedMode.OFF_WITHOUT_CONSUMPTION && value != <i32>LedMode.ON_WITHOUT_CONSUMPTION) {
        return Err.OUT_OF_RANGE;
      }
      ledMode = <LedMode>value;
      if (booted) updateLed();
      return Err.OK;
    case ConfigId.NOMINAL_FREQ_HZ:
      if (value != 50 && value != 60) return Err.OUT_OF_RANGE;
      nominalHz = value;
      if (booted) retuneNominal(value);
      return Err.OK;
  }
  return Err.INVALID_ARGUMENT;
}

export function meterSampleRateHz(): i32 {
  return sampleRateHz;
}
