// Push engine: when the alarm and consumer pushes are due and what they send (DLMS data-notification, wrapper frames).
import { AxdrWriter, Tag } from "../dlms/axdr";
import { wrapperPutHeader, WRAPPER_HEADER_BYTES } from "../dlms/wrapper";
import { dlmsAssociated, DLMS_CTX_MODULE } from "../dlms/server";
import { SERVER_SAP } from "../cosem/association";
import { uartTransmit } from "../hal/uart";
import { ConfigId, configGet } from "../config";
import { alarmRegister, alarmTakeRisen, alarmRisenBits } from "./alarm";
import { rtcReadUtcS } from "../hal/rtc";
import { localFromUtcS } from "../clock/timezone";
import { civilFromSeconds } from "../clock/calendar";
import { pushListEncode } from "../cosem/push";

export const enum PushId {
  ALARM = 0, // 0.0.25.9.0.255: on a rising filtered alarm, repeated until the alarm register is reset
  PERIODIC = 1, // 0.1.25.9.0.255: instantaneous values and registers every PERIODIC_PUSH_MS to the consumer channel
  COUNT = 2,
}
const MODULE_PORT: i32 = 1;
// The consumer channel (CCC): a transmit-only UART of its own, 115200 8N1 from power-up (docs/HAL.md).
const CONSUMER_PORT: i32 = 2;
// Where a push goes (byte 7 of its settings): 0 the module port (TCP through the communication module), 1 the
// consumer channel, named by the destination "CCC" (transport stays 0: the same wrapper frames as on TCP).
export const ROUTE_CONSUMER: i32 = 1;
export const PERIODIC_PUSH_MS: i64 = 10_000;
export const PUSH_DESTINATION_MAX: i32 = 32;
// The destination wPort of the wrapper header: IDIS's pre-established push client.
export const PUSH_CLIENT_WPORT: i32 = 102;
const DATA_NOTIFICATION: i32 = 0x0f;
// long-invoke-id-and-priority: bit 31 high priority (alarms), bit 30 unconfirmed... service class 0 here.
const PRIORITY_HIGH: u32 = 0x80000000;

// Longest notification body: date-time and the periodic list with its own description (about 240 bytes).
export const PUSH_LIST_MAX_BYTES: i32 = 320;
const TX_CAP: i32 = WRAPPER_HEADER_BYTES + 6 + PUSH_LIST_MAX_BYTES;
const TX: usize = memory.data(TX_CAP);
const w = new AxdrWriter();

// Attributes 3..7 per push setup in the layout the PQ record stores them (assembly/pq/record.ts, docs/NVM.md):
// per push 40 bytes (u8 destination length, u8 retries, u16 randomisation s, u16 repetition delay s, u8 windows,
// u8 route (0 module port, 1 consumer channel), 32 destination bytes), then per push PUSH_WINDOWS_MAX windows of
// two 12-byte date-times.
export const PUSH_WINDOWS_MAX: i32 = 2;
const SETUP_BYTES: i32 = 8 + PUSH_DESTINATION_MAX;
const WINDOW_BYTES: i32 = 24;
export const PUSH_SETTINGS_BYTES: i32 = <i32>PushId.COUNT * (SETUP_BYTES + PUSH_WINDOWS_MAX * WINDOW_BYTES);
export const PUSH_SETTINGS: usize = memory.data(PUSH_SETTINGS_BYTES);
// Ranges a head-end may write (docs/DLMS.md): at most an hour of spread or delay, ten retries.
export const PUSH_RANDOMISATION_MAX_S: i32 = 3600;
export const PUSH_RETRIES_MAX: i32 = 10;
export const PUSH_DELAY_MAX_S: i32 = 3600;
// Outside its communication window a due push looks again this much later, not every tick.
const WINDOW_RECHECK_MS: i64 = 1000;
// Scheduled sends: due time (monotonic ms) and sends left; 0 left = nothing scheduled. nextDueMs is the
// earliest due time of any, so the tick costs one compare while nothing is due.
const dueMs = new StaticArray<i64>(<i32>PushId.COUNT);
const sendsLeft = new StaticArray<i32>(<i32>PushId.COUNT);
let nextDueMs: i64 = i64.MAX_VALUE;
export const pushesSent = new StaticArray<i32>(<i32>PushId.COUNT);
// Whether the alarm push's next send is its first (not a repeat).
let alarmFresh = false;
export let alarmRetriesSent: i32 = 0;
export let lastAlarmDelayMs: i64 = -1;
// One invoke-id counter per push: a listener sees each push's sequence without gaps.
const invokeIds = new StaticArray<u32>(<i32>PushId.COUNT);
let prng: u32 = 0;
let clockMs: i64 = 0;
// Set when a head-end changed a setting; the PQ record stores them at the next window.
export let pushSettingsChanged = false;

function setup(id: i32): usize { return PUSH_SETTINGS + <usize>(id * SETUP_BYTES); }
export function pushDestination(id: i32): usize { return setup(id) + 8; }
export function pushDestinationLength(id: i32): i32 { return load<u8>(setup(id)); }
export function pushRetries(id: i32): i32 { return load<u8>(setup(id), 1); }
export function pushRandomisationS(id: i32): i32 { return load<u16>(setup(id), 2); }
export function pushRepetitionDelayS(id: i32): i32 { return load<u16>(setup(id), 4); }
export function pushWindowCount(id: i32): i32 { return load<u8>(setup(id), 6); }
export function pushRoute(id: i32): i32 { return load<u8>(setup(id), 7); }
function portOf(id: i32): i32 { return pushRoute(id) == ROUTE_CONSUMER ? CONSUMER_PORT : MODULE_PORT; }
// Window k of the push: start date-time, end date-time 12 bytes later.
export function pushWindow(id: i32, k: i32): usize {
  return PUSH_SETTINGS + <usize>(<i32>PushId.COUNT * SETUP_BYTES + (id * PUSH_WINDOWS_MAX + k) * WINDOW_BYTES);
}

// An empty destination switches a push off.
export function pushConfigure(id: i32, route: i32, dest: usize, length: i32, randomS: i32, retryCount: i32, delayS: i32): void {
  const at = setup(id);
  if (length == 0 && id == <i32>PushId.PERIODIC) route = ROUTE_CONSUMER; // see pushSettingsRestore
  memory.copy(at + 8, dest, length);
  store<u8>(at, <u8>length);
  store<u8>(at, <u8>route, 7);
  store<u8>(at, <u8>retryCount, 1);
  store<u16>(at, <u16>randomS, 2);
  store<u16>(at, <u16>delayS, 4);
  reschedule();
}

// The communication windows (count pairs of date-times at src, already checked); none: any time.
export function pushSetWindows(id: i32, src: usize, count: i32): void {
  store<u8>(setup(id), <u8>count, 6);
  memory.copy(pushWindow(id, 0), src, count * WINDOW_BYTES);
}

export function pushSettingsMarkChanged(changed: bool): void {
  pushSettingsChanged = changed;
}

// Stored settings back at boot; false (defaults kept) when a length or count is out of range.
export function pushSettingsRestore(src: usize): bool {
  for (let id = 0; id < <i32>PushId.COUNT; id++) {
    const at = src + <usize>(id * SETUP_BYTES);
    if (<i32>load<u8>(at) > PUSH_DESTINATION_MAX || <i32>load<u8>(at, 6) > PUSH_WINDOWS_MAX) return false;
  }
  memory.copy(PUSH_SETTINGS, src, PUSH_SETTINGS_BYTES);
  // Route 0 with no destination is the consumer push's default of a firmware before the consumer channel (this
  // firmware keeps a head-end's "off" with route 1): an updated meter gets the new default.
  const periodic = <i32>PushId.PERIODIC;
  if (pushDestinationLength(periodic) == 0 && pushRoute(periodic) == 0) configureConsumerDefault();
  reschedule();
  return true;
}

// xorshift32 seeded from the meter number: meters of one feeder spread their alarms apart, each meter the same
// way on every run (no host randomness).
function nextRandom(): u32 {
  if (prng == 0) prng = (<u32>configGet(ConfigId.METER_NUMBER) ^ 0x9e3779b9) | 1;
  prng ^= prng << 13;
  prng ^= prng >> 17;
  prng ^= prng << 5;
  return prng;
}

// On a meter out of the box the household display gets its values every 10 s: nothing to configure first.
function configureConsumerDefault(): void {
  pushConfigure(<i32>PushId.PERIODIC, ROUTE_CONSUMER, memory.data<u8>([0x43, 0x43, 0x43]), 3, 0, 0, 0); // "CCC"
}

export function pushesReset(): void {
  const tcp = memory.data<u8>([0x31, 0x32, 0x37, 0x2e, 0x30, 0x2e, 0x30, 0x2e, 0x31, 0x3a, 0x34, 0x30, 0x36, 0x33]); // 127.0.0.1:4063
  memory.fill(PUSH_SETTINGS, 0, PUSH_SETTINGS_BYTES);
  for (let k = 0; k < <i32>PushId.COUNT; k++) {
    unchecked(sendsLeft[k] = 0);
    unchecked(pushesSent[k] = 0);
    unchecked(invokeIds[k] = 0);
  }
  pushConfigure(<i32>PushId.ALARM, 0, tcp, 14, 30, 3, 60);
  configureConsumerDefault();
  alarmRetriesSent = 0;
  lastAlarmDelayMs = -1;
  prng = 0;
  pushSettingsChanged = false;
}

// Method push (1): one send now, without randomisation and without retries.
export function pushTrigger(id: i32): void {
  unchecked(dueMs[id] = clockMs);
  unchecked(sendsLeft[id] = 1);
  if (id == <i32>PushId.ALARM) alarmFresh = true;
  reschedule();
}

// The consumer push stays scheduled while it has a destination; nextDueMs follows every change.
function reschedule(): void {
  const periodic = <i32>PushId.PERIODIC;
  if (pushDestinationLength(periodic) > 0 && unchecked(sendsLeft[periodic]) == 0) {
    unchecked(dueMs[periodic] = clockMs + PERIODIC_PUSH_MS);
    unchecked(sendsLeft[periodic] = 1);
  }
  let next = i64.MAX_VALUE;
  for (let id = 0; id < <i32>PushId.COUNT; id++) {
    if (unchecked(sendsLeft[id]) > 0 && unchecked(dueMs[id]) < next) next = unchecked(dueMs[id]);
  }
  nextDueMs = next;
}

// Offsets of year (2 bytes), month, day, hour, minute, second in a COSEM date-time, and each field's radix.
const KEY_AT: StaticArray<u8> = [0, 2, 3, 5, 6, 7];
const KEY_RADIX: StaticArray<u8> = [0, 13, 32, 24, 60, 60];
const NOW: usize = memory.data(12);

// Date-time fields as one comparable number; a field not specified (0xFF, year 0xFFxx) takes NOW's.
function windowKey(at: usize): i64 {
  let key: i64 = 0;
  for (let f = 0; f < 6; f++) {
    const o = <usize>unchecked(KEY_AT[f]);
    const src = load<u8>(at + o) == 0xff ? NOW : at;
    const v = f == 0 ? <i32>load<u8>(src) << 8 | <i32>load<u8>(src, 1) : <i32>load<u8>(src + o);
    key = key * <i64>unchecked(KEY_RADIX[f]) + <i64>v;
  }
  return key;
}

// Whether local time is inside one of the push's windows (none: always). A start after its end (22:00 to
// 02:00 every day) spans the wrap of its unspecified fields.
export function pushWindowOpen(id: i32, utcS: i64): bool {
  const n = pushWindowCount(id);
  if (n == 0) return true;
  const dt = civilFromSeconds(localFromUtcS(utcS)); // packed: year 16 bits, month, day, weekday, hour, minute, second
  store<u8>(NOW, <u8>(dt >> 56));
  for (let k = 0; k < 7; k++) store<u8>(NOW + <usize>(k + 1), <u8>(dt >> (48 - 8 * k)));
  const t = windowKey(NOW);
  for (let k = 0; k < n; k++) {
    const start = windowKey(pushWindow(id, k));
    const end = windowKey(pushWindow(id, k) + 12);
    if (start <= end ? t >= start && t <= end : t >= start || t <= end) return true;
  }
  return false;
}

function send(id: i32): bool {
  w.reset(TX + <usize>WRAPPER_HEADER_BYTES, TX_CAP - WRAPPER_HEADER_BYTES, 0);
  w.u8(DATA_NOTIFICATION);
  const invokeId = (unchecked(invokeIds[id]) + 1) & 0xffffff;
  unchecked(invokeIds[id] = invokeId);
  w.u32(invokeId | (id == <i32>PushId.ALARM ? PRIORITY_HIGH : 0));
  if (!pushListEncode(id, w)) return false;
  wrapperPutHeader(TX, SERVER_SAP, PUSH_CLIENT_WPORT, w.pos);
  uartTransmit(portOf(id), TX, WRAPPER_HEADER_BYTES + w.pos);
  unchecked(pushesSent[id]++);
  return true;
}

// Called each tick; costs one compare unless an alarm rose or a push is due. A push on the module port waits while
// an association holds it (its client would take the notification for an answer), every push outside its
// communication window: it is late then, never lost. The consumer channel has no client to wait for.
export function pushTick(nowMs: i64): void {
  clockMs = nowMs;
  if (alarmRisenBits == 0 && nowMs < nextDueMs) return;
  pushDue(nowMs);
}

function pushDue(nowMs: i64): void {
  const risen = alarmTakeRisen();
  const alarm = <i32>PushId.ALARM;
  if (risen != 0 && pushDestinationLength(alarm) > 0 && unchecked(sendsLeft[alarm]) == 0) {
    const delayMs = <i64>(nextRandom() % <u32>(pushRandomisationS(alarm) + 1)) * 1000;
    lastAlarmDelayMs = delayMs;
    unchecked(dueMs[alarm] = nowMs + delayMs);
    unchecked(sendsLeft[alarm] = 1 + pushRetries(alarm));
    alarmFresh = true;
  }
  const moduleBusy = dlmsAssociated(DLMS_CTX_MODULE);
  for (let id = 0; id < <i32>PushId.COUNT; id++) {
    if (unchecked(sendsLeft[id]) == 0 || nowMs < unchecked(dueMs[id])) continue;
    if (moduleBusy && portOf(id) == MODULE_PORT) continue;
    if (pushDestinationLength(id) == 0) {
      unchecked(sendsLeft[id] = 0);
      continue;
    }
    if (!pushWindowOpen(id, rtcReadUtcS())) {
      unchecked(dueMs[id] = nowMs + WINDOW_RECHECK_MS);
      continue;
    }
    const first = id == alarm && alarmFresh;
    if (id == alarm) alarmFresh = false;
    if (!send(id)) {
      unchecked(sendsLeft[id] = 0);
      continue;
    }
    if (id == alarm && !first) alarmRetriesSent++;
    unchecked(sendsLeft[id]--);
    // A reset alarm register is the head-end's acknowledgement: no more repeats.
    if (id == alarm && alarmRegister() == 0) unchecked(sendsLeft[id] = 0);
    unchecked(dueMs[id] = nowMs + <i64>pushRepetitionDelayS(id) * 1000);
  }
  reschedule();
}

// Whether the alarm push still has sends to make (kept in the PQ record over a power cut).
export function pushAlarmPending(): bool {
  return alarmRisenBits != 0 || unchecked(sendsLeft[<i32>PushId.ALARM]) > 0;
}
