// The simulated meter without Node: firmware plus one shim per device, driven in 10 ms steps of meter time (the CLI and the browser page).
import { Err, ResetCause, TICK_MS } from "./abi.js";
import type { Devices, FwSlotDevice, MeterClock } from "./devices.js";
import { FirmwareCore } from "./fwcore.js";
import { AdcShim } from "./shims/adc.js";
import { RtcShim } from "./shims/rtc.js";
import { PulseRecorder } from "./shims/pulse.js";
import { LcdCapture } from "./shims/lcd.js";
import { NorFlashCore } from "./shims/flash.js";
import { UartShim } from "./shims/uart.js";
import { BistableRelay } from "./shims/relay.js";
import { ModulePort } from "./shims/module.js";
import type { WaveformParams } from "./shims/waveform.js";

export interface SimCoreOptions {
  waveform?: Partial<WaveformParams>;
  startUtcS?: bigint; // RTC at meter time 0
  nvm?: NorFlashCore; // pass the same flash to a new simulator to model a power cycle
  relayClosed?: boolean;
  keepPulses?: number; // pulses the S0 and LED recorders keep (counts are always whole); default 1,000,000
  module: WebAssembly.Module; // the firmware to run
  legalChecksum: number; // what the boot loader hands over for it
  fwslot?: FwSlotDevice;
}

export class SimCore implements MeterClock {
  nowMs = 0;
  readonly adc: AdcShim;
  readonly rtc: RtcShim;
  readonly s0: PulseRecorder;
  readonly led: PulseRecorder;
  readonly lcd: LcdCapture;
  readonly nvm: NorFlashCore;
  readonly uart: UartShim;
  readonly relay: BistableRelay;
  readonly module: ModulePort;
  readonly meter: FirmwareCore;
  // The legal checksum of the module started (what the boot loader hands over).
  readonly legalChecksum: number;
  private booted = false;
  private pairsDelivered = 0;
  private block: Int32Array = new Int32Array(0);

  constructor(opts: SimCoreOptions) {
    this.adc = new AdcShim(opts.waveform);
    this.rtc = new RtcShim(this, opts.startUtcS);
    this.s0 = new PulseRecorder(this, opts.keepPulses);
    this.led = new PulseRecorder(this, opts.keepPulses);
    this.lcd = new LcdCapture(this);
    this.nvm = opts.nvm ?? new NorFlashCore();
    this.uart = new UartShim();
    this.relay = new BistableRelay(this, opts.relayClosed ?? true);
    this.module = new ModulePort(this);
    const devices: Devices = {
      adc: this.adc, rtc: this.rtc, s0: this.s0, led: this.led, lcd: this.lcd, nvm: this.nvm, uart: this.uart, relay: this.relay,
      module: this.module, fwslot: opts.fwslot,
    };
    this.meter = new FirmwareCore(devices, opts.module);
    this.legalChecksum = opts.legalChecksum;
  }

  // The firmware handed over to the boot loader (an activated update); without image slots it never does.
  get resetRequested(): boolean {
    return false;
  }

  boot(cause: ResetCause = ResetCause.POWER_ON): void {
    const status = this.meter.boot(cause);
    if (status !== Err.OK) throw new Error(`boot failed: ${Err[status] ?? status}`);
    this.meter.firmwareChecksum(this.legalChecksum); // what the boot loader hands over
    if (this.adc.blockPairs > this.meter.adcCapacity()) throw new Error("the firmware asked for blocks larger than its buffer");
    // Blocks are written straight into the firmware's buffer (its one memory page never grows).
    this.block = this.meter.adcBufferView(this.adc.blockPairs);
    this.booted = true;
  }

  setWaveform(changes: Partial<WaveformParams>): void {
    this.adc.setWaveform(changes);
  }

  // One 10 ms step: the samples that fall due, in whole blocks as the DMA delivers them, then the tick.
  step(): void {
    if (!this.booted) throw new Error("boot() the simulator first");
    this.nowMs += TICK_MS;
    const due = Math.floor(this.nowMs * this.adc.rateHz / 1000);
    const pairs = this.adc.blockPairs;
    while (this.pairsDelivered + pairs <= due) {
      this.adc.fill(this.block, pairs);
      // An open breaker takes the supply off the load: the meter still sees the grid voltage, no current.
      if (!this.relay.position()) for (let k = 1; k < 2 * pairs; k += 2) this.block[k] = 0;
      const status = this.meter.adcBlock(pairs);
      if (status !== Err.OK) throw new Error(`adc_block refused a block: ${Err[status] ?? status}`);
      this.pairsDelivered += pairs;
    }
    this.meter.tick();
  }

  // Runs `seconds` of meter time; `onSecond` is called after each whole second (for live displays).
  run(seconds: number, onSecond?: (sim: this) => void): void {
    const steps = Math.round(seconds * 1000 / TICK_MS);
    for (let s = 1; s <= steps && !this.resetRequested; s++) {
      this.step();
      if (onSecond && this.nowMs % 1000 === 0) onSecond(this);
    }
  }
}
