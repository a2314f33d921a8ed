// The error register (F.F): critical internal errors as bits, shown with the error symbol and read out on the optical port.
import { journalWriteFaults } from "./store/journal";
import { ringWriteFaults } from "./store/ring";
import { relayFaulted } from "./breaker/relayguard";
import { adcOverloaded } from "./metrology/overload";

export const enum ErrorBit {
  JOURNAL_WRITE = 0x01, // a register journal write failed since boot
  RECORD_WRITE = 0x02, // a state, billing, configuration or event record write failed since boot
  BREAKER = 0x04, // the relay did not follow its drive
  STORED_DATA = 0x08, // latched: a stored record failed its CRC, or registers were restored from a fallback
  ADC_OVERLOAD = 0x40, // the ADC clipped (input beyond full scale) since boot: those windows read low
}

// Bits kept through power cuts (in the state record) until the utility clears them.
let latched: i32 = 0;
let restored: i32 = 0; // as the state record brought them back at boot: not this boot's news

export function errorLatch(bits: i32): void {
  latched |= bits & <i32>ErrorBit.STORED_DATA;
}

export function errorLatched(): i32 {
  return latched;
}

export function errorRestore(bits: i32): void {
  latched = restored = bits & <i32>ErrorBit.STORED_DATA;
}

export function errorRestored(): i32 {
  return restored;
}

export function errorClear(): void {
  latched = 0;
}

export function errorRegister(): i32 {
  let bits = latched;
  if (journalWriteFaults > 0) bits |= ErrorBit.JOURNAL_WRITE;
  if (ringWriteFaults > 0) bits |= ErrorBit.RECORD_WRITE;
  if (relayFaulted()) bits |= ErrorBit.BREAKER;
  if (adcOverloaded()) bits |= ErrorBit.ADC_OVERLOAD;
  return bits;
}
