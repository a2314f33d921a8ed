// Metrology window results from synthetic samples: RMS, P, fundamental Q, frequency, offsets, quadrants.
import { buildSineTable } from "./reftable";
import { processBlock, configureRate } from "./window";
import { SAMPLE_BUFFER } from "./sampler";
import { Reading, readingGet } from "./measure";
import { Register, registerUwh, Q_DEAD_BAND_VAR } from "./energy";
import { DEFAULT_V_GAIN_V, DEFAULT_I_GAIN_A } from "./calibration";

const RATE_HZ: f64 = 4000.0;
const BLOCK_PAIRS: i32 = 40;
const BUF: usize = SAMPLE_BUFFER;
let sampleIndex: i64 = 0;

class Wave {
  vrms: f64 = 230.0;
  irms: f64 = 5.0;
  phiDeg: f64 = 0.0;
  freqHz: f64 = 50.0;
  v3Pct: f64 = 0.0;
  i3Pct: f64 = 0.0;
  i3PhaseDeg: f64 = 0.0;
  vDc: f64 = 0.0;
  iDc: f64 = 0.0;
}

function feed(w: Wave, seconds: f64): void {
  const blocks = <i32>(seconds * RATE_HZ) / BLOCK_PAIRS;
  const vPk = w.vrms * Math.SQRT2;
  const iPk = w.irms * Math.SQRT2;
  const phi = w.phiDeg * Math.PI / 180.0;
  const i3Phi = w.i3PhaseDeg * Math.PI / 180.0;
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < BLOCK_PAIRS; k++) {
      const th = 2.0 * Math.PI * w.freqHz * <f64>sampleIndex / RATE_HZ;
      const v = vPk * (Math.sin(th) + w.v3Pct / 100.0 * Math.sin(3.0 * th)) + w.vDc;
      const i = iPk * (Math.sin(th - phi) + w.i3Pct / 100.0 * Math.sin(3.0 * th - i3Phi)) + w.iDc;
      store<i32>(BUF + (<usize>k << 3), <i32>Math.round(v / DEFAULT_V_GAIN_V));
      store<i32>(BUF + (<usize>k << 3), <i32>Math.round(i / DEFAULT_I_GAIN_A), 4);
      sampleIndex++;
    }
    processBlock(BLOCK_PAIRS);
  }
}

function relErr(measured: f64, expected: f64): f64 {
  return Math.abs(measured - expected) / Math.abs(expected);
}

describe("metrology window", () => {
  beforeAll(() => {
    buildSineTable();
    configureRate(4000, 50);
  });

  it("measures 230 V, 10 A, PF 1 at 50 Hz within 0.01 %", () => {
    const w = new Wave();
    w.irms = 10.0;
    feed(w, 3.0);
    expect(relErr(readingGet(Reading.VRMS), 230.0)).toBeLessThan(0.0001);
    expect(relErr(readingGet(Reading.IRMS), 10.0)).toBeLessThan(0.0001);
    expect(relErr(readingGet(Reading.P), 2300.0)).toBeLessThan(0.0001);
    expect(Math.abs(readingGet(Reading.Q))).toBeLessThan(0.5);
    expect(Math.abs(readingGet(Reading.FREQ) - 50.0)).toBeLessThan(0.001);
    expect(readingGet(Reading.QUADRANT)).toBe(1.0);
  });

  it("reports PF 0.5 inductive as quadrant I with Q = +995.9 var", () => {
    const w = new Wave();
    w.phiDeg = 60.0;
    feed(w, 3.0);
    expect(relErr(readingGet(Reading.PF), 0.5)).toBeLessThan(0.0002);
    expect(relErr(readingGet(Reading.Q), 230.0 * 5.0 * Math.sin(Math.PI / 3.0))).toBeLessThan(0.0005);
    expect(readingGet(Reading.QUADRANT)).toBe(1.0);
  });

  it("puts export with leading current in quadrant III with negative P and Q", () => {
    const w = new Wave();
    w.phiDeg = -150.0; // current leads by 150 degrees: P < 0, Q < 0
    feed(w, 3.0);
    expect(readingGet(Reading.P)).toBeLessThan(-990.0);
    expect(readingGet(Reading.Q)).toBeLessThan(-570.0);
    expect(readingGet(Reading.QUADRANT)).toBe(3.0);
    expect(readingGet(Reading.PF)).toBeLessThan(-0.86);
  });

  it("counts import with |Q| under the 0.5 var dead band as quadrant I and registers no reactive energy", () => {
    const w = new Wave();
    w.irms = 10.0;
    w.phiDeg = -0.005; // current leads by 87 µrad: Q = -0.2 var, quadrant IV without the dead band
    feed(w, 1.0);
    const r1 = registerUwh(Register.R1), r4 = registerUwh(Register.R4), rMinus = registerUwh(Register.R_MINUS);
    feed(w, 3.0);
    expect(readingGet(Reading.Q)).toBeLessThan(0.0);
    expect(readingGet(Reading.Q)).toBeGreaterThan(-Q_DEAD_BAND_VAR);
    expect(readingGet(Reading.QUADRANT)).toBe(1.0);
    expect(registerUwh(Register.R1)).toBe(r1);
    expect(registerUwh(Register.R4)).toBe(r4);
    expect(registerUwh(Register.R_MINUS)).toBe(rMinus);
  });

  it("counts export with |Q| under the dead band as quadrant III (IEC 62053-23: III starts at 180 degrees)", () => {
    const w = new Wave();
    w.irms = 10.0;
    w.phiDeg = 179.995; // Q = +0.2 var, quadrant II without the dead band
    feed(w, 1.0);
    const r2 = registerUwh(Register.R2), r3 = registerUwh(Register.R3);
    feed(w, 3.0);
    expect(readingGet(Reading.P)).toBeLessThan(-2299.0);
    expect(readingGet(Reading.Q)).toBeGreaterThan(0.0);
    expect(readingGet(Reading.Q)).toBeLessThan(Q_DEAD_BAND_VAR);
    expect(readingGet(Reading.QUADRANT)).toBe(3.0);
    expect(registerUwh(Register.R2)).toBe(r2);
    expect(registerUwh(Register.R3)).toBe(r3);
  });

  it("still registers -4.6 var (20 mA at 230 V, sin phi 1) in quadrant IV: the dead band is a tenth of it", () => {
    const w = new Wave();
    w.irms = 10.0;
    w.phiDeg = -0.1146; // 2 mrad: Q = -4.6 var
    feed(w, 1.0);
    const r1 = registerUwh(Register.R1), r4 = registerUwh(Register.R4);
    feed(w, 3.6);
    expect(readingGet(Reading.QUADRANT)).toBe(4.0);
    expect(registerUwh(Register.R1)).toBe(r1);
    // 3.6 s of 4.6 var is 4600 µvarh; the windows closed in the feed may be one fewer.
    const added = registerUwh(Register.R4) - r4;
    expect(added).toBeGreaterThan(3600);
    expect(added).toBeLessThan(5200);
  });

  it("keeps Q fundamental: a 3rd harmonic pair in quadrature adds no reactive power", () => {
    const w = new Wave();
    w.v3Pct = 8.0;
    w.i3Pct = 40.0;
    w.i3PhaseDeg = 90.0;
    feed(w, 3.0);
    expect(Math.abs(readingGet(Reading.Q))).toBeLessThan(1.0);
    expect(relErr(readingGet(Reading.P), 1150.0)).toBeLessThan(0.0002);
    expect(relErr(readingGet(Reading.THD_V), 8.0)).toBeLessThan(0.01);
    expect(relErr(readingGet(Reading.THD_I), 40.0)).toBeLessThan(0.01);
  });

  it("shows no THD on a pure sine: under 0.05 % at 50 Hz (the reference's truncation is corrected)", () => {
    const w = new Wave();
    feed(w, 3.0);
    expect(readingGet(Reading.THD_V)).toBeLessThan(0.05);
    expect(readingGet(Reading.THD_I)).toBeLessThan(0.05);
  });

  it("measures 47.5 Hz and 63 Hz within 0.005 Hz", () => {
    const w = new Wave();
    w.freqHz = 47.5;
    feed(w, 3.0);
    expect(Math.abs(readingGet(Reading.FREQ) - 47.5)).toBeLessThan(0.005);
    w.freqHz = 63.0;
    sampleIndex = 0;
    feed(w, 3.0);
    expect(Math.abs(readingGet(Reading.FREQ) - 63.0)).toBeLessThan(0.005);
  });

  it("removes DC offsets of both channels from RMS and power", () => {
    const w = new Wave();
    w.vDc = 5.0;
    w.iDc = 0.5;
    feed(w, 3.0);
    expect(relErr(readingGet(Reading.VRMS), 230.0)).toBeLessThan(0.0002);
    expect(relErr(readingGet(Reading.IRMS), 5.0)).toBeLessThan(0.0002);
    expect(relErr(readingGet(Reading.P), 1150.0)).toBeLessThan(0.0002);
  });

  it("sets the supply indicator above 160 V and the phase current indicator above 2.3 W", () => {
    const w = new Wave();
    w.vrms = 150.0;
    w.irms = 0.0;
    feed(w, 2.0);
    expect(readingGet(Reading.INDICATORS)).toBe(0.0);
    w.vrms = 170.0;
    w.irms = 0.02; // 3.4 W
    feed(w, 2.0);
    expect(readingGet(Reading.INDICATORS)).toBe(3.0);
  });

  it("registers nothing without current at 115 % Un (no-load)", () => {
    const w = new Wave();
    w.vrms = 264.5;
    w.irms = 0.0;
    feed(w, 2.0); // closes the window left open by the test before
    const before = registerUwh(Register.A_PLUS);
    feed(w, 5.0);
    expect(registerUwh(Register.A_PLUS)).toBe(before);
    expect(readingGet(Reading.QUADRANT)).toBe(0.0);
  });
});
