// Display lists, last event codes and the tamper latch as COSEM objects of the management association.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding, rowObis } from "./table";
import { servedClientSap } from "./association";
import { Err } from "../errors";
import { settingSetList } from "../settings";
import { displayListLength, displayListEntry, listCapacity } from "../display/lists";
import { eventLog, eventLogRead, EventCode, EVENT_BUFFER, EventLogId } from "../events/log";
import { tamperLatched } from "../events/tamper";
import { meterTamperClear } from "../events/tamperview";
import { rtcReadUtcS } from "../hal/rtc";

const LIST_BYTES: usize = memory.data(32);

// Display lists (class 1, 0.128.96.1.<list>.255: 0 automatic, 1 manual, 2 battery): an octet-string of
// reading ids (docs/LCD.md), checked whole by the display (legal readings stay in the manual list).
function listOf(binding: Binding): i32 {
  return <i32>binding - <i32>Binding.DISPLAY_LIST_FIRST;
}

export function displayListGet(binding: Binding, w: AxdrWriter): AccessResult {
  const list = listOf(binding);
  const n = displayListLength(list);
  for (let k = 0; k < n; k++) store<u8>(LIST_BYTES + <usize>k, <u8>displayListEntry(list, k));
  w.octets(Tag.OCTET_STRING, LIST_BYTES, n);
  return AccessResult.SUCCESS;
}

export function displayListPut(binding: Binding, r: AxdrReader): AccessResult {
  const list = listOf(binding);
  if (r.u8() != <i32>Tag.OCTET_STRING) return AccessResult.TYPE_UNMATCHED;
  const n = r.length_();
  const at = r.take(n);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (n > listCapacity(list)) return AccessResult.OTHER_REASON;
  memory.copy(LIST_BYTES, at, <usize>n);
  const status = settingSetList(list, LIST_BYTES, n);
  if (status == Err.NVM_FAULT) return AccessResult.HARDWARE_FAULT;
  if (status != Err.OK) return AccessResult.OTHER_REASON;
  eventLog(rtcReadUtcS(), EventCode.DISPLAY_LIST_CHANGED, servedClientSap(), list, <i64>n);
  return AccessResult.SUCCESS;
}

// Last event code of a log (class 1, 0.0.96.11.<log>.255, long-unsigned; 0 while the log is empty).
export function lastEventGet(row: i32, w: AxdrWriter): AccessResult {
  const log = rowObis(row, 4);
  if (log >= <i32>EventLogId.COUNT) return AccessResult.OBJECT_UNAVAILABLE;
  const code = eventLogRead(log, 0) == Err.OK ? <i32>load<u16>(EVENT_BUFFER, 20) : 0;
  w.tagged16(Tag.LONG_UNSIGNED, code);
  return AccessResult.SUCCESS;
}

// Tamper latch (class 3, 0.0.96.128.10.255): the latched bits (1 cover, 2 magnet), unitless; method 1 reset
// clears the latch, logged with the client.
export function tamperGet(attr: i32, w: AxdrWriter): AccessResult {
  if (attr == 2) {
    w.tagged8(Tag.UNSIGNED, tamperLatched());
  } else if (attr == 3) {
    w.container(Tag.STRUCTURE, 2);
    w.tagged8(Tag.INTEGER, 0);
    w.tagged8(Tag.ENUM, 255);
  } else {
    return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

export function tamperReset(method: i32): AccessResult {
  if (method != 1) return AccessResult.READ_WRITE_DENIED;
  const before = tamperLatched();
  meterTamperClear();
  const bits = before & ~tamperLatched(); // a tamper still present stays latched
  eventLog(rtcReadUtcS(), EventCode.TAMPER_CLEARED, servedClientSap(), bits, 0);
  return AccessResult.SUCCESS;
}
