// Entry points of build/firmware.wasm: the exports of docs/HAL.md, each a thin call into the meter.
import { Err } from "./errors";
import { checkClipping } from "./metrology/overload";
import "./hal/fault"; // abort is routed there by asconfig
import {
  meterBoot, meterAdcBlock, meterTick, meterInputEvent, meterConfigSet, meterClockSet, meterUartRx,
  meterBillingStop, meterErrorClear,
  inputLevel, InputKind,
  ADC_BUFFER, ADC_CAPACITY_PAIRS,
} from "./meter";
import { meterTamperClear } from "./events/tamperview";
// After ./meter: static data is laid out in import order, and the sample loop's buffer must stay in the
// first 4 KiB, where a Cortex-M4 load reaches it with an immediate offset (docs/PQ.md, "Cost").
import { pqReading } from "./pq/summary";
import { rtcReadUtcS } from "./hal/rtc";
import { localFromUtcS } from "./clock/timezone";
import { configGet } from "./config";
import { settingSetList } from "./settings";
import { errorRegister } from "./diagnostics";
import { setFirmwareChecksum } from "./display/feed";
import { tamperLatched } from "./events/tamper";
import { eventRead, eventLogRead, eventLog, EventCode, EVENT_BUFFER } from "./events/log";
import { meterNowMs } from "./meter";
import { KEYS_STAGE, keysProvision } from "./cosem/keys";
import { breakerWallMs, breakerCommitted } from "./breaker/link";
import { breakerRemoteDisconnect, breakerRemoteReconnect, breakerSymbols } from "./breaker/breaker";
import { controlState } from "./breaker/control";
import { relayOutputState, relayConfigure, relayClearFault } from "./breaker/relayguard";
import { limiterConfigure, limiterSetEmergency } from "./breaker/limiter";
import { prepayConfigure, prepaySetPrice, prepaySetFriendly, prepayTopUp, prepayCreditFine } from "./breaker/prepay";
import { displayListStage, displayListSet, displayListEntry, LIST_STAGE_BYTES } from "./display/lists";
import { peakW, peakUtcS, accumulatedPeakW } from "./registers/demand";
import { counterGet } from "./registers/counters";
import { billingRead, BILLING_BUFFER } from "./registers/billing";
import { clockStatus } from "./registers/driver";
import { tariffNow, calendarSave } from "./tariff/control";
import {
  passiveClear, passiveAddSeason, passiveAddWeek, passiveAddSwitch, passiveSetActivationUtcS,
} from "./tariff/image";
import { calendarActivatePassive } from "./tariff/tou";
import { specialDayInsert, specialDayDelete } from "./tariff/special";
import { readingGet } from "./metrology/measure";
import { registerWh, registerUwh } from "./metrology/energy";
import { pulsesPending } from "./pulse/scheduler";
import { calibrationSet, calibrationGet } from "./metrology/calrecord";
import { uartRxBuffer, UART_RX_CAPACITY } from "./comms/uart";
import { lpSeek, lpNext, LP_ENTRY } from "./profile/store";
import { lpEncodedBytes } from "./profile/codec";
export * from "./update/exports";
import {
  factoryBegin, factoryStageX, factoryStageZ, factoryCommit, factoryRefusal,
} from "./order";
import { factoryX, factoryZ } from "./factory/record";
import { orderZ, registerAvailable, orderRating, limiterWithinRating } from "./factory/ordered";
import { portLoadControl, portState } from "./port/port";

export const ABI_VERSION: i32 = 1;

export function abi_version(): i32 {
  return ABI_VERSION;
}

export function boot(resetCause: i32): i32 {
  return meterBoot(resetCause);
}

export function adc_buffer(): i32 {
  return <i32>ADC_BUFFER;
}

export function adc_capacity(): i32 {
  return ADC_CAPACITY_PAIRS;
}

export function adc_block(pairs: i32): i32 {
  const status = meterAdcBlock(pairs);
  // Here rather than in meterAdcBlock: inlined there it would share the sample loop's registers on the M4.
  if (status == Err.OK) checkClipping(ADC_BUFFER, pairs);
  return status;
}

export function tick(): void {
  meterTick();
}

export function input_event(kind: i32, value: i32): i32 {
  return meterInputEvent(kind, value);
}

export function uart_rx_buffer(port: i32): i32 {
  return <i32>uartRxBuffer(port);
}

export function uart_rx_capacity(): i32 {
  return UART_RX_CAPACITY;
}

export function uart_rx(port: i32, len: i32): i32 {
  return meterUartRx(port, len);
}

export function reading(id: i32): f64 {
  return readingGet(id);
}

// Power quality values (docs/PQ.md): aggregates, flags, event counts and the EN 50160 weekly summary.
export function pq_reading(id: i32): f64 {
  return pqReading(id);
}

export function energy_wh(reg: i32): i64 {
  return registerWh(reg);
}

export function energy_uwh(reg: i32): i64 {
  return registerUwh(reg);
}

export function s0_pending(): i32 {
  return pulsesPending();
}

export function config_set(id: i32, value: i32): i32 {
  return meterConfigSet(id, value);
}

export function config_get(id: i32): i32 {
  return configGet(id);
}

// 1 adjusted (a small correction), 2 set, or -Err.
export function clock_set(utcS: i64): i32 {
  return meterClockSet(utcS);
}

export function clock_status(): i32 {
  return <i32>clockStatus;
}

export function tariff(): i32 {
  return tariffNow;
}

// The passive activity calendar (COSEM class 20) is built entry by entry, then activated now or at a time.
export function tou_clear(): void {
  passiveClear();
}

export function tou_season(month: i32, day: i32, weekId: i32): i32 {
  return passiveAddSeason(month, day, weekId);
}

export function tou_week(id: i32, mon: i32, tue: i32, wed: i32, thu: i32, fri: i32, sat: i32, sun: i32): i32 {
  return passiveAddWeek(id, mon, tue, wed, thu, fri, sat, sun);
}

export function tou_switch(dayId: i32, hour: i32, minute: i32, tariffNo: i32): i32 {
  return passiveAddSwitch(dayId, hour, minute, tariffNo);
}

// Activation of the passive calendar at a UTC time (0: none); persisted with the calendars.
export function tou_activation(utcS: i64): i32 {
  const status = passiveSetActivationUtcS(utcS);
  return status == Err.OK ? calendarSave() : status;
}

// Logged like an activation over DLMS or at its time (event 4), so a log reads the same whoever activated it.
export function tou_activate(): i32 {
  const status = calendarActivatePassive();
  if (status != Err.OK) return status;
  eventLog(rtcReadUtcS(), EventCode.CALENDAR_ACTIVATED, 0, 0, 0);
  return calendarSave();
}

// Special days (COSEM class 11): year 0xFFFF repeats every year.
export function special_day_set(index: i32, year: i32, month: i32, day: i32, dayId: i32): i32 {
  const status = specialDayInsert(index, year, month, day, dayId);
  return status == Err.OK ? calendarSave() : status;
}

export function special_day_delete(index: i32): i32 {
  const status = specialDayDelete(index);
  return status == Err.OK ? calendarSave() : status;
}

export function clock_local(): i64 {
  return localFromUtcS(rtcReadUtcS());
}

export function peak_w(which: i32): f64 {
  return peakW(which);
}

export function peak_time(which: i32): i64 {
  return peakUtcS(which);
}

export function peak_accumulated_w(which: i32): f64 {
  return accumulatedPeakW(which);
}

export function counter(id: i32): i64 {
  return counterGet(id);
}

// Address of the record (layout in docs/NVM.md), or -Err: OUT_OF_RANGE beyond the stored depth, CRC for a damaged one.
export function billing_record(logger: i32, back: i32): i32 {
  const status = billingRead(logger, back);
  return status == Err.OK ? <i32>BILLING_BUFFER : -(<i32>status);
}

// A debiting stop now, by command (Z7 00: externally controlled).
export function billing_stop(): i32 {
  return meterBillingStop();
}

// Legal data changes only behind the calibration switch, and only to plausible values.
export function cal_set(id: i32, value: f64): i32 {
  if (!inputLevel(InputKind.CAL_MODE)) return Err.NOT_PERMITTED;
  return calibrationSet(id, value);
}

// The calibration constants in force (id 0: the record's CRC-32, the calibration's legal checksum).
export function cal_get(id: i32): f64 {
  return calibrationGet(id);
}

// The stub allocator's top, probed without keeping a block: it must not move after boot.
export function heap_top(): i32 {
  const probe = heap.alloc(1);
  heap.free(probe);
  return <i32>probe;
}

// Display lists (0 automatic, 1 manual, 2 battery): the host writes reading ids (u8) into this buffer, then sets the list.
export function display_list_buffer(): i32 {
  return <i32>displayListStage();
}

export function display_list_capacity(): i32 {
  return LIST_STAGE_BYTES;
}

export function display_list_set(list: i32, count: i32): i32 {
  return settingSetList(list, displayListStage(), count);
}

// Reading id at `index` of a list, -1 past its end.
export function display_list_entry(list: i32, index: i32): i32 {
  return displayListEntry(list, index);
}

// Address of the event `back` places before the newest (layout in docs/NVM.md), or -Err.
export function event_record(back: i32): i32 {
  const status = eventRead(back);
  return status == Err.OK ? <i32>EVENT_BUFFER : -(<i32>status);
}

// The event `back` places before the newest of one log (docs/HAL.md "Events": 0 standard .. 5 power failure).
export function event_log_record(log: i32, back: i32): i32 {
  const status = eventLogRead(log, back);
  return status == Err.OK ? <i32>EVENT_BUFFER : -(<i32>status);
}

// Breaker (COSEM class 70): remote_disconnect and remote_reconnect (a release in modes 1, 3, 5, 6).
export function breaker_disconnect(): i32 {
  return breakerCommitted(breakerRemoteDisconnect(breakerWallMs(meterNowMs())));
}

export function breaker_reconnect(): i32 {
  return breakerCommitted(breakerRemoteReconnect(breakerWallMs(meterNowMs())));
}

// control_state: 0 disconnected, 1 connected, 2 ready_for_reconnection.
export function breaker_state(): i32 {
  return <i32>controlState();
}

// output_state: 1 when the relay's position contact reads closed.
export function breaker_output(): i32 {
  return relayOutputState() ? 1 : 0;
}

// Bits: 1 prepayment active, 2 low credit, 4 emergency credit in use, 8 breaker fault, 16 limiter tripped.
export function breaker_symbols(): i32 {
  return breakerSymbols();
}

// Limiter (class 71): monitored 0 active import W, 1 current mA; thresholds and minimum durations.
export function limiter_set(on: i32, monitored: i32, normal: i32, emergency: i32, minOverS: i32, minUnderS: i32): i32 {
  if (!limiterWithinRating(monitored, normal, emergency)) return Err.OUT_OF_RANGE;
  return breakerCommitted(limiterConfigure(on != 0, monitored, normal, emergency, minOverS, minUnderS));
}

// The emergency profile: the emergency threshold applies from startUtcS for durationS (0 removes it).
export function limiter_emergency(startUtcS: i64, durationS: i32): i32 {
  return breakerCommitted(limiterSetEmergency(startUtcS, durationS));
}

// Prepayment: unit 0 Wh, 1 thousandths of the currency; low-credit warning level and emergency credit in that unit.
export function prepay_set(on: i32, unit: i32, lowLevel: i64, emergencyCredit: i64): i32 {
  return breakerCommitted(prepayConfigure(on != 0, unit, lowLevel, emergencyCredit));
}

export function prepay_price(tariffNo: i32, milliPerKwh: i32): i32 {
  return breakerCommitted(prepaySetPrice(tariffNo, milliPerKwh));
}

// Friendly hours: range 0..3, ISO weekday mask (bit 0 Monday), local hours [start, end).
export function prepay_friendly(index: i32, weekdayMask: i32, startHour: i32, endHour: i32): i32 {
  return breakerCommitted(prepaySetFriendly(index, weekdayMask, startHour, endHour));
}

export function prepay_top_up(amount: i64): i32 {
  return breakerCommitted(prepayTopUp(amount, breakerWallMs(meterNowMs())));
}

// Credit in thousandths of the credit unit (negative: debt).
export function prepay_credit(): i64 {
  return prepayCreditFine();
}

// Relay protection: breaking current mA, minimum switching interval ms, follow time ms, deferral retry ms.
export function relay_protection(breakingMa: i32, minIntervalMs: i32, followMs: i32, retryMs: i32): i32 {
  return breakerCommitted(relayConfigure(breakingMa, minIntervalMs, followMs, retryMs));
}

export function relay_fault_clear(): void {
  relayClearFault();
}

// The error register (F.F): bit 0 register journal write failed, 1 record write failed, 2 breaker fault.
export function error_register(): i32 {
  return errorRegister();
}

// Clears the latched bits of the error register (stored data damaged); live faults stay.
export function error_clear(): void {
  meterErrorClear();
}

// The boot loader's CRC-32 of the firmware image, shown as the legal firmware checksum (0.2.8).
export function firmware_checksum(crc: i32): void {
  setFirmwareChecksum(<u32>crc);
}

// Latched tamper bits since the last clear: 1 terminal cover opened, 2 magnetic field; persisted.
export function tamper_latched(): i32 {
  return tamperLatched();
}

export function tamper_clear(): void {
  meterTamperClear();
}

// Load profile: positions the reading cursor before the first entry at or after `fromUtcS`.
export function profile_seek(fromUtcS: i64): i32 {
  return lpSeek(fromUtcS);
}

// The next load profile entry (docs/HAL.md "Load profile entry"): its address, or -Err (OUT_OF_RANGE past the newest).
export function profile_next(): i32 {
  const status = lpNext();
  return status == Err.OK ? <i32>LP_ENTRY : -(<i32>status);
}

// Bytes one load profile entry takes in flash for a Z29 channel set with every channel at
// `incrementWh` and a step of `stepS`: the encoder's own figure, for the depth the benchmark reports.
export function profile_entry_bytes(z29: i32, incrementWh: i64, stepS: i32): i32 {
  return lpEncodedBytes(z29, incrementWh, stepS);
}

// Factory step (docs/CONFIG.md), once at production: begin, stage the type number's 16 characters
// and the Z codes the order gives, commit. The commit returns Err; factory_refusal() names the code and rule.
export function factory_begin(): void {
  factoryBegin();
}

export function factory_x(index: i32, char: i32): i32 {
  return factoryStageX(index, char);
}

export function factory_z(index: i32, value: i32): i32 {
  return factoryStageZ(index, value);
}

export function factory_commit(): i32 {
  return factoryCommit();
}

// (code << 8) | rule: code 1..16 for X1..X16, 101..130 for Z1..Z30; 0 when nothing was refused.
export function factory_refusal(): i32 {
  return factoryRefusal();
}

// The factory record: type number character X1..X16 (0 without a record), Z code as ordered (-1 without).
export function order_x(index: i32): i32 {
  return factoryX(index);
}

export function order_z_factory(index: i32): i32 {
  return factoryZ(index);
}

// Z1..Z30 as in force now (-1 for Z21..Z24, which the data sheet does not have).
export function order_z(index: i32): i32 {
  return orderZ(index);
}

// The ordered rating: 0 Imax A (X5), 1 base current A (X5), 2 maximum permissible error in 0.01 % (X6).
export function order_rating(which: i32): i32 {
  return orderRating(which);
}

// 1 when the ordered energy type (X9) has this register; 0: the register reads "not available".
export function register_available(reg: i32): i32 {
  return registerAvailable(reg) ? 1 : 0;
}

// Load control (Z14) by command: channel 1 or 2, mode 0 off, 1 on, 2 back to the plan.
export function load_control(channel: i32, mode: i32): i32 {
  return portLoadControl(channel, mode);
}

// Module port bits: 1/2 level driven on I/O 1/2, 4/8 load control 1/2 on, 16 alarm input active,
// 32 status control input on, 64 earth fault reported.
export function port_state(): i32 {
  return portState();
}

// Factory key provisioning (docs/DLMS.md "Keys"): the host writes EK, AK and KEK (16 bytes each) at
// keys_buffer(), then keys_provision() stores them; accepted once, refused (NOT_PERMITTED) afterwards.
export function keys_buffer(): i32 {
  return <i32>KEYS_STAGE;
}

export function keys_provision(): i32 {
  return keysProvision();
}
