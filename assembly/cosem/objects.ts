// COSEM services on the object table: finds the object, checks the served association's rights, calls its class.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import {
  AccessResult, CosemClass, AccessMode, Binding, objectFind, visible, attributeAccess, attributeCount, methodCount,
  methodAllowed, rowClass, rowBinding, rowObis,
} from "./table";
import { associationGet, associationSet, servedLevel } from "./association";
import { clockGet, clockSet } from "./clock";
import { dataGet } from "./data";
import { registerGet } from "./register";
import { sapAssignmentGet } from "./sapassign";
import { securityGet, securityAction, invocationCounterGet } from "./security";
import { readingRegisterGet, isCosem1 } from "./readings";
import { demandGet } from "./demand";
import { clockAction } from "./clockops";
import { calendarGet, calendarSet, calendarAction, specialDaysGet, specialDaysAction } from "./calendar";
import { cosem1DataGet, cosem1DataSet } from "./settings";
import { tamperReset } from "./display";
import { profileGet, profileAction, profileSelect } from "./profile";
import { alogProfileSet } from "./alog";
import { actionScheduleGet, scriptTableGet, scriptTableAction } from "./billingscript";
import { disconnectGet, disconnectSet, disconnectAction } from "./disconnect";
import { limiterGet, limiterSet } from "./limiter";
import { imageTransferGet, imageTransferAction } from "./imagetransfer";
import { accountGet, accountAction, creditGet, creditSet, creditAction, chargeGet, friendlyGet, friendlySet } from "./prepayment";
import { hdlcSetupGet, localPortSetupGet } from "./portsetup";
import { alarmDataGet, alarmDataSet, pushSetupGet, pushSetupSet, pushSetupAction } from "./push";
import { isPqObject, pqObjectGet } from "./pq";

// Row of a visible object, or -AccessResult: an object outside the association's list does not exist for it.
function reach(classId: i32, ln: usize): i32 {
  const row = objectFind(classId, ln);
  if (row == -1) return -(<i32>AccessResult.OBJECT_UNDEFINED);
  if (row < -1) {
    return visible(-2 - row, servedLevel()) ? -(<i32>AccessResult.OBJECT_CLASS_INCONSISTENT) : -(<i32>AccessResult.OBJECT_UNDEFINED);
  }
  if (!visible(row, servedLevel())) return -(<i32>AccessResult.OBJECT_UNDEFINED);
  return row;
}

// Row of an attribute the served association may read, or -AccessResult.
function readable(classId: i32, ln: usize, attr: i32): i32 {
  const row = reach(classId, ln);
  if (row < 0) return row;
  if (attr < 1 || attr > attributeCount(classId)) return -(<i32>AccessResult.OBJECT_UNDEFINED);
  if ((<i32>attributeAccess(row, servedLevel(), attr) & <i32>AccessMode.READ) == 0) return -(<i32>AccessResult.READ_WRITE_DENIED);
  return row;
}

// Whether a GET of the attribute succeeds, without encoding it (a result list needs the choice first).
export function cosemCheck(classId: i32, ln: usize, attr: i32): AccessResult {
  const row = readable(classId, ln, attr);
  return row < 0 ? <AccessResult>(-row) : AccessResult.SUCCESS;
}

// Writes the attribute's Data into `w` (a window of it for block transfer); nothing when refused.
export function cosemGet(classId: i32, ln: usize, attr: i32, w: AxdrWriter): AccessResult {
  const row = readable(classId, ln, attr);
  if (row < 0) return <AccessResult>(-row);
  return cosemEncode(row, attr, w);
}

// The attribute's Data without an association's access check: for the meter's own pushes (cosem/push.ts).
export function cosemEncode(row: i32, attr: i32, w: AxdrWriter): AccessResult {
  if (attr == 1) {
    w.u8(<i32>Tag.OCTET_STRING);
    w.u8(6);
    for (let k = 0; k < 6; k++) w.u8(rowObis(row, k));
    return AccessResult.SUCCESS;
  }
  const binding = rowBinding(row);
  if (binding == Binding.FRIENDLY_HOURS) return friendlyGet(attr, w);
  if (isPqObject(binding)) return pqObjectGet(binding, attr, w);
  switch (rowClass(row)) {
    case CosemClass.DATA:
      if (binding >= Binding.ALARM_REGISTER && binding <= Binding.ALARM_DESCRIPTOR) return alarmDataGet(binding, attr, w);
      if (binding == Binding.INVOCATION_COUNTER) return invocationCounterGet(binding, attr, w);
      return isCosem1(binding) ? cosem1DataGet(row, binding, attr, w) : dataGet(binding, attr, w);
    case CosemClass.REGISTER: return isCosem1(binding) ? readingRegisterGet(binding, attr, w) : registerGet(binding, attr, w);
    case CosemClass.EXTENDED_REGISTER: return demandGet(binding, attr, w);
    case CosemClass.ACTIVITY_CALENDAR: return calendarGet(attr, w);
    case CosemClass.SPECIAL_DAYS_TABLE: return specialDaysGet(attr, w);
    case CosemClass.CLOCK: return clockGet(attr, w);
    case CosemClass.ASSOCIATION_LN: return associationGet(attr, w);
    case CosemClass.SAP_ASSIGNMENT: return sapAssignmentGet(attr, w);
    case CosemClass.DISCONNECT_CONTROL: return disconnectGet(attr, w);
    case CosemClass.SECURITY_SETUP: return securityGet(attr, w);
    case CosemClass.PROFILE_GENERIC: return profileGet(binding, attr, w);
    case CosemClass.SINGLE_ACTION_SCHEDULE: return actionScheduleGet(attr, w);
    case CosemClass.SCRIPT_TABLE: return scriptTableGet(attr, w);
    case CosemClass.LIMITER: return limiterGet(attr, w);
    case CosemClass.IMAGE_TRANSFER: return imageTransferGet(attr, w);
    case CosemClass.ACCOUNT: return accountGet(attr, w);
    case CosemClass.CREDIT: return creditGet(binding, attr, w);
    case CosemClass.CHARGE: return chargeGet(attr, w);
    case CosemClass.IEC_HDLC_SETUP: return hdlcSetupGet(binding, attr, w);
    case CosemClass.IEC_LOCAL_PORT_SETUP: return localPortSetupGet(attr, w);
    case CosemClass.PUSH_SETUP: return pushSetupGet(binding, attr, w);
  }
  return AccessResult.OBJECT_UNAVAILABLE;
}

// Applies a Data read from `r`; a value is validated whole before anything changes.
// Row of an attribute the served association may write, or -AccessResult.
export function cosemWritable(classId: i32, ln: usize, attr: i32): i32 {
  const row = reach(classId, ln);
  if (row < 0) return row;
  if (attr < 1 || attr > attributeCount(classId)) return -(<i32>AccessResult.OBJECT_UNDEFINED);
  if ((<i32>attributeAccess(row, servedLevel(), attr) & <i32>AccessMode.WRITE) == 0) return -(<i32>AccessResult.READ_WRITE_DENIED);
  return row;
}

export function cosemSet(classId: i32, ln: usize, attr: i32, r: AxdrReader): AccessResult {
  const row = cosemWritable(classId, ln, attr);
  if (row < 0) return <AccessResult>(-row);
  if (rowBinding(row) >= Binding.ALARM_REGISTER && rowBinding(row) <= Binding.ALARM_DESCRIPTOR) return alarmDataSet(rowBinding(row), r);
  if (rowClass(row) == CosemClass.PUSH_SETUP) return pushSetupSet(rowBinding(row), attr, r);
  if (rowClass(row) == CosemClass.DATA && isCosem1(rowBinding(row))) return cosem1DataSet(row, rowBinding(row), r);
  if (rowClass(row) == CosemClass.ACTIVITY_CALENDAR) return calendarSet(attr, r);
  if (rowClass(row) == CosemClass.CLOCK) return clockSet(attr, r);
  if (rowClass(row) == CosemClass.ASSOCIATION_LN) return associationSet(attr, r);
  if (rowClass(row) == CosemClass.DISCONNECT_CONTROL) return disconnectSet(attr, r);
  if (rowClass(row) == CosemClass.LIMITER) return limiterSet(attr, r);
  if (rowClass(row) == CosemClass.CREDIT) return creditSet(rowBinding(row), attr, r);
  if (rowBinding(row) == Binding.FRIENDLY_HOURS) return friendlySet(attr, r);
  if (rowBinding(row) == Binding.ANALYSIS_LOGGER) return alogProfileSet(attr, r);
  return AccessResult.READ_WRITE_DENIED;
}

// ACTION: `params` is positioned at the method's parameter Data (hasParams false: none was sent); a method
// with return parameters writes one Data into `ret` (nothing written: no return parameters). The parameters
// are validated whole before anything changes.
export function cosemAction(
  classId: i32, ln: usize, method: i32, params: AxdrReader, hasParams: bool, ret: AxdrWriter,
): AccessResult {
  const row = reach(classId, ln);
  if (row < 0) return <AccessResult>(-row);
  if (method < 1 || method > methodCount(classId)) return AccessResult.OBJECT_UNDEFINED;
  if (!methodAllowed(row, servedLevel(), method)) return AccessResult.READ_WRITE_DENIED;
  // Class files add their method dispatch here, by class, as the object model grows.
  if (rowClass(row) == CosemClass.DISCONNECT_CONTROL) return disconnectAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.SECURITY_SETUP) return securityAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.ACTIVITY_CALENDAR) return calendarAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.CLOCK) return clockAction(method, params, hasParams);
  if (rowBinding(row) == Binding.TAMPER) return tamperReset(method);
  if (rowClass(row) == CosemClass.SPECIAL_DAYS_TABLE) return specialDaysAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.PROFILE_GENERIC) return profileAction(rowBinding(row), method, hasParams);
  if (rowClass(row) == CosemClass.SCRIPT_TABLE) return scriptTableAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.IMAGE_TRANSFER) return imageTransferAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.ACCOUNT) return accountAction(method, params, hasParams);
  if (rowClass(row) == CosemClass.CREDIT) return creditAction(rowBinding(row), method, params, hasParams);
  if (rowClass(row) == CosemClass.PUSH_SETUP) return pushSetupAction(rowBinding(row), method, params, hasParams);
  return AccessResult.OBJECT_UNAVAILABLE;
}

// Selective access (selector `sel`, `r` at its parameters) of a GET the association may make: parsed and
// kept for context `ctx`; SCOPE_OF_ACCESS_VIOLATED where the attribute offers none.
export function cosemSelect(ctx: i32, classId: i32, ln: usize, attr: i32, sel: i32, r: AxdrReader): AccessResult {
  const row = readable(classId, ln, attr);
  if (row < 0) return <AccessResult>(-row);
  if (rowClass(row) == CosemClass.PROFILE_GENERIC) return profileSelect(ctx, rowBinding(row), attr, sel, r);
  return AccessResult.SCOPE_OF_ACCESS_VIOLATED;
}
