// The simulated meter in Node: SimCore with build/firmware.wasm from disk, a file-backed flash and the boot loader's image slots.
import type { MeterClock } from "./devices.js";
import { Firmware, firmwareCrc32, firmwareModule } from "./firmware.js";
import { FwSlots } from "./shims/fwslot.js";
import { bootSelect } from "./bootloader.js";
import { legalChecksum } from "./image.js";
import { NorFlash } from "./shims/nvm.js";
import type { WaveformParams } from "./shims/waveform.js";
import { SimCore } from "./simcore.js";

export interface SimOptions {
  waveform?: Partial<WaveformParams>;
  startUtcS?: bigint; // RTC at meter time 0
  nvm?: NorFlash; // pass the same flash to a new Simulator to model a power cycle
  relayClosed?: boolean;
  keepPulses?: number; // pulses the S0 and LED recorders keep (counts are always whole); default 1,000,000
  // The image flash: with it the boot loader picks the module from a slot (docs/UPDATE.md); pass the same
  // slots to a new Simulator to model the reset after an activation or a power cycle.
  slots?: FwSlots;
}

export class Simulator extends SimCore implements MeterClock {
  declare readonly nvm: NorFlash;
  declare readonly meter: Firmware;
  readonly slots: FwSlots | undefined;

  constructor(opts: SimOptions = {}) {
    const slots = opts.slots;
    const choice = slots ? bootSelect(slots) : undefined;
    if (slots) {
      slots.running = choice?.slot ?? -1;
      slots.resetRequested = false;
    }
    super({
      ...opts, nvm: opts.nvm ?? new NorFlash(), fwslot: slots,
      module: choice ? choice.module : firmwareModule(),
      legalChecksum: choice ? legalChecksum(choice.wasm) : firmwareCrc32(),
    });
    this.slots = slots;
  }

  // The firmware handed over to the boot loader (an activated update): a new Simulator on the same NVM and slots restarts it.
  override get resetRequested(): boolean {
    return this.slots?.resetRequested ?? false;
  }
}
