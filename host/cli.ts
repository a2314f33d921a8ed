// `make run`: simulates the meter under a load faster than real time and shows its live readings and LCD.
import { ConfigId, ControlState, Err, EventCode, InputKind, Reading, Register, REGISTER_NAMES, UartPort } from "./abi.js";
import { Simulator } from "./sim.js";
import { parseArgs, UsageError, USAGE, type CliOptions } from "./options.js";
import { factoryStep } from "./order.js";
import { renderLcdSvg } from "./lcdsvg.js";
import { BANNER, duration, screen } from "./screen.js";
import { ClockedFlash, NvmInUse, NvmLock, RtcFile } from "./nvmfile.js";
import { openPort, runRealTime, type LineBridge } from "./ports.js";
import { HeadEnd, type Outcome } from "./headend.js";
import fs from "node:fs";

const REDRAW_MS = 100; // wall time between screen updates
const PRESS_MS = 200;
const LONG_PRESS_MS = 3000; // beyond the firmware's 2 s long press
const RTC_AHEAD_S = 60n;

// What the remote commands answered and what the buttons did, shown under the readings.
const notes: string[] = [];

// A remote command through the head-end (its association takes a few ticks): noted at the time it was sent,
// with the firmware's answer over DLMS.
function remote(sim: Simulator, what: string, send: (headEnd: HeadEnd) => Outcome): void {
  const atMs = sim.nowMs;
  const ms = atMs % 1000 === 0 ? "" : `.${String(atMs % 1000).padStart(3, "0").slice(0, 2)}`;
  const outcome = send(new HeadEnd(sim));
  notes.push(`${duration(atMs / 1000)}${ms} ${what}: ${outcome.ok ? "done" : `refused (${outcome.why})`}`);
}

function command(sim: Simulator, what: string, status: Err): void {
  const ms = sim.nowMs % 1000 === 0 ? "" : `.${String(sim.nowMs % 1000).padStart(3, "0").slice(0, 2)}`;
  notes.push(`${duration(sim.nowMs / 1000)}${ms} ${what}: ${status === Err.OK ? "done" : `refused (${Err[status]})`}`);
}

interface Action {
  atMs: number;
  run(sim: Simulator): void;
}

function actions(opts: CliOptions): Action[] {
  const list: Action[] = [];
  if (opts.disconnectAtMs !== undefined) list.push({ atMs: opts.disconnectAtMs, run: (s) => remote(s, "remote disconnect", (h) => h.disconnect()) });
  if (opts.reconnectAtMs !== undefined) list.push({ atMs: opts.reconnectAtMs, run: (s) => remote(s, "remote reconnect", (h) => h.reconnect()) });
  for (const p of opts.presses) {
    const kind = p.button === 1 ? InputKind.BUTTON_LEFT : InputKind.BUTTON_2;
    const what = `PB${p.button} ${p.long ? "long " : ""}press`;
    list.push({ atMs: p.atMs, run: (s) => command(s, what, s.meter.inputEvent(kind, 1)) });
    list.push({ atMs: p.atMs + (p.long ? LONG_PRESS_MS : PRESS_MS), run: (s) => { s.meter.inputEvent(kind, 0); } });
  }
  return list.sort((a, b) => a.atMs - b.atMs);
}

// What the power-up event says about the time off, and where the RTC came from.
function powerUpNote(sim: Simulator, rtc: RtcFile | undefined, restored: boolean): string {
  const e = sim.meter.events().reverse().find((x) => x.code === EventCode.POWER_UP);
  const off = e === undefined ? "no power-up event" : e.a < 0 ? "an unknown time off" : `${e.a} s off`;
  if (!rtc) return `power-up: a new meter (no --nvm), the RTC starts at ${new Date(Number(sim.rtc.readUtcS()) * 1000).toISOString()}`;
  return `power-up: the meter reports ${off}` + (restored ? ` (RTC from ${rtc.path})` : ` (no ${rtc.path} yet: the RTC starts at its default time)`);
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
  let lock: NvmLock | undefined, rtc: RtcFile | undefined, nvm: ClockedFlash | undefined;
  let restoredRtc: { utcS: bigint } | undefined;
  let simulator: Simulator | undefined;
  // At the end, on an error (a wrong-size file) and on Ctrl-C or a kill: the lock goes and the RTC is saved.
  const finish = (): void => {
    if (rtc && simulator) rtc.save(simulator.rtc.readUtcS());
    rtc?.close();
    nvm?.close();
    lock?.release();
  };
  process.on("exit", finish);
  // The supply's early warning, as at a real power cut: the meter stores its state and the time.
  const powerDown = (): void => {
    simulator?.meter.inputEvent(InputKind.POWER_FAIL, 1);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      powerDown();
      process.exit(130);
    });
  }
  if (opts.nvmPath) {
    try {
      lock = new NvmLock(opts.nvmPath);
    } catch (e) {
      if (!(e instanceof NvmInUse)) throw e;
      process.stderr.write(`wasmeter: ${e.message}\n`);
      return 3;
    }
    rtc = new RtcFile(opts.nvmPath);
    restoredRtc = rtc.restore();
    nvm = new ClockedFlash({ path: opts.nvmPath });
  }
  // The CLI keeps no pulse list: a year-long run would otherwise hold millions of them.
  const sim = new Simulator({ waveform: opts.waveform, nvm, startUtcS: restoredRtc?.utcS, keepPulses: 0 });
  simulator = sim;
  if (nvm && rtc) {
    // Saved a minute ahead, once a minute of meter time: never behind the last-alive time the meter
    // stores, so a kill -9 costs at most a minute too many in the next "time off", not a clock that
    // runs backwards. The end of a run saves the exact time.
    const file = rtc;
    let savedUtcS = -1n;
    nvm.onWrite = () => {
      const utcS = sim.rtc.readUtcS();
      if (utcS < savedUtcS) return;
      savedUtcS = utcS + RTC_AHEAD_S;
      file.save(savedUtcS);
    };
  }
  sim.boot();
  if (opts.typeNumber !== undefined) {
    const refusal = factoryStep(sim.meter, opts.typeNumber, opts.zCodes ?? new Map());
    if (refusal !== undefined) {
      process.stderr.write(`wasmeter: ${refusal}\n`);
      return 2;
    }
  }
  notes.push(powerUpNote(sim, rtc, restoredRtc !== undefined));
  if (opts.prepayWh !== undefined) {
    if (sim.meter.breakerSymbols() & 1) {
      notes.push(`prepayment is already on in this meter: --prepay ${opts.prepayWh} leaves the stored credit of ` +
        `${(Number(sim.meter.prepayCredit()) / 1000).toFixed(1)} Wh`);
    } else {
      const wh = Math.round(opts.prepayWh);
      remote(sim, "prepayment on", (h) => h.prepaymentOn(Math.round(wh / 10)));
      remote(sim, `top-up ${opts.prepayWh} Wh`, (h) => h.topUp(wh));
    }
  }
  if (opts.limitW !== undefined) remote(sim, `limiter at ${opts.limitW} W`, (h) => h.limiter(opts.limitW!, 30, 60));
  if (opts.presses.some((p) => p.button === 2)) command(sim, "PB2 as the breaker button (Z17 = 2)", sim.meter.configSet(ConfigId.BUTTON2_SETUP, 2));
  const startUwh = [sim.meter.energyUwh(Register.A_PLUS), sim.meter.energyUwh(Register.A_MINUS)];
  const tty = process.stdout.isTTY === true;
  const where: string[] = []; // the open ports, kept on screen: a client needs the pty's path
  const start = performance.now();
  let lastDraw = -Infinity;
  let lastPlain = -1;
  let drawnAtMs = -1;
  const draw = (force: boolean): void => {
    const wallMs = performance.now() - start;
    if (force && drawnAtMs === sim.nowMs) return; // the last frame is on screen already
    if (tty) {
      if (!force && wallMs - lastDraw < REDRAW_MS) return;
      lastDraw = wallMs;
      process.stdout.write("\x1b[H\x1b[J" + BANNER + where.map((w) => "\n" + w).join("") + "\n\n" + screen(sim, opts, wallMs / 1000, notes) + "\n");
    } else {
      // Piped output gets ten snapshots, not a screen per simulated second.
      const tenth = Math.floor(sim.nowMs / 1000 / opts.durationS * 10);
      if (!force && tenth === lastPlain) return;
      lastPlain = tenth;
      process.stdout.write(screen(sim, opts, wallMs / 1000, notes) + "\n\n");
    }
    drawnAtMs = sim.nowMs;
  };
  const totalS = Math.round(opts.durationS);
  const todo = actions(opts);
  let next = 0;
  const bridges: LineBridge[] = [];
  const ports: Array<[string, number, typeof opts.dlms, boolean]> = [
    ["DLMS/COSEM wrapper (module port)", UartPort.MODULE, opts.dlms, false],
    ["optical port (IEC 62056-21, 300 baud 7E1 at sign-on)", UartPort.OPTICAL, opts.optical, true],
    ["module port (HDLC or wrapper, 9600 8N1)", UartPort.MODULE, opts.module, true],
    ["consumer channel (transmit only, 115200 8N1)", UartPort.CONSUMER, opts.consumer, true],
  ];
  for (const [name, uart, spec, paced] of ports) {
    if (!spec) continue;
    const { bridge, where: at } = await openPort(sim, uart, spec, paced);
    bridges.push(bridge);
    where.push(`${name} ${spec.kind === "pty" ? "on" : "listening on"} ${at}`);
    process.stdout.write(`${where[where.length - 1]}\n`);
  }
  process.stdout.write(tty ? "\x1b[2J" : BANNER + "\n\n");
  if (bridges.length > 0) { // a port is open: real time, tick by tick
    let stopped = false;
    process.once("SIGINT", () => { stopped = true; });
    process.once("SIGTERM", () => { stopped = true; });
    await runRealTime(sim, bridges, totalS, () => stopped, () => {
      while (next < todo.length && todo[next].atMs <= sim.nowMs) todo[next++].run(sim);
      draw(false);
    });
    for (const b of bridges) await b.close();
  }
  for (let s = 0; s < totalS && bridges.length === 0; s++) {
    const endMs = (s + 1) * 1000;
    if (next < todo.length && todo[next].atMs < endMs) {
      while (sim.nowMs < endMs) {
        while (next < todo.length && todo[next].atMs <= sim.nowMs) todo[next++].run(sim);
        sim.step();
      }
    } else {
      sim.run(1);
    }
    draw(false);
    if (Number.isFinite(opts.speed)) {
      const aheadMs = (s + 1) / opts.speed * 1000 - (performance.now() - start);
      if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
    } else if (s % 64 === 63) {
      await new Promise((resolve) => setImmediate(resolve)); // lets Ctrl-C through
    }
  }
  draw(true);
  // The analysis logger as a head-end reads it, unless a client of the user's holds the module port.
  const alog = opts.dlms || opts.module ? null : new HeadEnd(sim).analysisLogger();
  powerDown();
  const wallS = (performance.now() - start) / 1000;
  summary(sim, startUwh, sim.nowMs / 1000, wallS);
  if (alog) console.log(analysisLine(sim, alog));
  if (opts.svgPath) {
    fs.writeFileSync(opts.svgPath, renderLcdSvg(sim.lcd.bitmap));
    console.log(`wrote the last LCD picture to ${opts.svgPath}`);
  }
  return 0;
}

// Z10 000's values (docs/DLMS.md) in their units; other set-ups as their raw integers.
const ALOG_000 = [["U", 0.1, "V"], ["I", 0.01, "A"], ["P+", 1, "W"], ["P-", 1, "W"], ["Q+", 1, "var"], ["Q-", 1, "var"], ["PF", 0.001, ""],
  ["THD U", 0.1, "%"], ["THD I", 0.1, "%"], ["f", 0.01, "Hz"]] as const;

function analysisLine(sim: Simulator, a: { periodS: number; entries: number; newest: number[] }): string {
  const z10 = sim.meter.configGet(ConfigId.ANALYSIS_LOGGER);
  const head = `analysis logger (Z10 ${String(z10).padStart(3, "0")}, every ${a.periodS / 60} min, 1.0.99.2.0.255): ${a.entries} entries`;
  if (a.newest.length < 2) return head;
  const values = a.newest.slice(1);
  const shown = z10 === 0 && values.length === ALOG_000.length
    ? values.map((v, k) => `${ALOG_000[k][0]} ${(v * ALOG_000[k][1]).toFixed(Math.max(0, -Math.round(Math.log10(ALOG_000[k][1]))))}${ALOG_000[k][2] ? " " + ALOG_000[k][2] : ""}`)
    : values.map(String);
  return `${head}; the newest (status 0x${a.newest[0].toString(16).padStart(2, "0")}): ${shown.join(", ")}`;
}

// This run's register increase against this run's exact energy of the wave: like with like.
function summary(sim: Simulator, startUwh: bigint[], totalS: number, wallS: number): void {
  const hours = sim.meter.reading(Reading.WINDOW_END_SAMPLE) / sim.adc.rateHz / 3600;
  const powerW = sim.adc.waveform.exactPowerW();
  const p = sim.adc.waveform.params;
  // PF 0 leaves cos(90 deg) = 6e-17 of rounding: below a microwatt the wave carries no active energy.
  const exactWh = Math.abs(powerW) < 1e-6 ? 0 : powerW * hours;
  const reg = exactWh >= 0 ? Register.A_PLUS : Register.A_MINUS;
  if (sim.meter.breakerState() !== ControlState.CONNECTED || notes.length > 0) console.log("\n" + notes.join("\n"));
  const registeredWh = Number(sim.meter.energyUwh(reg) - startUwh[reg === Register.A_PLUS ? 0 : 1]) / 1e6;
  const rssMb = process.memoryUsage().rss / 1e6;
  console.log(`\nsimulated ${duration(totalS)} of meter time in ${wallS.toFixed(2)} s: ${(totalS / wallS).toFixed(0)}x real time, ${rssMb.toFixed(0)} MB resident`);
  if (startUwh[0] > 0n || startUwh[1] > 0n) {
    console.log(`(this run's increase: A+ held ${(Number(startUwh[0]) / 1e6).toFixed(6)} Wh and A- ${(Number(startUwh[1]) / 1e6).toFixed(6)} Wh at power-up)`);
  }
  const name = REGISTER_NAMES[reg];
  if (sim.relay.operations.length > 0) {
    console.log(`${name} registered ${registeredWh.toFixed(6)} Wh; the breaker switched ${sim.relay.operations.length} times, so the load's energy is not the wave's`);
  } else if (exactWh === 0) {
    console.log(`${name} registered ${registeredWh.toFixed(6)} Wh; the wave carries no active energy ` +
      `(${p.irms === 0 ? "no current" : "PF 0"}), so there is no relative error to give`);
  } else {
    const errPct = (registeredWh - Math.abs(exactWh)) / Math.abs(exactWh) * 100;
    console.log(`${name} registered ${registeredWh.toFixed(6)} Wh, exact energy of the wave ${Math.abs(exactWh).toFixed(6)} Wh, error ${errPct.toFixed(4)} %`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`wasmeter: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
