// IEC 62056-21 on the real module: device address, programming mode (P1, R1, W1, B0, NAK), speeds, parity, Z18 lists, calibration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, EventCode, InputKind, Register, UartFormat, UartPort } from "../host/abi.js";

const SOH = "\x01", STX = "\x02", ETX = "\x03", ACK = "\x06", NAK = "\x15";
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const bcc = (s: string): string => String.fromCharCode([...s].reduce((x, c) => x ^ c.charCodeAt(0), 0));
// SOH command STX data ETX BCC, the BCC over everything after SOH.
const command = (cmd: string, data: string): string => SOH + cmd + STX + data + ETX + bcc(cmd + STX + data + ETX);
const dataMessage = (data: string): string => STX + data + ETX + bcc(data + ETX);
const BREAK = SOH + "B0" + ETX + bcc("B0" + ETX);

function send(sim: Simulator, s: string): void {
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, ascii(s)), Err.OK);
}

function exchange(sim: Simulator, s: string, waitS = 0.3): string {
  send(sim, s);
  sim.run(waitS);
  return text(sim.uart.take(UartPort.OPTICAL));
}

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 10 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  sim.run(5);
  return sim;
}

// Sign-on, programming mode at 9600 baud; returns the operand message P0.
function program(sim: Simulator, password?: string): string {
  assert.equal(exchange(sim, "/?!\r\n"), "/WAS5\\2wasmeter-1\r\n");
  const p0 = exchange(sim, `${ACK}051\r\n`);
  if (password !== undefined) assert.equal(exchange(sim, command("P1", `(${password})`)), ACK, "P1 accepted");
  return p0;
}

test("the request's device address: none or this meter's number (leading zeros allowed) is answered, another is not", () => {
  const sim = meter();
  const ident = "/WAS5\\2wasmeter-1\r\n";
  assert.equal(exchange(sim, "/?12345678!\r\n"), ident);
  sim.run(2);
  sim.uart.take(UartPort.OPTICAL);
  assert.equal(exchange(sim, "/?0012345678!\r\n"), ident);
  sim.run(2);
  sim.uart.take(UartPort.OPTICAL);
  for (const other of ["/?12345679!\r\n", "/?1234567!\r\n", "/?1234567A!\r\n", `/?${"1".repeat(33)}!\r\n`]) {
    assert.equal(exchange(sim, other, 2.5), "", other);
  }
  assert.equal(exchange(sim, "/?!\r\n"), ident);
});

test("the identification comes 220 ms after the request's last character, not at 200 ms", () => {
  const sim = meter();
  send(sim, "/?!\r\n");
  sim.run(0.2);
  assert.equal(sim.uart.take(UartPort.OPTICAL).length, 0);
  sim.run(0.03);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
});

test("parity: characters with the even parity bit in bit 7 (7E1 read as 8 bits) are understood", () => {
  const sim = meter();
  const withParity = Uint8Array.from("/?!\r\n", (c) => {
    const code = c.charCodeAt(0);
    let ones = 0;
    for (let b = code; b; b >>= 1) ones += b & 1;
    return code | ((ones & 1) << 7);
  });
  assert.ok(withParity.some((b) => b & 0x80), "'/' and '?' carry a parity bit");
  assert.equal(sim.meter.uartReceive(UartPort.OPTICAL, withParity), Err.OK);
  sim.run(0.3);
  assert.equal(text(sim.uart.take(UartPort.OPTICAL)), "/WAS5\\2wasmeter-1\r\n");
});

test("programming mode: ACK 0 5 1 gives P0 with the meter number at 9600 baud 7E1; the right password gets ACK", () => {
  const sim = meter();
  const p0 = program(sim);
  assert.equal(p0, command("P0", "(12345678)"));
  assert.deepEqual(sim.uart.line[UartPort.OPTICAL], { baud: 9600, format: UartFormat.SEVEN_E_ONE, afterBytes: 19 });
  assert.equal(exchange(sim, command("P1", "(12345678)")), ACK);
});

test("programming mode: a wrong password gets the break B0 and the port back at 300 baud; nothing is read before P1", () => {
  const sim = meter();
  program(sim);
  assert.equal(exchange(sim, command("R1", "1.8.0()")), dataMessage("(ERROR)"), "R1 before P1");
  assert.equal(exchange(sim, command("P1", "(12345670)")), BREAK);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 300);
  assert.equal(exchange(sim, command("P1", "(12345678)")), "", "the session is over: P1 needs a new sign-on");
  assert.equal(exchange(sim, "/?!\r\n"), "/WAS5\\2wasmeter-1\r\n");
});

test("R1 reads a readout value, a setting and answers (ERROR) for what the meter does not have", () => {
  const sim = meter();
  program(sim, "12345678");
  const wh = sim.meter.energyWh(Register.A_PLUS);
  assert.ok(wh > 0n);
  const kwh = `${String(wh / 1000n).padStart(7, "0")}.${String(wh % 1000n).padStart(3, "0")}`;
  assert.equal(exchange(sim, command("R1", "1.8.0()")), dataMessage(`1.8.0(${kwh}*kWh)`));
  assert.equal(exchange(sim, command("R1", "C.1.0()")), dataMessage("C.1.0(12345678)"));
  assert.equal(exchange(sim, command("R1", "129.0.16()")), dataMessage("129.0.16(1)"), "Z18 = 1");
  assert.equal(exchange(sim, command("R1", "32.7.0()")), dataMessage("32.7.0(230.0*V)"), "R1 reads the UD2 values whatever Z18");
  assert.equal(exchange(sim, command("R1", "129.0.32()")), dataMessage("129.0.32(1)"), "LED pulse energy 1: A+");
  for (const missing of ["99.99.99()", "1.8.0", "129.0.35()", "128.1.0()", "()", "1.8.0(5)"]) {
    assert.equal(exchange(sim, command("R1", missing)), dataMessage("(ERROR)"), missing);
  }
});

test("W1 writes the meter number and display set-up; legal data and the order are refused with (ERROR) and unchanged", () => {
  const sim = meter();
  program(sim, "12345678");
  assert.equal(exchange(sim, command("W1", "C.1.0(87654321)")), ACK);
  assert.equal(sim.meter.configGet(ConfigId.METER_NUMBER), 87654321);
  assert.equal(exchange(sim, command("W1", "129.0.14(3)")), ACK);
  assert.equal(sim.meter.configGet(ConfigId.DISPLAY_DECIMALS), 3);
  const wh = sim.meter.energyWh(Register.A_PLUS);
  for (const refused of ["1.8.0(0000000.000)", "129.0.16(0)", "129.0.18(2)", "129.0.14(9)", "C.1.0(123456789)", "C.1.0(1.5)", "128.1.0(0.00006)", "128.0.0(0)"]) {
    assert.equal(exchange(sim, command("W1", refused)), dataMessage("(ERROR)"), refused);
  }
  assert.equal(sim.meter.energyWh(Register.A_PLUS) >= wh, true);
  assert.equal(sim.meter.configGet(ConfigId.OPTICAL_MODE), 1);
  assert.equal(sim.meter.configGet(ConfigId.BREAKER_POSITION), 1);
  assert.equal(sim.meter.configGet(ConfigId.DISPLAY_DECIMALS), 3);
  assert.equal(sim.meter.configGet(ConfigId.METER_NUMBER), 87654321);
});

test("NAK repeats the last answer; a message with a wrong BCC gets NAK and changes nothing", () => {
  const sim = meter();
  program(sim, "12345678");
  const answer = exchange(sim, command("R1", "C.1.0()"));
  assert.equal(exchange(sim, NAK), answer);
  assert.equal(exchange(sim, NAK), answer);
  const bad = command("W1", "C.1.0(11111111)");
  assert.equal(exchange(sim, bad.slice(0, -1) + String.fromCharCode(bad.charCodeAt(bad.length - 1) ^ 1)), NAK);
  assert.equal(sim.meter.configGet(ConfigId.METER_NUMBER), 12345678);
});

test("B0 ends programming mode without an answer, the port returns to 300 baud and a new request is answered", () => {
  const sim = meter();
  program(sim, "12345678");
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 9600);
  assert.equal(exchange(sim, BREAK), "");
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 300);
  assert.equal(exchange(sim, "/?!\r\n"), "/WAS5\\2wasmeter-1\r\n");
});

test("programming mode ends after 120 s without a message", () => {
  const sim = meter();
  program(sim, "12345678");
  sim.run(119);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 9600);
  sim.run(1.5);
  assert.equal(sim.uart.line[UartPort.OPTICAL].baud, 300);
  assert.equal(exchange(sim, command("R1", "C.1.0()")), "");
});

test("Z18 001 reads out the UD list (no peaks, no instantaneous values), 002 the UD2 list with them", () => {
  const sim = meter();
  const readout = (): string[] => {
    assert.equal(exchange(sim, "/?!\r\n"), "/WAS5\\2wasmeter-1\r\n");
    const msg = exchange(sim, `${ACK}050\r\n`);
    return msg.slice(1, msg.indexOf("!")).split("\r\n").filter((l) => l).map((l) => l.slice(0, l.indexOf("(")));
  };
  const ud = readout();
  for (const obis of ["C.1.0", "0.9.1", "0.9.2", "1.8.0", "1.8.1", "3.8.0", "0.1.0", "C.7.0", "F.F"]) assert.ok(ud.includes(obis), obis);
  for (const obis of ["1.6.0", "3.6.0", "9.6.0", "10.6.0", "32.7.0", "31.7.0", "14.7.0", "13.7.0"]) assert.ok(!ud.includes(obis), obis);
  assert.equal(sim.meter.configSet(ConfigId.OPTICAL_MODE, 2), Err.OK);
  const ud2 = readout();
  assert.deepEqual(ud2.filter((o) => !ud.includes(o)), ["1.6.0", "3.6.0", "9.6.0", "10.6.0", "32.7.0", "31.7.0", "14.7.0", "13.7.0",
    "32.32.0", "32.36.0", "C.50.0", "C.50.1", "C.50.2", "C.50.3", "C.50.4", "C.50.5", "C.50.6"], "peaks, instantaneous and power quality values");
});

test("calibration over the optical port: refused without the switch; with it R1/W1 of the constants, the record's CRC shown", () => {
  const sim = meter();
  program(sim, "12345678");
  assert.equal(exchange(sim, command("R1", "128.1.0()")), dataMessage("(ERROR)"), "switch off");
  assert.equal(exchange(sim, command("W1", "128.2.0(0.0000298)")), dataMessage("(ERROR)"), "switch off");
  const iGain = sim.meter.calGet(2);
  assert.equal(sim.meter.inputEvent(InputKind.CAL_MODE, 1), Err.OK);
  // 500 V / 2^23 = 0.000059604644775390625 V per LSB, shown with 15 decimals.
  assert.equal(exchange(sim, command("R1", "128.1.0()")), dataMessage("128.1.0(0.000059604644775)"));
  assert.equal(exchange(sim, command("W1", "128.2.0(0.0000298)")), ACK);
  assert.equal(sim.meter.calGet(2), 0.0000298);
  assert.notEqual(sim.meter.calGet(2), iGain);
  assert.equal(exchange(sim, command("R1", "128.2.0()")), dataMessage("128.2.0(0.000029800000000)"));
  assert.equal(exchange(sim, command("W1", "128.4.0(-12.5)")), ACK);
  assert.equal(sim.meter.calGet(4), -12.5);
  assert.equal(exchange(sim, command("W1", "128.3.0(0.0012)")), ACK);
  assert.equal(sim.meter.calGet(3), 0.0012);
  // Outside the documented ranges: gain +-20 %, phase +-0.0873 rad, delay +-250 us.
  for (const bad of ["128.1.0(0.00008)", "128.3.0(0.1)", "128.4.0(251)", "128.2.0(abc)"]) {
    assert.equal(exchange(sim, command("W1", bad)), dataMessage("(ERROR)"), bad);
  }
  assert.equal(sim.meter.calGet(4), -12.5);
  const crc = (sim.meter.calGet(0) >>> 0).toString(16).toUpperCase().padStart(8, "0");
  assert.notEqual(crc, "00000000");
  assert.equal(exchange(sim, command("R1", "128.0.0()")), dataMessage(`128.0.0(${crc})`));
  assert.equal(sim.meter.inputEvent(InputKind.CAL_MODE, 0), Err.OK);
  assert.equal(exchange(sim, command("W1", "128.4.0(0)")), dataMessage("(ERROR)"), "switch off again");
  assert.equal(sim.meter.calGet(4), -12.5);
});

test("three wrong P1 passwords lock programming mode for 300 s, each logged as event 9 cause 1, as DLMS does for the same secret", () => {
  const sim = meter();
  for (let k = 0; k < 3; k++) {
    program(sim);
    assert.equal(exchange(sim, command("P1", "(00000000)")), BREAK);
  }
  const failed = sim.meter.events().filter((e) => e.code === EventCode.AUTHENTICATION_FAILED);
  assert.deepEqual(failed.map((e) => [e.cause, e.a, Number(e.b)]), [[1, 0, 0], [1, 0, 0], [1, 0, 1]]);
  program(sim);
  assert.equal(exchange(sim, command("P1", "(12345678)")), BREAK, "the right password during the lock-out");
  sim.run(300);
  program(sim);
  assert.equal(exchange(sim, command("P1", "(12345678)")), ACK, "after 300 s");
  assert.equal(sim.meter.events().filter((e) => e.code === EventCode.AUTHENTICATION_FAILED).length, 3, "refusals in the lock-out are not logged");
});
