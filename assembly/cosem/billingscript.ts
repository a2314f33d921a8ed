// Class 22 Single action schedule and class 9 Script table of the end of the billing period (Z6/Z7): when, and what runs then.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult } from "./table";
import { Err } from "../errors";
import { configGet, ConfigId } from "../config";
import { stopMonth } from "../registers/schedule";
import { meterBillingStop } from "../meter";

// The end of billing script table's one script: capture of the billing profile (an external debiting stop).
export const BILLING_SCRIPT_ID: i32 = 1;
const SCRIPT_TABLE_LN: StaticArray<u8> = [0, 0, 10, 0, 1, 255];
const BILLING_PROFILE_LN: StaticArray<u8> = [1, 0, 98, 1, 0, 255];
const SERVICE_EXECUTE: i32 = 2; // action_specification service_id: execute a method
const CAPTURE_METHOD: i32 = 2;

function putName(w: AxdrWriter, name: StaticArray<u8>): void {
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(6);
  for (let k = 0; k < 6; k++) w.u8(<i32>unchecked(name[k]));
}

// The months of a year with a stop under Z7 (0: none, the stop is external only).
function stopMonths(): i32 {
  const z7 = configGet(ConfigId.DEBITING_INTERVAL);
  let n = 0;
  for (let m = 1; m <= 12; m++) if (stopMonth(z7, m)) n++;
  return n;
}

// execution_time: 00:00:00 local on day Z6 of each stop month; the year and weekday not specified,
// the month too when every month has a stop.
function putExecutionTimes(w: AxdrWriter): void {
  const z6 = configGet(ConfigId.DEBITING_STOP_DAY);
  const z7 = configGet(ConfigId.DEBITING_INTERVAL);
  const n = stopMonths();
  const everyMonth = n == 12;
  w.container(Tag.ARRAY, everyMonth ? 1 : n);
  for (let m = 1; m <= 12; m++) {
    if (!stopMonth(z7, m)) continue;
    w.container(Tag.STRUCTURE, 2);
    w.u8(<i32>Tag.OCTET_STRING);
    w.u8(4);
    w.u32(0); // 00:00:00.00
    w.u8(<i32>Tag.OCTET_STRING);
    w.u8(5);
    w.u16(0xffff);
    w.u8(everyMonth ? 0xff : m);
    w.u8(z6);
    w.u8(0xff);
    if (everyMonth) return;
  }
}

export function actionScheduleGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2: {
      w.container(Tag.STRUCTURE, 2);
      putName(w, SCRIPT_TABLE_LN);
      w.tagged16(Tag.LONG_UNSIGNED, BILLING_SCRIPT_ID);
      break;
    }
    // type 1: one execution time, wildcards in the date; 2: several, all at the same time of day
    case 3: w.tagged8(Tag.ENUM, stopMonths() > 1 && stopMonths() < 12 ? 2 : 1); break;
    case 4: putExecutionTimes(w); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

export function scriptTableGet(attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  w.container(Tag.ARRAY, 1);
  w.container(Tag.STRUCTURE, 2);
  w.tagged16(Tag.LONG_UNSIGNED, BILLING_SCRIPT_ID);
  w.container(Tag.ARRAY, 1);
  w.container(Tag.STRUCTURE, 5);
  w.tagged8(Tag.ENUM, SERVICE_EXECUTE);
  w.tagged16(Tag.LONG_UNSIGNED, 7);
  putName(w, BILLING_PROFILE_LN);
  w.tagged8(Tag.INTEGER, CAPTURE_METHOD);
  w.tagged8(Tag.INTEGER, 0);
  return AccessResult.SUCCESS;
}

// execute (method 1) with the script identifier as long-unsigned: script 1 takes a debiting stop now.
export function scriptTableAction(method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (method != 1) return AccessResult.READ_WRITE_DENIED;
  if (!hasParams || params.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
  const id = params.u16();
  if (params.bad || params.remaining() != 0) return AccessResult.TYPE_UNMATCHED;
  if (id != BILLING_SCRIPT_ID) return AccessResult.OBJECT_UNAVAILABLE;
  return meterBillingStop() == Err.OK ? AccessResult.SUCCESS : AccessResult.TEMPORARY_FAILURE;
}

