// The data lines of the IEC 62056-21 readout: registers, peaks, instantaneous values, clock and counters.
import { putChar, putText, putUint, putFixed } from "./ascii";
import { registerWh } from "../metrology/energy";
import { Reading, readingGet } from "../metrology/measure";
import { Peak, peakW, peakUtcS } from "../registers/demand";
import { Counter, counterGet } from "../registers/counters";
import { civilFromSeconds, dtYear, dtMonth, dtDay, dtHour, dtMinute, dtSecond } from "../clock/calendar";
import { localFromUtcS } from "../clock/timezone";
import { ConfigId, configGet } from "../config";
import { errorRegister } from "../diagnostics";
import { factoryPresent, factoryX } from "../factory/record";
import { orderZ, registerAvailable, orderRating } from "../factory/ordered";
import { zDefined, Z_COUNT } from "../factory/codes";
import { PqWeek, pqWeekCount, pqWeekShare } from "../pq/summary";

// Digits of each Z code on the order form (Z1..Z30; 0 for Z21..Z24, which do not exist).
const Z_DIGITS: StaticArray<u8> = [0, 1, 1, 2, 1, 3, 2, 2, 1, 3, 3, 2, 2, 3, 3, 3, 3, 3, 3, 1, 3, 0, 0, 0, 0, 1, 3, 1, 1, 1, 1];

// The order, so a technician can check the meter against it: C.90.1 the type number (with a factory
// record), C.90.2 the Z codes in force as on the order form, "-" between them.
function putOrder(): void {
  if (factoryPresent()) {
    putText("C.90.1(68");
    for (let i = 1; i <= 16; i++) putChar(factoryX(i));
    endLine();
  }
  putText("C.90.2(");
  for (let i = 1; i <= Z_COUNT; i++) {
    if (!zDefined(i)) continue;
    if (i > 1) putChar(0x2d);
    putUint(<u64>orderZ(i), <i32>Z_DIGITS[i]);
  }
  endLine();
  putText("C.90.3(");
  putFixed(<i64>orderRating(2), 1, 2); // X6: the MPE at reference conditions
  putText("*%");
  endLine();
  putText("C.90.4(");
  putFrequencyCountry(orderZ(16));
  endLine();
}

// Z16's country (docs/CONFIG.md "Z16"): the tens of the protocol number name it, 318 CH and 319 EU aside.
const Z16_COUNTRIES = "SENODKFIPLAT";

function putFrequencyCountry(code: i32): void {
  if (code == 318 || code == 319) {
    putText(code == 318 ? "CH" : "EU");
  } else if (code >= 320 && code < 380) {
    const at = (code / 10 - 32) * 2;
    putChar(Z16_COUNTRIES.charCodeAt(at));
    putChar(Z16_COUNTRIES.charCodeAt(at + 1));
  }
}

// OBIS C.D.E of each register in HAL order, with its unit: 0 kWh, 1 kvarh, 2 kVAh.
const REG_C: StaticArray<u8> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1, 1, 1, 3, 3, 3, 3];
const REG_E: StaticArray<u8> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4];
const REG_UNIT: StaticArray<u8> = [0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1];

function putHex8(value: i32): void {
  for (let shift = 28; shift >= 0; shift -= 4) {
    const d = (value >>> shift) & 15;
    putChar(d < 10 ? 0x30 + d : 0x41 + d - 10);
  }
}

function putUnit(unit: i32): void {
  if (unit == 0) putText("*kWh");
  else if (unit == 1) putText("*kvarh");
  else putText("*kVAh");
}

function putObis(c: i32, d: i32, e: i32): void {
  putUint(<u64>c, 1);
  putChar(0x2e);
  putUint(<u64>d, 1);
  putChar(0x2e);
  putUint(<u64>e, 1);
  putChar(0x28);
}

function endLine(): void {
  putText(")\r\n");
}

// Local date-time as YYMMDDhhmm, the usual stamp of a demand line.
function putStamp(utcS: i64): void {
  const dt = civilFromSeconds(localFromUtcS(utcS));
  if (dt < 0) return;
  putUint(<u64>(dtYear(dt) % 100), 2);
  putUint(<u64>dtMonth(dt), 2);
  putUint(<u64>dtDay(dt), 2);
  putUint(<u64>dtHour(dt), 2);
  putUint(<u64>dtMinute(dt), 2);
}

// unit as for registers: 0 kW, 1 kvar, 2 kVA.
function putPeak(c: i32, peak: Peak, unit: i32): void {
  putObis(c, 6, 0);
  const w = peakW(peak);
  putFixed(Number.isFinite(w) ? <i64>w : 0, 2, 3); // W (var, VA) as k with 3 decimals, truncated
  if (unit == 0) putText("*kW)(");
  else if (unit == 1) putText("*kvar)(");
  else putText("*kVA)(");
  if (peakUtcS(peak) > 0) putStamp(peakUtcS(peak));
  endLine();
}

function putInstant(c: i32, reading: Reading, decimals: i32, unit: string): void {
  putObis(c, 7, 0);
  const x = readingGet(reading);
  let scale: f64 = 1.0;
  for (let k = 0; k < decimals; k++) scale *= 10.0;
  putFixed(Number.isFinite(x) ? <i64>Math.round(x * scale) : 0, 1, decimals);
  putText(unit);
  endLine();
}

// EN 50160 (docs/PQ.md): sag and swell counters, then the last complete week's summary, C.50.0..2 the
// shares within limits (voltage, frequency, THD, % with one decimal; empty before a week was seen) and
// C.50.3..6 its dips, swells, short and long interruptions.
function putPowerQuality(): void {
  putObis(32, 32, 0);
  putUint(<u64>counterGet(Counter.VOLTAGE_SAGS), 1);
  endLine();
  putObis(32, 36, 0);
  putUint(<u64>counterGet(Counter.VOLTAGE_SWELLS), 1);
  endLine();
  for (let k = 0; k < 7; k++) {
    putText("C.50.");
    putUint(<u64>k, 1);
    putChar(0x28);
    if (k < 3) {
      const pct = pqWeekShare(true, k);
      if (Number.isFinite(pct)) {
        putFixed(<i64>Math.floor(pct * 10.0), 1, 1);
        putText("*%");
      }
    } else {
      putUint(<u64>pqWeekCount(true, <PqWeek>(<i32>PqWeek.DIPS + k - 3)), 1);
    }
    endLine();
  }
}

// Z18 001 (UD) reads out the billing data: meter number, order, clock, every energy register, the
// counters and the error register. Z18 002 (UD2, `full`) adds the demand peaks and the instantaneous values.
export function putReadout(utcS: i64, full: bool): void {
  putText("C.1.0(");
  putUint(<u64>configGet(ConfigId.METER_NUMBER), 8);
  endLine();
  putOrder();
  const dt = civilFromSeconds(localFromUtcS(utcS));
  if (dt >= 0) {
    putText("0.9.1(");
    putUint(<u64>dtHour(dt), 2);
    putUint(<u64>dtMinute(dt), 2);
    putUint(<u64>dtSecond(dt), 2);
    endLine();
    putText("0.9.2(");
    putUint(<u64>(dtYear(dt) % 100), 2);
    putUint(<u64>dtMonth(dt), 2);
    putUint(<u64>dtDay(dt), 2);
    endLine();
  }
  for (let r = 0; r < REG_C.length; r++) {
    if (!registerAvailable(r)) continue; // an energy the ordered X9 does not measure has no line
    putObis(REG_C[r], 8, REG_E[r]);
    putFixed(registerWh(r), 7, 3); // whole Wh as kWh with 3 decimals: exact, never rounded up
    putUnit(REG_UNIT[r]);
    endLine();
  }
  if (full) {
    putPeak(1, Peak.P_PLUS, 0);
    putPeak(3, Peak.Q_PLUS, 1);
    putPeak(9, Peak.S_PLUS, 2);
    putPeak(10, Peak.S_MINUS, 2);
    putInstant(32, Reading.VRMS, 1, "*V");
    putInstant(31, Reading.IRMS, 2, "*A");
    putInstant(14, Reading.FREQ, 2, "*Hz");
    putInstant(13, Reading.PF, 3, "");
    putPowerQuality();
  }
  putText("0.1.0(");
  putUint(<u64>counterGet(Counter.DEBITING_STOPS), 1);
  endLine();
  putText("C.7.0(");
  putUint(<u64>counterGet(Counter.POWER_FAILURES), 1);
  endLine();
  putText("F.F(");
  putHex8(errorRegister());
  endLine();
}
