// The harness as a head-end: remote commands reach the firmware's DLMS entry through a management association, not the exports.
import { Err, UartPort } from "./abi.js";
import type { Simulator } from "./sim.js";

// The factory LLS secret (docs/DLMS.md); a meter whose secret was changed refuses the association.
export const FACTORY_SECRET = "12345678";
const MANAGEMENT_SAP = 1;
const SERVER_WPORT = 1;
const RECEIVE_BYTES = 256; // the module port takes at most this much a tick

export const DISCONNECT_LN = [0, 0, 96, 3, 10, 255];
export const LIMITER_LN = [0, 0, 17, 0, 0, 255];
export const ACCOUNT_LN = [0, 0, 19, 0, 0, 255];
export const TOKEN_CREDIT_LN = [0, 0, 19, 10, 0, 255];
export const ANALYSIS_LOGGER_LN = [1, 0, 99, 2, 0, 255];
const DISCONNECT_SCRIPTS_LN = [0, 0, 10, 0, 106, 255];

// Action-result and data-access-result names for the notes.
const RESULTS: Record<number, string> = {
  1: "hardware-fault", 2: "temporary-failure", 3: "read-write-denied", 4: "object-undefined", 9: "object-class-inconsistent",
  11: "object-unavailable", 12: "type-unmatched", 250: "other-reason",
};

export type Outcome = { ok: true } | { ok: false; why: string };

const u32 = (v: number): number[] => [0x06, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const i32 = (v: number): number[] => [0x05, (v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const INTEGER_0 = [0x0f, 0];

function aarqLls(password: string): number[] {
  const pw = Array.from(password, (c) => c.charCodeAt(0));
  const body = [
    0xa1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0x8a, 0x02, 0x07, 0x80,
    0x8b, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01, 0xac, pw.length + 2, 0x80, pw.length, ...pw,
    // user-information: InitiateRequest, DLMS 6, Gurux's proposed conformance (00 40 1E 5D), max receive PDU 512
    0xbe, 0x10, 0x04, 0x0e, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5f, 0x1f, 0x04, 0x00, 0x40, 0x1e, 0x5d, 0x02, 0x00,
  ];
  return [0x60, body.length, ...body];
}

export class HeadEnd {
  constructor(private readonly sim: Simulator, private readonly secret = FACTORY_SECRET, private readonly port = UartPort.MODULE) {}

  // One APDU in the IEC 62056-47 wrapper, one tick, the answer's APDU (empty: no answer).
  private request(apdu: number[]): number[] {
    const frame = Uint8Array.from([0, 1, 0, MANAGEMENT_SAP, 0, SERVER_WPORT, apdu.length >> 8, apdu.length & 255, ...apdu]);
    for (let k = 0; k < frame.length; k += RECEIVE_BYTES) {
      if (this.sim.meter.uartReceive(this.port, frame.subarray(k, k + RECEIVE_BYTES)) !== Err.OK) return [];
    }
    this.sim.step();
    const out = this.sim.uart.take(this.port);
    return out.length > 8 ? Array.from(out.subarray(8)) : [];
  }

  // Associates, sends each request (answers checked by `resultOf`), releases. The first refusal ends it.
  private session(requests: number[][]): Outcome {
    const aare = this.request(aarqLls(this.secret));
    if (aare[0] !== 0x61 || aare[17] !== 0) return { ok: false, why: "the management association was refused" };
    let outcome: Outcome = { ok: true };
    for (const apdu of requests) {
      const answer = this.request(apdu);
      const result = answer.length >= 4 && (answer[0] === 0xc5 || answer[0] === 0xc7) ? answer[3] : -1;
      if (result !== 0) {
        outcome = { ok: false, why: result < 0 ? "no answer" : `${RESULTS[result] ?? "result"} (${result})` };
        break;
      }
    }
    this.request([0x62, 0x03, 0x80, 0x01, 0x00]); // RLRQ, reason normal
    return outcome;
  }

  private static action(classId: number, ln: number[], method: number, params?: number[]): number[] {
    return [0xc3, 1, 0xc1, classId >> 8, classId & 255, ...ln, method, ...(params ? [1, ...params] : [0])];
  }

  private static set(classId: number, ln: number[], attr: number, data: number[]): number[] {
    return [0xc1, 1, 0xc1, classId >> 8, classId & 255, ...ln, attr, 0, ...data];
  }

  // The analysis logger (1.0.99.2.0.255): its capture period, entries in use and newest entry
  // (entry selective access, one entry: one APDU), read as a head-end would; null when refused.
  analysisLogger(): { periodS: number; entries: number; newest: number[] } | null {
    const aare = this.request(aarqLls(this.secret));
    if (aare[0] !== 0x61 || aare[17] !== 0) return null;
    const get = (attr: number, sel: number[] = [0]): number[] | null => {
      const answer = this.request([0xc0, 1, 0xc1, 0, 7, ...ANALYSIS_LOGGER_LN, attr, ...sel]);
      return answer[0] === 0xc4 && answer[1] === 1 && answer[3] === 0 ? answer.slice(4) : null;
    };
    const period = get(4);
    const inUse = get(7);
    let newest: number[] = [];
    if (period && inUse) {
      const n = ((inUse[1] << 24) | (inUse[2] << 16) | (inUse[3] << 8) | inUse[4]) >>> 0;
      const entry = n > 0 ? get(2, [1, 2, 0x02, 0x04, ...u32(n), ...u32(n), 0x12, 0, 1, 0x12, 0, 0]) : null;
      // array of 1 structure: the date-time, then every value as an integer.
      if (entry && entry[0] === 0x01 && entry[1] === 1 && entry[2] === 0x02) {
        let at = 4 + 2 + 12; // array, structure header, octet-string header and the date-time
        while (at < entry.length) {
          const width = { 0x11: 1, 0x12: 2, 0x10: 2, 0x06: 4, 0x05: 4, 0x15: 8 }[entry[at]] ?? 0;
          if (width === 0) break;
          let v = 0n;
          for (let k = 1; k <= width; k++) v = (v << 8n) | BigInt(entry[at + k]);
          newest.push(Number(entry[at] === 0x10 ? BigInt.asIntN(16, v) : v));
          at += 1 + width;
        }
      }
    }
    this.request([0x62, 0x03, 0x80, 0x01, 0x00]);
    if (!period || !inUse) return null;
    return { periodS: ((period[1] << 24) | (period[2] << 16) | (period[3] << 8) | period[4]) >>> 0, entries: ((inUse[1] << 24) | (inUse[2] << 16) | (inUse[3] << 8) | inUse[4]) >>> 0, newest };
  }

  // class 70 remote_disconnect / remote_reconnect.
  disconnect(): Outcome {
    return this.session([HeadEnd.action(70, DISCONNECT_LN, 1, INTEGER_0)]);
  }

  reconnect(): Outcome {
    return this.session([HeadEnd.action(70, DISCONNECT_LN, 2, INTEGER_0)]);
  }

  // Prepayment on (class 111 activate_account) with its low-credit warning level (class 112 warning_threshold).
  prepaymentOn(lowCreditWh: number): Outcome {
    return this.session([HeadEnd.set(112, TOKEN_CREDIT_LN, 5, i32(lowCreditWh)), HeadEnd.action(111, ACCOUNT_LN, 1, INTEGER_0)]);
  }

  // class 112 update_amount on the token credit.
  topUp(amount: number): Outcome {
    return this.session([HeadEnd.action(112, TOKEN_CREDIT_LN, 1, i32(amount))]);
  }

  // class 71: normal and emergency threshold, minimum durations, and the actions that switch it on.
  limiter(thresholdW: number, minOverS: number, minUnderS: number): Outcome {
    const script = (selector: number): number[] => [2, 2, 9, 6, ...DISCONNECT_SCRIPTS_LN, 0x12, 0, selector];
    return this.session([
      HeadEnd.set(71, LIMITER_LN, 4, u32(thresholdW)), HeadEnd.set(71, LIMITER_LN, 5, u32(thresholdW)),
      HeadEnd.set(71, LIMITER_LN, 6, u32(minOverS)), HeadEnd.set(71, LIMITER_LN, 7, u32(minUnderS)),
      HeadEnd.set(71, LIMITER_LN, 11, [2, 2, ...script(1), ...script(2)]),
    ]);
  }
}
