// The meter: wires metrology, store, registers, pulse outputs and display to the hardware devices; one state for the module.
import { Err } from "./errors";
import { adcConfigure } from "./hal/adc";
import { rtcReadUtcS } from "./hal/rtc";
import { ledSet } from "./hal/led";
import { relayIsClosed } from "./hal/relay";
import { buildSineTable } from "./metrology/reftable";
import { processBlock, windowsClosed, configureRate, retuneNominal, sampleRateHz, windowHooks } from "./metrology/window";
import { SAMPLE_BUFFER, SAMPLE_PAIRS_MAX } from "./metrology/sampler";
import { samplesTotal } from "./metrology/window";
import { pqWindow, pqReset, pqConfigure } from "./pq/summary";
import { pqCycle } from "./pq/voltage";
import { pqRecordLoad, pqRecordWindow } from "./pq/record";
import { aggregatePeriod, aggregateConfigure } from "./pq/aggregate";
import { Reading, readingGet, readingSet } from "./metrology/measure";
import { Register, registerWh, setTariff, currentTariff } from "./metrology/energy";
import { calibrationLoad } from "./metrology/calrecord";
import { restoreRegisters, persistRegisters, StoredData } from "./registers/restore";
import { ringCorruptRecords } from "./store/ring";
import { pulseWindow, pulseTick } from "./pulse/energy";
import {
  displayBoot, displayTick, displayButton, displaySetStatus, displaySetValue, displaySetPull, Status,
} from "./display/controller";
import { displayFeed } from "./display/feed";
import { displayPull } from "./display/pull";
import { ConfigId, configGet } from "./config";
import { settingsLoad, settingSet, settingsSetMany } from "./settings";
import {
  registersBoot, registersWindow, registersTick, registersClockWritten, registersExternalStop, registersPowerFail,
} from "./registers/driver";
import { localFromUtcS } from "./clock/timezone";
import { clockWrite } from "./clock/clock";
import { ClockChange } from "./clock/quality";
import { profileBoot, profileWindow, profileClockChanged } from "./profile/capture";
import { alogBoot, alogWindow, alogClockChanged, alogConfigure, alogErasing, alogEraseTick } from "./alog/logger";
import { tariffSelect, calendarLoad } from "./tariff/control";
import { portBoot, portInputEdge, portTariff, portWindow, portTick } from "./port/port";
import { portInputAction } from "./port/actions";
import { factoryLoad } from "./factory/record";
import { orderConfigId, radioCommunicating } from "./factory/ordered";
import { ReadingId } from "./display/readings";
import { eventsLoad, eventLog, EventCode } from "./events/log";
import { tamperEdge, tamperFlush, tamperWindow } from "./events/tamper";
import { showTamper } from "./events/tamperview";
import { stateLoad, stateSave, stateClockBlock } from "./state";
import { billingLoad } from "./registers/billing";
import { errorLatch, errorClear, ErrorBit } from "./diagnostics";
import { opticalTick, opticalState, opticalBaud, opticalBinaryEnd, OpticalState, OPTICAL_PORT } from "./comms/iec62056";
import { hdlcOpen, hdlcIsOpen, hdlcTick, hdlcAwake } from "./dlms/hdlc/port";
import { routeBoot, routeReceive, moduleFraming, ModuleFraming } from "./comms/route";
import { uartRxBuffer, uartReceive } from "./comms/uart";
import { alarmsReset, alarmFilterFromZ26 } from "./alarms/alarm";
import { pushesReset, pushTick } from "./alarms/push";
import { moduleTick } from "./comms/moduleport";
import { secretLoad } from "./cosem/secret";
import { keysLoad } from "./cosem/keys";
import { breakerBoot, breakerTick, breakerWindow, breakerWallMs, breakerCommitted } from "./breaker/link";
import { breakerSetMode, breakerSetPresent } from "./breaker/breaker";
import { civilFromSeconds, dtDayOfWeek, dtHour } from "./clock/calendar";
import { TICK_MS } from "./pulse/scheduler";
import { updateBoot, updateTick } from "./update/boot";

export const ADC_RATE_HZ: i32 = 4000;
export const ADC_BLOCK_PAIRS: i32 = 40; // 10 ms, a DMA half-transfer
// The sample loop owns the buffer (it reads it from a constant address).
export const ADC_CAPACITY_PAIRS: i32 = SAMPLE_PAIRS_MAX;
export const ADC_BUFFER: usize = SAMPLE_BUFFER;

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
// Meter time since boot, advanced by the tick: the display's and the buttons' clock.
let nowMs: i64 = 0;
// Current of the last window for the relay's breaking-current check; -1 until measured.
let currentMa: i32 = -1;
let calibrated = false;
let windowsSeen: i32 = 0;
let lastAPlusWh: i64 = 0;
let lastRPlusVarh: i64 = 0;
let lastAMinusWh: i64 = 0;
let lastRMinusVarh: i64 = 0;
let ledLevel: i32 = -1;
let consuming = false;
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
  if (booted) return Err.BUSY;
  buildSineTable();
  calibrated = calibrationLoad();
  alarmsReset();
  pushesReset();
  eventsLoad();
  factoryLoad();
  portBoot();
  settingsLoad();
  secretLoad();
  keysLoad();
  const stateKnown = stateLoad();
  billingLoad();
  const utcAtBoot = rtcReadUtcS();
  const registersDamaged = restoreRegisters(utcAtBoot);
  pqReset();
  pqRecordLoad(utcAtBoot);
  windowHooks(pqCycle, aggregatePeriod, pqConfigure, aggregateConfigure);
  configureRate(ADC_RATE_HZ, configGet(ConfigId.NOMINAL_FREQ_HZ));
  readingSet(Reading.RELAY, relayIsClosed() ? 1.0 : 0.0);
  const utcS = rtcReadUtcS();
  readingSet(Reading.RTC, <f64>utcS);
  calendarLoad();
  registersBoot(utcS, resetCause == 0, configGet(ConfigId.SUPPLY_BACKUP), stateKnown ? stateClockBlock() : 0);
  selectTariff(utcS);
  profileBoot(utcS, resetCause == 0, registersDamaged);
  alogBoot(utcS, resetCause == 0);
  breakerBoot(utcS, nowMs, configGet(ConfigId.BREAKER_POSITION), configGet(ConfigId.DISCONNECT_MODE));
  updateBoot();
  // A cover open or a field present at power-up (set before boot by the tamper circuit) is seen now.
  for (let k = 0; k < 2; k++) if (inputLevel(<InputKind>(<i32>InputKind.COVER + k))) tamperEdge(k, true, utcS, false);
  // Every record ring has been loaded by now: one that failed its CRC is never read again.
  if (ringCorruptRecords > 0) {
    errorLatch(ErrorBit.STORED_DATA);
    eventLog(utcS, EventCode.STORED_DATA_DAMAGED, <i32>StoredData.RECORDS, ringCorruptRecords, 0);
  }
  stateSave();
  lastAPlusWh = registerWh(Register.A_PLUS);
  lastRPlusVarh = registerWh(Register.R_PLUS);
  lastAMinusWh = registerWh(Register.A_MINUS);
  lastRMinusVarh = registerWh(Register.R_MINUS);
  displaySetPull(displayPull);
  displayBoot(nowMs); // all segments at power-up
  routeBoot();
  showTamper();
  booted = true;
  return <Err>adcConfigure(ADC_RATE_HZ, ADC_BLOCK_PAIRS);
}

function updateLed(): void {
  const level = configGet(ConfigId.LED_MODE) == <i32>LedMode.ON_WITHOUT_CONSUMPTION && !consuming ? 1 : 0;
  if (level != ledLevel) {
    ledLevel = level;
    ledSet(level != 0);
  }
}

// The tariff chosen at the end of a window counts the energy of the next one (a switch lands within ~1 s).
function selectTariff(utcS: i64): void {
  const in1 = inputLevel(InputKind.MODULE_IN1) ? 1 : 0;
  const in2 = inputLevel(InputKind.MODULE_IN2) ? 1 : 0;
  setTariff(tariffSelect(utcS, localFromUtcS(utcS), in1, in2));
  portTariff(currentTariff());
}

function onWindow(): void {
  const utcS = rtcReadUtcS();
  readingSet(Reading.RTC, <f64>utcS);
  consuming = readingGet(Reading.QUADRANT) != 0.0;
  if (!powerFailing) persistRegisters();
  if (registersWindow(utcS)) saveState();
  if (!powerFailing) {
    profileWindow(utcS); // a boundary in the hold-up time is taken at power-up
    tamperWindow(utcS);
  }
  selectTariff(utcS);
  const aPlusWh = registerWh(Register.A_PLUS);
  const rPlusVarh = registerWh(Register.R_PLUS);
  const aMinusWh = registerWh(Register.A_MINUS);
  const rMinusVarh = registerWh(Register.R_MINUS);
  const windowMs = readingGet(Reading.WINDOW_MS);
  pulseWindow(configGet(ConfigId.LED_ENERGY), configGet(ConfigId.S0_ENERGY), <i32>(aPlusWh - lastAPlusWh), <i32>(aMinusWh - lastAMinusWh),
    <i32>(rPlusVarh - lastRPlusVarh), <i32>(rMinusVarh - lastRMinusVarh), windowMs);
  portWindow(<i32>(aPlusWh - lastAPlusWh), <i32>(rPlusVarh - lastRPlusVarh), <i32>(aMinusWh - lastAMinusWh), windowMs);
  lastAPlusWh = aPlusWh;
  lastRPlusVarh = rPlusVarh;
  lastAMinusWh = aMinusWh;
  lastRMinusVarh = rMinusVarh;
  updateLed();
  // Under the power-fail warning the events wait in their queue and the record for the supply's return.
  if (!powerFailing) {
    pqWindow(utcS, samplesTotal, sampleRateHz, readingGet(Reading.THD_V), readingGet(Reading.THD_I),
      readingGet(Reading.I1RMS));
    pqRecordWindow();
    alogWindow(utcS); // after the PQ aggregates, so an entry on a 10-min boundary holds the interval just closed
  }
  const local = civilFromSeconds(localFromUtcS(utcS));
  if (local >= 0) {
    breakerWindow(utcS, nowMs, readingGet(Reading.P), readingGet(Reading.IRMS), dtDayOfWeek(local), dtHour(local));
  }
  currentMa = <i32>(readingGet(Reading.IRMS) * 1000.0);
  displayFeed(utcS, currentTariff());
  displaySetValue(ReadingId.CONFIG_ID, <i64>orderConfigId());
  displaySetStatus(Status.RADIO, radioCommunicating() ? 1 : 0);
}

export function meterAdcBlock(pairs: i32): Err {
  if (!booted) return Err.NOT_READY;
  if (<u32>(pairs - 1) >= <u32>ADC_CAPACITY_PAIRS) return Err.OUT_OF_RANGE; // 1..capacity in one compare
  processBlock(pairs);
  if (windowsClosed != windowsSeen) {
    windowsSeen = windowsClosed;
    onWindow();
  }
  return Err.OK;
}

export function meterTick(): void {
  if (!booted) return;
  const now = nowMs + <i64>TICK_MS; // read once: wasm3 pays every global read, 100 times a second
  nowMs = now;
  if (registersTick(TICK_MS)) saveState();
  breakerTick(now, currentMa);
  displayTick(now);
  // Optical port idle, module port on HDLC and no HDLC link awake, the usual state: one test for those ticks,
  // which have nothing to do then (a push wakes none of them).
  const portsQuiet = (<i32>opticalState() | <i32>moduleFraming | hdlcAwake()) == 0;
  if (!portsQuiet) {
    opticalTick(now);
    // The wrapper's 120 s inactivity release counts wrapper frames only: under HDLC it would end the
    // association HDLC holds on the same context (HDLC has its own inactivity time-out).
    if (moduleFraming == ModuleFraming.WRAPPER) moduleTick(now);
  }
  pushTick(now);
  if (!portsQuiet) {
    // Mode E hands the optical port to HDLC; when that link ends the port returns to IEC 62056-21.
    if (opticalState() == OpticalState.BINARY && !hdlcIsOpen(OPTICAL_PORT)) hdlcOpen(OPTICAL_PORT, true, opticalBaud());
    if ((hdlcTick() & (1 << OPTICAL_PORT)) != 0) opticalBinaryEnd();
  }
  updateTick(now); // bounded: one piece of image verification, or the trial image's confirmation
  pulseTick();
  portTick();
  if (alogErasing > 0 && !powerFailing) alogEraseTick(); // a logger restart's erase, a sector a tick
}

export function meterInputEvent(kind: i32, value: i32): Err {
  if (kind < <i32>InputKind.BUTTON_LEFT || kind > <i32>InputKind.CAL_MODE) return Err.INVALID_ARGUMENT;
  if (value != 0 && value != 1) return Err.OUT_OF_RANGE;
  const was = inputLevel(<InputKind>kind);
  if (value != 0) inputLevels |= 1 << kind;
  else inputLevels &= ~(1 << kind);
  // A module line's edge does what its Z3 function says (port/functions.ts); tariff edges below.
  if (booted && (kind == <i32>InputKind.MODULE_IN1 || kind == <i32>InputKind.MODULE_IN2) && (value != 0) != was) {
    portInputAction(portInputEdge(kind == <i32>InputKind.MODULE_IN1 ? 1 : 2, value), kind == <i32>InputKind.MODULE_IN1 ? 1 : 2);
  }
  if (booted && (kind == <i32>InputKind.BUTTON_LEFT || kind == <i32>InputKind.BUTTON_2)) {
    displayButton(kind, value, nowMs);
  }
  if (kind == <i32>InputKind.POWER_FAIL) {
    displaySetStatus(Status.MAINS, value != 0 ? 0 : 1);
    if (booted && value != 0 && !was) lastGasp();
    if (booted && value == 0 && was) powerBack();
  }
  // A tamper is kept through power cuts until the utility clears it: the state is saved when the latch changes
  // (under the power-fail warning at the supply's return), not at every edge of a pulsed magnet.
  if (booted && (kind == <i32>InputKind.COVER || kind == <i32>InputKind.MAGNET) && (value != 0) != was) {
    if (tamperEdge(kind - <i32>InputKind.COVER, value != 0, rtcReadUtcS(), powerFailing)) saveState();
  }
  if (kind == <i32>InputKind.COVER || kind == <i32>InputKind.MAGNET) showTamper();
  // A tariff input switches the tariff at its edge, not at the next window.
  if (booted && (kind == <i32>InputKind.MODULE_IN1 || kind == <i32>InputKind.MODULE_IN2) && (value != 0) != was) {
    selectTariff(rtcReadUtcS());
  }
  return Err.OK;
}

// The power-fail warning (POWER_FAIL 1): the hold-up energy writes the registers to the last whole
// unit, the state and a power-down event (at most LAST_GASP_MAX_OPS NVM operations), then the meter
// writes nothing more until the warning clears, so no write is torn by the dying supply.
export const LAST_GASP_MAX_OPS: i32 = 8;
let powerFailing = false;
let stateDirty = false;

function lastGasp(): void {
  const utcS = rtcReadUtcS();
  persistRegisters();
  registersPowerFail(utcS); // the state then holds when the supply failed
  eventLog(utcS, EventCode.POWER_DOWN, 0, 0, 0);
  stateSave();
  stateDirty = false;
  powerFailing = true;
}

// The supply came back without a reset (a brownout): what waited is written now.
function powerBack(): void {
  powerFailing = false;
  persistRegisters();
  tamperFlush(0);
  tamperFlush(1);
  if (stateDirty) stateSave();
  stateDirty = false;
}

function saveState(): void {
  if (powerFailing) stateDirty = true;
  else stateSave();
}

export function meterConfigSet(id: i32, value: i32): Err {
  const status = settingSet(id, value);
  if (status != Err.OK || !booted) return status;
  return configEffects(id, value);
}

// Several settings as one change (a DLMS SET-with-list): all apply or none; -1, or the refused index
// (settingsManyStatus() says why). The running meter follows each accepted one.
export function meterConfigSetMany(ids: StaticArray<i32>, values: StaticArray<i32>, n: i32): i32 {
  const failed = settingsSetMany(ids, values, n);
  if (failed >= 0 || !booted) return failed;
  for (let k = 0; k < n; k++) configEffects(ids[k], values[k]);
  return -1;
}

// What the running meter does at once when a setting changes.
function configEffects(id: i32, value: i32): Err {
  if (id == <i32>ConfigId.LED_MODE) updateLed();
  if (id == <i32>ConfigId.NOMINAL_FREQ_HZ) retuneNominal(value);
  if (id == <i32>ConfigId.DISCONNECT_MODE) return breakerCommitted(breakerSetMode(value, breakerWallMs(nowMs)));
  if (id == <i32>ConfigId.BREAKER_POSITION) breakerSetPresent(value != 0);
  if (id == <i32>ConfigId.ALARM_CONFIG) alarmFilterFromZ26();
  if (id == <i32>ConfigId.ANALYSIS_LOGGER) return alogConfigure(value); // a new set-up restarts the logger
  // A new Z3 or Z13 reads the inputs at once, not at the next window.
  if (id == <i32>ConfigId.MODULE_CONFIG || id == <i32>ConfigId.TARIFF_CONTROL) selectTariff(rtcReadUtcS());
  return Err.OK;
}

// Sets the RTC (UTC seconds): ClockChange 1 adjusted, 2 set, or -Err (OUT_OF_RANGE outside 2000..9999).
export function meterClockSet(utcS: i64): i32 {
  const oldUtcS = rtcReadUtcS();
  const change = clockWrite(utcS);
  if (change > 0 && registersClockWritten(utcS)) stateSave();
  if (change > 0) {
    profileClockChanged(oldUtcS, utcS, change == <i32>ClockChange.SET);
    alogClockChanged(oldUtcS, utcS, change == <i32>ClockChange.SET);
  }
  return change;
}

// Bytes the host put in a port's receive buffer: the optical port speaks IEC 62056-21 (HDLC after mode E);
// the module port DLMS/COSEM in HDLC or in wrapper frames, told apart by a frame's first byte.
export function meterUartRx(port: i32, lengthBytes: i32): Err {
  const status = uartReceive(port, lengthBytes);
  if (status != Err.OK || !booted) return status;
  routeReceive(port, uartRxBuffer(port), lengthBytes, nowMs);
  return Err.OK;
}

// A debiting stop now, by command (Z7 00: externally controlled).
export function meterBillingStop(): Err {
  const status = registersExternalStop(rtcReadUtcS());
  if (status != Err.NOT_READY) stateSave();
  return status;
}

// The utility's clear of the latched error bits (F.F); the live ones stay while their cause does.
export function meterErrorClear(): void {
  errorClear();
  if (booted) stateSave();
}

export function meterNowMs(): i64 {
  return nowMs;
}

export function meterSampleRateHz(): i32 {
  return sampleRateHz;
}
