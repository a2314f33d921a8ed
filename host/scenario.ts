// Scenario runner on the Node Simulator: integer samples from host/synth.ts, timed events, registers and pulse counts out.
import fs from "node:fs";
import { crc32 } from "./firmware.js";
import { Simulator } from "./sim.js";
import { compileScenario, EVENT_CONFIG_SET, IntegerSynth, type IntScenario, type Scenario } from "./synth.js";

// HAL.md's registers 0..9 must exist; later issues add more (tariffs), up to this many.
export const MIN_REGISTERS = 10;
export const MAX_REGISTERS = 64;

// What every runtime must agree on, bit for bit, after a scenario.
export interface ScenarioResult {
  registersUwh: bigint[];
  s0Pulses: number;
  ledPulses: number;
  lcdWrites: number;
  steps: number;
  nvmCrc32: number; // CRC-32 of the whole NVM image at the end
  lcdBitmapHex: string; // the last segment bitmap written
}

export function loadScenario(file: string): Scenario {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Scenario;
}

// Per 10 ms step, as mcu/main.c does it: events due at this step, then 40 pairs into adc_block, then tick.
export function runScenario(scenario: Scenario | IntScenario): ScenarioResult {
  const sc = "totalSteps" in scenario ? scenario : compileScenario(scenario);
  const sim = new Simulator({ startUtcS: sc.startUtcS });
  sim.boot();
  if (sim.adc.rateHz !== sc.rateHz || sim.adc.blockPairs !== sc.pairsPerStep) {
    throw new Error(`firmware asked for ${sim.adc.rateHz}/s in blocks of ${sim.adc.blockPairs}; scenario has ${sc.rateHz}/s`);
  }
  sim.adc.setSource(new IntegerSynth(sc));
  let e = 0;
  for (let step = 0; step < sc.totalSteps; step++) {
    while (e < sc.events.length && sc.events[e].step === step) {
      const ev = sc.events[e++];
      const status = ev.kind === EVENT_CONFIG_SET ? sim.meter.configSet(ev.id, ev.value) : sim.meter.inputEvent(ev.id, ev.value);
      if (status !== 0) throw new Error(`scenario event at step ${ev.step} refused: ${status}`);
    }
    sim.step();
  }
  const registersUwh: bigint[] = [];
  // Every register the firmware has (HAL.md: -1 for an unknown one), so new registers are compared too.
  for (let r = 0; r < MAX_REGISTERS; r++) {
    const v = sim.meter.energyUwh(r);
    if (v === -1n) break;
    registersUwh.push(v);
  }
  return {
    registersUwh, s0Pulses: sim.s0.count, ledPulses: sim.led.count, lcdWrites: sim.lcd.writes, steps: sc.totalSteps,
    nvmCrc32: crc32(sim.nvm.data), lcdBitmapHex: Buffer.from(sim.lcd.bitmap).toString("hex"),
  };
}

// The line format mcu/main.c prints: "REG <n> <uwh>", "S0 <n>", "LED <n>", "LCD <n>", "STEPS <n>", "NVM <crc32>",
// "LCDMAP <hex>", then "END".
export function formatResult(r: ScenarioResult): string {
  const lines = r.registersUwh.map((v, n) => `REG ${n} ${v}`);
  lines.push(`S0 ${r.s0Pulses}`, `LED ${r.ledPulses}`, `LCD ${r.lcdWrites}`, `STEPS ${r.steps}`, `NVM ${r.nvmCrc32}`,
    `LCDMAP ${r.lcdBitmapHex}`, "END");
  return lines.join("\n") + "\n";
}

// Reads the lines of formatResult out of a console stream that may hold other output; throws if END is missing.
export function parseResult(text: string): ScenarioResult {
  const regs = new Map<number, bigint>();
  const counts = new Map<string, number>();
  let ended = false;
  let lcdBitmapHex: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^REG (\d+) (-?\d+)$/))) regs.set(Number(m[1]), BigInt(m[2]));
    else if ((m = line.match(/^(S0|LED|LCD|STEPS|NVM) (\d+)$/))) counts.set(m[1], Number(m[2]));
    else if ((m = line.match(/^LCDMAP ([0-9a-f]*)$/))) lcdBitmapHex = m[1];
    else if (line === "END") ended = true;
  }
  if (!ended) throw new Error(`scenario output has no END line:\n${text.slice(-2000)}`);
  const registersUwh: bigint[] = [];
  for (let r = 0; regs.has(r); r++) registersUwh.push(regs.get(r)!);
  if (registersUwh.length < MIN_REGISTERS || registersUwh.length !== regs.size) {
    throw new Error(`scenario output has registers ${[...regs.keys()].join(",")}, not 0..n-1 with n >= ${MIN_REGISTERS}`);
  }
  const count = (k: string): number => {
    const v = counts.get(k);
    if (v === undefined) throw new Error(`scenario output lacks ${k}`);
    return v;
  };
  if (lcdBitmapHex === undefined) throw new Error("scenario output lacks LCDMAP");
  return {
    registersUwh, s0Pulses: count("S0"), ledPulses: count("LED"), lcdWrites: count("LCD"), steps: count("STEPS"),
    nvmCrc32: count("NVM"), lcdBitmapHex,
  };
}

// `node build/js/host/scenario.js tests/scenarios/hour.json` prints the Node result in the MCU's format.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href && process.argv[2]) {
  process.stdout.write(formatResult(runScenario(loadScenario(process.argv[2]))));
}
