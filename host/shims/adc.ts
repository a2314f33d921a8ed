// ADC shim: answers adc_config and fills each block from a sample source (the waveform generator by default).
import { Err } from "../abi.js";
import type { AdcDevice } from "../devices.js";
import { WaveformGenerator, type WaveformParams } from "./waveform.js";

// Anything that produces interleaved 24-bit sample pairs at a given rate.
export interface SampleSource {
  fill(out: Int32Array, pairs: number, rateHz: number): void;
}

export const ADC_RATES_HZ = [1000, 2000, 4000, 4096, 8000, 16000];

export class AdcShim implements AdcDevice {
  rateHz = 0;
  blockPairs = 0;
  readonly waveform: WaveformGenerator;
  private source: SampleSource;

  constructor(waveform: Partial<WaveformParams> = {}) {
    this.waveform = new WaveformGenerator(waveform);
    this.source = this.waveform;
  }

  configure(rateHz: number, blockPairs: number): Err {
    if (!ADC_RATES_HZ.includes(rateHz)) return Err.OUT_OF_RANGE;
    if (!Number.isInteger(blockPairs) || blockPairs < 1 || blockPairs > 1024) return Err.OUT_OF_RANGE;
    this.rateHz = rateHz;
    this.blockPairs = blockPairs;
    return Err.OK;
  }

  // Control API: replace the generator by another source (a recorded or integer-synthesised stream).
  setSource(source: SampleSource): void {
    this.source = source;
  }

  setWaveform(changes: Partial<WaveformParams>): void {
    this.waveform.set(changes);
    this.source = this.waveform;
  }

  fill(out: Int32Array, pairs: number): void {
    this.source.fill(out, pairs, this.rateHz);
  }
}
