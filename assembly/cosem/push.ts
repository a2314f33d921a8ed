// Alarm register, filter, descriptor (class 1) and the two push setups (class 40 v0): their attributes and the push body.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { AccessResult, Binding, objectFind } from "./table";
import { cosemEncode } from "./objects";
import { clockGet } from "./clock";
import { servedClientSap } from "./association";
import {
  alarmRegister, alarmDescriptor, alarmFilter, alarmFilterSet, alarmRegisterClear, alarmDescriptorClear, ALARM_BITS_DEFINED,
} from "../alarms/alarm";
import {
  PushId, pushConfigure, pushDestination, pushDestinationLength, pushRandomisationS, pushRetries, pushRepetitionDelayS,
  pushTrigger, PUSH_DESTINATION_MAX, PUSH_WINDOWS_MAX, PUSH_RANDOMISATION_MAX_S, PUSH_RETRIES_MAX, PUSH_DELAY_MAX_S,
  pushWindowCount, pushWindow, pushSetWindows, pushSettingsMarkChanged, pushRoute, ROUTE_CONSUMER,
} from "../alarms/push";
import { eventLog, EventCode } from "../events/log";
import { rtcReadUtcS } from "../hal/rtc";

// Push object lists, fixed (the order decides them): class (u16), logical name, attribute, data index 0.
// The first entry is the push setup's own object list, the IDIS/Gurux way for a listener to name the values.
const ENTRY_BYTES: i32 = 9;
const ALARM_LIST: StaticArray<u8> = [
  0, 40, 0, 0, 25, 9, 0, 255, 2,
  0, 1, 0, 0, 96, 1, 0, 255, 2, // meter number
  0, 8, 0, 0, 1, 0, 0, 255, 2, // clock
  0, 1, 0, 0, 97, 98, 0, 255, 2, // alarm register
];
const PERIODIC_LIST: StaticArray<u8> = [
  0, 40, 0, 1, 25, 9, 0, 255, 2,
  0, 1, 0, 0, 96, 1, 0, 255, 2, // meter number
  0, 8, 0, 0, 1, 0, 0, 255, 2, // clock
  0, 3, 1, 0, 32, 7, 0, 255, 2, // U
  0, 3, 1, 0, 31, 7, 0, 255, 2, // I
  0, 3, 1, 0, 1, 7, 0, 255, 2, // P+
  0, 3, 1, 0, 1, 8, 0, 255, 2, // A+
  0, 3, 1, 0, 2, 8, 0, 255, 2, // A-
];

// The lists' rows in the object table, alarm list's first: the table is constant, so they are looked up
// once, not at every consumer push (every 10 s, a search of the whole table per value).
const ALARM_ENTRIES: i32 = 4;
const LIST_ROWS = new StaticArray<i32>(ALARM_ENTRIES + 8);
let listRowsFound = false;

function findListRows(): void {
  for (let id = 0; id < <i32>PushId.COUNT; id++) {
    const list = listOf(id);
    const first = id == <i32>PushId.ALARM ? 0 : ALARM_ENTRIES;
    for (let k = 0; k < list.length / ENTRY_BYTES; k++) {
      const e = k * ENTRY_BYTES;
      const classId = (<i32>list[e] << 8) | <i32>list[e + 1];
      LIST_ROWS[first + k] = objectFind(classId, changetype<usize>(list) + <usize>(e + 2));
    }
  }
  listRowsFound = true;
}

function listOf(id: i32): StaticArray<u8> {
  return id == <i32>PushId.ALARM ? ALARM_LIST : PERIODIC_LIST;
}

function pushIdOf(binding: Binding): i32 {
  return binding == Binding.PUSH_ALARM ? <i32>PushId.ALARM : <i32>PushId.PERIODIC;
}

function putObjectList(id: i32, w: AxdrWriter): void {
  const list = listOf(id);
  const n = list.length / ENTRY_BYTES;
  w.container(Tag.ARRAY, n);
  for (let k = 0; k < n; k++) {
    const at = k * ENTRY_BYTES;
    w.container(Tag.STRUCTURE, 4);
    w.tagged16(Tag.LONG_UNSIGNED, (<i32>unchecked(list[at]) << 8) | <i32>unchecked(list[at + 1]));
    w.octets(Tag.OCTET_STRING, changetype<usize>(list) + <usize>(at + 2), 6);
    w.tagged8(Tag.INTEGER, <i32>unchecked(list[at + 8]));
    w.tagged16(Tag.LONG_UNSIGNED, 0);
  }
}

// The data-notification after its invoke id: date-time (octet-string of 12, no Data tag), then a structure of
// the push object list's values. False when the buffer was too small (cannot happen with these lists).
export function pushListEncode(id: i32, w: AxdrWriter): bool {
  const at = w.pos;
  if (clockGet(2, w) != AccessResult.SUCCESS) {
    w.u8(0); // no date-time: an RTC out of range still pushes its alarm
  } else {
    // clockGet wrote the Data tag (09) before the length: the APDU field is a bare octet-string.
    memory.copy(w.base + <usize>at, w.base + <usize>(at + 1), w.pos - at - 1);
    w.pos--;
  }
  const list = listOf(id);
  const n = list.length / ENTRY_BYTES;
  if (!listRowsFound) findListRows();
  const first = id == <i32>PushId.ALARM ? 0 : ALARM_ENTRIES;
  w.container(Tag.STRUCTURE, n);
  for (let k = 0; k < n; k++) {
    const e = k * ENTRY_BYTES;
    const row = unchecked(LIST_ROWS[first + k]);
    // An object the order left out (an energy type X9 does not measure) is pushed as null-data.
    if (row < 0 || cosemEncode(row, <i32>unchecked(list[e + 8]), w) != AccessResult.SUCCESS) w.u8(<i32>Tag.NULL);
  }
  return !w.overflow;
}

export function alarmDataGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  if (attr != 2) return AccessResult.READ_WRITE_DENIED;
  const v = binding == Binding.ALARM_REGISTER ? alarmRegister() : binding == Binding.ALARM_FILTER ? alarmFilter() : alarmDescriptor();
  w.tagged32(Tag.DOUBLE_LONG_UNSIGNED, v);
  return AccessResult.SUCCESS;
}

// Register and descriptor: the bits written as 1 are cleared (IDIS). Filter: the new mask, bits the meter
// does not define refused.
export function alarmDataSet(binding: Binding, r: AxdrReader): AccessResult {
  if (r.u8() != <i32>Tag.DOUBLE_LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
  const v = r.u32();
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  const utcS = rtcReadUtcS();
  if (binding == Binding.ALARM_FILTER) {
    if ((v & ~ALARM_BITS_DEFINED) != 0) return AccessResult.OTHER_REASON;
    const was = alarmFilter();
    alarmFilterSet(v);
    eventLog(utcS, EventCode.ALARM_FILTER_SET, servedClientSap(), <i32>v, <i64>was);
    return AccessResult.SUCCESS;
  }
  const descriptor = binding == Binding.ALARM_DESCRIPTOR;
  const cleared = descriptor ? alarmDescriptorClear(v) : alarmRegisterClear(v);
  eventLog(utcS, EventCode.ALARMS_CLEARED, servedClientSap(), <i32>cleared, descriptor ? 1 : 0);
  return AccessResult.SUCCESS;
}

export function pushSetupGet(binding: Binding, attr: i32, w: AxdrWriter): AccessResult {
  const id = pushIdOf(binding);
  switch (attr) {
    case 2: putObjectList(id, w); break;
    case 3:
      w.container(Tag.STRUCTURE, 3);
      w.tagged8(Tag.ENUM, 0); // TCP: wrapper frames, through the module or on the consumer channel
      w.octets(Tag.OCTET_STRING, pushDestination(id), pushDestinationLength(id));
      w.tagged8(Tag.ENUM, 0); // A-XDR encoded xDLMS APDU
      break;
    case 4: // communication windows: start, end (none: a push may go at any time)
      w.container(Tag.ARRAY, pushWindowCount(id));
      for (let k = 0; k < pushWindowCount(id); k++) {
        w.container(Tag.STRUCTURE, 2);
        w.octets(Tag.OCTET_STRING, pushWindow(id, k), 12);
        w.octets(Tag.OCTET_STRING, pushWindow(id, k) + 12, 12);
      }
      break;
    case 5: w.tagged16(Tag.LONG_UNSIGNED, pushRandomisationS(id)); break;
    case 6: w.tagged8(Tag.UNSIGNED, pushRetries(id)); break;
    case 7: w.tagged16(Tag.LONG_UNSIGNED, pushRepetitionDelayS(id)); break;
    default: return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

export function pushSetupSet(binding: Binding, attr: i32, r: AxdrReader): AccessResult {
  const id = pushIdOf(binding);
  let route = pushRoute(id);
  let dest = pushDestination(id);
  let length = pushDestinationLength(id);
  let randomS = pushRandomisationS(id);
  let retryCount = pushRetries(id);
  let delayS = pushRepetitionDelayS(id);
  switch (attr) {
    case 3: {
      if (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 3 || r.u8() != <i32>Tag.ENUM) return AccessResult.TYPE_UNMATCHED;
      const transport = r.u8();
      if (r.u8() != <i32>Tag.OCTET_STRING) return AccessResult.TYPE_UNMATCHED;
      length = r.length_();
      if (r.bad || length > PUSH_DESTINATION_MAX) return AccessResult.OTHER_REASON;
      dest = r.take(length);
      if (r.u8() != <i32>Tag.ENUM) return AccessResult.TYPE_UNMATCHED;
      const message = r.u8();
      if (r.bad) return AccessResult.TYPE_UNMATCHED;
      // Wrapper frames of A-XDR APDUs only; "CCC" names the consumer channel, where the alarm push never goes (public).
      route = length == 3 && load<u16>(dest) == 0x4343 && load<u8>(dest, 2) == 0x43 ? ROUTE_CONSUMER : 0;
      if (transport != 0 || message != 0 || (route != 0 && id == <i32>PushId.ALARM)) return AccessResult.OTHER_REASON;
      break;
    }
    case 4: return windowsSet(id, r);
    case 5: case 7: {
      if (r.u8() != <i32>Tag.LONG_UNSIGNED) return AccessResult.TYPE_UNMATCHED;
      const v = r.u16();
      if (v > (attr == 5 ? PUSH_RANDOMISATION_MAX_S : PUSH_DELAY_MAX_S)) return AccessResult.OTHER_REASON;
      if (attr == 5) randomS = v; else delayS = v;
      break;
    }
    case 6: {
      if (r.u8() != <i32>Tag.UNSIGNED) return AccessResult.TYPE_UNMATCHED;
      retryCount = r.u8();
      if (retryCount > PUSH_RETRIES_MAX) return AccessResult.OTHER_REASON;
      break;
    }
    default: return AccessResult.READ_WRITE_DENIED;
  }
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  pushConfigure(id, route, dest, length, randomS, retryCount, delayS);
  pushSettingsMarkChanged(true);
  return AccessResult.SUCCESS;
}

// Highest value of each date-time byte a window may name (0xFF: not specified; the year's two bytes, the day
// of week, hundredths, deviation and status are not checked): month, day, -, hour, minute, second.
const FIELD_MAX: StaticArray<u8> = [12, 31, 0xff, 23, 59, 59];
const WINDOWS: usize = memory.data(48); // PUSH_WINDOWS_MAX windows of 24 bytes (a literal: the modules import each other)

// communication_window: an array of at most PUSH_WINDOWS_MAX structures of two date-times, checked whole first.
function windowsSet(id: i32, r: AxdrReader): AccessResult {
  if (r.u8() != <i32>Tag.ARRAY) return AccessResult.TYPE_UNMATCHED;
  const n = r.length_();
  if (r.bad || n > PUSH_WINDOWS_MAX) return AccessResult.OTHER_REASON;
  for (let k = 0; k < n * 2; k++) {
    if ((k & 1) == 0 && (r.u8() != <i32>Tag.STRUCTURE || r.u8() != 2)) return AccessResult.TYPE_UNMATCHED;
    if (r.u8() != <i32>Tag.OCTET_STRING || r.u8() != 12) return AccessResult.TYPE_UNMATCHED;
    const at = r.take(12);
    if (r.bad) return AccessResult.TYPE_UNMATCHED;
    for (let f = 0; f < 6; f++) {
      const v = load<u8>(at + <usize>(f + 2));
      if (v != 0xff && (v > unchecked(FIELD_MAX[f]) || (f < 2 && v == 0))) return AccessResult.OTHER_REASON;
    }
    memory.copy(WINDOWS + <usize>(k * 12), at, 12);
  }
  pushSetWindows(id, WINDOWS, n);
  pushSettingsMarkChanged(true);
  return AccessResult.SUCCESS;
}

// Method 1 push (data: integer 0): one send at the next tick.
export function pushSetupAction(binding: Binding, method: i32, params: AxdrReader, hasParams: bool): AccessResult {
  if (method != 1) return AccessResult.READ_WRITE_DENIED;
  if (hasParams) {
    if (params.u8() != <i32>Tag.INTEGER) return AccessResult.TYPE_UNMATCHED;
    params.u8();
    if (params.bad) return AccessResult.TYPE_UNMATCHED;
  }
  if (pushDestinationLength(pushIdOf(binding)) == 0) return AccessResult.OTHER_REASON;
  pushTrigger(pushIdOf(binding));
  return AccessResult.SUCCESS;
}
