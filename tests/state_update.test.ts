// A firmware update over an older meter state record version: its records are read once, never taken for damage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Simulator } from "../host/sim.js";
import { NorFlash } from "../host/shims/nvm.js";
import { crc32 } from "./helpers.js";

const SECTOR = 4096;
const STATE_AT = 66 * SECTOR; // docs/NVM.md: meter state ring, sectors 66..73
const V2_BYTES = 408;
const V1_BYTES = 256; // version 1: the version 2 layout up to offset 252, then its CRC
const STORED_DATA_DAMAGED = 0x08; // error register bit 3
const HOURS = 0; // counter id: hours with supply

// The newest version 2 state record of a meter that ran an hour, rewritten as version 1 records filling two
// sectors (what the firmware before version 2 left behind), the rest of the ring erased.
function flashWithV1State(): { flash: NorFlash; hours: bigint } {
  const flash = new NorFlash();
  const sim = new Simulator({ nvm: flash, startUtcS: 1767225600n, waveform: { irms: 5 } });
  sim.boot();
  sim.run(3600 + 5);
  const hours = sim.meter.counter(HOURS);
  let newest: Uint8Array | undefined;
  let newestSeq = -1;
  for (let at = STATE_AT; at < STATE_AT + 8 * SECTOR; at += V2_BYTES) {
    if ((at - STATE_AT) % SECTOR + V2_BYTES > SECTOR) { at = STATE_AT + Math.ceil((at - STATE_AT) / SECTOR) * SECTOR - V2_BYTES; continue; }
    const r = flash.data.subarray(at, at + V2_BYTES);
    const dv = new DataView(r.buffer, r.byteOffset);
    if (dv.getUint32(0, true) === 0x54534d57 && dv.getUint16(4, true) === 2 && dv.getUint32(8, true) > newestSeq) {
      newestSeq = dv.getUint32(8, true);
      newest = Uint8Array.from(r);
    }
  }
  assert.ok(newest, "a version 2 state record after an hour");
  flash.data.fill(0xff, STATE_AT, STATE_AT + 8 * SECTOR);
  let seq = 1;
  for (let s = 0; s < 2; s++) {
    for (let k = 0; k < SECTOR / V1_BYTES; k++) {
      const v1 = newest.slice(0, V1_BYTES);
      const dv = new DataView(v1.buffer);
      dv.setUint16(4, 1, true);
      dv.setUint16(6, V1_BYTES, true);
      dv.setUint32(8, seq++, true);
      dv.setUint32(V1_BYTES - 4, crc32(v1.subarray(0, V1_BYTES - 4)) >>> 0, true);
      flash.data.set(v1, STATE_AT + s * SECTOR + k * V1_BYTES);
    }
  }
  return { flash, hours };
}

test("after an update from state record version 1 the meter keeps its counters and reports no stored-data damage, at this boot and the next ones", () => {
  const { flash, hours } = flashWithV1State();
  assert.equal(hours, 1n);
  for (let boot = 0; boot < 3; boot++) {
    const sim = new Simulator({ nvm: flash, startUtcS: 1767229300n + BigInt(boot * 4000), waveform: { irms: 5 } });
    sim.boot();
    assert.equal(sim.meter.errorRegister() & STORED_DATA_DAMAGED, 0, `boot ${boot}: error register ${sim.meter.errorRegister().toString(16)}`);
    assert.equal(sim.meter.counter(HOURS), hours + BigInt(boot), `boot ${boot}: hours with supply carried over`);
    sim.run(3600 + 5);
  }
});

test("a damaged version 1 slot is still damage: one flipped record among them raises stored-data damaged", () => {
  const { flash } = flashWithV1State();
  flash.data[STATE_AT + 3 * V1_BYTES + 100] ^= 0x01;
  const sim = new Simulator({ nvm: flash, startUtcS: 1767229300n, waveform: { irms: 5 } });
  sim.boot();
  assert.equal(sim.meter.errorRegister() & STORED_DATA_DAMAGED, STORED_DATA_DAMAGED);
});
