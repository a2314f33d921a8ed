// The simulator page: controls and views around the worker that runs the firmware; every figure shown is the firmware's.
import { renderLcdSvg } from "../lcdsvg.js";
import { DEFAULT_LOAD, type LoadControls } from "./load.js";
import { linePath, plotFrame } from "./plot.js";
import type { Command, MeterState, PowerPoint } from "./protocol.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

const worker = new Worker("/build/js/host/web/worker.js", { type: "module" });
const send = (cmd: Command): void => worker.postMessage(cmd);
const CONTROL_STATES = ["disconnected", "connected", "ready for reconnection"];
const POWER_WINDOW_S = 6 * 3600;
const V_FULL_SCALE = 500 / 8388607; // the ADC shim's scale: V and A per 24-bit code
const I_FULL_SCALE = 250 / 8388607;
const power: PowerPoint[] = [];
let lastLed = 0;
let lastS0 = 0;

function controls(): LoadControls {
  const num = (id: string): number => Number($<HTMLInputElement>(id).value);
  return {
    vrms: num("voltage"), irms: num("current"), pf: num("pf"), freqHz: num("freq"),
    capacitive: $<HTMLInputElement>("capacitive").checked, exporting: $<HTMLInputElement>("export").checked,
    harmonics: $<HTMLSelectElement>("harmonics").value as LoadControls["harmonics"],
    shape: $<HTMLSelectElement>("shape").value as LoadControls["shape"],
  };
}

function wire(): void {
  for (const [id, button, long] of [["pb1", 1, false], ["pb1-long", 1, true], ["pb2", 2, false], ["pb2-long", 2, true]] as const) {
    $(id).addEventListener("click", () => send({ type: "press", button, long }));
  }
  for (const input of ["cover", "magnet"] as const) {
    $<HTMLInputElement>(input).addEventListener("change", (e) => send({ type: "switch", input, on: (e.target as HTMLInputElement).checked }));
  }
  $<HTMLInputElement>("mains").addEventListener("change", (e) => send({ type: "mains", on: (e.target as HTMLInputElement).checked }));
  for (const id of ["voltage", "current", "pf", "freq", "capacitive", "export", "harmonics", "shape"]) {
    $(id).addEventListener("change", () => send({ type: "load", controls: controls() }));
  }
  $<HTMLSelectElement>("speed").addEventListener("change", (e) => send({ type: "speed", speed: Number((e.target as HTMLSelectElement).value) }));
  $("optical-read").addEventListener("click", () => {
    $("optical-log").textContent += "\n> /?!<CR><LF>\n";
    send({ type: "optical", text: "/?!\r\n" });
  });
  $("erase").addEventListener("click", () => {
    if (confirm("Erase the meter's flash (a factory-fresh meter)?")) send({ type: "erase" });
  });
  const d = DEFAULT_LOAD;
  $<HTMLInputElement>("voltage").value = String(d.vrms);
  $<HTMLInputElement>("current").value = String(d.irms);
  $<HTMLInputElement>("pf").value = String(d.pf);
  $<HTMLInputElement>("freq").value = String(d.freqHz);
  setInterval(() => send({ type: "waveform" }), 500);
}

// Control characters of IEC 62056-21 made visible, so the protocol can be read.
const NAMES: Record<number, string> = { 0x01: "<SOH>", 0x02: "<STX>", 0x03: "<ETX>", 0x06: "<ACK>", 0x15: "<NAK>", 0x0d: "<CR>" };
const visible = (s: string): string => [...s].map((c) => NAMES[c.charCodeAt(0)] ?? c).join("");

let opticalBuffer = "";
function onOptical(text: string): void {
  $("optical-log").textContent += visible(text);
  opticalBuffer += text;
  // Mode C: the identification's fifth character is the baud rate the meter offers; acknowledge it for the data readout.
  const ident = /\/[A-Z]{3}([0-9A-Z])[^\r]*\r\n/.exec(opticalBuffer);
  if (ident) {
    opticalBuffer = "";
    const ack = `\x060${ident[1]}0\r\n`;
    $("optical-log").textContent += `\n> ${visible(ack)}\n`;
    send({ type: "optical", text: ack });
  }
  if (opticalBuffer.length > 4096) opticalBuffer = opticalBuffer.slice(-256);
  const log = $("optical-log");
  log.scrollTop = log.scrollHeight;
}

const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const kwh = (wh: number): string => (wh / 1000).toFixed(3);

function render(s: MeterState): void {
  const lcd = $("lcd");
  lcd.innerHTML = renderLcdSvg(Uint8Array.from(s.lcd));
  const t = s.lcdText;
  Object.assign(lcd.dataset, {
    id: t.id, value: t.value.trim(), unit: t.unit, allOn: String(t.allOn), blank: String(t.blank), tamper: String(t.symbols.tamper),
    manual: String(t.manual), battery: String(t.battery),
  });
  if (s.ledCount !== lastLed || s.ledLevel) blink("led");
  if (s.s0Count !== lastS0) blink("s0");
  lastLed = s.ledCount;
  lastS0 = s.s0Count;
  $("led-count").textContent = String(s.ledCount);
  $("s0-count").textContent = String(s.s0Count);
  const status = $("status");
  status.dataset.mains = String(s.mains);
  status.dataset.boots = String(s.boots);
  status.dataset.utc = String(s.utcS);
  status.dataset.meterMs = String(s.meterMs);
  status.textContent = `${s.mains ? "mains on" : "MAINS OFF"} - meter RTC ${new Date(s.utcS * 1000).toISOString().replace(".000Z", " UTC")}` +
    ` - ${s.speed}x - ${(s.meterMs / 1000).toFixed(0)} s since power-up`;
  const r = s.readings;
  $("readings").innerHTML = r ? [
    ["U", fmt(r.vrms, 1), "V"], ["I", fmt(r.irms, 3), "A"], ["P", fmt(r.p, 1), "W"], ["Q", fmt(r.q, 1), "var"], ["S", fmt(r.s, 1), "VA"],
    ["PF", fmt(r.pf, 3), ""], ["f", fmt(r.freq, 2), "Hz"], ["THD I", fmt(r.thdI, 1), "%"], ["quadrant", String(r.quadrant), ""],
  ].map(([n, v, u]) => `<tr><th>${n}</th><td>${v}</td><td>${u}</td></tr>`).join("") : "<tr><td>no supply</td></tr>";
  $("registers").innerHTML = s.registers.map((g) => `<tr data-name="${g.name}" data-wh="${g.wh}"><th>${g.name}</th><td>${kwh(g.wh)}</td></tr>`).join("");
  $("breaker").textContent = s.breakerState < 0 ? "-" :
    `${CONTROL_STATES[s.breakerState] ?? s.breakerState}, relay ${s.relayClosed ? "closed" : "open"}, tariff T${s.tariff}, ` +
    `credit ${(s.creditMilli / 1000).toFixed(3)}, symbols 0x${s.breakerSymbols.toString(16)}, error register 0x${s.errorRegister.toString(16)}`;
  $("events").innerHTML = s.events.map((e) => `<li>${new Date(e.utcS * 1000).toISOString().slice(0, 19)} ${e.code} ${e.name}</li>`).join("");
  power.push(...s.power);
  drawPower(s.utcS);
  if (s.waveform) drawWaveform(s.waveform);
}

function blink(id: string): void {
  const el = $(id);
  el.classList.add("on");
  setTimeout(() => el.classList.remove("on"), 80);
}

function drawPower(nowS: number): void {
  const pts = power.filter((p) => p.utcS > nowS - POWER_WINDOW_S);
  const maxW = Math.max(100, ...pts.map((p) => Math.abs(p.w)));
  const frame = plotFrame({ width: 520, height: 180, x: [-POWER_WINDOW_S / 3600, 0], y: [-maxW, maxW], xLabel: "hours before now (meter time)", yLabel: "P (W), + import" });
  $("power").innerHTML = frame.open + linePath(frame, pts.map((p) => [(p.utcS - nowS) / 3600, p.w]), "#c0392b") + frame.close;
}

function drawWaveform(w: { v: number[]; i: number[]; rateHz: number }): void {
  const n = w.v.length;
  const vMax = Math.max(1, ...w.v.map((x) => Math.abs(x * V_FULL_SCALE)));
  const iMax = Math.max(0.1, ...w.i.map((x) => Math.abs(x * I_FULL_SCALE)));
  const frame = plotFrame({ width: 520, height: 180, x: [0, (1000 * n) / w.rateHz], y: [-1.05, 1.05], xLabel: "ms", yLabel: `u/${vMax.toFixed(0)} V, i/${iMax.toFixed(1)} A` });
  const v = w.v.map((x, k): [number, number] => [(1000 * k) / w.rateHz, (x * V_FULL_SCALE) / vMax]);
  const i = w.i.map((x, k): [number, number] => [(1000 * k) / w.rateHz, (x * I_FULL_SCALE) / iMax]);
  $("waveform").innerHTML = frame.open + linePath(frame, v, "#1f5fa8", "", 4) + linePath(frame, i, "#d68910") + frame.close;
}

worker.onmessage = (e: MessageEvent): void => {
  const msg = e.data as MeterState | { type: "optical"; text: string } | { type: "error"; message: string } | { type: "ready" } | { type: "erased" };
  if (msg.type === "state") render(msg);
  else if (msg.type === "optical") onOptical(msg.text);
  else if (msg.type === "error") $("error").textContent = msg.message;
  else if (msg.type === "erased") location.reload();
  else if (msg.type === "ready") document.body.dataset.ready = "true";
};

wire();
