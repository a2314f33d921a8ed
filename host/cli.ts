// `make run`: simulates the meter under a load faster than real time and shows its live readings and LCD.
import { ControlState, CreditUnit, Err, Reading, Register, REGISTER_NAMES, REGISTER_UNITS } from "./abi.js";
import { Simulator } from "./sim.js";
import { NorFlash } from "./shims/nvm.js";
import { parseArgs, UsageError, USAGE, type CliOptions } from "./options.js";
import { factoryStep } from "./order.js";
import { drawLcd } from "./lcdview.js";
import { renderLcdSvg } from "./lcdsvg.js";
import fs from "node:fs";

const REDRAW_MS = 100; // wall time between screen updates

function fmt(x: number, digits: number, width: number): string {
  return (Number.isFinite(x) ? x.toFixed(digits) : "-").padStart(width);
}

function duration(s: number): string {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
}

// What the remote commands answered, shown under the readings.
const notes: string[] = [];

function command(sim: Simulator, what: string, status: Err): void {
  notes.push(`${duration(sim.nowMs / 1000)} ${what}: ${status === Err.OK ? "done" : `refused (${Err[status]})`}`);
}

function screen(sim: Simulator, opts: CliOptions, wallS: number): string {
  const r = (id: Reading): number => sim.meter.reading(id);
  const doneS = sim.nowMs / 1000;
  const frac = doneS / opts.durationS;
  const barWidth = 40;
  const filled = Math.round(frac * barWidth);
  const quadrant = r(Reading.QUADRANT);
  const ind = r(Reading.INDICATORS);
  const lines = [
    "wasmeter simulator: the real build/firmware.wasm, hardware simulated by host/shims",
    "",
    `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${(frac * 100).toFixed(1).padStart(5)} %  ` +
      `meter time ${duration(doneS)} of ${duration(opts.durationS)}  speed ${(doneS / Math.max(wallS, 1e-3)).toFixed(0)}x`,
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
  lines.push("", `  S0 pulses ${sim.s0.count}   LED pulses ${sim.led.count}   pending ${sim.meter.s0Pending()}   tariff ${sim.meter.tariff() || "-"}`);
  const state = ["disconnected", "connected", "ready for reconnection"][sim.meter.breakerState()] ?? "?";
  const credit = opts.prepayWh !== undefined ? `   credit ${(Number(sim.meter.prepayCredit()) / 1000).toFixed(1)} Wh` : "";
  lines.push(`  breaker ${state}, relay ${sim.relay.position() ? "closed" : "open"}${credit}`);
  for (const note of notes.slice(-3)) lines.push(`  ${note}`);
  lines.push("", "  LCD:");
  for (const row of drawLcd(sim.lcd.bitmap)) lines.push("    " + row);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`wasmeter: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const nvm = opts.nvmPath ? new NorFlash({ path: opts.nvmPath }) : undefined;
  const sim = new Simulator({ waveform: opts.waveform, nvm });
  sim.boot();
  if (opts.typeNumber !== undefined) {
    const refusal = factoryStep(sim.meter, opts.typeNumber, opts.zCodes ?? new Map());
    if (refusal !== undefined) {
      process.stderr.write(`wasmeter: ${refusal}\n`);
      return 2;
    }
  }
  if (opts.prepayWh !== undefined) {
    command(sim, "prepayment on", sim.meter.prepaySet(true, CreditUnit.WH, BigInt(Math.round(opts.prepayWh / 10)), 0n));
    command(sim, `top-up ${opts.prepayWh} Wh`, sim.meter.prepayTopUp(BigInt(Math.round(opts.prepayWh))));
  }
  if (opts.limitW !== undefined) command(sim, `limiter at ${opts.limitW} W`, sim.meter.limiterSet(true, 0, opts.limitW, opts.limitW, 30, 60));
  const tty = process.stdout.isTTY === true;
  const start = performance.now();
  let lastDraw = -Infinity;
  let lastPlain = -1;
  const draw = (force: boolean): void => {
    const wallMs = performance.now() - start;
    if (tty) {
      if (!force && wallMs - lastDraw < REDRAW_MS) return;
      lastDraw = wallMs;
      process.stdout.write("\x1b[H\x1b[J" + screen(sim, opts, wallMs / 1000) + "\n");
    } else {
      // Piped output gets ten snapshots, not a screen per simulated second.
      const tenth = Math.floor(sim.nowMs / 1000 / opts.durationS * 10);
      if (!force && tenth === lastPlain) return;
      lastPlain = tenth;
      process.stdout.write(screen(sim, opts, wallMs / 1000) + "\n\n");
    }
  };
  if (tty) process.stdout.write("\x1b[2J");
  const totalS = Math.round(opts.durationS);
  for (let s = 0; s < totalS; s++) {
    if (s === opts.disconnectAtS) command(sim, "remote disconnect", sim.meter.breakerDisconnect());
    if (s === opts.reconnectAtS) command(sim, "remote reconnect", sim.meter.breakerReconnect());
    sim.run(1);
    draw(false);
    if (Number.isFinite(opts.speed)) {
      const aheadMs = (s + 1) / opts.speed * 1000 - (performance.now() - start);
      if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
    } else if (tty && s % 64 === 63) {
      await new Promise((resolve) => setImmediate(resolve)); // lets Ctrl-C through
    }
  }
  draw(true);
  const wallS = (performance.now() - start) / 1000;
  const hours = sim.meter.reading(Reading.WINDOW_END_SAMPLE) / sim.adc.rateHz / 3600;
  const exactWh = sim.adc.waveform.exactPowerW() * hours;
  const reg = exactWh >= 0 ? Register.A_PLUS : Register.A_MINUS;
  if (sim.meter.breakerState() !== ControlState.CONNECTED || notes.length > 0) {
    console.log("\n" + notes.join("\n"));
  }
  const registeredWh = Number(sim.meter.energyUwh(reg)) / 1e6;
  const errPct = exactWh === 0 ? 0 : (registeredWh - Math.abs(exactWh)) / Math.abs(exactWh) * 100;
  console.log(`\nsimulated ${duration(totalS)} of meter time in ${wallS.toFixed(2)} s: ${(totalS / wallS).toFixed(0)}x real time`);
  if (sim.relay.operations.length === 0) {
    console.log(`${REGISTER_NAMES[reg]} registered ${registeredWh.toFixed(6)} Wh, exact energy of the wave ${Math.abs(exactWh).toFixed(6)} Wh, error ${errPct.toFixed(4)} %`);
  } else {
    console.log(`${REGISTER_NAMES[reg]} registered ${registeredWh.toFixed(6)} Wh; the breaker switched ${sim.relay.operations.length} times, so the load's energy is not the wave's`);
  }
  if (opts.svgPath) {
    fs.writeFileSync(opts.svgPath, renderLcdSvg(sim.lcd.bitmap));
    console.log(`wrote the last LCD picture to ${opts.svgPath}`);
  }
  nvm?.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`wasmeter: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
