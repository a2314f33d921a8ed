// 100,000 fuzzed APDUs behind valid associations, LLS and HLS-GMAC (ciphered properly, so they reach the parser): no trap, nothing changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { ConfigId, Err, Register, UartPort } from "../host/abi.js";
import { mulberry32 } from "../host/shims/random.js";
import { meterState, mutate } from "./fuzzkit.js";
import { hex, aarqLls, frame, exchange } from "./dlmsframes.js";
import { HlsClient, glo, DEFAULT_EK, DEFAULT_AK, CLIENT_TITLE } from "./dlmshls.js";

// Requests a management client sends, none of which may change the meter: GETs (clock, object list, A+ with-list,
// security setup), GET next, ACTIONs that are refused or fail (association method 1, breaker under LLS, a key
// transfer whose wrapped key does not unwrap), SET with block transfer of the passive day table (not compared:
// first datablock, next datablock, with-list and first datablock), RLRQ.
const SEEDS = [
  hex("C001C100080000010000FF0200"), hex("C001C1000F0000280000FF0200"), hex("C001C100400000 2B0000FF0500"),
  hex("C003C102000301000108 00FF0300 0003010002 0800FF0300"), hex("C002C100000001"),
  hex("C301C1 000F 0000 2800 00FF 01 01 0911 10000000 01 000102030405060708090A0B"),
  hex("C301C1 0040 0000 2B00 00FF 02 01 0101 0202 1600 0918 000102030405060708090A0B0C0D0E0F1011121314151617"),
  hex("C102C1 0014 00000D0000FF 09 00 00 00000001 06 0101 0202 1101"), hex("C103C1 01 00000002 04 0101 0100"),
  hex("C105C101 0014 00000D0000FF 09 00 01 00000001 03 01 0100"),
  hex("6203800100"),
];
const LLS_ONLY = [hex("C301C1 0046 0000 6003 0AFF 01 01 0F00"), hex("C301C1 0046 0000 6003 0AFF 02 01 0F00")];

function meter(): Simulator {
  const sim = new Simulator({ startUtcS: 1767268800n, waveform: { vrms: 230, irms: 20, phaseDeg: 25 } });
  sim.boot();
  assert.equal(sim.meter.configSet(ConfigId.METER_NUMBER, 12345678), Err.OK);
  // Ordered with local encryption (Z28 = 1): breaker commands need HLS, so under LLS they are refused.
  assert.equal(sim.meter.configSet(ConfigId.LOCAL_ENCRYPTION, 1), Err.OK);
  sim.run(2);
  return sim;
}

test("100,000 mutated APDUs behind LLS and HLS-GMAC associations: no trap, registers, config, clock and breaker as the twin's", () => {
  const fuzzed = meter();
  const twin = meter();
  const rand = mulberry32(43);
  let answers = 0;
  let ciphered = 0;
  const send = (apdu: number[]): void => {
    const f = frame(apdu, 1);
    for (let k = 0; k < f.length; k += 256) assert.equal(fuzzed.meter.uartReceive(UartPort.MODULE, f.subarray(k, k + 256)), Err.OK);
    fuzzed.step();
    twin.step();
    const out = fuzzed.uart.take(UartPort.MODULE);
    if (out.length > 0) answers++;
    if (out.length > 8 && out[8] >= 0xcc && out[8] <= 0xcf) ciphered++;
  };
  // LLS: plain mutated requests, the breaker's methods among them (refused for LLS whatever they become).
  for (let n = 0; n < 50_000; n++) {
    if (n % 500 === 0) send(aarqLls("12345678"));
    const seeds = n % 5 === 0 ? LLS_ONLY : SEEDS;
    send(mutate(rand, seeds[Math.floor(rand() * seeds.length)]));
  }
  // HLS: mutated plain requests ciphered with the right keys and a fresh counter, and mutated ciphered APDUs.
  let hls = new HlsClient(fuzzed, { ic: 1 });
  for (let n = 0; n < 50_000; n++) {
    if (n % 500 === 0) {
      hls = new HlsClient(fuzzed, { ic: hls.ic + 1 });
      const aare = exchange(fuzzed, hls.aarq(), 1)!;
      twin.step();
      assert.equal(aare[17], 0, `HLS association at ${n}`);
      let at = 2;
      while (at < aare.length) {
        if (aare[at] === 0xa4) hls.serverTitle = Buffer.from(aare.slice(at + 4, at + 12));
        if (aare[at] === 0xaa) hls.stoc = Buffer.from(aare.slice(at + 4, at + 2 + aare[at + 1]));
        at += 2 + aare[at + 1];
      }
      hls.lastServerIc = -1;
      assert.equal(hls.authenticate()[3], 0, "pass 3");
      twin.step();
    }
    const plain = mutate(rand, SEEDS[Math.floor(rand() * SEEDS.length)]);
    if (plain.length === 0) continue;
    const tag = (plain[0] & 0xf8) === 0xc0 ? plain[0] + 8 : 0xc8;
    const apdu = glo(tag, 0x30, CLIENT_TITLE, hls.ic++, DEFAULT_EK, DEFAULT_AK, plain);
    send(n % 4 === 3 ? mutate(rand, apdu) : apdu);
  }
  assert.ok(answers > 80_000, `${answers} answers`);
  assert.ok(ciphered > 5_000, `${ciphered} ciphered answers`);
  fuzzed.run(3);
  twin.run(3);
  assert.equal(meterState(fuzzed), meterState(twin));
  // and a valid HLS request is still answered with the register
  fuzzed.uart.take(UartPort.MODULE);
  const c = new HlsClient(fuzzed, { ic: hls.ic + 10 });
  c.open();
  const value = c.request([0xc0, 0x01, 0xc1, 0, 3, 1, 0, 1, 8, 0, 255, 2, 0]);
  assert.equal(Buffer.from(value.slice(5)).readBigUInt64BE(), fuzzed.meter.energyWh(Register.A_PLUS));
});
