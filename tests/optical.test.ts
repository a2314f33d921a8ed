// IEC 62056-21 readout on the optical port (Z18 mode A and C): sign-on, identification, data message with BCC, time-outs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);

function send(sim: Simulator, s: string): void {
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii(s)), Err.OK);
}

// Splits a data message into its lines after checking STX ... ETX and the block check character.
function dataLines(msg: Uint8Array): Map<string, string> {
  assert.equal(msg[0], 0x02, "STX");
  const etx = msg.indexOf(0x03);
  assert.equal(etx, msg.length - 2, "ETX then the BCC, nothing after");
  let bcc = 0;
  for (let k = 1; k <= etx; k++) bcc ^= msg[k];
  assert.equal(msg[msg.length - 1], bcc, "BCC = XOR of the bytes after STX up to and including ETX");
  const body = text(msg.subarray(1, etx));
  assert.ok(body.endsWith("!\r\n"), "the data block ends with !");
  const lines = new Map<string, string>();
  for (const line of body.split("\r\n").slice(0, -2)) {
    const m = /^([0-9A-F.]+)\((.*)\)$/.exec(line);
    assert.ok(m, `line '${line}'`);
    lines.set(m[1], m[2]);
  }
  return lines;
}

test("mode C: /?! gets the identification after the reaction time, the acknowledgement gets the UD2 data readout", () => {
  const sim = new Simulator({ startUtcS: 1767268800n /* 2026-01-01 12:00 UTC */, waveform: { vrms: 231.2, irms: 20, phaseDeg: 30 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 2), Err.OK); // Z18 002: UD2, with peaks and instantaneous values
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 123456789), Err.OUT_OF_RANGE);
  sim.run(60);
  send(sim, "/?!\r\n");
  sim.run(0.15);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0, "nothing before 200 ms");
  sim.run(0.1);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
  send(sim, "\x06050\r\n");
  sim.run(0.3);
  const lines = dataLines(sim.uart.take(UartPort.OPTICAL));
  const wh = sim.meter.energyWh(Register.A_PLUS);
  assert.equal(lines.get("1.8.0"), `${String(wh / 1000n).padStart(7, "0")}.${String(wh % 1000n).padStart(3, "0")}*kWh`);
  assert.equal(lines.get("2.8.0"), "0000000.000*kWh");
  assert.match(lines.get("3.8.0")!, /^\d{7}\.\d{3}\*kvarh$/);
  assert.match(lines.get("9.8.0")!, /^\d{7}\.\d{3}\*kVAh$/);
  assert.equal(lines.get("32.7.0"), "231.2*V");
  assert.equal(lines.get("31.7.0"), "20.00*A");
  assert.equal(lines.get("14.7.0"), "50.00*Hz");
  assert.equal(lines.get("13.7.0"), "0.866");
  assert.equal(lines.get("0.9.2"), "260101");
  assert.equal(lines.get("C.1.0"), "12345678");
  assert.match(lines.get("0.9.1")!, /^1301\d\d$/, "13:01 CET");
  for (const obis of ["1.8.1", "1.8.4", "3.8.1", "3.8.4", "5.8.0", "8.8.0", "10.8.0", "1.6.0", "3.6.0", "9.6.0", "10.6.0", "F.F", "C.7.0", "0.1.0"]) {
    assert.ok(lines.has(obis), obis);
  }
});

test("mode A: without an acknowledgement the data message follows 1.5 s after the identification has left the line", () => {
  const sim = new Simulator({ waveform: { vrms: 230, irms: 5 } });
  sim.boot();
  sim.run(3);
  send(sim, "/?!\r\n");
  sim.run(0.3);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
  // 19 characters at 300 baud, 10 bits each: 634 ms on the line, then the 1.5 s time-out.
  sim.run(2.0);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0);
  sim.run(0.2);
  assert.ok(dataLines(sim.uart.take(UartPort.OPTICAL)).has("1.8.0"));
});

test("requests for another address, garbage, a speed above the offered 9600 baud and a disabled port get no answer", () => {
  const sim = new Simulator({});
  sim.boot();
  for (const bad of ["/?12345678!\r\n", "/?!\n", "?!\r\n", "\x00\xff/?", "hello\r\n"]) {
    send(sim, bad);
    sim.run(2);
    assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0, JSON.stringify(bad));
  }
  send(sim, "/?!\r\n");
  sim.run(0.3);
  sim.uart.take(UartPort.OPTICAL);
  send(sim, "\x06060\r\n"); // 19200 baud: above the offered '5'
  sim.run(3);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0);
  assert.equal(sim.uart.lineLog[UartPort.OPTICAL].length, 0, "the line stays at 300 baud");
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 0), Err.OK);
  send(sim, "/?!\r\n");
  sim.run(2);
  // Z18 = 0: the identification (mode E stays, docs/HAL.md), never a data message.
  assert.equal(Buffer.from(sim.uart.take(UartPort.OPTICAL)).toString("latin1"), "/WAS5\\2wasmeter-1\r\n", "Z18 = 0");
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 3), Err.OUT_OF_RANGE);
});

test("a request split over several receptions, with gaps under 1.5 s, is still a request", () => {
  const sim = new Simulator({});
  sim.boot();
  send(sim, "/?");
  sim.run(1);
  send(sim, "!\r");
  sim.run(0.5);
  send(sim, "\n");
  sim.run(0.3);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
});

test("the readout labels the peaks by their quantity: 1.6.0 kW, 3.6.0 kvar, 9.6.0 kVA, 10.6.0 kVA", () => {
  // 230 V, 20 A lagging 30 degrees: P 3983.716 W, Q 2300 var, S 4600 VA over the whole 12:00..12:15 period.
  const sim = new Simulator({ startUtcS: 1767268800n /* 2026-01-01 12:00 UTC */, waveform: { vrms: 230, irms: 20, phaseDeg: 30 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 2), Err.OK); // the peaks are in the UD2 list
  sim.run(16 * 60);
  send(sim, "/?!\r\n");
  sim.run(0.25);
  sim.uart.take(UartPort.OPTICAL);
  send(sim, "\x06050\r\n");
  sim.run(0.3);
  const lines = dataLines(sim.uart.take(UartPort.OPTICAL));
  const peak = (obis: string): [number, string] => {
    const m = /^(\d+\.\d{3})\*(\w+)\)\((\d{10})?$/.exec(lines.get(obis)!);
    assert.ok(m, `${obis}(${lines.get(obis)})`);
    return [Number(m[1]), m[2]];
  };
  const [p, pUnit] = peak("1.6.0");
  const [q, qUnit] = peak("3.6.0");
  const [s, sUnit] = peak("9.6.0");
  assert.deepEqual([pUnit, qUnit, sUnit, peak("10.6.0")[1]], ["kW", "kvar", "kVA", "kVA"]);
  // The first period starts with boot, so its mean is a little under the load: within 0.2 %.
  assert.ok(Math.abs(p / 3.9837 - 1) < 2e-3, `P+max ${p} kW`);
  assert.ok(Math.abs(q / 2.3 - 1) < 2e-3, `Q+max ${q} kvar`);
  assert.ok(Math.abs(s / 4.6 - 1) < 2e-3, `S+max ${s} kVA`);
});
