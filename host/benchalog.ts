// Analysis logger depth (issue 14, Z10): bytes an entry takes in the flash the real firmware wrote, and the days its ring holds, per set-up.
import { ConfigId, Err } from "./abi.js";
import { Simulator } from "./sim.js";

const START_UTC_S = 1777852800n; // 2026-05-04 00:00 UTC
const ALOG_FIRST_SECTOR = 219; // docs/NVM.md
const ALOG_SECTORS = 16;
const SECTOR_BYTES = 4096;
const MAGICS = [0x30414d57, 0x31414d57, 0x32414d57, 0x33414d57]; // "WMA0".."WMA3"
const NAMES = ["000 U, I, P+, P-, Q+, Q-, PF, THD U/I, f", "001 U, I, THD U/I", "002 A+, A-, R+, R-",
  "003 full: 4 energies, 10 instantaneous, 4 PQ aggregates, 6 counters (24 values)"];

export interface AlogDepthRow {
  z10: number;
  name: string;
  recordBytes: number; // one entry's record as read back from the flash
  periodS: number; // the set-up's period, from the record
  entries: number; // records the ring always keeps: 15 sectors of floor(4096 / recordBytes)
  days: number;
}

// Runs the firmware with each Z10 set-up for a few periods and reads the logger's first sector back.
export function benchAlog(): AlogDepthRow[] {
  const rows: AlogDepthRow[] = [];
  for (let z10 = 0; z10 < MAGICS.length; z10++) {
    const sim = new Simulator({ startUtcS: START_UTC_S, waveform: { vrms: 230, irms: 10, phaseDeg: 30 } });
    sim.boot();
    if (z10 !== 0 && sim.meter.configSet(ConfigId.ANALYSIS_LOGGER, z10) !== Err.OK) throw new Error(`Z10 ${z10} refused`);
    for (let k = 0; k < 3; k++) {
      sim.rtc.skipAhead(899);
      sim.run(1);
    }
    const data = sim.nvm.data;
    const base = ALOG_FIRST_SECTOR * SECTOR_BYTES;
    const view = new DataView(data.buffer, data.byteOffset + base, SECTOR_BYTES);
    if (view.getUint32(0, true) !== MAGICS[z10]) throw new Error(`Z10 ${z10}: no analysis logger record in sector ${ALOG_FIRST_SECTOR}`);
    const recordBytes = view.getUint16(6, true);
    const periodS = view.getUint16(22, true) * 60;
    const entries = (ALOG_SECTORS - 1) * Math.floor(SECTOR_BYTES / recordBytes);
    rows.push({ z10, name: NAMES[z10], recordBytes, periodS, entries, days: (entries * periodS) / 86400 });
  }
  return rows;
}

export function formatAlog(r: AlogDepthRow): string {
  return `Z10 ${r.name}: ${r.recordBytes} bytes an entry, every ${r.periodS / 60} min: ${r.entries} entries, ${r.days.toFixed(1)} days`;
}
