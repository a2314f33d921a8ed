// Configuration as COSEM class 1 objects (0.128.96.0.<id>.255): read, validated, changed all-or-none and logged with the client.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding, rowObis } from "./table";
import { readingDataGet } from "./readings";
import { displayListGet, displayListPut, lastEventGet } from "./display";
import { servedClientSap } from "./association";
import { ConfigId, configGet } from "../config";
import { settingsManyStatus } from "../settings";
import { meterConfigSetMany } from "../meter";
import { Err } from "../errors";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

// Changes staged by one SET (normal: one, with-list: up to 16), applied together.
export const STAGE_MAX: i32 = 16;
const stagedIds = new StaticArray<i32>(STAGE_MAX);
const stagedValues = new StaticArray<i32>(STAGE_MAX);
const stagedOld = new StaticArray<i32>(STAGE_MAX);
let staged: i32 = 0;

// The configuration id a row names (value group E).
function idOf(row: i32): i32 {
  return rowObis(row, 4);
}

// Class 1 Data of this set: a configuration value as double-long-unsigned, or a reading (cosem/readings.ts).
export function cosem1DataGet(row: i32, binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  if (isDisplayList(binding)) return displayListGet(binding, w);
  if (binding == Binding.LAST_EVENT) return lastEventGet(row, w);
  if (binding != Binding.CONFIG) return readingDataGet(binding, attr, w);
  const v = configGet(idOf(row));
  if (v < 0 || idOf(row) >= <i32>ConfigId.COUNT) return AccessResult.OBJECT_UNAVAILABLE;
  w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, <u32>v);
  return AccessResult.SUCCESS;
}

// Any integer Data is taken (a client may write back the type it read, or a narrower one); -1 for
// another type or a value out of 0..2^31-1, which no setting takes.
function integerOf(r: AxdrReader): i64 {
  const tag = r.u8();
  let v: i64 = -1;
  switch (tag) {
    case Tag.UNSIGNED: case Tag.ENUM: v = <i64>r.u8(); break;
    case Tag.INTEGER: v = <i64>(<i8>r.u8()); break;
    case Tag.LONG_UNSIGNED: v = <i64>r.u16(); break;
    case Tag.LONG: v = <i64>(<i16>r.u16()); break;
    case Tag.DOUBLE_LONG_UNSIGNED: v = <i64>r.u32(); break;
    case Tag.DOUBLE_LONG: v = <i64>(<i32>r.u32()); break;
    default: return -2;
  }
  if (r.bad) return -2;
  return v < 0 || v > 0x7fffffff ? -1 : v;
}

export function configStageBegin(): void {
  staged = 0;
}

// Reads the value for a configuration row into the stage; TYPE_UNMATCHED for a non-integer, OTHER_REASON for
// a value no setting takes (the setting's own range is checked when the stage is applied).
export function configStage(row: i32, r: AxdrReader): AccessResult {
  const v = integerOf(r);
  if (v == -2) return AccessResult.TYPE_UNMATCHED;
  if (v < 0) return AccessResult.OTHER_REASON;
  if (staged >= STAGE_MAX) return AccessResult.OTHER_REASON;
  unchecked(stagedIds[staged] = idOf(row));
  unchecked(stagedValues[staged] = <i32>v);
  staged++;
  return AccessResult.SUCCESS;
}

// A setting that another object's attribute maps onto (the clock's time_zone onto Z11, its DST flag onto Z15).
export function configStageValue(id: i32, value: i32): AccessResult {
  if (staged >= STAGE_MAX || value < 0) return AccessResult.OTHER_REASON;
  unchecked(stagedIds[staged] = id);
  unchecked(stagedValues[staged] = value);
  staged++;
  return AccessResult.SUCCESS;
}

// The data-access-result of a refused change.
function resultOf(status: Err): AccessResult {
  if (status == Err.NVM_FAULT) return AccessResult.HARDWARE_FAULT;
  if (status == Err.BUSY || status == Err.NOT_READY) return AccessResult.TEMPORARY_FAILURE;
  return AccessResult.OTHER_REASON;
}

// Applies the stage as one change; -1 when every change applied (and each that changed a value is logged
// with the client that made it), else the refused index (staged count: the record could not be stored).
export let stageRefusal: AccessResult = AccessResult.SUCCESS;

export function configStageApply(): i32 {
  for (let k = 0; k < staged; k++) unchecked(stagedOld[k] = configGet(unchecked(stagedIds[k])));
  const failed = meterConfigSetMany(stagedIds, stagedValues, staged);
  if (failed >= 0) {
    stageRefusal = resultOf(settingsManyStatus());
    return failed;
  }
  stageRefusal = AccessResult.SUCCESS;
  const utcS = rtcReadUtcS();
  for (let k = 0; k < staged; k++) {
    const old = unchecked(stagedOld[k]);
    const now = configGet(unchecked(stagedIds[k]));
    if (old == now) continue;
    eventLog(utcS, EventCode.CONFIG_CHANGED, servedClientSap(), unchecked(stagedIds[k]), (<i64>old << 32) | <i64>(<u32>now));
  }
  return -1;
}

export function configStageCount(): i32 {
  return staged;
}

function isDisplayList(b: Binding): bool {
  return <i32>b >= <i32>Binding.DISPLAY_LIST_FIRST && <i32>b < <i32>Binding.DISPLAY_LIST_FIRST + 3;
}

// SET of a writable class 1 object of this set: a setting, or a display list.
export function cosem1DataSet(row: i32, binding: Binding, r: AxdrReader): AccessResult {
  if (binding == Binding.CONFIG) return configObjectSet(row, r);
  if (isDisplayList(binding)) return displayListPut(binding, r);
  return AccessResult.READ_WRITE_DENIED;
}

// SET normal of one configuration object: a stage of one.
export function configObjectSet(row: i32, r: AxdrReader): AccessResult {
  configStageBegin();
  const status = configStage(row, r);
  if (status != AccessResult.SUCCESS) return status;
  return configStageApply() < 0 ? AccessResult.SUCCESS : stageRefusal;
}
