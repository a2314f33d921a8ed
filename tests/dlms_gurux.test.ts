// The unmodified Gurux DLMS/COSEM client reads the meter over TCP (IEC 62056-47 wrapper), values checked against the firmware.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Peak, Register, UartPort } from "../host/abi.js";
import { TcpBridge, runRealTime } from "../host/ports.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const gurux = path.join(root, "../shared/clients/gurux-python/main.py");
const helper = path.join(root, "tests/dlms_client.py");

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // TZ=UTC: Gurux prints date-times in the machine's zone.
    execFile("python3", args, { timeout: 90_000, maxBuffer: 1 << 22, env: { ...process.env, TZ: "UTC" } }, (error, stdout, stderr) => {
      if (error && !stdout) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// Gurux main.py prints "-------- Reading <class> <ln> ..." then "Index: n Value: v" per attribute.
function readout(text: string): Map<string, Map<number, string>> {
  const objects = new Map<string, Map<number, string>>();
  let current: Map<number, string> | undefined;
  for (const line of text.split("\n")) {
    const head = /^-------- Reading \d+ (\S+)/.exec(line);
    if (head) objects.set(head[1], (current = new Map()));
    const value = /^Index: (\d+) Value: (.*)$/.exec(line);
    if (value && current) current.set(Number(value[1]), value[2].trim());
    const denied = /^Attribute(\d+) is not readable\.$/.exec(line);
    if (denied && current) current.set(Number(denied[1]), "not readable");
  }
  return objects;
}

let sim: Simulator;
let bridge: TcpBridge;
let port = 0;
let stopped = false;
let pump: Promise<void>;

before(async () => {
  sim = new Simulator({ startUtcS: 1767268800n /* 2026-01-01 12:00 UTC */, waveform: { vrms: 230, irms: 10, phaseDeg: 0 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  // A calendar in both slots and a special day, so the sweep reads filled class 20 and 11 tables.
  assert.equal(sim.meter.touSwitch(1, 0, 0, 1), Err.OK);
  assert.equal(sim.meter.touSwitch(1, 7, 30, 2), Err.OK);
  assert.equal(sim.meter.touWeek(1, [1, 1, 1, 1, 1, 1, 1]), Err.OK);
  assert.equal(sim.meter.touSeason(1, 1, 1), Err.OK);
  assert.equal(sim.meter.touActivate(), Err.OK);
  assert.equal(sim.meter.specialDaySet(1, 0xffff, 12, 25, 1), Err.OK);
  sim.run(1800); // 1.15 kWh, then no load so the registers hold still while the client reads
  sim.setWaveform({ irms: 0 });
  sim.run(5);
  bridge = new TcpBridge(sim, UartPort.MODULE);
  port = await bridge.listen(0);
  pump = runRealTime(sim, [bridge], 3600, () => stopped);
});

after(async () => {
  stopped = true;
  await pump;
  await bridge.close();
});

const client = (...args: string[]): string[] => [gurux, "-h", "127.0.0.1", "-p", String(port), "-i", "WRAPPER", "-s", "1", ...args];

test("public client (SAP 16, no authentication): the object list and every readable attribute, equal to the firmware's", async () => {
  const out = await python(client("-c", "16", "-a", "None"));
  assert.doesNotMatch(out, /Error!|Traceback/, out);
  const objects = readout(out);
  assert.deepEqual([...objects.keys()], ["0.0.40.0.0.255", "0.0.41.0.0.255", "0.0.42.0.0.255", "0.0.1.0.0.255",
    "0.0.96.1.0.255", "1.0.1.8.0.255", "1.0.2.8.0.255", "0.0.96.3.10.255", "0.0.43.1.0.255"]);
  const aPlusWh = sim.meter.energyWh(Register.A_PLUS);
  assert.ok(aPlusWh >= 1149n && aPlusWh <= 1151n, `${aPlusWh} Wh`);
  assert.equal(objects.get("1.0.1.8.0.255")!.get(2), String(aPlusWh));
  assert.equal(objects.get("1.0.1.8.0.255")!.get(3), "1.0, 30", "scaler 10^0, unit Wh");
  assert.equal(objects.get("1.0.2.8.0.255")!.get(2), String(sim.meter.energyWh(Register.A_MINUS)));
  assert.equal(objects.get("0.0.96.1.0.255")!.get(2), "12345678");
  assert.equal(objects.get("0.0.42.0.0.255")!.get(2), "WAS1000012345678");
  assert.equal(objects.get("0.0.41.0.0.255")!.get(2), "(1, 'WAS1000012345678')");
  const association = objects.get("0.0.40.0.0.255")!;
  assert.equal(association.get(3), "16, 1", "client SAP 16, server SAP 1");
  assert.equal(association.get(4), "2 16 756 5 8 1 1", "logical name referencing, no ciphering");
  assert.equal(association.get(6), "2 16 756 5 8 2 0", "no authentication");
  assert.equal(association.get(7), "not readable", "the secret");
  assert.equal(association.get(8), "2", "associated");
  const clock = objects.get("0.0.1.0.0.255")!;
  assert.equal(clock.get(3), "-60", "CET: UTC = local - 60 min");
  assert.equal(clock.get(8), "True");
  assert.equal(clock.get(9), "1", "internal crystal");
  const t = /(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)/.exec(clock.get(2)!);
  assert.ok(t, clock.get(2));
  const shownS = Date.UTC(2000 + Number(t[3]), Number(t[1]) - 1, Number(t[2]), Number(t[4]), Number(t[5]), Number(t[6])) / 1000;
  assert.ok(Math.abs(shownS - Number(sim.rtc.readUtcS())) <= 3, `${clock.get(2)} (UTC) vs the RTC's ${sim.rtc.readUtcS()}`);
  for (const k of [2, 3, 4]) assert.equal(objects.get("0.0.96.3.10.255")!.get(k), "not readable", `public: breaker attribute ${k}`);
});

test("management client (SAP 1, LLS): reads all 101 objects without an error, energies, peaks with time stamps and settings equal to the firmware's", async () => {
  const out = await python(client("-c", "1", "-a", "Low", "-P", "12345678"));
  // The secret (association attribute 7) is write-only for management; Gurux's canRead() takes any access
  // as readable, so it asks, and the meter refuses as it must. Nothing else may fail.
  const errors = out.split("\n").filter((line) => /Error!|Traceback/.test(line));
  assert.deepEqual(errors, ["Error! Index: 7 Access Error : Device reports Read-Write denied."], out);
  const objects = readout(out);
  assert.equal(objects.size, 142, "the management object list: 9 power quality objects, LED and S0 pulse energies, radio in use, alarm register, filter, descriptor and 2 push setups, 8 of the first set, security setup and invocation counter, two HDLC setups, the optical port setup, friendly hours, limiter, image transfer, account, 2 credits, charge, 9 profiles and logs, the analysis logger, billing schedule and script, 81 readings and settings, calendar, special days, 3 display lists, 6 last event codes, tamper latch");
  // Every energy register as the firmware holds it (the load is off: nothing moves while Gurux reads).
  const energies: [string, Register][] = [["1.0.1.8.0.255", Register.A_PLUS], ["1.0.3.8.0.255", Register.R_PLUS],
    ["1.0.5.8.0.255", Register.R1], ["1.0.9.8.0.255", Register.E_PLUS], ["1.0.10.8.0.255", Register.E_MINUS],
    ["1.0.1.8.1.255", Register.A_PLUS_T1], ["1.0.3.8.1.255", Register.R_PLUS_T1]];
  for (const [ln, reg] of energies) assert.equal(objects.get(ln)!.get(2), String(sim.meter.energyWh(reg)), ln);
  assert.equal(objects.get("1.0.9.8.0.255")!.get(3), "1.0, 31", "VAh");
  // Peaks with their time stamps: two 15-min periods of 2300 W closed; Gurux prints the capture time in UTC.
  const peak = objects.get("1.0.1.6.0.255")!;
  assert.equal(peak.get(2), String(Math.floor(sim.meter.peakW(Peak.P_PLUS))));
  assert.ok(Math.abs(Number(peak.get(2)) - 2300) <= 3, `P+max ${peak.get(2)} W`);
  const at = new Date(Number(sim.meter.peakTimeUtcS(Peak.P_PLUS)) * 1000);
  const two = (n: number): string => String(n).padStart(2, "0");
  assert.match(peak.get(5)!, new RegExp(`^${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}/26 ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`));
  assert.equal(objects.get("1.0.32.7.0.255")!.get(3), "0.1, 35", "U in 0.1 V");
  assert.equal(objects.get("0.128.96.0.4.255")!.get(2), String(sim.meter.configGet(ConfigId.INTEGRATION_PERIOD)), "Z4");
  assert.equal(objects.get("1.0.0.3.0.255")!.get(2), "1.0", "1000 x 10^-3 impulses per Wh");
  assert.ok(objects.get("0.0.13.0.0.255")!.has(5) && objects.get("0.0.13.0.0.255")!.has(9), "calendar tables read");
  assert.ok(objects.get("0.0.11.0.0.255")!.has(2), "special days read");
  const breaker = objects.get("0.0.96.3.10.255")!;
  assert.equal(breaker.get(2), sim.meter.breakerOutput() === 1 ? "True" : "False");
  assert.equal(breaker.get(3), String(sim.meter.breakerState()));
  assert.equal(breaker.get(4), String(sim.meter.configGet(ConfigId.DISCONNECT_MODE)));
  // cosem3: limiter, image transfer and prepayment, as the firmware holds them (nothing configured yet).
  const limiter = objects.get("0.0.17.0.0.255")!;
  for (const k of [3, 4, 5]) assert.equal(limiter.get(k), "23000", `limiter attribute ${k}: the default 23 kW`);
  assert.equal(limiter.get(10), "False", "no emergency profile active");
  const image = objects.get("0.0.44.0.0.255")!;
  assert.equal(image.get(2), "256", "image_block_size over DLMS");
  assert.equal(image.get(6), String(sim.meter.imageStatus()));
  assert.equal(objects.get("0.0.19.0.0.255")!.get(2), "1, 1", "credit mode, new (inactive): prepayment off");
  assert.equal(objects.get("0.0.19.0.0.255")!.get(5), String(sim.meter.prepayCredit() / 1000n));
  assert.equal(objects.get("0.0.19.10.1.255")!.get(3), "2", "emergency credit type");
  assert.equal(objects.get("0.0.40.0.0.255")!.get(3), "1, 1");
  assert.equal(objects.get("0.0.40.0.0.255")!.get(6), "2 16 756 5 8 2 1", "LLS");
});

test("a wrong LLS password is refused with authentication-failure, and nothing is read", async () => {
  const out = await python(client("-c", "1", "-a", "Low", "-P", "87654321"));
  assert.match(out, /Authentication failure/);
  assert.doesNotMatch(out, /-------- Reading/);
});

test("management sets the clock; the public client's set is refused read-write-denied", async () => {
  const refused = JSON.parse((await python([helper, String(port), "16", "-", "set-clock", "1772361000"])).trim().split("\n").pop()!);
  assert.match(refused.set.error, /Read-Write denied/);
  const target = 1772361000; // 2026-03-01 10:30:00 UTC
  const done = JSON.parse((await python([helper, String(port), "1", "12345678", "set-clock", String(target)])).trim().split("\n").pop()!);
  assert.equal(done.set, "ok");
  assert.ok(Number(sim.rtc.readUtcS()) - target >= 0 && Number(sim.rtc.readUtcS()) - target <= 5, `RTC ${sim.rtc.readUtcS()}`);
  assert.match(done.time, /^2026-03-01T11:30:0\d\+01:00$/, "read back as local time (CET)");
});

test("Gurux writes the alarm push setup's communication window, randomisation, retries and repetition delay; out-of-range retries are refused", async () => {
  const done = JSON.parse((await python([helper, String(port), "1", "12345678", "set-push", "600", "5", "300"])).trim().split("\n").pop()!);
  assert.deepEqual([done.set4, done.set5, done.set6, done.set7], ["ok", "ok", "ok", "ok"], JSON.stringify(done));
  assert.deepEqual(done.values, [600, 5, 300], "read back by Gurux");
  assert.equal(done.window.length, 1);
  assert.match(done.window[0][0], /2:00:00|02:00:00/, "start 02:00 every day");
  assert.match(done.window[0][1], /4:30:00|04:30:00/, "end 04:30");
  const refused = JSON.parse((await python([helper, String(port), "1", "12345678", "set-push", "600", "11", "300"])).trim().split("\n").pop()!);
  assert.equal(refused.set6.error !== undefined, true, `11 retries refused: ${JSON.stringify(refused)}`);
  assert.deepEqual(refused.values, [600, 5, 300], "the refused retries left 5");
  const publicSet = JSON.parse((await python([helper, String(port), "16", "-", "set-push", "0", "0", "0"])).trim().split("\n").pop()!);
  assert.ok(publicSet.set5.error !== undefined || publicSet.association !== undefined, "the public client may not write a push setup");
});

test("Gurux writes an 8 x 8 passive day table (1266 bytes, over the 512-byte server PDU) with SET block transfer and reads it back", async () => {
  const out = JSON.parse((await python([helper, String(port), "1", "12345678", "set-day-table", "8", "8"])).trim().split("\n").pop()!);
  assert.equal(out.conformance & 0x1000, 0x1000, "block-transfer-with-set negotiated (Gurux's bit value)");
  assert.equal(out.set, "ok");
  assert.equal(out.days.length, 8);
  for (let d = 1; d <= 8; d++) {
    const [id, actions] = out.days[d - 1];
    assert.equal(id, d);
    assert.equal(actions.length, 8);
    for (let k = 0; k < 8; k++) {
      const at = `1900-01-01T${String(3 * k).padStart(2, "0")}:0${d}:00`; // Gurux's reading of time k*3:d
      assert.deepEqual(actions[k], [at, "0.0.10.0.100.255", (k % 4) + 1], `day ${d} switch ${k}`);
    }
  }
});

// Gurux's default test keys are the simulator's (docs/DLMS.md "Keys"); -T is the client's system title.
const EK = "000102030405060708090A0B0C0D0E0F";
const AK = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
const hls = (...more: string[]): string[] => client("-c", "1", "-a", "HighGMac", "-C", "AuthenticationEncryption",
  "-T", "4D4D4D0000000001", "-A", AK, "-B", EK, "-v", "0.0.43.1.0.255", ...more);

test("management with HLS-GMAC, authenticated and encrypted: the object list and every attribute, equal to the firmware's", async () => {
  const out = await python(hls());
  const errors = out.split("\n").filter((line) => /Error!|Traceback|Invalid/.test(line));
  assert.deepEqual(errors, ["Error! Index: 7 Access Error : Device reports Read-Write denied."], out);
  assert.match(out, /Security: 48/, "SC 0x30");
  const objects = readout(out);
  assert.deepEqual([...objects.keys()].slice(0, 10), ["0.0.40.0.0.255", "0.0.41.0.0.255", "0.0.42.0.0.255", "0.0.1.0.0.255",
    "0.0.96.1.0.255", "1.0.1.8.0.255", "1.0.2.8.0.255", "0.0.96.3.10.255", "0.0.43.0.0.255", "0.0.43.1.0.255"]);
  assert.equal(objects.size, 142, "HLS sees management's whole list");
  assert.equal(objects.get("0.0.44.0.0.255")!.get(6), String(sim.meter.imageStatus()), "image_transfer_status under HLS");
  const association = objects.get("0.0.40.0.0.255")!;
  assert.equal(association.get(4), "2 16 756 5 8 1 3", "logical name referencing with ciphering");
  assert.equal(association.get(6), "2 16 756 5 8 2 5", "HLS-GMAC");
  assert.equal(objects.get("1.0.1.8.0.255")!.get(2), String(sim.meter.energyWh(Register.A_PLUS)));
  const security = objects.get("0.0.43.0.0.255")!;
  assert.equal(security.get(2), "36", "policy 0x24: authenticated requests and responses");
  assert.equal(security.get(3), "0", "suite 0");
  assert.equal(security.get(4), "4D 4D 4D 00 00 00 00 01", "the client's title from the AARQ");
  assert.equal(security.get(5), "57 41 53 00 00 BC 61 4E", "WAS and meter number 12345678");
  assert.ok(Number(objects.get("0.0.43.1.0.255")!.get(2)) > 0, "the client's counter");
  const breaker = objects.get("0.0.96.3.10.255")!;
  assert.equal(breaker.get(3), String(sim.meter.breakerState()));
  // HDLC setup of the module port's link: 9600 baud (5), window 1, 256-byte information fields, inter-octet
  // 25 ms, inactivity 120 s, physical address 16 (docs/DLMS.md); the optical port's link the same until set.
  const hdlc = objects.get("0.0.22.0.0.255")!;
  assert.deepEqual([2, 3, 4, 5, 6, 7, 8, 9].map((k) => hdlc.get(k)), ["5", "1", "1", "256", "256", "25", "120", "16"]);
  const optical = objects.get("0.0.20.0.0.255")!;
  assert.deepEqual([2, 3, 4, 5].map((k) => optical.get(k)), ["0", "0", "5", "1"], "IEC 62056-21, 300 baud, 9600 offered, 200 ms");
  for (const k of [7, 8, 9]) assert.equal(optical.get(k), "not readable", `password ${k}`);
});

test("HLS-GMAC: Gurux sets the clock, disconnects and reconnects the breaker; the same with LLS is refused when Z28 = 1", async () => {
  const z28 = sim.meter.configGet(ConfigId.LOCAL_ENCRYPTION);
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), 0, "the order asks for local encryption");
  const target = 1772361000 + 3600; // 2026-03-01 11:30:00 UTC
  const done = JSON.parse((await python([helper, String(port), "1", `hls:${EK}:${AK}`, "set-clock", String(target)])).trim().split("\n").pop()!);
  assert.equal(done.set, "ok", JSON.stringify(done));
  assert.ok(Number(sim.rtc.readUtcS()) - target >= 0 && Number(sim.rtc.readUtcS()) - target <= 5, `RTC ${sim.rtc.readUtcS()}`);
  const lls = JSON.parse((await python([helper, String(port), "1", "12345678", "disconnect"])).trim().split("\n").pop()!);
  assert.match(lls.disconnect.error, /Read-Write denied/);
  assert.equal(sim.meter.breakerState(), 1, "LLS may not open the breaker");
  const off = JSON.parse((await python([helper, String(port), "1", `hls:${EK}:${AK}`, "disconnect"])).trim().split("\n").pop()!);
  assert.equal(off.disconnect, "ok", JSON.stringify(off));
  assert.equal(off.control_state, 0);
  assert.equal(sim.meter.breakerState(), 0, "disconnected");
  assert.equal(sim.meter.breakerOutput(), 0, "the relay opened");
  const on = JSON.parse((await python([helper, String(port), "1", `hls:${EK}:${AK}`, "reconnect"])).trim().split("\n").pop()!);
  assert.equal(on.reconnect, "ok", JSON.stringify(on));
  const mode = sim.meter.configGet(ConfigId.DISCONNECT_MODE);
  assert.equal(sim.meter.breakerState(), mode === 2 || mode === 4 ? 1 : 2, `control mode ${mode}`);
  assert.equal(on.control_state, sim.meter.breakerState());
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, z28), 0);
});

test("HLS-GMAC with a wrong block cipher key is refused, and nothing is read", async () => {
  const out = await python(client("-c", "1", "-a", "HighGMac", "-C", "AuthenticationEncryption", "-T", "4D4D4D0000000001",
    "-A", AK, "-B", "0F0E0D0C0B0A09080706050403020100", "-v", "0.0.43.1.0.255"));
  assert.match(out, /Authentication failure|authentication/i);
  assert.doesNotMatch(out, /-------- Reading/);
});

test("make run ARGS=\"--dlms tcp:0\" prints its port, and the client reads the meter through it", async () => {
  const cli = spawn(process.execPath, [path.join(root, "build/js/host/cli.js"), "--dlms", "tcp:0", "--duration", "5m"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const cliPort = await new Promise<number>((resolve, reject) => {
      let text = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      cli.once("exit", (code) => reject(new Error(`cli exited ${code}: ${text}`)));
    });
    const out = await python([gurux, "-h", "127.0.0.1", "-p", String(cliPort), "-i", "WRAPPER", "-c", "16", "-s", "1", "-a", "None",
      "-g", "0.0.42.0.0.255:2; 0.0.96.1.0.255:2"]);
    assert.match(out, /Index: 2 Value: WAS1000000000000/);
    assert.match(out, /Index: 2 Value: 00000000/);
  } finally {
    const exited = new Promise((resolve) => cli.once("exit", resolve));
    cli.kill("SIGTERM");
    await exited;
  }
});
