// Command-line options of the simulator CLI: parsing and validation with messages a person can act on.
import { WaveformGenerator, type Harmonic, type WaveformParams } from "./shims/waveform.js";
import { parsePortSpec, type PortSpec } from "./ports.js";

// A push-button press the CLI gives the meter: PB1 (the display button) or PB2, short or held.
export interface ButtonPress {
  atMs: number;
  button: 1 | 2;
  long: boolean;
}
import { parseTypeNumber, parseZCodes, OrderSyntaxError } from "./order.js";

export interface CliOptions {
  waveform: Partial<WaveformParams>;
  durationS: number;
  speed: number; // meter seconds per wall second; Infinity runs as fast as the machine allows
  nvmPath?: string;
  svgPath?: string;
  prepayWh?: number; // prepayment switched on with this credit, unless the meter already has prepayment
  limitW?: number; // limiter on active import with this threshold
  disconnectAtMs?: number; // remote disconnect at this meter time
  reconnectAtMs?: number; // remote reconnect (release, or reconnect in modes 2 and 4)
  presses: ButtonPress[];
  dlms?: PortSpec; // DLMS/COSEM (IEC 62056-47 wrapper) on the module port, bridged to this port
  optical?: PortSpec; // the optical port (IEC 62056-21, HDLC after mode E) on a pty or a TCP port, paced
  module?: PortSpec; // the module port (HDLC or wrapper frames) on a pty or a TCP port, paced
  consumer?: PortSpec; // the consumer channel (transmit only: the 10-s push in wrapper frames) on a pty or a TCP port, paced
  typeNumber?: string; // X1..X16 for the factory step
  zCodes?: Map<number, number>; // Z codes the factory step is given
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: make run ARGS="[options]"   (or: node build/js/host/cli.js [options])

Simulates the meter under a load and shows its live readings.

  --voltage V        supply voltage, V RMS (default 230; up to 353, where the wave's peak,
                     harmonics included, reaches the ADC's full scale of 500 V)
  --current A        load current, A RMS (default 10; 0..120; peak within the ADC's 250 A)
  --pf X             power factor 0..1 (default 0.95)
  --capacitive       current leads the voltage (default: lags, inductive)
  --export           the load feeds the grid (active power reversed)
  --freq HZ          mains frequency (default 50; 40..70)
  --thd-i PCT        current THD in %, as 3rd/5th/7th harmonics (default 0; 0..80)
  --thd-v PCT        voltage THD in %, as 3rd/5th/7th harmonics (default 0; 0..20)
  --noise LSB        ADC noise, +-LSB on both channels (default 0)
  --duration T       meter time to simulate: 90s, 15m, 2h, 3d (default 1h; up to 400d)
  --speed X          times real time, or "max" (default max)
  --nvm FILE         keep the meter's flash in FILE, so a restart is a power cycle; the RTC
                     keeps running in FILE.rtc while the meter is off; one run at a time
                     (FILE.lock holds the running pid)
  --svg FILE         write the LCD as it is at the end to FILE as SVG
  --prepay WH        switch prepayment on with WH of credit (low-credit warning at 10 %), only
                     if the meter has no prepayment yet: a later run on the same --nvm file
                     goes on with the stored credit
  --limit W          limiter: disconnect after 30 s above W, reconnection allowed 60 s below
  --disconnect-at T  remote disconnect at meter time T (e.g. 10m, 1.5s; before --duration)
  --reconnect-at T   remote reconnect at meter time T (mode 1: a release for the push button)
                     --prepay, --limit and the remote commands are sent as a head-end would: COSEM
                     actions and sets of an LLS management association on the module port
  --press T[:B[:long]]  press push button B (1 display, 2 breaker; default 1) at meter time T,
                     for 0.2 s or with "long" for 3 s; repeatable. PB2 is set up as the
                     breaker button (Z17 = 2): short reconnects a released breaker, long opens it
  --dlms tcp:PORT    DLMS/COSEM over the IEC 62056-47 wrapper on the module port (UART 1), bridged
                     to a TCP socket on 127.0.0.1:PORT (4059 is usual; 0 picks a free one). Runs in
                     real time (--speed 1) while the port is open.
  --optical P        the optical port (UART 0: IEC 62056-21 at 300 baud 7E1, modes A/C/E and
                     programming mode) as P = pty (a pseudo-terminal made with socat; its path
                     is printed at start), pty:/LINK (the same, with a symbolic link LINK to it)
                     or tcp:PORT (127.0.0.1). Characters cross at the speed the firmware set
                     (10 bits a character), so a client's speed change after the mode C
                     acknowledgement lands where it would on a real optical head. Real time.
  --module P         the module port (UART 1: HDLC, or wrapper frames, at 9600 8N1) as pty,
                     pty:/LINK or tcp:PORT, paced like --optical; not with --dlms. Real time.
  --consumer P       the consumer channel (UART 2, CCC: transmit only, 115200 8N1; the push
                     0.1.25.9.0.255 of U, I, P+, A+, A- every 10 s in wrapper frames) as pty,
                     pty:/LINK or tcp:PORT, paced like --optical. Real time.
  --type 68...       factory step with this type number (X1..X16, docs/CONFIG.md), once per meter
  --config Z1=3,...  the Z codes of the order for --type (the others keep their defaults)
  --help             this text
`;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function num(name: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || text.startsWith("--")) throw new UsageError(`${name} needs a value`);
  if (!NUMBER.test(text)) throw new UsageError(`${name}: '${text}' is not a number`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name}: ${value} is outside ${min}..${max}`);
  return value;
}

export function parseDuration(text: string | undefined): number {
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text);
  if (!m) throw new UsageError(`--duration: '${text ?? ""}' is not a duration such as 90s, 15m, 2h or 3d`);
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s" | "m" | "h" | "d"];
  if (seconds < 1 || seconds > 400 * 86400) throw new UsageError(`--duration: ${text} is outside 1 s..400 d`);
  return seconds;
}

// THD split over the 3rd, 5th and 7th in the ratio 0.8 : 0.5 : 0.36, which is the shape of a rectifier load.
// A meter time for an event in the run, to the 10 ms tick: 90s, 1.5s, 15m, 2h, 3d.
export function parseTimeMs(name: string, text: string | undefined): number {
  const m = text === undefined ? null : /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(text);
  if (!m) throw new UsageError(`${name}: '${text ?? ""}' is not a meter time such as 90s, 1.5s, 15m, 2h or 3d`);
  const ms = Number(m[1]) * { s: 1000, m: 60000, h: 3600000, d: 86400000 }[(m[2] ?? "s") as "s" | "m" | "h" | "d"];
  const ticks = Math.round(ms / 10);
  if (Math.abs(ticks * 10 - ms) > 1e-6) throw new UsageError(`${name}: ${text} is not a whole number of 10 ms ticks`);
  return ticks * 10;
}

function parsePress(text: string | undefined): ButtonPress {
  const [at, button = "1", long, ...rest] = (text ?? "").split(":");
  if (rest.length || (button !== "1" && button !== "2") || (long !== undefined && long !== "long")) {
    throw new UsageError(`--press: '${text ?? ""}' is not T[:B[:long]] with button B 1 or 2, e.g. 10m, 30s:2 or 1m:2:long`);
  }
  return { atMs: parseTimeMs("--press", at), button: Number(button) as 1 | 2, long: long === "long" };
}

// Refuses a wave the simulated front end cannot convert: above full scale the ADC clips and energy reads low.
function checkFullScale(w: Partial<WaveformParams>): void {
  const gen = new WaveformGenerator(w);
  const { v, i } = gen.peaks();
  const { vFullScaleV, iFullScaleA } = gen.params;
  if (v > vFullScaleV) {
    throw new UsageError(`--voltage: the wave's peak of ${v.toFixed(0)} V is beyond the ADC's full scale of ${vFullScaleV} V ` +
      `(a sine up to ${(vFullScaleV / Math.SQRT2).toFixed(0)} V RMS); the meter is rated 230 V -20 % +15 %`);
  }
  if (i > iFullScaleA) {
    throw new UsageError(`--current: the wave's peak of ${i.toFixed(0)} A (with --thd-i) is beyond the ADC's full scale of ${iFullScaleA} A`);
  }
}

export function harmonicsForThd(thdPct: number, phasesDeg: [number, number, number]): Harmonic[] {
  if (thdPct === 0) return [];
  const shape = [0.8, 0.5, 0.36];
  const norm = Math.hypot(...shape);
  return [3, 5, 7].map((order, k) => ({ order, pct: thdPct * shape[k] / norm, phaseDeg: phasesDeg[k] }));
}

export function parseArgs(argv: string[]): CliOptions {
  let voltage = 230, current = 10, pf = 0.95, freq = 50, thdI = 0, thdV = 0, noise = 0;
  let capacitive = false, exporting = false, help = false;
  let durationS = 3600, speed = Infinity;
  let nvmPath: string | undefined;
  let svgPath: string | undefined;
  let prepayWh: number | undefined, limitW: number | undefined;
  let disconnectAtMs: number | undefined, reconnectAtMs: number | undefined;
  const presses: ButtonPress[] = [];
  let dlms: PortSpec | undefined, optical: PortSpec | undefined, module: PortSpec | undefined, consumer: PortSpec | undefined;
  let typeNumber: string | undefined, zCodes: Map<number, number> | undefined;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const next = (): string | undefined => argv[++k];
    switch (arg) {
      case "--voltage": voltage = num(arg, next(), 0, 400); break;
      case "--current": current = num(arg, next(), 0, 120); break;
      case "--pf": pf = num(arg, next(), 0, 1); break;
      case "--freq": freq = num(arg, next(), 40, 70); break;
      case "--thd-i": thdI = num(arg, next(), 0, 80); break;
      case "--thd-v": thdV = num(arg, next(), 0, 20); break;
      case "--noise": noise = num(arg, next(), 0, 100000); break;
      case "--capacitive": capacitive = true; break;
      case "--export": exporting = true; break;
      case "--duration": durationS = parseDuration(next()); break;
      case "--speed": {
        const text = next();
        speed = text === "max" ? Infinity : num(arg, text, 0.1, 1e7);
        break;
      }
      case "--nvm": {
        const file = next();
        if (!file || file.startsWith("--")) throw new UsageError("--nvm needs a file name");
        nvmPath = file;
        break;
      }
      case "--svg": {
        const file = next();
        if (!file || file.startsWith("--")) throw new UsageError("--svg needs a file name");
        svgPath = file;
        break;
      }
      case "--prepay": prepayWh = num(arg, next(), 1, 1e9); break;
      case "--limit": limitW = num(arg, next(), 1, 50000); break;
      case "--disconnect-at": disconnectAtMs = parseTimeMs(arg, next()); break;
      case "--reconnect-at": reconnectAtMs = parseTimeMs(arg, next()); break;
      case "--press": presses.push(parsePress(next())); break;
      case "--dlms": {
        const text = next();
        dlms = parsePortSpec(text);
        if (!dlms) throw new UsageError(`--dlms: '${text ?? ""}' is not a port such as tcp:4059`);
        break;
      }
      case "--optical": case "--module": case "--consumer": {
        const text = next();
        const spec = parsePortSpec(text, true);
        if (!spec) throw new UsageError(`${arg}: '${text ?? ""}' is not a port such as pty, pty:/tmp/meter or tcp:2000`);
        if (arg === "--optical") optical = spec;
        else if (arg === "--module") module = spec;
        else consumer = spec;
        break;
      }
      case "--type": case "--config": {
        const text = next();
        if (text === undefined || text.startsWith("--")) throw new UsageError(`${arg} needs a value`);
        try {
          if (arg === "--type") typeNumber = parseTypeNumber(text);
          else zCodes = parseZCodes(text);
        } catch (e) {
          throw e instanceof OrderSyntaxError ? new UsageError(e.message) : e;
        }
        break;
      }
      case "--help": case "-h": help = true; break;
      default: throw new UsageError(`unknown option '${arg}'`);
    }
  }
  const timed: Array<[string, number | undefined]> = [
    ["--disconnect-at", disconnectAtMs], ["--reconnect-at", reconnectAtMs], ...presses.map((p): [string, number] => ["--press", p.atMs]),
  ];
  for (const [name, atMs] of timed) {
    if (atMs !== undefined && atMs >= durationS * 1000) {
      throw new UsageError(`${name}: ${atMs / 1000} s is not before the end of the run (--duration ${durationS} s)`);
    }
  }
  if (module && dlms) throw new UsageError("--module and --dlms are both the module port: give one of them");
  if (zCodes && !typeNumber) throw new UsageError("--config needs --type: the Z codes are part of the order");
  const phiDeg = Math.acos(pf) * 180 / Math.PI * (capacitive ? -1 : 1) + (exporting ? 180 : 0);
  const waveform: Partial<WaveformParams> = {
    vrms: voltage, irms: current, phaseDeg: phiDeg, freqHz: freq, noiseLsb: noise,
    iHarmonics: harmonicsForThd(thdI, [20, -40, 75]),
    vHarmonics: harmonicsForThd(thdV, [0, 0, 0]),
  };
  checkFullScale(waveform);
  presses.sort((a, b) => a.atMs - b.atMs);
  return { waveform, durationS, speed, nvmPath, svgPath, prepayWh, limitW, disconnectAtMs, reconnectAtMs, presses, help, dlms, optical, module, consumer, typeNumber, zCodes };
}
