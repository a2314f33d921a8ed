// Remote firmware update through the class 18 exports: transfer, verification over ticks, activation, refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Err, Register } from "../host/abi.js";
import { crc32, registersWh } from "./helpers.js";
import {
  FIRMWARE, LEGAL, LEGAL_KEY, UTILITY_KEY, ImageStatus, Refusal, UpdateEvent, variant, signed, meterOnSlots, start, transfer,
  verify, sendMissing, otherLegal,
} from "./updatekit.js";
import { withLegalSection } from "../host/legal.js";
import { legalChecksum } from "../host/image.js";

test("a signed image is transferred in 1 KiB blocks, verified over 400+ ticks while A+ keeps counting, activated, and version 2 runs with the same registers", () => {
  const { nvm, slots } = meterOnSlots();
  let sim = start(nvm, slots, 40);
  sim.run(5);
  assert.equal(sim.meter.imageRunningSlot(), 0);
  assert.equal(sim.meter.imageRunningVersion(), 1);
  const file = signed(variant("v2"), 2);
  assert.equal(transfer(sim, file), Err.OK);
  assert.equal(sim.meter.imageFirstMissing(), Math.ceil(file.length / 1024));
  const aPlusBefore = sim.meter.energyWh(Register.A_PLUS);
  const ticks = verify(sim);
  // 40 A at 230 V is 9.2 kW: 2.56 Wh per second of verification.
  const aPlusAfter = sim.meter.energyWh(Register.A_PLUS);
  assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_SUCCESSFUL);
  // 62 KiB hashed at 512 bytes a tick, then about 280 ECDSA steps: never in one tick.
  assert.ok(ticks > Math.floor(FIRMWARE.length / 512) + 250, `verified in ${ticks} ticks`);
  const expectWh = 9200 * ticks * 0.01 / 3600;
  assert.ok(Number(aPlusAfter - aPlusBefore) >= Math.floor(expectWh) - 2, `A+ grew ${aPlusAfter - aPlusBefore} Wh in ${ticks} ticks`);
  assert.equal(sim.meter.imageActivate(), Err.OK);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_INITIATED);
  sim.run(1);
  assert.ok(sim.resetRequested, "activation hands over to the boot loader");
  const before = registersWh(sim);
  const checksumBefore = sim.legalChecksum;

  sim = start(nvm, slots, 40);
  assert.equal(sim.meter.imageRunningSlot(), 1);
  assert.equal(sim.meter.imageRunningVersion(), 2);
  assert.deepEqual(registersWh(sim), before);
  assert.equal(sim.legalChecksum, checksumBefore, "the legal section did not change, nor does its checksum");
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_INITIATED);
  sim.run(61);
  assert.equal(sim.meter.imageStatus(), ImageStatus.ACTIVATION_SUCCESSFUL);
  const codes = sim.meter.events().map((e) => e.code);
  for (const c of [UpdateEvent.TRANSFER_STARTED, UpdateEvent.VERIFIED, UpdateEvent.ACTIVATED, UpdateEvent.CONFIRMED]) assert.ok(codes.includes(c), `event ${c}`);
  // Confirmed: the next boots stay on version 2.
  sim = start(nvm, slots);
  assert.equal(sim.meter.imageRunningVersion(), 2);
  assert.equal(sim.meter.imageStatus(), ImageStatus.NOT_INITIATED);
});

test("unsigned, wrongly signed, downgraded, wrong-ABI, truncated, tampered and legal-changing images are refused with class 18 status 4 and event 41; with both signatures the legal change runs and the legal checksum follows it", () => {
  const { nvm, slots } = meterOnSlots(signed(FIRMWARE, 5, { legalKey: LEGAL_KEY }));
  const sim = start(nvm, slots);
  const other = withLegalSection(FIRMWARE, otherLegal());
  const tampered = signed(variant("x"), 6);
  tampered[tampered.length - 1] ^= 1;
  const cases: Array<[string, Buffer, Refusal, number?]> = [
    ["unsigned", signed(variant("u"), 6, { key: undefined }), Refusal.UNSIGNED],
    ["signed by the legal key only", signed(variant("w"), 6, { key: LEGAL_KEY }), Refusal.BAD_SIGNATURE],
    ["older version", signed(variant("d"), 4), Refusal.DOWNGRADE],
    ["ABI 2", signed(variant("a"), 6, { abi: 2 }), Refusal.WRONG_ABI],
    ["another target", signed(variant("t"), 6, { target: 0x12345678 }), Refusal.WRONG_TARGET],
    ["truncated by 100 bytes", signed(variant("t"), 6), Refusal.TRUNCATED, -100],
    ["one wasm byte changed after signing", tampered, Refusal.HASH_MISMATCH],
    ["another legal section without the legal key", signed(other, 6), Refusal.LEGAL_UNSIGNED],
    ["another legal section signed twice by the utility", signed(other, 6, { legalKey: UTILITY_KEY }), Refusal.BAD_LEGAL_SIGNATURE],
    ["a manifest naming another legal hash", signed(FIRMWARE, 6, { legalHash: otherLegal(), legalKey: LEGAL_KEY }), Refusal.MALFORMED],
  ];
  for (const [name, file, refusal, cut] of cases) {
    assert.equal(transfer(sim, file, 1024, file.length + (cut ?? 0)), Err.OK, name);
    verify(sim);
    assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_FAILED, name);
    assert.equal(sim.meter.imageRefusal(), refusal, name);
    assert.equal(sim.meter.imageVerify(), Err.BUSY, `${name}: verify again`);
    verify(sim);
    assert.equal(sim.meter.imageRefusal(), refusal, name);
    assert.equal(sim.meter.imageActivate(), Err.NOT_READY, `${name} cannot be activated`);
    const last = sim.meter.events().at(-1)!;
    assert.deepEqual([last.code, last.cause], [UpdateEvent.REFUSED, refusal], name);
  }
  // A legal change with both signatures is taken, and its checksum is the new legal section's.
  assert.equal(transfer(sim, signed(other, 6, { legalKey: LEGAL_KEY })), Err.OK);
  verify(sim);
  assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_SUCCESSFUL);
  assert.equal(legalChecksum(FIRMWARE), crc32(LEGAL));
  assert.equal(sim.legalChecksum, crc32(LEGAL));
  // Once it runs, the legal checksum handed to the display is the new legal section's.
  assert.equal(sim.meter.imageActivate(), Err.OK);
  sim.run(1);
  const next = start(nvm, slots);
  assert.equal(next.meter.imageRunningVersion(), 6);
  assert.equal(next.legalChecksum, crc32(otherLegal()));
  assert.notEqual(next.legalChecksum, crc32(LEGAL));
});

test("transfer refusals: blocks before initiate, wrong lengths and numbers, sizes over 128 KiB, odd block sizes, verify with blocks missing", () => {
  const { nvm, slots } = meterOnSlots();
  const sim = start(nvm, slots);
  const file = signed(variant("r"), 2);
  assert.equal(sim.meter.imageBlock(0, file.subarray(0, 512)), Err.NOT_READY);
  assert.equal(sim.meter.imageVerify(), Err.NOT_READY);
  assert.equal(sim.meter.imageBlockSizeSet(100), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.imageBlockSizeSet(2048), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.imageBlockSizeSet(256), Err.OK);
  assert.equal(sim.meter.imageInitiate(Buffer.from("x"), 224 + 128 * 1024 + 1), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.imageInitiate(new Uint8Array(0), file.length), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.imageInitiate(Buffer.from("id"), file.length), Err.OK);
  assert.equal(sim.meter.imageStatus(), ImageStatus.INITIATED);
  const blocks = Math.ceil(file.length / 256);
  assert.equal(sim.meter.imageBlock(blocks, file.subarray(0, 1)), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.imageBlock(0, file.subarray(0, 255)), Err.INVALID_ARGUMENT);
  assert.equal(sim.meter.imageBlock(3, file.subarray(768, 1024)), Err.OK);
  assert.equal(sim.meter.imageBlock(3, file.subarray(768, 1024)), Err.OK, "a block sent twice is taken once");
  assert.equal(sim.meter.imageFirstMissing(), 0);
  assert.deepEqual([0, 1, 2, 3, 4].map((b) => sim.meter.imageBlockStatus(b)), [0, 0, 0, 1, 0]);
  assert.equal(sim.meter.imageVerify(), Err.OUT_OF_RANGE);
  assert.equal(sim.meter.imageRefusal(), Refusal.INCOMPLETE);
  sendMissing(sim, file);
  assert.equal(sim.meter.imageFirstMissing(), blocks);
  verify(sim);
  assert.equal(sim.meter.imageStatus(), ImageStatus.VERIFICATION_SUCCESSFUL);
});

test("the transfer record in the slot trailer: magic WMIT, version 1, block and image bytes, identifier, CRC-32 of bytes 0..59", () => {
  const { nvm, slots } = meterOnSlots();
  const sim = start(nvm, slots);
  assert.equal(sim.meter.imageBlockSizeSet(128), Err.OK);
  assert.equal(sim.meter.imageInitiate(Buffer.from("meter-fw-2"), 5000), Err.OK);
  const t = Buffer.from(slots.data[1].subarray(33 * 4096, 33 * 4096 + 64));
  assert.equal(t.toString("latin1", 0, 4), "WMIT");
  assert.deepEqual([t.readUInt16LE(4), t.readUInt16LE(6), t.readUInt32LE(8), t.readUInt32LE(12)], [1, 128, 5000, 10]);
  assert.equal(t.toString("latin1", 16, 26), "meter-fw-2");
  assert.equal(t.readUInt32LE(60), crc32(t.subarray(0, 60)));
  // The running slot is never written by a transfer.
  assert.equal(Buffer.from(slots.data[0].subarray(0, 4)).toString("latin1"), "WMUP");
});
