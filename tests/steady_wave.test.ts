// A steady load costs the host almost nothing (its blocks are computed once), bit for bit; a clipping ADC raises the overload bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Reading, REGISTER_COUNT } from "../host/abi.js";
import { harmonicsForThd } from "../host/options.js";
import type { WaveformParams } from "../host/shims/waveform.js";

const ADC_OVERLOAD = 0x40; // error register bit (docs/HAL.md)

function simulate(waveform: Partial<WaveformParams>, seconds: number, reuse: boolean): { sim: Simulator; state: string } {
  const sim = new Simulator({ waveform });
  sim.adc.waveform.reuseBlocks = reuse;
  sim.boot();
  sim.run(seconds);
  const registers = Array.from({ length: REGISTER_COUNT }, (_, r) => sim.meter.energyUwh(r).toString());
  const readings = [Reading.VRMS, Reading.IRMS, Reading.P, Reading.Q, Reading.FREQ, Reading.THD_I].map((id) => sim.meter.reading(id));
  return { sim, state: JSON.stringify({ registers, readings, s0: sim.s0.count, pulses: sim.s0.pulses }) };
}

for (const [name, waveform] of [
  ["230 V, 10 A, PF 0.95 at 50 Hz", { vrms: 230, irms: 10, phaseDeg: 18.19 }],
  ["230 V, 32 A, PF 0.8 capacitive at 60 Hz with 40 % THD-I", { vrms: 230, irms: 32, phaseDeg: -36.87, freqHz: 60, iHarmonics: harmonicsForThd(40, [20, -40, 75]) }],
  ["export at 49.95 Hz (a 20 s common period of wave and blocks)", { vrms: 240, irms: 6, phaseDeg: 170, freqHz: 49.95 }],
] as const) {
  test(`reused blocks give every register, reading and pulse of computing each block, bit for bit: 10 minutes of ${name}`, () => {
    const fast = simulate(waveform, 600, true);
    const slow = simulate(waveform, 600, false);
    assert.equal(fast.state, slow.state);
    assert.ok(fast.sim.meter.energyUwh(0) + fast.sim.meter.energyUwh(1) > 200_000_000n, "at least 200 Wh went through");
    assert.ok(fast.sim.adc.waveform.cachedBlocks > 0 && fast.sim.adc.waveform.cachedBlocks <= 4096, `${fast.sim.adc.waveform.cachedBlocks} blocks kept`);
    assert.equal(slow.sim.adc.waveform.cachedBlocks, 0);
  });
}

test("50 Hz at 4000 pairs/s repeats every two 40-pair blocks: two blocks are kept", () => {
  const { sim } = simulate({ vrms: 230, irms: 10 }, 5, true);
  assert.equal(sim.adc.waveform.cachedBlocks, 2);
});

test("noise is never reused: a noisy wave computes every block", () => {
  const { sim } = simulate({ vrms: 230, irms: 10, noiseLsb: 20 }, 5, true);
  assert.equal(sim.adc.waveform.cachedBlocks, 0);
});

test("a supply beyond the ADC's 500 V peak raises the overload bit within a second; 350 V (495 V peak) does not", () => {
  // 360 V RMS peaks at 509 V: the top 1.8 % of each crest is cut off.
  for (const [vrms, clipped] of [[350, false], [360, true], [400, true]] as const) {
    const sim = new Simulator({ waveform: { vrms, irms: 10 } });
    sim.boot();
    sim.run(1);
    assert.equal((sim.meter.errorRegister() & ADC_OVERLOAD) !== 0, clipped, `${vrms} V`);
  }
});

test("a current beyond the current channel's full scale raises the overload bit", () => {
  // A front end with a 200 A full scale: 150 A RMS peaks at 212 A.
  const sim = new Simulator({ waveform: { vrms: 230, irms: 150, iFullScaleA: 200 } });
  sim.boot();
  sim.run(1);
  assert.equal(sim.meter.errorRegister() & ADC_OVERLOAD, ADC_OVERLOAD);
});
