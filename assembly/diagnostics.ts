// The error register (F.F): critical internal errors as bits, shown with the error symbol and read out on the optical port.
import { journalWriteFaults } from "./store/journal";
import { ringWriteFaults } from "./store/ring";
import { relayFaulted } from "./breaker/relayguard";
import { adcOverloaded } from "./metrology/overload";

export const enum ErrorBit {
  JOURNAL_WRITE = 0x01, // a register journal write failed since boot
  RECORD_WRITE = 0x02, // a state, billing, configuration or event record write failed since boot
  BREAKER = 0x04, // the relay did not follow its drive
  ADC_OVERLOAD = 0x40, // the ADC clipped (input beyond full scale) since boot: those windows read low
}

export function errorRegister(): i32 {
  let bits = 0;
  if (journalWriteFaults > 0) bits |= ErrorBit.JOURNAL_WRITE;
  if (ringWriteFaults > 0) bits |= ErrorBit.RECORD_WRITE;
  if (relayFaulted()) bits |= ErrorBit.BREAKER;
  if (adcOverloaded()) bits |= ErrorBit.ADC_OVERLOAD;
  return bits;
}
