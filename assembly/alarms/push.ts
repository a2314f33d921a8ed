// Push engine: when the alarm and consumer pushes are due and what they send (DLMS data-notification, wrapper, UART 1).
import { AxdrWriter, Tag } from "../dlms/axdr";
import { wrapperPutHeader, WRAPPER_HEADER_BYTES } from "../dlms/wrapper";
import { dlmsAssociated, DLMS_CTX_MODULE } from "../dlms/server";
import { SERVER_SAP } from "../cosem/association";
import { uartTransmit } from "../hal/uart";
import { ConfigId, configGet } from "../config";
import { alarmRegister, alarmTakeRisen } from "./alarm";
import { pushListEncode } from "../cosem/push";

export const enum PushId {
  ALARM = 0, // 0.0.25.9.0.255: on a rising filtered alarm, repeated until the alarm register is reset
  PERIODIC = 1, // 0.1.25.9.0.255: instantaneous values and registers every PERIODIC_PUSH_MS to the consumer channel
  COUNT = 2,
}
const MODULE_PORT: i32 = 1;
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
const DEST: usize = memory.data(PUSH_DESTINATION_MAX * <i32>PushId.COUNT);
const w = new AxdrWriter();

// Attributes 3, 5..7 per push setup; the transport (TCP, 0) and message (A-XDR APDU, 0) are the only ones offered.
const destLength = new StaticArray<i32>(<i32>PushId.COUNT);
const randomisationS = new StaticArray<i32>(<i32>PushId.COUNT);
const retries = new StaticArray<i32>(<i32>PushId.COUNT);
const repetitionDelayS = new StaticArray<i32>(<i32>PushId.COUNT);
// Scheduled sends: due time (monotonic ms) and sends left; 0 left = nothing scheduled.
const dueMs = new StaticArray<i64>(<i32>PushId.COUNT);
const sendsLeft = new StaticArray<i32>(<i32>PushId.COUNT);
export const pushesSent = new StaticArray<i32>(<i32>PushId.COUNT);
// Whether the alarm push's next send is its first (not a repeat).
let alarmFresh = false;
export let alarmRetriesSent: i32 = 0;
export let lastAlarmDelayMs: i64 = -1;
let invokeId: u32 = 0;
let prng: u32 = 0;
let clockMs: i64 = 0;

export function pushDestination(id: i32): usize { return DEST + <usize>(id * PUSH_DESTINATION_MAX); }
export function pushDestinationLength(id: i32): i32 { return unchecked(destLength[id]); }
export function pushRandomisationS(id: i32): i32 { return unchecked(randomisationS[id]); }
export function pushRetries(id: i32): i32 { return unchecked(retries[id]); }
export function pushRepetitionDelayS(id: i32): i32 { return unchecked(repetitionDelayS[id]); }

// An empty destination switches a push off: the consumer push is off until a head-end names where it goes.
export function pushConfigure(id: i32, dest: usize, length: i32, randomS: i32, retryCount: i32, delayS: i32): void {
  memory.copy(pushDestination(id), dest, length);
  unchecked(destLength[id] = length);
  unchecked(randomisationS[id] = randomS);
  unchecked(retries[id] = retryCount);
  unchecked(repetitionDelayS[id] = delayS);
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

export function pushesReset(): void {
  const tcp = memory.data<u8>([0x31, 0x32, 0x37, 0x2e, 0x30, 0x2e, 0x30, 0x2e, 0x31, 0x3a, 0x34, 0x30, 0x36, 0x33]); // 127.0.0.1:4063
  pushConfigure(<i32>PushId.ALARM, tcp, 14, 30, 3, 60);
  pushConfigure(<i32>PushId.PERIODIC, tcp, 0, 0, 0, 0);
  for (let k = 0; k < <i32>PushId.COUNT; k++) {
    unchecked(sendsLeft[k] = 0);
    unchecked(pushesSent[k] = 0);
  }
  alarmRetriesSent = 0;
  lastAlarmDelayMs = -1;
  prng = 0;
}

// Method push (1): one send now, without randomisation and without retries.
export function pushTrigger(id: i32): void {
  unchecked(dueMs[id] = clockMs);
  unchecked(sendsLeft[id] = 1);
  if (id == <i32>PushId.ALARM) alarmFresh = true;
}

function send(id: i32): bool {
  w.reset(TX + <usize>WRAPPER_HEADER_BYTES, TX_CAP - WRAPPER_HEADER_BYTES, 0);
  w.u8(DATA_NOTIFICATION);
  invokeId = (invokeId + 1) & 0xffffff;
  w.u32(invokeId | (id == <i32>PushId.ALARM ? PRIORITY_HIGH : 0));
  if (!pushListEncode(id, w)) return false;
  wrapperPutHeader(TX, SERVER_SAP, PUSH_CLIENT_WPORT, w.pos);
  uartTransmit(MODULE_PORT, TX, WRAPPER_HEADER_BYTES + w.pos);
  unchecked(pushesSent[id]++);
  return true;
}

// Called each tick. A push waits while an association holds the module port (its client would take the
// notification for an answer); it is late then, never lost.
export function pushTick(nowMs: i64): void {
  clockMs = nowMs;
  const risen = alarmTakeRisen();
  const alarm = <i32>PushId.ALARM;
  if (risen != 0 && unchecked(destLength[alarm]) > 0 && unchecked(sendsLeft[alarm]) == 0) {
    const delayMs = <i64>(nextRandom() % <u32>(unchecked(randomisationS[alarm]) + 1)) * 1000;
    lastAlarmDelayMs = delayMs;
    unchecked(dueMs[alarm] = nowMs + delayMs);
    unchecked(sendsLeft[alarm] = 1 + unchecked(retries[alarm]));
    alarmFresh = true;
  }
  const periodic = <i32>PushId.PERIODIC;
  if (unchecked(destLength[periodic]) > 0 && unchecked(sendsLeft[periodic]) == 0) {
    unchecked(dueMs[periodic] = nowMs + PERIODIC_PUSH_MS);
    unchecked(sendsLeft[periodic] = 1);
  }
  if (dlmsAssociated(DLMS_CTX_MODULE)) return;
  for (let id = 0; id < <i32>PushId.COUNT; id++) {
    if (unchecked(sendsLeft[id]) == 0 || nowMs < unchecked(dueMs[id])) continue;
    if (unchecked(destLength[id]) == 0) {
      unchecked(sendsLeft[id] = 0);
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
    unchecked(dueMs[id] = nowMs + <i64>unchecked(repetitionDelayS[id]) * 1000);
  }
}
