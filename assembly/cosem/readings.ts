// Readings as COSEM objects: energy registers, instantaneous values, counters, error register and firmware identifiers.
import { AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding } from "./table";
import { Register, registerWh } from "../metrology/energy";
import { Reading, readingGet } from "../metrology/measure";
import { Counter, counterGet } from "../registers/counters";
import { Peak, AccPeak, accumulatedPeakW } from "../registers/demand";
import { errorRegister } from "../diagnostics";
import { registerAvailable } from "../factory/ordered";
import { FIRMWARE_VERSION, firmwareChecksum } from "../display/feed";
import { ConfigId, configGet } from "../config";
import { tamperGet } from "./display";

// Unit codes of the Blue Book's table of units.
const UNIT_HOUR: i32 = 5;
const UNIT_M3: i32 = 13;
const UNIT_W: i32 = 27;
const UNIT_VA: i32 = 28;
const UNIT_VAR: i32 = 29;
const UNIT_WH: i32 = 30;
const UNIT_VAH: i32 = 31;
const UNIT_VARH: i32 = 32;
const UNIT_A: i32 = 33;
const UNIT_V: i32 = 35;
const UNIT_HZ: i32 = 44;
const UNIT_PER_WH: i32 = 45;
const UNIT_PERCENT: i32 = 56;
const UNIT_COUNT: i32 = 255;

// S0 and LED constant of the data sheet: 1000 impulses per kWh, i.e. 1 per Wh.
const METER_CONSTANT_PER_KWH: i32 = 1000;

// Bindings of this set (cosem1's range of the Binding enum).
export function isCosem1(binding: Binding): bool {
  return <i32>binding >= 40 && <i32>binding < 100;
}

@noinline
function inRange(b: i32, first: Binding, last: Binding): bool {
  return b >= <i32>first && b <= <i32>last;
}

// Whether the ordered meter has the quantity behind a binding: energies, and the peaks of an energy, follow
// X9 the way the display and the optical readout do (a reactive or apparent quantity of an A+ meter is absent).
export function readingPresent(binding: Binding): bool {
  const b = <i32>binding;
  if (b == <i32>Binding.A_MINUS) return registerAvailable(<i32>Register.A_MINUS);
  if (inRange(b, Binding.ENERGY_FIRST, Binding.ENERGY_LAST)) return registerAvailable(b - <i32>Binding.ENERGY_FIRST);
  if (inRange(b, Binding.PEAK_FIRST, Binding.PEAK_LAST)) return registerAvailable(peakEnergy(b - <i32>Binding.PEAK_FIRST));
  if (b == <i32>Binding.ACC_PEAK_FIRST + <i32>AccPeak.Q_PLUS) return registerAvailable(<i32>Register.R_PLUS);
  return true;
}

// The energy register a peak's quantity is measured for.
export function peakEnergy(peak: i32): i32 {
  if (peak == <i32>Peak.Q_PLUS || peak == <i32>Peak.Q_PLUS_T1 || peak == <i32>Peak.Q_PLUS_T2) return <i32>Register.R_PLUS;
  if (peak == <i32>Peak.S_PLUS) return <i32>Register.E_PLUS;
  if (peak == <i32>Peak.S_MINUS) return <i32>Register.E_MINUS;
  return <i32>Register.A_PLUS;
}

// x * 10^-scaler rounded to an integer and clamped to [lo, hi]; NaN (no window measured yet) reads 0.
// Float work ends here: the same IEEE doubles round alike on every engine.
function scaled(x: f64, factor: f64, lo: f64, hi: f64): i64 {
  if (!Number.isFinite(x)) return 0;
  let v = Math.round(x * factor);
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return <i64>v;
}

function putScalerUnit(w: AxdrWriter, scaler: i32, unit: i32): void {
  w.container(Tag.STRUCTURE, 2);
  w.tagged8(Tag.INTEGER, scaler);
  w.tagged8(Tag.ENUM, unit);
}

function energyUnit(reg: i32): i32 {
  if (reg == <i32>Register.A_PLUS || reg == <i32>Register.A_MINUS) return UNIT_WH;
  if (reg >= <i32>Register.A_PLUS_T1 && reg < <i32>Register.R_PLUS_T1) return UNIT_WH;
  if (reg == <i32>Register.E_PLUS || reg == <i32>Register.E_MINUS) return UNIT_VAH;
  return UNIT_VARH;
}

const U32_MAX: f64 = 4294967295.0;

// Instantaneous values: (value, scaler, unit) by index from Binding.INSTANT_FIRST.
function putInstant(k: i32, attr: i32, w: AxdrWriter): void {
  const p = readingGet(Reading.P);
  const q = readingGet(Reading.Q);
  let scaler = 0;
  let unit = UNIT_W;
  if (k == 0) { // U in 0.1 V, as the display shows it
    scaler = -1; unit = UNIT_V;
    if (attr == 2) w.tagged16(Tag.LONG_UNSIGNED, <i32>scaled(readingGet(Reading.VRMS), 10.0, 0, 65535));
  } else if (k == 1) { // I in 0.01 A
    scaler = -2; unit = UNIT_A;
    if (attr == 2) w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>scaled(readingGet(Reading.IRMS), 100.0, 0, U32_MAX));
  } else if (k <= 6) { // P+, P-, Q+, Q-, S in W (var, VA)
    const x = k == 2 ? p : k == 3 ? -p : k == 4 ? q : k == 5 ? -q : readingGet(Reading.S);
    unit = k <= 3 ? UNIT_W : k <= 5 ? UNIT_VAR : UNIT_VA;
    if (attr == 2) w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>scaled(x > 0.0 ? x : 0.0, 1.0, 0, U32_MAX));
  } else if (k == 7) { // PF in 0.001, negative for export
    scaler = -3; unit = UNIT_COUNT;
    if (attr == 2) w.tagged16(Tag.LONG, <i32>scaled(readingGet(Reading.PF), 1000.0, -1000, 1000) & 0xffff);
  } else if (k == 8) { // f in 0.01 Hz
    scaler = -2; unit = UNIT_HZ;
    if (attr == 2) w.tagged16(Tag.LONG_UNSIGNED, <i32>scaled(readingGet(Reading.FREQ), 100.0, 0, 65535));
  } else if (k <= 10) { // THD of U and I in 0.1 %
    scaler = -1; unit = UNIT_PERCENT;
    const x = readingGet(k == 9 ? Reading.THD_V : Reading.THD_I);
    if (attr == 2) w.tagged16(Tag.LONG_UNSIGNED, <i32>scaled(x, 10.0, 0, 65535));
  } else { // quadrant 1..4 (IEC 62053-23), 0 without current
    unit = UNIT_COUNT;
    if (attr == 2) w.tagged8(Tag.UNSIGNED, <i32>scaled(readingGet(Reading.QUADRANT), 1.0, 0, 4));
  }
  if (attr == 3) putScalerUnit(w, scaler, unit);
}

const COUNTERS: StaticArray<i32> = [
  Counter.HOURS, Counter.POWER_FAILURES, Counter.LONG_POWER_FAILURES, Counter.DEBITING_STOPS, Counter.POWER_THRESHOLD,
  Counter.PULSE_INPUT,
];

function counterValue(k: i32): u32 {
  const v = counterGet(unchecked(COUNTERS[k]));
  return v < 0 ? 0 : v > <i64>0xffffffff ? 0xffffffff : <u32>v;
}

// The pulse input register in the unit Z12 names: kWh as Wh x 10^3, litres as m3 x 10^-3, none a count.
function pulseScalerUnit(w: AxdrWriter): void {
  const z12 = configGet(ConfigId.PULSE_UNIT);
  if (z12 == 1) putScalerUnit(w, 3, UNIT_WH);
  else if (z12 == 2) putScalerUnit(w, 0, UNIT_M3);
  else if (z12 == 3) putScalerUnit(w, -3, UNIT_M3);
  else putScalerUnit(w, 0, UNIT_COUNT);
}

// Class 3 Register of this set: energies in Wh (varh, VAh) with scaler 0, the rest as documented.
export function readingRegisterGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2 && attr != 3) return AccessResult.READ_WRITE_DENIED;
  if (binding == Binding.TAMPER) return tamperGet(attr, w);
  const b = <i32>binding;
  if (inRange(b, Binding.ENERGY_FIRST, Binding.ENERGY_LAST)) {
    const reg = b - <i32>Binding.ENERGY_FIRST;
    if (attr == 2) w.tagged64(Tag.LONG64_UNSIGNED, <u64>registerWh(reg));
    else putScalerUnit(w, 0, energyUnit(reg));
  } else if (inRange(b, Binding.INSTANT_FIRST, Binding.INSTANT_LAST)) {
    putInstant(b - <i32>Binding.INSTANT_FIRST, attr, w);
  } else if (inRange(b, Binding.COUNTER_FIRST, Binding.COUNTER_LAST)) {
    const k = b - <i32>Binding.COUNTER_FIRST;
    if (attr == 2) w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, counterValue(k));
    else if (k == 0) putScalerUnit(w, 0, UNIT_HOUR);
    else if (k == 5) pulseScalerUnit(w);
    else putScalerUnit(w, 0, UNIT_COUNT);
  } else if (inRange(b, Binding.ACC_PEAK_FIRST, Binding.ACC_PEAK_LAST)) {
    const k = b - <i32>Binding.ACC_PEAK_FIRST;
    // Billing values: truncated to the W, as the display truncates peaks.
    if (attr == 2) w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>scaled(Math.floor(accumulatedPeakW(k)), 1.0, 0, U32_MAX));
    else putScalerUnit(w, 0, k == <i32>AccPeak.Q_PLUS ? UNIT_VAR : UNIT_W);
  } else if (b == <i32>Binding.METER_CONSTANT) {
    if (attr == 2) w.tagged16(Tag.LONG_UNSIGNED, METER_CONSTANT_PER_KWH);
    else putScalerUnit(w, -3, UNIT_PER_WH);
  } else {
    return AccessResult.OBJECT_UNAVAILABLE;
  }
  return AccessResult.SUCCESS;
}

const VERSION_TEXT: usize = memory.data(8);

// Class 1 Data of this set: counters without a unit, F.F, and the firmware's identifiers.
export function readingDataGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  const b = <i32>binding;
  if (inRange(b, Binding.COUNTER_FIRST, Binding.COUNTER_LAST)) {
    w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, counterValue(b - <i32>Binding.COUNTER_FIRST));
  } else if (b == <i32>Binding.ERROR_REGISTER) {
    w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>errorRegister());
  } else if (b == <i32>Binding.FIRMWARE_VERSION) {
    // "M.mm.pp", as the display shows the version.
    const v = <i32>FIRMWARE_VERSION;
    store<u8>(VERSION_TEXT, <u8>(0x30 + (v / 10000) % 10));
    store<u8>(VERSION_TEXT, 0x2e, 1);
    store<u8>(VERSION_TEXT, <u8>(0x30 + (v / 1000) % 10), 2);
    store<u8>(VERSION_TEXT, <u8>(0x30 + (v / 100) % 10), 3);
    store<u8>(VERSION_TEXT, 0x2e, 4);
    store<u8>(VERSION_TEXT, <u8>(0x30 + (v / 10) % 10), 5);
    store<u8>(VERSION_TEXT, <u8>(0x30 + v % 10), 6);
    w.octets(Tag.VISIBLE_STRING, VERSION_TEXT, 7);
  } else if (b == <i32>Binding.LEGAL_CHECKSUM) {
    // CRC-32 of the running image from the boot loader (the display's checksum); null-data until it is known.
    if (firmwareChecksum < 0) w.u8(<i32>Tag.NULL);
    else w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>firmwareChecksum);
  } else {
    return AccessResult.OBJECT_UNAVAILABLE;
  }
  return AccessResult.SUCCESS;
}
