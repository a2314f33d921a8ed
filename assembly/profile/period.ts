// Capture-period clock of the load profile and the analysis logger: boundaries, an entry's status bits, boot catch-up and clock changes.
import { isDstAt } from "../clock/timezone";
import { clockStatusAt, ClockStatus } from "../clock/quality";
import { errorRegister, errorRestored, ErrorBit } from "../diagnostics";

// Status byte of an entry (the AMR profile status of DLMS/IDIS load profiles); bits 4 and 6,
// reserved there, flag a period shorter or longer than the capture period.
export const enum LpStatus {
  CRITICAL_ERROR = 0x01,
  CLOCK_INVALID = 0x02,
  DATA_NOT_VALID = 0x04,
  DST = 0x08,
  SHORT_PERIOD = 0x10,
  CLOCK_ADJUSTED = 0x20,
  LONG_PERIOD = 0x40,
  POWER_DOWN = 0x80,
}

// Error register bits that make a period's entry critical (IDIS: "a hardware failure or a checksum error"). ADC
// clipping is left out: the input is beyond the front end's range, the meter is not at fault, and an overload
// lasting hours would flag every entry; the error register shows it.
const CRITICAL_BITS: i32 = ErrorBit.JOURNAL_WRITE | ErrorBit.RECORD_WRITE | ErrorBit.BREAKER | ErrorBit.STORED_DATA;

export function clockFlags(atS: i64): u8 {
  let flags: u8 = 0;
  if ((clockStatusAt(atS) & (<i32>ClockStatus.INVALID_VALUE | <i32>ClockStatus.DOUBTFUL_VALUE)) != 0) flags |= <u8>LpStatus.CLOCK_INVALID;
  if (isDstAt(atS)) flags |= <u8>LpStatus.DST;
  return flags;
}

// One capture-period clock per logger. The owner keeps its values and store: its subclass's `capture` writes
// an entry, and the owner passes the time of its newest entry (MIN_VALUE: none) where the clock needs it.
export class CapturePeriod {
  periodS: i32 = 900;
  started: bool;
  nextBoundaryS: i64;
  periodStartS: i64; // RTC time the running period began
  pending: u8; // flags gathered for the running period's entry
  private errorsSeen: i32; // critical error bits already flagged (or there before boot)

  capture(atS: i64, status: u8): void {}

  boundaryAfter(t: i64): i64 {
    const p = <i64>this.periodS;
    return (t >= 0 ? t / p : (t - p + 1) / p) * p + p;
  }

  statusFor(atS: i64): u8 {
    let status = this.pending;
    const covered = atS - this.periodStartS;
    if (covered < <i64>this.periodS) status |= <u8>LpStatus.SHORT_PERIOD;
    if (covered > <i64>this.periodS) status |= <u8>LpStatus.LONG_PERIOD;
    return status | clockFlags(atS);
  }

  // Boot, the owner's store loaded. A period whose boundary passed while the meter was off gets its entry
  // now, at that boundary, flagged power down; the periods wholly inside the outage get none; the running
  // one is flagged power down too. A clock behind the last entry (its battery failed, or it was set back
  // while off) goes on from the next boundary after now, flagged, rather than stop until it catches up.
  boot(nowS: i64, powerOn: bool, lastS: i64): void {
    this.started = true;
    // Bits latched before the cut were flagged then; damage found by this boot flags the running period.
    this.errorsSeen = errorRestored();
    this.pending = powerOn ? <u8>LpStatus.POWER_DOWN : 0;
    this.periodStartS = nowS;
    if (lastS == i64.MIN_VALUE) {
      this.pending = 0; // a new logger: its first entry covers from now to the boundary
    } else if (lastS > nowS) {
      this.pending |= <u8>LpStatus.CLOCK_ADJUSTED;
    } else {
      const missed = this.boundaryAfter(lastS);
      if (missed <= nowS) this.capture(missed, <u8>LpStatus.POWER_DOWN | clockFlags(missed));
      else this.periodStartS = lastS; // power came back inside the period of the last entry
    }
    this.nextBoundaryS = this.boundaryAfter(nowS);
  }

  // Every window: a critical error seen, and the entry of a boundary that has passed.
  window(nowS: i64): void {
    if (!this.started) return;
    const errors = errorRegister() & CRITICAL_BITS;
    if ((errors & ~this.errorsSeen) != 0) this.pending |= <u8>LpStatus.CRITICAL_ERROR;
    this.errorsSeen = errors;
    if (nowS < this.nextBoundaryS) return;
    const atS = this.nextBoundaryS;
    this.capture(atS, this.statusFor(atS));
    this.periodStartS = atS;
    this.pending = 0;
    this.nextBoundaryS = this.boundaryAfter(nowS);
  }

  // The running period ends now, early (a setting changed, the clock set): its entry unless one is already there.
  close(nowS: i64, lastS: i64): void {
    if (nowS > lastS) this.capture(nowS, this.statusFor(nowS) | <u8>LpStatus.SHORT_PERIOD);
  }

  // A new period from now (after close, or a new logger).
  restart(nowS: i64): void {
    this.pending = 0;
    this.periodStartS = nowS;
    this.nextBoundaryS = this.boundaryAfter(nowS);
  }

  // The clock was written (`set`: a time change, else a small adjustment). A set closes the running
  // period with an entry at the old time; an adjustment only flags the period, and one set back
  // lengthens it rather than repeat a boundary.
  clockChanged(oldS: i64, newS: i64, set: bool, lastS: i64): void {
    if (!this.started) return;
    if (set) {
      this.close(oldS, lastS);
      this.restart(newS);
      this.pending = <u8>LpStatus.CLOCK_ADJUSTED;
      return;
    }
    this.pending |= <u8>LpStatus.CLOCK_ADJUSTED;
    if (newS < oldS) {
      this.pending |= <u8>LpStatus.LONG_PERIOD;
      this.nextBoundaryS = this.boundaryAfter(max(lastS, newS));
    } else {
      this.pending |= <u8>LpStatus.SHORT_PERIOD;
    }
  }
}
