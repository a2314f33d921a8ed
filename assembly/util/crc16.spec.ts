// CRC-16/X.25 matches its catalogue check value, the FCS of a real HDLC frame, and the good-frame residue.
import { crc16, crc16Step, CRC16_INIT, CRC16_GOOD_RESIDUE } from "./crc16";

describe("CRC-16/X.25", () => {
  it("gives the check value 0x906E for '123456789'", () => {
    const buf = memory.data<u8>([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);
    expect(crc16(buf, 9)).toBe(0x906e);
  });
  it("gives the FCS 0F 01 of Gurux's SNRM header A0 07 03 21 93", () => {
    const buf = memory.data<u8>([0xa0, 0x07, 0x03, 0x21, 0x93]);
    expect(crc16(buf, 5)).toBe(0x010f);
  });
  it("leaves the residue 0xF0B8 when run over a frame and its own FCS, and another after a flipped bit", () => {
    const buf = memory.data<u8>([0xa0, 0x07, 0x03, 0x21, 0x93, 0x0f, 0x01]);
    let crc = CRC16_INIT;
    for (let k = 0; k < 7; k++) crc = crc16Step(crc, <u32>load<u8>(buf + <usize>k));
    expect(crc).toBe(CRC16_GOOD_RESIDUE);
    store<u8>(buf, 0x23, 3);
    crc = CRC16_INIT;
    for (let k = 0; k < 7; k++) crc = crc16Step(crc, <u32>load<u8>(buf + <usize>k));
    expect(crc).not.toBe(CRC16_GOOD_RESIDUE);
  });
});
