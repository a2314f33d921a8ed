// Energy registers to and from the store: restored at boot from the newest record that proves them, committed to the journal after each window.
import {
  journalLoad, journalFormat, journalCommit, journalRaise, journalSettle, persistedWh, journalCorrupt, journalTorn, JournalFound,
} from "../store/journal";
import { SNAPSHOT_REGISTERS } from "../store/layout";
import { Register, registerWh, registerRestore, UWH_PER_WH } from "../metrology/energy";
import { stateRegisters } from "../state";
import { billingNewestRegisters } from "./billing";
import { eventLog, EventCode } from "../events/log";
import { errorLatch, ErrorBit } from "../diagnostics";

// The registers in whole units, as handed to the journal after each window.
const REGISTERS_WH: usize = memory.data(8 * SNAPSHOT_REGISTERS);

// What a damaged-data event names (its cause).
export const enum StoredData {
  JOURNAL = 1, // a: damaged journal records
  RECORDS = 2, // a: damaged state, billing, configuration, calendar, event or breaker records
}

let proofSources = 0;
let proofRaised = 0;

function raiseFrom(registersAt: usize, source: i32): void {
  if (registersAt == 0) return;
  proofSources |= source;
  proofRaised += journalRaise(registersAt);
}

// Registers come back in whole units as the newest values any intact record proves: the journal,
// then the state record and the newest billing and logger 2 records, whichever is higher. What was
// below the last whole Wh is the one unpersisted step a power cut may cost. True when the journal was
// damaged or lost energy another record proved (the load profile's next entry is then not valid).
export function restoreRegisters(utcS: i64): bool {
  const found = journalLoad();
  let damaged = false;
  const aPlusWas = persistedWh(<i32>Register.A_PLUS);
  proofSources = 0;
  proofRaised = 0;
  raiseFrom(stateRegisters(), 1);
  raiseFrom(billingNewestRegisters(0), 2); // each read reuses the billing buffer: raise before the next
  raiseFrom(billingNewestRegisters(1), 4);
  const sources = proofSources;
  const raised = proofRaised;
  if (found == JournalFound.NEW && sources == 0) {
    journalFormat(); // a new meter
  } else {
    damaged = found == JournalFound.DAMAGED || found == JournalFound.NEW || raised > 0;
    if (damaged) {
      errorLatch(ErrorBit.STORED_DATA);
      eventLog(utcS, EventCode.STORED_DATA_DAMAGED, <i32>StoredData.JOURNAL, found == JournalFound.NEW ? -1 : journalCorrupt, 0);
    }
    if (raised > 0) {
      eventLog(utcS, EventCode.REGISTERS_RECOVERED, sources, raised, <i64>(persistedWh(<i32>Register.A_PLUS) - aPlusWas));
    }
    if (journalTorn > 0) eventLog(utcS, EventCode.RECORD_TORN, <i32>StoredData.JOURNAL, journalTorn, 0);
    journalSettle();
  }
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) registerRestore(<Register>r, <i64>persistedWh(r) * UWH_PER_WH);
  return damaged;
}

export function persistRegisters(): void {
  for (let r = 0; r < SNAPSHOT_REGISTERS; r++) store<i64>(REGISTERS_WH + (<usize>r << 3), registerWh(r));
  // A failed write is retried at the next window; the registers in RAM stay right meanwhile.
  journalCommit(REGISTERS_WH);
}
