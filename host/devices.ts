// One interface per hardware device: what the firmware's `hal` imports need from a host (docs/HAL.md).
import type { Err } from "./abi.js";

// Gives the firmware the samples of the next block; the simulator asks it for each block in turn.
export interface AdcDevice {
  configure(rateHz: number, blockPairs: number): Err;
  readonly rateHz: number;
  readonly blockPairs: number;
  // Fills `out` with `pairs` interleaved signed 24-bit samples [v0, i0, v1, i1, ...].
  fill(out: Int32Array, pairs: number): void;
}

export interface RtcDevice {
  readUtcS(): bigint;
  setUtcS(utcS: bigint): Err;
}

// S0 output and meter-constant LED share the shape: pulses with a width, and (LED) a steady level.
export interface PulseDevice {
  pulse(widthMs: number): void;
  setLevel(on: boolean): void;
}

export interface LcdDevice {
  write(bitmap: Uint8Array): void;
}

export interface NvmDevice {
  readonly sizeBytes: number;
  readonly sectorBytes: number;
  read(addr: number, len: number): Uint8Array | Err;
  program(addr: number, data: Uint8Array): Err;
  erase(sector: number): Err;
}

// The MCU's image flash: two slots the boot loader starts the firmware from (docs/UPDATE.md).
export interface FwSlotDevice {
  running: number; // slot of the running image, -1 when it did not come from a slot
  read(slot: number, offset: number, len: number): Uint8Array | Err;
  program(slot: number, offset: number, data: Uint8Array): Err;
  erase(slot: number, sector: number): Err;
  reset(): void; // the firmware hands over to the boot loader
}

export interface UartDevice {
  // Bytes the firmware sends on `port`; returns how many were accepted.
  transmit(port: number, data: Uint8Array): number;
  // Line settings for `port` (format 0 = 7E1, 1 = 8N1), in force once the bytes already transmitted have left; returns Err.
  configure(port: number, baud: number, format: number): number;
}

export interface RelayDevice {
  drive(close: boolean, widthMs: number): void;
  position(): boolean;
}

// The module port's two I/O lines as outputs (their inputs are input events).
export interface ModuleDevice {
  out(line: number, level: number): void;
}

export interface Devices {
  adc: AdcDevice;
  rtc: RtcDevice;
  s0: PulseDevice;
  led: PulseDevice;
  lcd: LcdDevice;
  nvm: NvmDevice;
  uart: UartDevice;
  relay: RelayDevice;
  fwslot?: FwSlotDevice; // absent: no slots, the image runs from build/
  module?: ModuleDevice; // without one, the lines' levels go nowhere
}

// The meter time every shim stamps its records with, in ms since boot; the simulator owns it.
export interface MeterClock {
  readonly nowMs: number;
}
