// Binds a firmware module's `hal` imports to the device shims and wraps its exports with types (Node and browser alike).
import { Err, InputKind, Reading, Register, ConfigId, CalId, ResetCause, Logger, REGISTER_COUNT, EventLog, OrderRule, PqReading } from "./abi.js";
import type { Devices, FwSlotDevice } from "./devices.js";

// The firmware called `hal.abort`: an assertion inside it failed. The module must not be called again.
export class FirmwareAbort extends Error {
  constructor(message: string, readonly file: string, readonly line: number, readonly column: number) {
    super(`firmware abort: ${message} at ${file}:${line}:${column}`);
    this.name = "FirmwareAbort";
  }
}

interface Exports {
  memory: WebAssembly.Memory;
  abi_version(): number;
  boot(resetCause: number): number;
  adc_buffer(): number;
  adc_capacity(): number;
  adc_block(pairs: number): number;
  tick(): void;
  input_event(kind: number, value: number): number;
  uart_rx_buffer(port: number): number;
  uart_rx_capacity(): number;
  uart_rx(port: number, len: number): number;
  reading(id: number): number;
  pq_reading(id: number): number;
  energy_wh(reg: number): bigint;
  energy_uwh(reg: number): bigint;
  s0_pending(): number;
  config_set(id: number, value: number): number;
  cal_set(id: number, value: number): number;
  cal_get(id: number): number;
  heap_top(): number;
  config_get(id: number): number;
  clock_set(utcS: bigint): number;
  clock_local(): bigint;
  peak_w(which: number): number;
  peak_time(which: number): bigint;
  peak_accumulated_w(which: number): number;
  counter(id: number): bigint;
  billing_record(logger: number, back: number): number;
  billing_stop(): number;
  clock_status(): number;
  tariff(): number;
  tou_clear(): void;
  tou_season(month: number, day: number, weekId: number): number;
  tou_week(id: number, mon: number, tue: number, wed: number, thu: number, fri: number, sat: number, sun: number): number;
  tou_switch(dayId: number, hour: number, minute: number, tariff: number): number;
  tou_activation(utcS: bigint): number;
  tou_activate(): number;
  special_day_set(index: number, year: number, month: number, day: number, dayId: number): number;
  special_day_delete(index: number): number;
  display_list_buffer(): number;
  display_list_capacity(): number;
  display_list_set(list: number, count: number): number;
  display_list_entry(list: number, index: number): number;
  event_record(back: number): number;
  event_log_record(log: number, back: number): number;
  breaker_disconnect(): number;
  keys_buffer(): number;
  keys_provision(): number;
  breaker_reconnect(): number;
  breaker_state(): number;
  breaker_output(): number;
  breaker_symbols(): number;
  limiter_set(on: number, monitored: number, normal: number, emergency: number, minOverS: number, minUnderS: number): number;
  limiter_emergency(startUtcS: bigint, durationS: number): number;
  prepay_set(on: number, unit: number, lowLevel: bigint, emergencyCredit: bigint): number;
  prepay_price(tariff: number, milliPerKwh: number): number;
  prepay_friendly(index: number, weekdayMask: number, startHour: number, endHour: number): number;
  prepay_top_up(amount: bigint): number;
  prepay_credit(): bigint;
  relay_protection(breakingMa: number, minIntervalMs: number, followMs: number, retryMs: number): number;
  relay_fault_clear(): void;
  error_register(): number;
  firmware_checksum(crc: number): void;
  tamper_latched(): number;
  tamper_clear(): void;
  error_clear(): void;
  profile_seek(fromUtcS: bigint): number;
  profile_next(): number;
  profile_entry_bytes(z29: number, incrementWh: bigint, stepS: number): number;
  image_buffer(): number;
  image_block_size(): number;
  image_block_size_set(bytes: number): number;
  image_transfer_initiate(identifierBytes: number, imageBytes: number): number;
  image_block_transfer(block: number, lengthBytes: number): number;
  image_first_missing(): number;
  image_block_status(block: number): number;
  image_verify(): number;
  image_activate(): number;
  image_transfer_status(): number;
  image_refusal(): number;
  image_running_version(): number;
  image_running_slot(): number;
  factory_begin(): void;
  factory_x(index: number, char: number): number;
  factory_z(index: number, value: number): number;
  factory_commit(): number;
  factory_refusal(): number;
  order_x(index: number): number;
  order_z_factory(index: number): number;
  order_z(index: number): number;
  register_available(reg: number): number;
  order_rating(which: number): number;
  load_control(channel: number, mode: number): number;
  port_state(): number;
}

// A factory step's result: Err, and for a refused order the code (X1..X16, Z1..Z30) and the rule it breaks.
export interface FactoryResult {
  status: Err;
  code?: string;
  rule?: OrderRule;
}

// No image flash: the firmware runs from build/ and has nowhere to put an update.
const NO_SLOTS: FwSlotDevice = {
  running: -1,
  read: () => Err.OUT_OF_RANGE,
  program: () => Err.OUT_OF_RANGE,
  erase: () => Err.OUT_OF_RANGE,
  reset: () => undefined,
};

export interface ProfileEntry {
  timeUtcS: bigint; // end of the period (or of a shortened one)
  status: number; // LpStatus bits
  channels: number[]; // registers recorded (Z29)
  valuesWh: bigint[]; // absolute, per channel
  deltasWh: bigint[]; // since the previous entry
}

export interface MeterEvent {
  sequence: number;
  timeUtcS: bigint;
  code: number;
  cause: number;
  a: number;
  b: bigint;
}

// A debiting period record or a debit logger 2 record, decoded from the layout of docs/NVM.md.
export interface BillingRecord {
  sequence: number;
  timeUtcS: bigint;
  clockStatus: number;
  flags: number;
  registersWh: bigint[];
  // Billing records only:
  stopCounter?: number;
  hourCounter?: bigint;
  thresholdCounter?: bigint;
  pulseInput?: bigint;
  peaksW?: number[];
  peakTimesUtcS?: bigint[];
  accumulatedPeaksW?: number[];
}

export class FirmwareCore {
  readonly exports: Exports;
  readonly memory: WebAssembly.Memory;
  private adcView: Int32Array | undefined;

  constructor(devices: Devices, module: WebAssembly.Module) {
    let memory: WebAssembly.Memory | undefined;
    const mem = (): WebAssembly.Memory => {
      if (!memory) throw new Error("hal import called before the module was instantiated");
      return memory;
    };
    const bytes = (ptr: number, len: number): Uint8Array => {
      const buffer = mem().buffer;
      if (ptr < 0 || len < 0 || ptr + len > buffer.byteLength) throw new RangeError(`firmware passed buffer ${ptr}+${len} outside memory`);
      return new Uint8Array(buffer, ptr, len);
    };
    const fwslot = devices.fwslot ?? NO_SLOTS;
    const hal = {
      abort: (msgPtr: number, filePtr: number, line: number, col: number): never => {
        throw new FirmwareAbort(readAsString(mem(), msgPtr), readAsString(mem(), filePtr), line, col);
      },
      adc_config: (rateHz: number, blockPairs: number): number => devices.adc.configure(rateHz, blockPairs),
      rtc_read: (): bigint => devices.rtc.readUtcS(),
      rtc_set: (utcS: bigint): number => devices.rtc.setUtcS(utcS),
      s0_pulse: (widthMs: number): void => devices.s0.pulse(widthMs),
      led_pulse: (widthMs: number): void => devices.led.pulse(widthMs),
      led_set: (on: number): void => devices.led.setLevel(on !== 0),
      lcd_write: (ptr: number, len: number): void => devices.lcd.write(bytes(ptr, len).slice()),
      nvm_size: (): number => devices.nvm.sizeBytes,
      nvm_sector_size: (): number => devices.nvm.sectorBytes,
      nvm_read: (addr: number, ptr: number, len: number): number => {
        const data = devices.nvm.read(addr, len);
        if (typeof data === "number") return data;
        bytes(ptr, len).set(data);
        return Err.OK;
      },
      nvm_program: (addr: number, ptr: number, len: number): number => devices.nvm.program(addr, bytes(ptr, len).slice()),
      nvm_erase: (sector: number): number => devices.nvm.erase(sector),
      uart_tx: (port: number, ptr: number, len: number): number => devices.uart.transmit(port, bytes(ptr, len).slice()),
      uart_config: (port: number, baud: number, format: number): number => devices.uart.configure(port, baud, format),
      relay_drive: (close: number, widthMs: number): void => devices.relay.drive(close !== 0, widthMs),
      relay_position: (): number => (devices.relay.position() ? 1 : 0),
      fwslot_read: (slot: number, offset: number, ptr: number, len: number): number => {
        const data = fwslot.read(slot, offset, len);
        if (typeof data === "number") return data;
        bytes(ptr, len).set(data);
        return Err.OK;
      },
      fwslot_program: (slot: number, offset: number, ptr: number, len: number): number => fwslot.program(slot, offset, bytes(ptr, len).slice()),
      fwslot_erase: (slot: number, sector: number): number => fwslot.erase(slot, sector),
      fwslot_running: (): number => fwslot.running,
      fwslot_reset: (): void => fwslot.reset(),
      module_out: (line: number, level: number): void => devices.module?.out(line, level),
    };
    const instance = new WebAssembly.Instance(module, { hal });
    this.exports = instance.exports as unknown as Exports;
    memory = this.exports.memory;
    this.memory = memory;
  }

  abiVersion(): number { return this.exports.abi_version(); }
  boot(cause: ResetCause = ResetCause.POWER_ON): Err { return this.exports.boot(cause); }
  adcCapacity(): number { return this.exports.adc_capacity(); }

  // Copies samples into the firmware's ADC buffer, as the DMA does; only that buffer is written.
  writeSamples(samples: Int32Array, pairs: number): void {
    if (!this.adcView) this.adcView = new Int32Array(this.memory.buffer, this.exports.adc_buffer(), 2 * this.exports.adc_capacity());
    const n = Math.min(2 * pairs, this.adcView.length, samples.length);
    this.adcView.set(n === samples.length ? samples : samples.subarray(0, n));
  }

  // The firmware's ADC buffer itself, for a host that fills it in place as the DMA does (no copy).
  adcBufferView(pairs: number): Int32Array {
    if (pairs < 1 || pairs > this.exports.adc_capacity()) throw new RangeError(`${pairs} pairs do not fit the ADC buffer`);
    return new Int32Array(this.memory.buffer, this.exports.adc_buffer(), 2 * pairs);
  }

  adcBlock(pairs: number): Err { return this.exports.adc_block(pairs); }
  tick(): void { this.exports.tick(); }
  inputEvent(kind: InputKind | number, value: number): Err { return this.exports.input_event(kind, value); }

  // Hands received bytes to the firmware, at most one receive buffer's worth per call.
  uartReceive(port: number, data: Uint8Array): Err {
    const addr = this.exports.uart_rx_buffer(port);
    if (addr === 0) return Err.INVALID_ARGUMENT;
    if (data.length > this.exports.uart_rx_capacity()) return Err.OUT_OF_RANGE;
    new Uint8Array(this.memory.buffer, addr, data.length).set(data);
    return this.exports.uart_rx(port, data.length);
  }

  reading(id: Reading | number): number { return this.exports.reading(id); }
  // Power quality values (docs/PQ.md): PqReading ids, and PqReading.WEEK/LAST_WEEK + PqWeek for the summary.
  pqReading(id: PqReading | number): number { return this.exports.pq_reading(id); }
  energyWh(reg: Register | number): bigint { return this.exports.energy_wh(reg); }
  energyUwh(reg: Register | number): bigint { return this.exports.energy_uwh(reg); }
  s0Pending(): number { return this.exports.s0_pending(); }
  configSet(id: ConfigId | number, value: number): Err { return this.exports.config_set(id, value); }
  calSet(id: CalId | number, value: number): Err { return this.exports.cal_set(id, value); }
  calGet(id: CalId | number): number { return this.exports.cal_get(id); }
  heapTop(): number { return this.exports.heap_top(); }
  configGet(id: ConfigId | number): number { return this.exports.config_get(id); }
  // ClockChange (1 adjusted, 2 set) or -Err.
  clockSet(utcS: bigint): number { return this.exports.clock_set(utcS); }
  clockStatus(): number { return this.exports.clock_status(); }
  tariff(): number { return this.exports.tariff(); }
  touClear(): void { this.exports.tou_clear(); }
  touSeason(month: number, day: number, weekId: number): Err { return this.exports.tou_season(month, day, weekId); }
  touWeek(id: number, days: [number, number, number, number, number, number, number]): Err {
    return this.exports.tou_week(id, ...days);
  }
  touSwitch(dayId: number, hour: number, minute: number, tariff: number): Err { return this.exports.tou_switch(dayId, hour, minute, tariff); }
  touActivation(utcS: bigint): Err { return this.exports.tou_activation(utcS); }
  touActivate(): Err { return this.exports.tou_activate(); }
  specialDaySet(index: number, year: number, month: number, day: number, dayId: number): Err {
    return this.exports.special_day_set(index, year, month, day, dayId);
  }
  specialDayDelete(index: number): Err { return this.exports.special_day_delete(index); }

  // Replaces a display list with these reading ids (docs/LCD.md); refused lists leave the old one.
  displayListSet(list: number, ids: number[]): Err {
    if (ids.length > this.exports.display_list_capacity()) return Err.OUT_OF_RANGE;
    new Uint8Array(this.memory.buffer, this.exports.display_list_buffer(), ids.length).set(ids);
    return this.exports.display_list_set(list, ids.length);
  }

  // The standard log's event `back` places before the newest (0 = newest), or the Err why there is none.
  eventRecord(back: number): MeterEvent | Err {
    return this.decodeEvent(this.exports.event_record(back));
  }

  // One log's event (EventLog: 0 standard .. 5 power failure).
  eventLogRecord(log: EventLog, back: number): MeterEvent | Err {
    return this.decodeEvent(this.exports.event_log_record(log, back));
  }

  private decodeEvent(addr: number): MeterEvent | Err {
    if (addr < 0) return -addr as Err;
    const v = new DataView(this.memory.buffer, addr);
    return {
      sequence: v.getUint32(8, true), timeUtcS: v.getBigInt64(12, true), code: v.getUint16(20, true),
      cause: v.getUint16(22, true), a: v.getInt32(24, true), b: v.getBigInt64(28, true),
    };
  }

  // One log's events, oldest first.
  eventLog(log: EventLog): MeterEvent[] {
    const out: MeterEvent[] = [];
    for (let back = 0; ; back++) {
      const e = this.eventLogRecord(log, back);
      if (typeof e !== "object") return out.reverse();
      out.push(e);
    }
  }

  // Every stored event of every log, oldest first: the logs merged by time, each log in its own order
  // (a clock set back makes times go back within a log; a merge never reorders a log).
  events(): MeterEvent[] {
    const logs = [0, 1, 2, 3, 4, 5].map((log) => this.eventLog(log));
    const out: MeterEvent[] = [];
    const at = logs.map(() => 0);
    for (;;) {
      let pick = -1;
      for (let k = 0; k < logs.length; k++) {
        if (at[k] >= logs[k].length) continue;
        if (pick < 0 || logs[k][at[k]].timeUtcS < logs[pick][at[pick]].timeUtcS) pick = k;
      }
      if (pick < 0) return out;
      out.push(logs[pick][at[pick]++]);
    }
  }

  // Breaker, limiter and prepayment: remote commands and settings (docs/HAL.md); each returns Err.
  breakerDisconnect(): Err { return this.exports.breaker_disconnect(); }
  // Factory provisioning of the DLMS suite 0 keys (16 bytes each); accepted once per meter.
  keysProvision(ek: Uint8Array, ak: Uint8Array, kek: Uint8Array): Err {
    if (ek.length !== 16 || ak.length !== 16 || kek.length !== 16) return Err.INVALID_ARGUMENT;
    const at = this.exports.keys_buffer();
    const view = new Uint8Array(this.memory.buffer, at, 48);
    view.set(ek, 0);
    view.set(ak, 16);
    view.set(kek, 32);
    return this.exports.keys_provision();
  }
  breakerReconnect(): Err { return this.exports.breaker_reconnect(); }
  breakerState(): number { return this.exports.breaker_state(); }
  breakerOutput(): number { return this.exports.breaker_output(); }
  breakerSymbols(): number { return this.exports.breaker_symbols(); }
  limiterSet(on: boolean, monitored: number, normal: number, emergency: number, minOverS: number, minUnderS: number): Err {
    return this.exports.limiter_set(on ? 1 : 0, monitored, normal, emergency, minOverS, minUnderS);
  }
  limiterEmergency(startUtcS: bigint, durationS: number): Err { return this.exports.limiter_emergency(startUtcS, durationS); }
  prepaySet(on: boolean, unit: number, lowLevel: bigint, emergencyCredit: bigint): Err {
    return this.exports.prepay_set(on ? 1 : 0, unit, lowLevel, emergencyCredit);
  }
  prepayPrice(tariff: number, milliPerKwh: number): Err { return this.exports.prepay_price(tariff, milliPerKwh); }
  prepayFriendly(index: number, weekdayMask: number, startHour: number, endHour: number): Err {
    return this.exports.prepay_friendly(index, weekdayMask, startHour, endHour);
  }
  prepayTopUp(amount: bigint): Err { return this.exports.prepay_top_up(amount); }
  // Credit in thousandths of the credit unit.
  prepayCredit(): bigint { return this.exports.prepay_credit(); }
  relayProtection(breakingMa: number, minIntervalMs: number, followMs: number, retryMs: number): Err {
    return this.exports.relay_protection(breakingMa, minIntervalMs, followMs, retryMs);
  }
  relayFaultClear(): void { this.exports.relay_fault_clear(); }
  errorRegister(): number { return this.exports.error_register(); }
  firmwareChecksum(crc: number): void { this.exports.firmware_checksum(crc | 0); }
  tamperLatched(): number { return this.exports.tamper_latched(); }
  tamperClear(): void { this.exports.tamper_clear(); }
  errorClear(): void { this.exports.error_clear(); }
  // The factory step: the type number's 16 characters after "68" and the Z codes the order gives.
  factoryConfigure(typeNumber: string, zCodes: Map<number, number>): FactoryResult {
    this.exports.factory_begin();
    if (typeNumber.length !== 16) return { status: Err.INVALID_ARGUMENT, code: "X", rule: OrderRule.NOT_IN_TABLE };
    for (let i = 1; i <= 16; i++) this.exports.factory_x(i, typeNumber.charCodeAt(i - 1) & 0x7f);
    for (const [index, value] of zCodes) {
      if (this.exports.factory_z(index, value) !== Err.OK) return { status: Err.INVALID_ARGUMENT, code: `Z${index}`, rule: OrderRule.NOT_IN_TABLE };
    }
    const status = this.exports.factory_commit() as Err;
    const refusal = this.exports.factory_refusal();
    if (refusal === 0) return { status };
    const code = refusal >> 8;
    return { status, code: code > 100 ? `Z${code - 100}` : `X${code}`, rule: (refusal & 0xff) as OrderRule };
  }
  // The factory record's type number ("" without one) and Z codes as ordered or as in force now.
  orderType(): string {
    let s = "";
    for (let i = 1; i <= 16; i++) s += String.fromCharCode(this.exports.order_x(i) || 0x20);
    return s.trim() === "" ? "" : s;
  }
  orderZFactory(index: number): number { return this.exports.order_z_factory(index); }
  orderZ(index: number): number { return this.exports.order_z(index); }
  // 0 Imax A (X5), 1 base current A (X5), 2 maximum permissible error in 0.01 % (X6).
  orderRating(which: number): number { return this.exports.order_rating(which); }
  registerAvailable(reg: Register | number): boolean { return this.exports.register_available(reg) === 1; }
  loadControl(channel: number, mode: number): Err { return this.exports.load_control(channel, mode); }
  portState(): number { return this.exports.port_state(); }
  profileEntryBytes(z29: number, incrementWh: bigint, stepS: number): number { return this.exports.profile_entry_bytes(z29, incrementWh, stepS); }

  // Image transfer (COSEM class 18 shaped, docs/UPDATE.md).
  imageBlockSize(): number { return this.exports.image_block_size(); }
  imageBlockSizeSet(bytes: number): Err { return this.exports.image_block_size_set(bytes); }
  imageInitiate(identifier: Uint8Array, imageBytes: number): Err {
    if (identifier.length > this.exports.image_block_size()) return Err.OUT_OF_RANGE;
    new Uint8Array(this.memory.buffer, this.exports.image_buffer(), identifier.length).set(identifier);
    return this.exports.image_transfer_initiate(identifier.length, imageBytes);
  }
  imageBlock(block: number, data: Uint8Array): Err {
    if (data.length > this.exports.image_block_size()) return Err.OUT_OF_RANGE;
    new Uint8Array(this.memory.buffer, this.exports.image_buffer(), data.length).set(data);
    return this.exports.image_block_transfer(block, data.length);
  }
  imageFirstMissing(): number { return this.exports.image_first_missing(); }
  imageBlockStatus(block: number): number { return this.exports.image_block_status(block); }
  imageVerify(): Err { return this.exports.image_verify(); }
  imageActivate(): Err { return this.exports.image_activate(); }
  imageStatus(): number { return this.exports.image_transfer_status(); }
  imageRefusal(): number { return this.exports.image_refusal(); }
  imageRunningVersion(): number { return this.exports.image_running_version(); }
  imageRunningSlot(): number { return this.exports.image_running_slot(); }

  // Load profile entries at or after `fromUtcS`, oldest first (at most `max`).
  profile(fromUtcS = -(2n ** 62n), max = Infinity): ProfileEntry[] {
    const out: ProfileEntry[] = [];
    if (this.exports.profile_seek(fromUtcS) !== Err.OK) return out;
    while (out.length < max) {
      const addr = this.exports.profile_next();
      if (addr < 0) break;
      const v = new DataView(this.memory.buffer, addr, 144);
      const mask = v.getUint8(9);
      const channels = [0, 1, 2, 3, 4, 5, 6, 7].filter((c) => (mask & (1 << c)) !== 0);
      out.push({
        timeUtcS: v.getBigInt64(0, true),
        status: v.getUint8(8),
        channels,
        valuesWh: channels.map((c) => v.getBigUint64(16 + 8 * c, true)),
        deltasWh: channels.map((c) => v.getBigUint64(80 + 8 * c, true)),
      });
    }
    return out;
  }

  displayList(list: number): number[] {
    const ids: number[] = [];
    for (let k = 0; ; k++) {
      const id = this.exports.display_list_entry(list, k);
      if (id < 0) return ids;
      ids.push(id);
    }
  }
  clockLocalS(): bigint { return this.exports.clock_local(); }
  peakW(which: number): number { return this.exports.peak_w(which); }
  peakTimeUtcS(which: number): bigint { return this.exports.peak_time(which); }
  peakAccumulatedW(which: number): number { return this.exports.peak_accumulated_w(which); }
  counter(id: number): bigint { return this.exports.counter(id); }
  billingStop(): Err { return this.exports.billing_stop(); }

  // The record `back` places before the newest (0 = newest), or the Err why there is none.
  billingRecord(logger: Logger, back: number): BillingRecord | Err {
    const addr = this.exports.billing_record(logger, back);
    if (addr < 0) return -addr as Err;
    const v = new DataView(this.memory.buffer, addr);
    const regsAt = logger === Logger.BILLING ? 56 : 24;
    const rec: BillingRecord = {
      sequence: v.getUint32(8, true),
      timeUtcS: v.getBigInt64(12, true),
      clockStatus: v.getUint8(20),
      flags: v.getUint8(21),
      registersWh: Array.from({ length: REGISTER_COUNT }, (_, r) => v.getBigUint64(regsAt + 8 * r, true)),
    };
    if (logger === Logger.BILLING) {
      rec.stopCounter = v.getUint32(24, true);
      rec.hourCounter = v.getBigInt64(32, true);
      rec.thresholdCounter = v.getBigInt64(40, true);
      rec.pulseInput = v.getBigInt64(48, true);
      rec.peaksW = Array.from({ length: 8 }, (_, k) => v.getFloat64(200 + 8 * k, true));
      rec.peakTimesUtcS = Array.from({ length: 8 }, (_, k) => v.getBigInt64(264 + 8 * k, true));
      rec.accumulatedPeaksW = Array.from({ length: 4 }, (_, k) => v.getFloat64(328 + 8 * k, true));
    }
    return rec;
  }
}

const UTF16LE = new TextDecoder("utf-16le");

// AssemblyScript strings: UTF-16LE, byte length in the u32 before the pointer.
function readAsString(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr <= 4 || ptr >= memory.buffer.byteLength) return "";
  const len = new DataView(memory.buffer).getUint32(ptr - 4, true);
  if (ptr + len > memory.buffer.byteLength) return "";
  return UTF16LE.decode(new Uint8Array(memory.buffer, ptr, len & ~1));
}
