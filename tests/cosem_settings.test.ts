// Settings over DLMS/COSEM: configuration objects changed all-or-none by SET-with-list, logged with the client; legal data never writable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { NorFlash } from "../host/shims/nvm.js";
import { ConfigId, EventCode, EventLog, Register } from "../host/abi.js";
import { utc, registersWh } from "./helpers.js";
import { associate, get, set, setList, obis, u32, u64, MANAGEMENT, PUBLIC } from "./cosemclient.js";

const configLn = (id: ConfigId): number[] => [0, 128, 96, 0, id, 255];

function meter(nvm = new NorFlash()): Simulator {
  const sim = new Simulator({ startUtcS: utc(2026, 1, 1, 12), waveform: { vrms: 230, irms: 10 }, nvm });
  sim.boot();
  sim.run(60);
  return sim;
}

const configEvents = (sim: Simulator) => sim.meter.eventLog(EventLog.STANDARD).filter((e) => e.code === EventCode.CONFIG_CHANGED);

test("management changes Z4 (30 min) and Z6 (day 15) in one SET-with-list: both apply, are logged with client SAP 1, and survive a power cycle", () => {
  const nvm = new NorFlash();
  const sim = meter(nvm);
  associate(sim, MANAGEMENT);
  assert.equal(get(sim, MANAGEMENT, 1, configLn(ConfigId.INTEGRATION_PERIOD), 2), 2, "Z4 2: 15 min from the factory");
  const results = setList(sim, MANAGEMENT, [
    [1, configLn(ConfigId.INTEGRATION_PERIOD), 2, u32(3)],
    [1, configLn(ConfigId.DEBITING_STOP_DAY), 2, [0x11, 15]], // unsigned: any integer type is taken
  ]);
  assert.deepEqual(results, [0, 0]);
  assert.equal(sim.meter.configGet(ConfigId.INTEGRATION_PERIOD), 3);
  assert.equal(sim.meter.configGet(ConfigId.DEBITING_STOP_DAY), 15);
  assert.equal(get(sim, MANAGEMENT, 1, configLn(ConfigId.INTEGRATION_PERIOD), 2), 3);
  const events = configEvents(sim);
  assert.equal(events.length, 2);
  const byId = new Map(events.map((e) => [e.a, e]));
  assert.equal(byId.get(ConfigId.INTEGRATION_PERIOD)!.cause, 1, "client SAP 1");
  assert.equal(byId.get(ConfigId.INTEGRATION_PERIOD)!.b, (2n << 32n) | 3n, "old 2, new 3");
  assert.equal(byId.get(ConfigId.DEBITING_STOP_DAY)!.b, (1n << 32n) | 15n, "old 1, new 15");
  const again = new Simulator({ startUtcS: utc(2026, 1, 1, 13), nvm });
  again.boot();
  assert.equal(again.meter.configGet(ConfigId.INTEGRATION_PERIOD), 3);
  assert.equal(again.meter.configGet(ConfigId.DEBITING_STOP_DAY), 15);
});

test("a SET-with-list with one invalid value applies nothing: results 2 (not applied) and 250, the NVM image unchanged byte for byte", () => {
  const sim = meter();
  sim.setWaveform({ irms: 0 }); // no energy to store meanwhile: any NVM change would be the SET's
  sim.run(2);
  associate(sim, MANAGEMENT);
  const before = Uint8Array.from(sim.nvm.data);
  const results = setList(sim, MANAGEMENT, [
    [1, configLn(ConfigId.DEBITING_STOP_DAY), 2, u32(20)],
    [1, configLn(ConfigId.INTEGRATION_PERIOD), 2, u32(9)], // Z4 has no code 9
  ]);
  assert.deepEqual(results, [2, 250]);
  assert.equal(sim.meter.configGet(ConfigId.DEBITING_STOP_DAY), 1);
  assert.equal(sim.meter.configGet(ConfigId.INTEGRATION_PERIOD), 2);
  // A wrong type and a legal object in the list refuse it whole too.
  assert.deepEqual(setList(sim, MANAGEMENT, [
    [1, configLn(ConfigId.DEBITING_STOP_DAY), 2, u32(20)],
    [1, configLn(ConfigId.GMT_OFFSET), 2, [0x0a, 1, 0x31]],
  ]), [2, 12]);
  assert.deepEqual(setList(sim, MANAGEMENT, [
    [1, configLn(ConfigId.DEBITING_STOP_DAY), 2, u32(20)],
    [3, obis("1.0.1.8.0.255"), 2, u64(0n)],
  ]), [2, 3]);
  assert.equal(sim.meter.configGet(ConfigId.DEBITING_STOP_DAY), 1);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM image unchanged");
  assert.equal(configEvents(sim).length, 0);
});

test("SET normal of one setting: Z1 (display decimals) 3 applies; 5 is refused other-reason (250); X12 (hardware), Z19, Z9 and Z28 (HLS only) are denied to LLS (3)", () => {
  const sim = meter();
  associate(sim, MANAGEMENT);
  assert.equal(set(sim, MANAGEMENT, 1, configLn(ConfigId.DISPLAY_DECIMALS), 2, u32(3)), 0);
  assert.equal(sim.meter.configGet(ConfigId.DISPLAY_DECIMALS), 3);
  assert.equal(set(sim, MANAGEMENT, 1, configLn(ConfigId.DISPLAY_DECIMALS), 2, u32(5)), 250);
  assert.equal(sim.meter.configGet(ConfigId.DISPLAY_DECIMALS), 3);
  assert.equal(set(sim, MANAGEMENT, 1, configLn(ConfigId.SUPPLY_BACKUP), 2, u32(1)), 3);
  // Breaker and security settings wait for HLS: LLS management reads them, writing is denied.
  for (const id of [ConfigId.BREAKER_POSITION, ConfigId.DISCONNECT_MODE, ConfigId.LOCAL_ENCRYPTION]) {
    const value = sim.meter.configGet(id);
    assert.equal(get(sim, MANAGEMENT, 1, configLn(id), 2), value);
    assert.equal(set(sim, MANAGEMENT, 1, configLn(id), 2, u32(0)), 3, `config id ${id}`);
    assert.equal(sim.meter.configGet(id), value);
  }
  assert.equal(set(sim, MANAGEMENT, 1, configLn(ConfigId.METER_NUMBER), 2, u32(87654321)), 0);
  assert.equal(get(sim, MANAGEMENT, 1, obis("0.0.96.1.0.255"), 2), "87654321", "the meter number object follows");
});

test("the public client cannot reach a setting: object-undefined (4), nothing changes", () => {
  const sim = meter();
  associate(sim, PUBLIC);
  assert.equal(set(sim, PUBLIC, 1, configLn(ConfigId.INTEGRATION_PERIOD), 2, u32(3)), 4);
  assert.deepEqual(setList(sim, PUBLIC, [[1, configLn(ConfigId.INTEGRATION_PERIOD), 2, u32(3)]]), [4]);
  assert.equal(sim.meter.configGet(ConfigId.INTEGRATION_PERIOD), 2);
});

// Legal data: A+ registers, the legal checksum, the firmware identifier and the meter constant.
const LEGAL: [number, string, number, number[]][] = [
  [3, "1.0.1.8.0.255", 2, u64(0n)], [3, "1.0.1.8.0.255", 3, [0x02, 2, 0x0f, 3, 0x16, 30]],
  ...[1, 2, 3, 4].map((t): [number, string, number, number[]] => [3, `1.0.1.8.${t}.255`, 2, u64(0n)]),
  [1, "1.0.0.2.8.255", 2, u32(0)], [1, "1.0.0.2.0.255", 2, [0x0a, 1, 0x39]],
  [3, "1.0.0.3.0.255", 2, [0x12, 0, 1]], [3, "1.0.0.3.0.255", 3, [0x02, 2, 0x0f, 0, 0x16, 45]],
];

test("legal data is never writable: every A+ register, legal checksum, firmware id and meter constant refused through each association, NVM unchanged", () => {
  const sim = meter();
  sim.setWaveform({ irms: 0 });
  sim.run(2);
  const before = Uint8Array.from(sim.nvm.data);
  const registers = registersWh(sim);
  for (const client of [PUBLIC, MANAGEMENT]) {
    associate(sim, client);
    for (const [c, ln, attr, value] of LEGAL) {
      // Public: A+ total is in its list (read-only, 3), the rest is not (4).
      const refusal = client === MANAGEMENT || (ln === "1.0.1.8.0.255") ? 3 : 4;
      assert.equal(set(sim, client, c, obis(ln), attr, value), refusal, `SET ${ln}:${attr} by ${client}`);
      assert.deepEqual(setList(sim, client, [[c, obis(ln), attr, value]]), [refusal], `with-list ${ln}:${attr} by ${client}`);
    }
  }
  assert.deepEqual(registersWh(sim), registers);
  assert.equal(sim.meter.energyWh(Register.A_PLUS), registers[Register.A_PLUS]);
  assert.ok(Buffer.from(sim.nvm.data).equals(Buffer.from(before)), "NVM image unchanged byte for byte");
});
