// The legal calibration record in NVM: two A/B slots so a power cut during an update never loses it.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes } from "../hal/nvm";
import {
  applyCalibration, gainPlausible, phasePlausible, vGainV, iGainA, phaseRad,
  DEFAULT_V_GAIN_V, DEFAULT_I_GAIN_A,
} from "./calibration";

// Layout (little-endian), pinned by tests/calrecord.test.ts and docs/NVM.md:
//   0 u32 magic "WMCA"   4 u16 version   6 u16 length (44)   8 u32 sequence   12 u32 reserved 0
//  16 f64 vGainV        24 f64 iGainA   32 f64 phaseRad     40 u32 CRC-32 of bytes 0..39
export const CAL_MAGIC: u32 = 0x41434d57;
export const CAL_VERSION: u16 = 1;
export const CAL_LENGTH: i32 = 44;
export const CAL_SLOT_SECTORS: i32 = 2; // sectors 0 and 1

const RECORD: usize = memory.data(CAL_LENGTH);
let sequence: u32 = 0;
let newestSlot: i32 = -1;

function slotValid(): bool {
  if (load<u32>(RECORD) != CAL_MAGIC) return false;
  if (load<u16>(RECORD, 4) != CAL_VERSION) return false;
  if (<i32>load<u16>(RECORD, 6) != CAL_LENGTH) return false;
  if (crc32(RECORD, CAL_LENGTH - 4) != load<u32>(RECORD, 40)) return false;
  return gainPlausible(load<f64>(RECORD, 16), DEFAULT_V_GAIN_V) &&
    gainPlausible(load<f64>(RECORD, 24), DEFAULT_I_GAIN_A) &&
    phasePlausible(load<f64>(RECORD, 32));
}

// Loads the newest valid slot; with none, the defaults stay and the meter reports it uncalibrated.
export function calibrationLoad(): bool {
  const sector = nvmSectorSizeBytes();
  let bestSeq: u32 = 0;
  newestSlot = -1;
  for (let slot = 0; slot < CAL_SLOT_SECTORS; slot++) {
    if (nvmRead(slot * sector, RECORD, CAL_LENGTH) != Err.OK) continue;
    if (!slotValid()) continue;
    const seq = load<u32>(RECORD, 8);
    if (newestSlot < 0 || seq > bestSeq) {
      bestSeq = seq;
      newestSlot = slot;
    }
  }
  if (newestSlot < 0) return false;
  nvmRead(newestSlot * sector, RECORD, CAL_LENGTH);
  sequence = bestSeq;
  applyCalibration(load<f64>(RECORD, 16), load<f64>(RECORD, 24), load<f64>(RECORD, 32));
  return true;
}

// Writes the constants in force into the older slot and verifies it by reading back.
export function calibrationSave(): Err {
  const sector = nvmSectorSizeBytes();
  const slot = newestSlot == 0 ? 1 : 0;
  store<u32>(RECORD, CAL_MAGIC);
  store<u16>(RECORD, CAL_VERSION, 4);
  store<u16>(RECORD, <u16>CAL_LENGTH, 6);
  store<u32>(RECORD, sequence + 1, 8);
  store<u32>(RECORD, 0, 12);
  store<f64>(RECORD, vGainV, 16);
  store<f64>(RECORD, iGainA, 24);
  store<f64>(RECORD, phaseRad, 32);
  store<u32>(RECORD, crc32(RECORD, CAL_LENGTH - 4), 40);
  if (nvmErase(slot) != Err.OK) return Err.NVM_FAULT;
  if (nvmProgram(slot * sector, RECORD, CAL_LENGTH) != Err.OK) return Err.NVM_FAULT;
  if (nvmRead(slot * sector, RECORD, CAL_LENGTH) != Err.OK || !slotValid()) return Err.NVM_FAULT;
  sequence++;
  newestSlot = slot;
  return Err.OK;
}
