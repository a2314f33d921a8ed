// Alarm register, filter and descriptor (IDIS 0.0.97.98.0/10/20.255): which events raise which alarm bit.
import { ConfigId, configGet } from "../config";

// Bits 0..5 are the Z26 alarm configuration's code bits in the same order, so the ordered Z26 value is the
// default filter as it stands; the others are off in every order and a head-end turns them on by writing the
// filter. Table in docs/DLMS.md, "Alarms and push".
export const enum AlarmBit {
  ALARM_INPUT = 0,
  TERMINAL_COVER = 1,
  MAGNETIC_FIELD = 2,
  EARTH_FAULT = 3,
  BREAKER_FAULT = 4,
  STORED_DATA_DAMAGED = 5,
  CREDIT_LOW = 6,
  CREDIT_EXHAUSTED = 7,
  POWER_DOWN = 8,
  LONG_POWER_FAILURE = 9,
  AUTHENTICATION_FAILED = 10,
  FIRMWARE_REFUSED = 11,
  VOLTAGE_DIP = 12,
  VOLTAGE_SWELL = 13,
  NONE = -1,
}
export const ALARM_BITS_DEFINED: u32 = 0x3fff;

// The event codes of assembly/events/log.ts that are alarms (codes, not the enum, to keep this file free of
// a dependency cycle with the log that calls it).
export function alarmBitOf(eventCode: i32): AlarmBit {
  switch (eventCode) {
    case 60: return AlarmBit.ALARM_INPUT;
    case 5: return AlarmBit.TERMINAL_COVER;
    case 7: return AlarmBit.MAGNETIC_FIELD;
    case 64: return AlarmBit.EARTH_FAULT;
    case 13: return AlarmBit.BREAKER_FAULT;
    case 30: return AlarmBit.STORED_DATA_DAMAGED;
    case 20: return AlarmBit.CREDIT_LOW;
    case 21: return AlarmBit.CREDIT_EXHAUSTED;
    case 33: return AlarmBit.POWER_DOWN;
    case 34: return AlarmBit.LONG_POWER_FAILURE;
    case 9: return AlarmBit.AUTHENTICATION_FAILED;
    case 41: return AlarmBit.FIRMWARE_REFUSED;
    case 50: return AlarmBit.VOLTAGE_DIP;
    case 51: return AlarmBit.VOLTAGE_SWELL;
  }
  return AlarmBit.NONE;
}

// The register and the descriptor survive a power cut in the PQ record (assembly/pq/record.ts), written at the
// window after a change; the filter a head-end wrote does not (after a power cycle it comes back from Z26).
let register: u32 = 0;
let descriptor: u32 = 0;
let filter: u32 = 0;
let filterWritten = false;
// Bits that rose in the register since the push side last looked: each rising alarm is pushed once.
export let alarmRisenBits: u32 = 0;
export let alarmsRaised: i32 = 0;
// Set when the register or the descriptor changed: the PQ record stores them at the next window.
export let alarmsChanged = false;

export function alarmFilter(): u32 {
  return filterWritten ? filter : <u32>configGet(ConfigId.ALARM_CONFIG) & 0x3f;
}

// A new Z26 (config_set, a COSEM write of it, the factory step) is the filter again, over one a head-end wrote.
export function alarmFilterFromZ26(): void {
  filterWritten = false;
}

export function alarmFilterSet(mask: u32): void {
  filter = mask & ALARM_BITS_DEFINED;
  filterWritten = true;
}

export function alarmRegister(): u32 {
  return register;
}

export function alarmDescriptor(): u32 {
  return descriptor;
}

// Every alarm event lands in the descriptor; only the filtered ones in the register, and only a bit that was
// clear rises (a door opened twice before the head-end reset the first is one alarm).
export function alarmEvent(eventCode: i32): void {
  const bit = alarmBitOf(eventCode);
  if (bit == AlarmBit.NONE) return;
  const mask: u32 = <u32>1 << <u32>bit;
  if ((descriptor & mask) == 0) alarmsChanged = true;
  descriptor |= mask;
  if ((alarmFilter() & mask) == 0 || (register & mask) != 0) return;
  register |= mask;
  alarmsChanged = true;
  alarmRisenBits |= mask;
  alarmsRaised++;
}

// IDIS reset: the bits written as 1 are cleared, the others stay. Returns the bits that were set and cleared.
export function alarmRegisterClear(mask: u32): u32 {
  const cleared = register & mask;
  register &= ~mask;
  if (cleared != 0) alarmsChanged = true;
  return cleared;
}

export function alarmDescriptorClear(mask: u32): u32 {
  const cleared = descriptor & mask;
  descriptor &= ~mask;
  if (cleared != 0) alarmsChanged = true;
  return cleared;
}

// The bits that rose since the last call (for the alarm push).
export function alarmTakeRisen(): u32 {
  const r = alarmRisenBits;
  alarmRisenBits = 0;
  return r;
}

// Boot: nothing latched, the filter from Z26 again.
export function alarmsReset(): void {
  register = 0;
  descriptor = 0;
  alarmRisenBits = 0;
  filter = 0;
  filterWritten = false;
  alarmsRaised = 0;
  alarmsChanged = false;
}

// The PQ record's 12 bytes: u32 register, u32 descriptor, u32 1 when the alarm push had not gone out yet.
export function alarmsStore(at: usize, pushPending: bool): void {
  store<u32>(at, register);
  store<u32>(at, descriptor, 4);
  store<u32>(at, pushPending ? 1 : 0, 8);
}

export function alarmsStored(): void {
  alarmsChanged = false;
}

// Boot: the stored bits join those the boot's own events raised; a push that had not gone out goes again.
export function alarmsRestore(at: usize): void {
  const stored = load<u32>(at) & ALARM_BITS_DEFINED;
  register |= stored;
  descriptor |= load<u32>(at, 4) & ALARM_BITS_DEFINED;
  if (load<u32>(at, 8) != 0) alarmRisenBits |= stored;
}
