// The legal calibration record in NVM: two A/B slots so a power cut during an update never loses it.
import { Err } from "../errors";
import { crc32 } from "../util/crc32";
import { nvmRead, nvmProgram, nvmErase, nvmSectorSizeBytes } from "../hal/nvm";
import {
  applyCalibration, gainPlausible, phasePlausible, delayPlausible, vGainV, iGainA, phaseRad, delayUs,
  DEFAULT_V_GAIN_V, DEFAULT_I_GAIN_A,
} from "./calibration";

// Layout (little-endian), pinned by tests/calrecord.test.ts and docs/NVM.md:
//   0 u32 magic "WMCA"   4 u16 version   6 u16 length   8 u32 sequence   12 u32 reserved 0
//  16 f64 vGainV        24 f64 iGainA   32 f64 phaseRad
// version 2 (52 bytes): 40 f64 delayUs, 48 u32 CRC-32 of bytes 0..47
// version 1 (44 bytes, still read, delay 0): 40 u32 CRC-32 of bytes 0..39
export const CAL_MAGIC: u32 = 0x41434d57;
export const CAL_VERSION: u16 = 2;
export const CAL_LENGTH: i32 = 52;
const CAL_V1_LENGTH: i32 = 44;
export const CAL_SLOT_SECTORS: i32 = 2; // sectors 0 and 1

const RECORD: usize = memory.data(CAL_LENGTH);
let sequence: u32 = 0;
let newestSlot: i32 = -1;
// CRC-32 of the record in force, shown as the calibration's legal checksum; 0 when uncalibrated.
let recordCrc: u32 = 0;

// Length of the valid record in RECORD, or 0.
function slotValid(): i32 {
  if (load<u32>(RECORD) != CAL_MAGIC) return 0;
  const version = load<u16>(RECORD, 4);
  const length = <i32>load<u16>(RECORD, 6);
  if (!((version == 2 && length == CAL_LENGTH) || (version == 1 && length == CAL_V1_LENGTH))) return 0;
  if (crc32(RECORD, length - 4) != load<u32>(<usize>(length - 4), RECORD)) return 0;
  if (version == 2 && !delayPlausible(load<f64>(RECORD, 40))) return 0;
  if (!(gainPlausible(load<f64>(RECORD, 16), DEFAULT_V_GAIN_V) &&
    gainPlausible(load<f64>(RECORD, 24), DEFAULT_I_GAIN_A) &&
    phasePlausible(load<f64>(RECORD, 32)))) return 0;
  return length;
}

// Loads the newest valid slot; with none, the defaults stay and the meter reports it uncalibrated.
export function calibrationLoad(): bool {
  const sector = nvmSectorSizeBytes();
  let bestSeq: u32 = 0;
  newestSlot = -1;
  for (let slot = 0; slot < CAL_SLOT_SECTORS; slot++) {
    if (nvmRead(slot * sector, RECORD, CAL_LENGTH) != Err.OK) continue;
    if (slotValid() == 0) continue;
    const seq = load<u32>(RECORD, 8);
    if (newestSlot < 0 || seq > bestSeq) {
      bestSeq = seq;
      newestSlot = slot;
    }
  }
  if (newestSlot < 0) return false;
  nvmRead(newestSlot * sector, RECORD, CAL_LENGTH);
  const length = slotValid();
  sequence = bestSeq;
  recordCrc = load<u32>(<usize>(length - 4), RECORD);
  const delay = length == CAL_LENGTH ? load<f64>(RECORD, 40) : 0.0;
  applyCalibration(load<f64>(RECORD, 16), load<f64>(RECORD, 24), load<f64>(RECORD, 32), delay);
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
  store<f64>(RECORD, delayUs, 40);
  const crc = crc32(RECORD, CAL_LENGTH - 4);
  store<u32>(RECORD, crc, CAL_LENGTH - 4);
  if (nvmErase(slot) != Err.OK) return Err.NVM_FAULT;
  if (nvmProgram(slot * sector, RECORD, CAL_LENGTH) != Err.OK) return Err.NVM_FAULT;
  if (nvmRead(slot * sector, RECORD, CAL_LENGTH) != Err.OK || slotValid() != CAL_LENGTH) return Err.NVM_FAULT;
  sequence++;
  newestSlot = slot;
  recordCrc = crc;
  return Err.OK;
}

export function calibrationCrc(): u32 {
  return recordCrc;
}

// Constant ids of cal_set / cal_get (docs/HAL.md); 0 reads the record's CRC-32.
export const enum CalId {
  RECORD_CRC = 0,
  V_GAIN = 1,
  I_GAIN = 2,
  PHASE_RAD = 3,
  DELAY_US = 4,
}

// Changes one constant if plausible and persists it; a failed write leaves the old constants in force.
export function calibrationSet(id: i32, value: f64): Err {
  let vGain = vGainV;
  let iGain = iGainA;
  let phase = phaseRad;
  let delay = delayUs;
  switch (id) {
    case CalId.V_GAIN:
      if (!gainPlausible(value, DEFAULT_V_GAIN_V)) return Err.OUT_OF_RANGE;
      vGain = value;
      break;
    case CalId.I_GAIN:
      if (!gainPlausible(value, DEFAULT_I_GAIN_A)) return Err.OUT_OF_RANGE;
      iGain = value;
      break;
    case CalId.PHASE_RAD:
      if (!phasePlausible(value)) return Err.OUT_OF_RANGE;
      phase = value;
      break;
    case CalId.DELAY_US:
      if (!delayPlausible(value)) return Err.OUT_OF_RANGE;
      delay = value;
      break;
    default:
      return Err.INVALID_ARGUMENT;
  }
  const old0 = vGainV;
  const old1 = iGainA;
  const old2 = phaseRad;
  const old3 = delayUs;
  applyCalibration(vGain, iGain, phase, delay);
  const status = calibrationSave();
  if (status != Err.OK) applyCalibration(old0, old1, old2, old3);
  return status;
}

// The constant in force; NaN for an unknown id.
export function calibrationGet(id: i32): f64 {
  switch (id) {
    case CalId.RECORD_CRC: return <f64>recordCrc;
    case CalId.V_GAIN: return vGainV;
    case CalId.I_GAIN: return iGainA;
    case CalId.PHASE_RAD: return phaseRad;
    case CalId.DELAY_US: return delayUs;
    default: return NaN;
  }
}
