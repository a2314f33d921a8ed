// The CLI's live screen: readings, registers, breaker and LCD of the simulated meter, and its progress.
import { EventCode, EventLog, Reading, REGISTER_NAMES, REGISTER_UNITS } from "./abi.js";
import type { Simulator } from "./sim.js";
import type { CliOptions } from "./options.js";
import { drawLcd } from "./lcdview.js";

export const BANNER = "wasmeter simulator: the real build/firmware.wasm, hardware simulated by host/shims";

// Breaker events carry their cause (docs/HAL.md, Events).
const BREAKER_CAUSES = ["", "a remote command", "the push button", "the limiter", "prepayment (credit exhausted)",
  "configuration", "power-up", "the relay"];
// Error register bits (docs/HAL.md, error_register) the screen spells out.
const ERROR_BITS: Array<[number, string]> = [
  [0x01, "journal write failed"], [0x02, "record write failed"], [0x04, "breaker fault"],
  [0x08, "stored data damaged (latched until cleared)"],
  [0x40, "ADC overload: the input clipped, readings are low"],
];

// A value that rounds to zero prints unsigned: a resistive load's Q of -0.002 var read as "-0.0 var".
export function fmt(x: number, digits: number, width: number): string {
  if (!Number.isFinite(x)) return "-".padStart(width);
  const text = x.toFixed(digits);
  return (Number(text) === 0 ? (0).toFixed(digits) : text).padStart(width);
}

// h:mm:ss, with days in front from one day on.
export function duration(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
  const hms = `${d > 0 ? String(h).padStart(2, "0") : h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

// Why the breaker last opened, from the newest "breaker opened" event the firmware logged.
export function breakerOpenedBy(sim: Simulator): string | undefined {
  for (let back = 0; back < 64; back++) {
    const e = sim.meter.eventLogRecord(EventLog.DISCONNECTOR, back);
    if (typeof e !== "object") return undefined;
    if (e.code === EventCode.BREAKER_OPENED) {
      return `opened by ${BREAKER_CAUSES[e.cause] ?? `cause ${e.cause}`} at ${new Date(Number(e.timeUtcS) * 1000).toISOString().slice(0, 19)} UTC`;
    }
  }
  return undefined;
}

export function errorText(bits: number): string {
  if (bits === 0) return "none";
  const known = ERROR_BITS.filter(([bit]) => bits & bit).map(([, text]) => text);
  return `0x${bits.toString(16).padStart(2, "0")} ${known.join(", ")}`;
}

export function screen(sim: Simulator, opts: CliOptions, wallS: number, notes: string[]): string {
  const r = (id: Reading): number => sim.meter.reading(id);
  const doneS = sim.nowMs / 1000;
  const frac = doneS / opts.durationS;
  const barWidth = 40;
  const filled = Math.round(frac * barWidth);
  const quadrant = r(Reading.QUADRANT);
  const ind = r(Reading.INDICATORS);
  const speed = doneS / Math.max(wallS, 1e-3);
  const left = doneS > 0 ? `  left ${duration((opts.durationS - doneS) / speed)}` : "";
  const lines = [
    `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${(frac * 100).toFixed(1).padStart(5)} %  ` +
      `meter time ${duration(doneS)} of ${duration(opts.durationS)}  speed ${speed.toFixed(0)}x${left}`,
    "",
    `  V ${fmt(r(Reading.VRMS), 2, 8)} V     I ${fmt(r(Reading.IRMS), 3, 8)} A     f ${fmt(r(Reading.FREQ), 3, 7)} Hz   PF ${fmt(r(Reading.PF), 3, 6)}`,
    `  P ${fmt(r(Reading.P), 1, 8)} W     Q ${fmt(r(Reading.Q), 1, 8)} var   S ${fmt(r(Reading.S), 1, 8)} VA`,
    `  THD V ${fmt(r(Reading.THD_V), 1, 5)} %  THD I ${fmt(r(Reading.THD_I), 1, 5)} %  quadrant ${quadrant === 0 ? "-" : ["I", "II", "III", "IV"][quadrant - 1]}` +
      `   supply ${ind & 1 ? "on" : "off"}  phase current ${ind & 2 ? "on" : "off"}`,
    "",
  ];
  for (let reg = 0; reg < 10; reg += 2) { // the tariff registers count only with a tariff in force
    const cell = (k: number): string =>
      `${REGISTER_NAMES[k].padEnd(4)}${(Number(sim.meter.energyUwh(k)) / 1e6).toFixed(3).padStart(14)} ${REGISTER_UNITS[k].padEnd(5)}`;
    lines.push(`  ${cell(reg)}   ${cell(reg + 1)}`);
  }
  lines.push("", `  S0 pulses ${sim.s0.count}   LED pulses ${sim.led.count}   pending ${sim.meter.s0Pending()}   tariff ${sim.meter.tariff() || "-"}` +
    `   errors ${errorText(sim.meter.errorRegister())}`);
  const breaker = sim.meter.breakerState();
  const state = ["disconnected", "connected", "ready for reconnection"][breaker] ?? "?";
  const why = breaker !== 1 ? breakerOpenedBy(sim) : undefined;
  const credit = opts.prepayWh !== undefined ? `   credit ${(Number(sim.meter.prepayCredit()) / 1000).toFixed(1)} Wh` : "";
  lines.push(`  breaker ${state}${why ? ` (${why})` : ""}, relay ${sim.relay.position() ? "closed" : "open"}${credit}`);
  for (const note of notes.slice(-3)) lines.push(`  ${note}`);
  lines.push("", "  LCD:");
  for (const row of drawLcd(sim.lcd.bitmap)) lines.push("    " + row);
  return lines.join("\n");
}
