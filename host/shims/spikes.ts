// Spiky loads for the ADC shim: LED lamps behind a phase-cut dimmer (short current spikes) and a dimmed resistive load, as instant or integrating ADC codes.
import type { SampleSource } from "./adc.js";

export interface SpikeLoadParams {
  kind: "led" | "dimmer"; // led: a spike at each firing (input capacitors charging); dimmer: V/R from firing to the zero crossing
  vrms: number;
  freqHz: number;
  fireDeg: number; // firing angle in each half cycle, after the voltage zero crossing
  peakA: number; // led: peak of the spike; dimmer: peak of the full sine the resistor would draw
  slewAPerUs: number; // led: rise rate of the spike's leading edge
  decayUs: number; // led: time constant of the spike's exponential tail
  adc: "instant" | "integrating"; // a code is the value at the sample instant, or the mean over the sample period before it
  clockPpm: number; // the sample clock runs this much fast
}

// LED lamps behind a leading-edge dimmer as measured in the field (Leferink et al.): about 40 A peaks at 25 A/µs.
export const LED_DIMMER: SpikeLoadParams = {
  kind: "led", vrms: 230, freqHz: 50, fireDeg: 60, peakA: 40, slewAPerUs: 25, decayUs: 20, adc: "integrating", clockPpm: 0,
};

const V_LSB_PER_V = 8388608 / 500;
const I_LSB_PER_A = 8388608 / 250;

export class SpikeLoadSource implements SampleSource {
  private n = 0; // samples delivered

  constructor(readonly p: SpikeLoadParams) {
    if (!(p.freqHz >= 40 && p.freqHz <= 70 && p.fireDeg >= 0 && p.fireDeg < 180 && p.peakA > 0 && p.slewAPerUs > 0 && p.decayUs > 0)) {
      throw new RangeError("spike load: frequency 40..70 Hz, firing angle 0..180 degrees, positive peak, slew and decay");
    }
  }

  private get halfS(): number {
    return 0.5 / this.p.freqHz;
  }

  // Time since half cycle k fired.
  private sinceFiring(k: number, t: number): number {
    return t - (k + this.p.fireDeg / 180) * this.halfS;
  }

  // Integral of the current of half cycle k from its firing instant to time t (A s), before its sign.
  private charge(k: number, t: number): number {
    const p = this.p;
    const u = this.sinceFiring(k, t);
    if (u <= 0) return 0;
    if (p.kind === "dimmer") {
      const w = 2 * Math.PI * p.freqHz;
      const a = p.fireDeg * Math.PI / 180;
      const end = Math.min(u, this.halfS - a / w); // conduction stops at the zero crossing
      return p.peakA / w * (Math.cos(a) - Math.cos(a + w * end));
    }
    const rise = p.peakA / (p.slewAPerUs * 1e6);
    if (u < rise) return p.slewAPerUs * 1e6 * u * u / 2;
    const tau = p.decayUs * 1e-6;
    return p.peakA * rise / 2 + p.peakA * tau * (1 - Math.exp(-(u - rise) / tau));
  }

  // Mean current over [a, b] (b - a at most one sample period), or the value at b when a == b.
  private current(a: number, b: number): number {
    const last = Math.floor(b / this.halfS - this.p.fireDeg / 180);
    let sum = 0;
    for (let k = Math.max(0, last - 1); k <= last; k++) {
      const sign = k % 2 === 0 ? 1 : -1;
      if (b > a) sum += sign * (this.charge(k, b) - this.charge(k, a)) / (b - a);
      else sum += sign * this.instant(k, b);
    }
    return sum;
  }

  private instant(k: number, t: number): number {
    const p = this.p;
    const u = this.sinceFiring(k, t);
    if (u <= 0) return 0;
    if (p.kind === "dimmer") return u < this.halfS * (1 - p.fireDeg / 180) ? Math.abs(p.peakA * Math.sin(2 * Math.PI * p.freqHz * t)) : 0;
    const rise = p.peakA / (p.slewAPerUs * 1e6);
    return u < rise ? p.slewAPerUs * 1e6 * u : p.peakA * Math.exp(-(u - rise) / (p.decayUs * 1e-6));
  }

  private voltage(a: number, b: number): number {
    const w = 2 * Math.PI * this.p.freqHz;
    const pk = this.p.vrms * Math.SQRT2;
    return b > a ? pk * (Math.cos(w * a) - Math.cos(w * b)) / (w * (b - a)) : pk * Math.sin(w * b);
  }

  fill(out: Int32Array, pairs: number, rateHz: number): void {
    const ts = 1 / (rateHz * (1 + this.p.clockPpm * 1e-6));
    const integrating = this.p.adc === "integrating";
    for (let k = 0; k < pairs; k++) {
      const b = (this.n + 1) * ts;
      const a = integrating ? b - ts : b;
      out[2 * k] = Math.round(this.voltage(a, b) * V_LSB_PER_V);
      out[2 * k + 1] = Math.round(this.current(a, b) * I_LSB_PER_A);
      this.n++;
    }
  }

  // Exact energy (Wh) the load drew over the first `samples` samples: whole half cycles plus the one in progress.
  exactEnergyWh(samples: number, rateHz: number): number {
    const tEnd = samples / (rateHz * (1 + this.p.clockPpm * 1e-6));
    const whole = Math.floor(tEnd / this.halfS);
    this.halfCycleWs ??= this.energyWs(0, this.halfS);
    return (whole * this.halfCycleWs + this.energyWs(whole, tEnd)) / 3600;
  }

  private halfCycleWs?: number;

  // Energy of half cycle k from its firing up to time t: Simpson's rule on 20 ns steps over the conduction
  // (a spike is over after 40 time constants), or the integral of sin^2 for the dimmed resistor.
  private energyWs(k: number, t: number): number {
    const p = this.p;
    const w = 2 * Math.PI * p.freqHz;
    const t0 = (k + p.fireDeg / 180) * this.halfS;
    const conduction = p.kind === "dimmer" ? (k + 1) * this.halfS - t0 : p.peakA / (p.slewAPerUs * 1e6) + 40 * p.decayUs * 1e-6;
    const t1 = Math.min(t, t0 + conduction);
    if (t1 <= t0) return 0;
    if (p.kind === "dimmer") {
      const sq = (x: number) => x / 2 - Math.sin(2 * w * x) / (4 * w); // integral of sin^2(w x)
      return p.vrms * Math.SQRT2 * p.peakA * (sq(t1) - sq(t0));
    }
    const steps = 2 * Math.ceil((t1 - t0) / 40e-9);
    const h = (t1 - t0) / steps;
    let sum = 0;
    for (let s = 0; s <= steps; s++) {
      const x = t0 + s * h;
      const weight = s === 0 || s === steps ? 1 : s % 2 === 1 ? 4 : 2;
      sum += weight * this.voltage(x, x) * this.current(x, x);
    }
    return sum * h / 3;
  }
}
