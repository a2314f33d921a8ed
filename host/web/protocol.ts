// Messages between the simulator page and its worker (structured clone: plain objects only).
import type { LcdText } from "../lcdview.js";
import type { LoadControls } from "./load.js";

export type Command =
  | { type: "press"; button: 1 | 2; long: boolean }
  | { type: "switch"; input: "cover" | "magnet"; on: boolean }
  | { type: "mains"; on: boolean }
  | { type: "load"; controls: LoadControls }
  | { type: "speed"; speed: number }
  | { type: "optical"; text: string }
  | { type: "waveform" }
  | { type: "erase" };

export interface PowerPoint {
  utcS: number;
  w: number;
}

export interface MeterState {
  type: "state";
  mains: boolean;
  boots: number; // power-ups since the page loaded
  speed: number;
  utcS: number; // the meter's RTC
  meterMs: number; // meter time since this power-up
  lcd: number[]; // the 32-byte segment map as the firmware last wrote it
  lcdText: LcdText;
  readings?: { vrms: number; irms: number; p: number; q: number; s: number; pf: number; freq: number; thdI: number; quadrant: number };
  registers: Array<{ name: string; wh: number }>;
  s0Count: number;
  ledCount: number;
  ledLevel: number;
  relayClosed: boolean;
  breakerState: number; // ControlState, -1 without mains
  breakerSymbols: number;
  creditMilli: number;
  errorRegister: number;
  tariff: number;
  events: Array<{ utcS: number; code: number; name: string }>;
  power: PowerPoint[]; // new points since the last state
  waveform?: { v: number[]; i: number[]; rateHz: number }; // 24-bit ADC codes over two cycles
  controls: LoadControls;
}
