// The tariff calendar over DLMS/COSEM only: passive season, week and day profiles written, activated by method, special days.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, EventCode, EventLog } from "../host/abi.js";
import { utc, crc32 } from "./helpers.js";
import { exchange } from "./dlmsframes.js";
import { associate, get, set, setList, u32, MANAGEMENT, PUBLIC, Data, getResult } from "./cosemclient.js";

const CALENDAR = [0, 0, 13, 0, 0, 255];
const SPECIAL_DAYS = [0, 0, 11, 0, 0, 255];
const configLn = (id: ConfigId): number[] => [0, 128, 96, 0, id, 255];
const id = (n: number): number[] => [0x09, 1, n];
const u8 = (n: number): number[] => [0x11, n];
const SCRIPT = [0x09, 6, 0, 0, 10, 0, 100, 255];

// Day profiles: weekday 00:00 T1, 07:00 T2, 22:00 T1; weekend all day T3.
const DAYS = [0x01, 2,
  0x02, 2, ...u8(1), 0x01, 3,
  0x02, 3, 0x09, 4, 0, 0, 0, 0, ...SCRIPT, 0x12, 0, 1,
  0x02, 3, 0x09, 4, 7, 0, 0, 0, ...SCRIPT, 0x12, 0, 2,
  0x02, 3, 0x09, 4, 22, 0, 0, 0, ...SCRIPT, 0x12, 0, 1,
  0x02, 2, ...u8(2), 0x01, 1,
  0x02, 3, 0x09, 4, 0, 0, 0, 0, ...SCRIPT, 0x12, 0, 3];
const WEEKS = [0x01, 1, 0x02, 8, ...id(1), ...u8(1), ...u8(1), ...u8(1), ...u8(1), ...u8(1), ...u8(2), ...u8(2)];
const SEASONS = [0x01, 1, 0x02, 3, ...id(1), 0x09, 12, 0xff, 0xff, 1, 1, 0xff, 0, 0, 0, 0xff, 0x80, 0x00, 0xff, ...id(1)];

function action(sim: Simulator, classId: number, ln: number[], method: number, params: number[] | null): number {
  const req = [0xc3, 0x01, 0xc1, 0, classId, ...ln, method, params ? 1 : 0, ...(params ?? [])];
  const reply = exchange(sim, req, MANAGEMENT)!;
  assert.deepEqual(reply.slice(0, 3), [0xc7, 0x01, 0xc1]);
  return reply[3];
}

test("scenario over DLMS only: a tariff calendar written and activated, Z13 set in the same breath, a refused list leaves the NVM as it was", () => {
  // Thursday 2026-01-01 12:00 UTC = 13:00 CET: a weekday at T2.
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  sim.run(2);
  associate(sim, MANAGEMENT);
  assert.equal(sim.meter.tariff(), 0, "no tariff function from the factory (Z13 0)");
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 9, DAYS), 0, "day profiles");
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 8, WEEKS), 0, "week profile");
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 7, SEASONS), 0, "season from 1 January");
  const passiveDays = get(sim, MANAGEMENT, 20, CALENDAR, 9) as Data[];
  assert.equal(passiveDays.length, 2);
  assert.deepEqual(get(sim, MANAGEMENT, 20, CALENDAR, 5), [], "the active calendar is still empty");
  assert.equal(action(sim, 20, CALENDAR, 1, [0x0f, 0]), 0, "activate_passive_calendar");
  assert.deepEqual(get(sim, MANAGEMENT, 20, CALENDAR, 5), passiveDays, "active day profiles = the passive ones");
  assert.deepEqual(get(sim, MANAGEMENT, 20, CALENDAR, 4), get(sim, MANAGEMENT, 20, CALENDAR, 8));
  const activated = sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CALENDAR_ACTIVATED);
  assert.equal(activated.length, 1);
  assert.equal(activated[0].cause, 1, "by client SAP 1");
  // Z13 2 (register control) and Z20 (calendar set-up id 7) in one list: the calendar now drives the tariff.
  assert.deepEqual(setList(sim, MANAGEMENT, [[1, configLn(ConfigId.TARIFF_CONTROL), 2, u32(2)], [1, configLn(ConfigId.CALENDAR_SETUP), 2, u32(7)]]), [0, 0]);
  sim.run(2);
  assert.equal(sim.meter.tariff(), 2, "Thursday 13:00 local: T2");
  assert.deepEqual(get(sim, MANAGEMENT, 20, CALENDAR, 2), [0x30, 0x30, 0x37], "calendar name: Z20 007");
  // A list with an impossible Z13 refuses the Z20 change with it, and nothing reaches the flash.
  const before = Uint8Array.from(sim.nvm.data);
  sim.setWaveform({ irms: 0 });
  assert.deepEqual(setList(sim, MANAGEMENT, [[1, configLn(ConfigId.CALENDAR_SETUP), 2, u32(8)], [1, configLn(ConfigId.TARIFF_CONTROL), 2, u32(3)]]), [2, 250]);
  assert.equal(sim.meter.configGet(ConfigId.CALENDAR_SETUP), 7);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM unchanged");
  // Saturday 3 January: the week profile's weekend day, T3.
  assert.equal(set(sim, MANAGEMENT, 8, [0, 0, 1, 0, 0, 255], 2, [0x09, 12, 0x07, 0xea, 1, 3, 0xff, 13, 0, 0, 0, 0xff, 0xc4, 0x00]), 0, "clock to 13:00 CET");
  sim.run(2);
  assert.equal(sim.meter.tariff(), 3);
});

test("a passive calendar that does not hold together is not activated (250); a bad part is refused whole (type-unmatched 12)", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 8, WEEKS), 0, "a week naming day profiles 1 and 2, which do not exist");
  assert.equal(action(sim, 20, CALENDAR, 1, [0x0f, 0]), 250);
  assert.deepEqual(get(sim, MANAGEMENT, 20, CALENDAR, 4), [], "active week profiles unchanged");
  const before = Uint8Array.from(sim.nvm.data);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 7, [0x01, 1, 0x02, 2, ...id(1), ...id(1)]), 12, "season without its start");
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 7, [0x01, 1, 0x02, 3, ...id(1), 0x09, 12, 0xff, 0xff, 2, 29, 0xff, 0, 0, 0, 0xff, 0x80, 0, 0xff, ...id(1)]), 250, "29 February");
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "refusals write nothing");
  assert.equal(getResult(sim, MANAGEMENT, 20, CALENDAR, 11), 4, "no attribute 11");
});

test("special days: inserted and deleted by method over DLMS, the public client has no calendar at all", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 9, DAYS), 0);
  // {index 1, 2026-12-24, day 2}, then {index 2, every 25 December, day 2}
  assert.equal(action(sim, 11, SPECIAL_DAYS, 1, [0x02, 3, 0x12, 0, 1, 0x09, 5, 0x07, 0xea, 12, 24, 0xff, 0x11, 2]), 0);
  assert.equal(action(sim, 11, SPECIAL_DAYS, 1, [0x02, 3, 0x12, 0, 2, 0x09, 5, 0xff, 0xff, 12, 25, 0xff, 0x11, 2]), 0);
  assert.equal(action(sim, 11, SPECIAL_DAYS, 1, [0x02, 3, 0x12, 0, 3, 0x09, 5, 0x07, 0xea, 12, 26, 0xff, 0x11, 9]), 250, "day id 9 exists nowhere");
  assert.deepEqual(get(sim, MANAGEMENT, 11, SPECIAL_DAYS, 2), [[1, [0x07, 0xea, 12, 24, 0xff], 2], [2, [0xff, 0xff, 12, 25, 0xff], 2]]);
  assert.equal(action(sim, 11, SPECIAL_DAYS, 2, [0x12, 0, 1]), 0);
  assert.deepEqual(get(sim, MANAGEMENT, 11, SPECIAL_DAYS, 2), [[2, [0xff, 0xff, 12, 25, 0xff], 2]]);
  associate(sim, PUBLIC);
  assert.equal(getResult(sim, PUBLIC, 20, CALENDAR, 3), 4);
  assert.equal(getResult(sim, PUBLIC, 11, SPECIAL_DAYS, 2), 4);
});

test("a passive calendar written over DLMS is in the calendars record: magic WMCL, version 1, 984 bytes, passive image at 364, CRC-32 at 980", () => {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12) });
  sim.boot();
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 9, DAYS), 0);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 8, WEEKS), 0);
  assert.equal(set(sim, MANAGEMENT, 20, CALENDAR, 7, SEASONS), 0);
  // The newest record of sectors 84..85: the highest sequence among the records that carry the magic.
  let rec: Uint8Array | null = null;
  let newest = -1;
  for (let at = 84 * 4096; at + 984 <= 86 * 4096; at += 984) {
    const r = sim.nvm.read(at, 984) as Uint8Array;
    const v = new DataView(r.buffer, r.byteOffset);
    if (v.getUint32(0, true) !== 0x4c434d57) continue;
    if (v.getUint32(8, true) > newest) { newest = v.getUint32(8, true); rec = Uint8Array.from(r); }
  }
  assert.ok(rec, "a calendars record");
  const v = new DataView(rec.buffer);
  assert.equal(v.getUint16(4, true), 1, "version 1");
  assert.equal(v.getUint16(6, true), 984, "length");
  const P = 364;
  assert.deepEqual([rec[P], rec[P + 1], rec[P + 2]], [1, 1, 2], "1 season, 1 week, 2 day profiles");
  assert.deepEqual(Array.from(rec.subarray(P + 16, P + 19)), [1, 1, 1], "season 1 January, week 1");
  assert.deepEqual(Array.from(rec.subarray(P + 32, P + 40)), [1, 1, 1, 1, 1, 1, 2, 2], "week 1: Mon..Fri day 1, Sat, Sun day 2");
  assert.deepEqual([rec[P + 64], rec[P + 65]], [1, 3], "day profile 1: 3 switches");
  assert.deepEqual([v.getUint16(P + 68, true), rec[P + 70], v.getUint16(P + 72, true), rec[P + 74]], [0, 1, 420, 2], "00:00 T1, 07:00 T2");
  assert.deepEqual([rec[12], rec[13], rec[14]], [0, 0, 0], "the active calendar is still empty");
  assert.equal(v.getUint32(980, true), crc32(rec.subarray(0, 980)));
  const again = new Simulator({ startUtcS: utc(2026, 1, 1, 13), nvm: sim.nvm });
  again.boot();
  associate(again, MANAGEMENT);
  assert.deepEqual(get(again, MANAGEMENT, 20, CALENDAR, 9), get(sim, MANAGEMENT, 20, CALENDAR, 9), "the passive calendar after a power cycle");
});
