// Fuzzing the module port: random and mutated wrapper frames and APDUs never trap and change nothing a twin meter does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { Err, UartPort } from "../host/abi.js";
import { mulberry32 } from "../host/shims/random.js";
import { meterState, mutate } from "./fuzzkit.js";
import { hex, AARQ_PUBLIC, aarqLls, frame } from "./dlmsframes.js";

// LLS with a wrong password: a mutation must not be able to open a writing association.
const AARQ_LLS = aarqLls("12345679");
// Requests a client sends: GET normal (clock time, object list), with-list, next, SET of the clock, ACTION,
// SET with block transfer (first datablock of the clock, next datablock, with-list and first datablock), RLRQ.
const SEEDS = [
  AARQ_PUBLIC, AARQ_LLS,
  hex("C001C100080000010000FF0200"), hex("C001C1000F0000280000FF0200"),
  hex("C003C102000301000108 00FF0300 0003010002 0800FF0300"), hex("C002C100000001"),
  hex("C101C100080000010000FF0200090C07EA0301FF0A1E0000FFC400"), hex("C301C1 0046 0000 6003 0AFF 01 01 0F00"),
  hex("C102C100080000010000FF0200 00 00000001 06 090C07EA0301"), hex("C103C1 01 00000002 08 FF0A1E0000FFC400"),
  hex("C105C101 00080000010000FF0200 01 00000001 0F 01 090C07EA0301FF0A1E0000FFC400"),
  hex("6203800100"),
];

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 20, phaseDeg: 25 } });
  sim.boot();
  sim.run(2);
  return sim;
}

test("6,000 random streams, mutated frames and mutated APDUs behind an association: no trap, meter state as its twin's", () => {
  const fuzzed = meter();
  const twin = meter();
  const rand = mulberry32(4059);
  let answers = 0;
  const send = (bytes: Uint8Array): void => {
    for (let k = 0; k < bytes.length; k += 256) {
      assert.equal(fuzzed.meter.uartReceive(UartPort.MODULE, bytes.subarray(k, k + 256)), Err.OK);
    }
    fuzzed.step();
    twin.step();
    if (fuzzed.uart.take(UartPort.MODULE).length > 0) answers++;
  };
  for (let n = 0; n < 6000; n++) {
    const mode = n % 3;
    if (mode === 0) { // raw noise on the line, sometimes starting like a wrapper header
      const len = 1 + Math.floor(rand() * 300);
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
      if (rand() < 0.5 && len >= 6) bytes.set([0, 1, 0, 16, 0, 1], 0);
      send(bytes);
    } else if (mode === 1) { // a whole frame, header and APDU mutated together
      const seed = SEEDS[Math.floor(rand() * SEEDS.length)];
      send(Uint8Array.from(mutate(rand, [...frame(seed, 16)])));
    } else { // a good header around a mutated APDU, behind the public association (SET and ACTION are denied there)
      if (n % 300 === 2) send(frame(AARQ_PUBLIC, 16));
      const seed = SEEDS[2 + Math.floor(rand() * (SEEDS.length - 2))];
      send(frame(mutate(rand, seed), 16));
    }
  }
  assert.ok(answers > 1000, `${answers} answers`);
  fuzzed.run(3);
  twin.run(3);
  assert.equal(meterState(fuzzed), meterState(twin));
  // and it still answers a valid request
  fuzzed.uart.take(UartPort.MODULE);
  fuzzed.meter.uartReceive(UartPort.MODULE, frame(AARQ_PUBLIC, 16));
  fuzzed.step();
  const aare = fuzzed.uart.take(UartPort.MODULE);
  assert.equal(aare[8], 0x61);
  assert.equal(aare[8 + 17], 0, "association accepted");
});
