// The meter in a Web Worker: SimCore (the CLI's harness) on build/firmware.wasm, flash in IndexedDB, paced to real time x speed.
import { ConfigId, EventCode, InputKind, Reading, Register, REGISTER_NAMES, ResetCause, TICK_MS, UartPort } from "../abi.js";
import { crc32 } from "../crc32.js";
import { decodeLcd } from "../lcdview.js";
import { SimCore } from "../simcore.js";
import type { SampleSource } from "../shims/adc.js";
import { IdbFlash, openStore } from "./idbflash.js";
import { checkLoad, DEFAULT_LOAD, waveformFor, type LoadControls } from "./load.js";
import type { Command, MeterState, PowerPoint } from "./protocol.js";

const PRESS_MS = 200;
const LONG_PRESS_MS = 3000; // beyond the firmware's 2 s long press
const SLICE_MS = 40; // wall time the worker computes before it lets messages in
const POST_MS = 100;
const FLUSH_MS = 500;
const POWER_LOG_S = 60;
const POWER_LOG_MAX = 24 * 60;
const FRESH_START_UTC_S = 1767225600; // 2026-01-01 00:00 UTC: a fresh meter's RTC, the same on every machine

// The disconnector log's own codes (assembly/breaker/eventlog.ts), not in the standard log's EventCode.
const BREAKER_LOG_CODES: Record<number, string> = { 17: "RELAY_FOLLOWED", 18: "BREAKER_RESTORED" };

const post = (msg: unknown): void => (self as unknown as { postMessage(m: unknown): void }).postMessage(msg);

let module: WebAssembly.Module;
let legalChecksum = 0;
let flash: IdbFlash;
let sim: SimCore | undefined; // undefined until the firmware is loaded, or after it stopped
let mains = true;
let controls: LoadControls = { ...DEFAULT_LOAD };
let speed = 1;
let wallBase = 0;
let meterBase = 0;
let lastPost = 0;
let lastEvents = -Infinity;
let lastFlush = 0;
let flushing = false;
let lastSecond = 0;
let boots = 0;
const releases: Array<{ atMs: number; kind: InputKind }> = [];
const powerLog: PowerPoint[] = [];
let powerSent = 0;
let optical = "";
let capture: { v: number[]; i: number[]; pairs: number } | undefined;
let waveform: { v: number[]; i: number[]; rateHz: number } | undefined;
let events: MeterState["events"] = [];

const rtcUtcMs = (s: SimCore): number => Number(s.rtc.readUtcS()) * 1000 + (s.nowMs % 1000);

// Records the next two mains cycles as the ADC delivers them, as the page's waveform view asks.
function tapFor(s: SimCore): SampleSource {
  return {
    fill(out: Int32Array, pairs: number, rateHz: number): void {
      s.adc.waveform.fill(out, pairs, rateHz);
      if (!capture) return;
      const closed = s.relay.position();
      for (let k = 0; k < pairs && capture.v.length < capture.pairs; k++) {
        capture.v.push(out[2 * k]);
        capture.i.push(closed ? out[2 * k + 1] : 0);
      }
      if (capture.v.length >= capture.pairs) {
        waveform = { v: capture.v, i: capture.i, rateHz };
        capture = undefined;
      }
    },
  };
}

function applyLoad(s: SimCore): void {
  const localS = Number(s.meter.clockLocalS());
  s.adc.waveform.set(mains ? waveformFor(controls, localS % 86400) : { vrms: 0, irms: 0 });
}

function powerOn(startUtcMs: number): void {
  const s = new SimCore({ module, legalChecksum, nvm: flash, startUtcS: BigInt(Math.floor(startUtcMs / 1000)) });
  s.adc.setSource(tapFor(s));
  s.boot(ResetCause.POWER_ON);
  // PB2 as the breaker button (Z17 = 2), as the CLI sets it for PB2 presses, so the page can open the breaker.
  if (s.meter.configGet(ConfigId.BUTTON2_SETUP) !== 2) s.meter.configSet(ConfigId.BUTTON2_SETUP, 2);
  applyLoad(s);
  sim = s;
  boots++;
  wallBase = performance.now();
  meterBase = 0;
}

// The mains switch: the supply's early warning (the firmware stores its registers and runs on from its
// backup supply: battery display, RTC) and the waves gone; switched back, the warning clears (docs/HAL.md).
function setMains(s: SimCore, on: boolean): void {
  if (on === mains) return;
  mains = on;
  if (!on) applyLoad(s);
  s.meter.inputEvent(InputKind.POWER_FAIL, on ? 0 : 1);
  if (on) applyLoad(s);
}

function step(s: SimCore): void {
  s.step();
  while (releases.length && releases[0].atMs <= s.nowMs) s.meter.inputEvent(releases.shift()!.kind, 0);
  const sent = s.uart.take(UartPort.OPTICAL);
  if (sent.length) optical += String.fromCharCode(...sent);
  if (s.nowMs % 1000 === 0) {
    const second = Number(s.rtc.readUtcS());
    if (controls.shape !== "constant") applyLoad(s);
    if (second - lastSecond >= POWER_LOG_S || second < lastSecond) {
      lastSecond = second - (second % POWER_LOG_S);
      powerLog.push({ utcS: second, w: s.meter.reading(Reading.P) });
      if (powerLog.length > POWER_LOG_MAX) {
        powerLog.shift();
        powerSent = Math.max(0, powerSent - 1);
      }
    }
  }
}

function state(): MeterState {
  const s = sim;
  const lcd = s ? s.lcd.bitmap : new Uint8Array(32);
  const newPoints = powerLog.slice(powerSent);
  powerSent = powerLog.length;
  const wave = waveform;
  waveform = undefined;
  return {
    type: "state",
    mains: s !== undefined && mains,
    boots,
    speed,
    utcS: s ? Math.floor(rtcUtcMs(s) / 1000) : 0,
    meterMs: s?.nowMs ?? 0,
    lcd: Array.from(lcd),
    lcdText: decodeLcd(lcd),
    readings: s ? {
      vrms: s.meter.reading(Reading.VRMS), irms: s.meter.reading(Reading.IRMS), p: s.meter.reading(Reading.P),
      q: s.meter.reading(Reading.Q), s: s.meter.reading(Reading.S), pf: s.meter.reading(Reading.PF),
      freq: s.meter.reading(Reading.FREQ), thdI: s.meter.reading(Reading.THD_I), quadrant: s.meter.reading(Reading.QUADRANT),
    } : undefined,
    registers: s ? [Register.A_PLUS, Register.A_MINUS, Register.R_PLUS, Register.R_MINUS, Register.E_PLUS, Register.E_MINUS,
      Register.A_PLUS_T1, Register.A_PLUS_T2].map((r) => ({ name: REGISTER_NAMES[r], wh: Number(s.meter.energyWh(r)) })) : [],
    s0Count: s?.s0.count ?? 0,
    ledCount: s?.led.count ?? 0,
    ledLevel: s?.led.level ?? 0,
    relayClosed: s ? s.relay.position() : false,
    breakerState: s?.meter.breakerState() ?? -1,
    breakerSymbols: s?.meter.breakerSymbols() ?? 0,
    creditMilli: s ? Number(s.meter.prepayCredit()) : 0,
    errorRegister: s?.meter.errorRegister() ?? 0,
    tariff: s?.meter.tariff() ?? 0,
    events,
    power: newPoints,
    waveform: wave,
    controls,
  };
}

function loop(): void {
  const now = performance.now();
  try {
    const s = sim;
    if (s) {
      const target = meterBase + (now - wallBase) * speed;
      while (s.nowMs + TICK_MS <= target && performance.now() - now < SLICE_MS) step(s);
      // Behind (the machine cannot keep this speed): run as fast as it can rather than catch up in a burst.
      if (s.nowMs + TICK_MS <= target) {
        wallBase = performance.now();
        meterBase = s.nowMs;
      }
    }
    if (optical) {
      post({ type: "optical", text: optical });
      optical = "";
    }
    if (now - lastPost >= POST_MS) {
      if (sim && now - lastEvents >= 1000) lastEvents = now, events = sim.meter.events().slice(-10).reverse().map((e) => ({
        utcS: Number(e.timeUtcS), code: e.code, name: EventCode[e.code] ?? BREAKER_LOG_CODES[e.code] ?? `event ${e.code}`,
      }));
      lastPost = now;
      post(state());
    }
    // Written sectors go to IndexedDB after every slice (one transaction at a time), so a reload loses at most a slice.
    if (sim && !flushing && (flash.dirtySectors > 0 || now - lastFlush >= FLUSH_MS)) {
      lastFlush = now;
      flushing = true;
      flash.flush({ utcS: rtcUtcMs(sim) / 1000, wallMs: Date.now() }).finally(() => { flushing = false; });
    }
  } catch (err) {
    post({ type: "error", message: String(err instanceof Error ? err.message : err) });
    sim = undefined;
    return;
  }
  setTimeout(loop, 1);
}

function handle(cmd: Command): void {
  const s = sim;
  switch (cmd.type) {
    case "press": {
      if (!s) return;
      const kind = cmd.button === 1 ? InputKind.BUTTON_LEFT : InputKind.BUTTON_2;
      s.meter.inputEvent(kind, 1);
      releases.push({ atMs: s.nowMs + (cmd.long ? LONG_PRESS_MS : PRESS_MS), kind });
      releases.sort((a, b) => a.atMs - b.atMs);
      return;
    }
    case "switch":
      if (s) s.meter.inputEvent(cmd.input === "cover" ? InputKind.COVER : InputKind.MAGNET, cmd.on ? 1 : 0);
      return;
    case "mains":
      if (s) setMains(s, cmd.on);
      return;
    case "load": {
      const why = checkLoad(cmd.controls);
      if (why) {
        post({ type: "error", message: why });
        return;
      }
      controls = { ...cmd.controls };
      if (s) applyLoad(s);
      return;
    }
    case "speed":
      if (!(cmd.speed >= 1 && cmd.speed <= 1000)) {
        post({ type: "error", message: `speed ${cmd.speed} is outside 1..1000` });
        return;
      }
      speed = cmd.speed;
      wallBase = performance.now();
      meterBase = s?.nowMs ?? 0;
      return;
    case "optical": {
      if (!s) return;
      const bytes = Uint8Array.from(cmd.text, (c) => c.charCodeAt(0) & 0xff);
      const room = s.meter.exports.uart_rx_capacity();
      for (let at = 0; at < bytes.length; at += room) s.meter.uartReceive(UartPort.OPTICAL, bytes.subarray(at, at + room));
      return;
    }
    case "waveform":
      if (s && !capture) capture = { v: [], i: [], pairs: Math.ceil((2 * s.adc.rateHz) / controls.freqHz) };
      return;
    case "erase":
      sim = undefined;
      void flash.wipe().then(() => post({ type: "erased" }));
      return;
  }
}

async function start(): Promise<void> {
  const bytes = new Uint8Array(await (await fetch("/build/firmware.wasm")).arrayBuffer());
  module = await WebAssembly.compile(bytes);
  // The boot loader hands over the CRC-32 of the module's "legal" section (docs/UPDATE.md).
  const legal = WebAssembly.Module.customSections(module, "legal")[0];
  legalChecksum = crc32(legal ? new Uint8Array(legal) : bytes);
  flash = await IdbFlash.open(await openStore());
  const rtc = flash.rtc;
  powerOn(rtc ? rtc.utcS * 1000 + Math.max(0, Date.now() - rtc.wallMs) : FRESH_START_UTC_S * 1000);
  (self as unknown as { onmessage: (e: MessageEvent<Command>) => void }).onmessage = (e) => handle(e.data);
  post({ type: "ready", abi: sim?.meter.abiVersion(), wasmBytes: bytes.length });
  loop();
}

start().catch((err: unknown) => post({ type: "error", message: String(err instanceof Error ? err.message : err) }));
