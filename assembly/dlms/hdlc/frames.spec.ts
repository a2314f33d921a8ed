// HDLC frames byte for byte: SNRM/UA as Gurux sends and expects them, DISC/DM, addresses, corrupt frames, FRMR.
import { CTRL_PF, CTRL_SNRM, CTRL_DISC, CTRL_UI } from "./frame";
import { LinkState } from "./link";
import { FRMR_W, FRMR_Y, FRMR_Z } from "./station";
import { LINK, FRAME, INFO, freshLink, clientFrame, exchange, sentByte, sentControl, iFrame, request, CLIENT_1 } from "./testclient";

function expectSent(expected: StaticArray<u8>): void {
  expect(LINK.txLength).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(sentByte(LINK, k)).toBe(<u32>expected[k], "byte " + k.toString());
}

function connect(): void {
  freshLink();
  clientFrame(CTRL_SNRM | CTRL_PF, 0);
  exchange(LINK);
}

describe("SNRM and UA", () => {
  it("builds Gurux's SNRM from client 16 to server 1 as 7E A0 07 03 21 93 0F 01 7E", () => {
    expect(clientFrame(CTRL_SNRM | CTRL_PF, 0)).toBe(9);
    const want: StaticArray<u8> = [0x7e, 0xa0, 0x07, 0x03, 0x21, 0x93, 0x0f, 0x01, 0x7e];
    for (let k = 0; k < 9; k++) expect(<u32>load<u8>(FRAME + <usize>k)).toBe(<u32>want[k]);
  });
  it("answers SNRM with UA carrying 128/128 bytes and window 1/1", () => {
    connect();
    expectSent([
      0x7e, 0xa0, 0x1e, 0x21, 0x03, 0x73, 0xc3, 0x7a, 0x81, 0x80, 0x12, 0x05, 0x01, 0x80, 0x06, 0x01, 0x80,
      0x07, 0x04, 0x00, 0x00, 0x00, 0x01, 0x08, 0x04, 0x00, 0x00, 0x00, 0x01, 0x53, 0x3b, 0x7e,
    ]);
    expect(LINK.state).toBe(LinkState.CONNECTED);
  });
  it("negotiates down: a client offering 512 bytes and window 7, receiving 64, gets 256 in and 64 out, window 1", () => {
    freshLink();
    const p = memory.data<u8>([0x81, 0x80, 0x13, 0x05, 0x02, 0x02, 0x00, 0x06, 0x01, 0x40, 0x07, 0x04, 0, 0, 0, 7, 0x08, 0x04, 0, 0, 0, 7]);
    memory.copy(INFO, p, 22);
    clientFrame(CTRL_SNRM | CTRL_PF, 22);
    exchange(LINK);
    expect(LINK.infoTx).toBe(64);
    expect(LINK.infoRx).toBe(256);
    // UA info: 05 01 40 (we send 64), 06 02 01 00 (we take 256), windows 1.
    expect(sentByte(LINK, 11)).toBe(0x05);
    expect(sentByte(LINK, 13)).toBe(0x40);
    expect(sentByte(LINK, 14)).toBe(0x06);
    expect(sentByte(LINK, 15)).toBe(0x02);
    expect(sentByte(LINK, 16)).toBe(0x01);
    expect(sentByte(LINK, 17)).toBe(0x00);
    expect(sentByte(LINK, 23)).toBe(0x01);
  });
  it("refuses with DM an SNRM proposing an information field of 16 bytes", () => {
    freshLink();
    const p = memory.data<u8>([0x81, 0x80, 0x03, 0x05, 0x01, 0x10]);
    memory.copy(INFO, p, 6);
    clientFrame(CTRL_SNRM | CTRL_PF, 6);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x1f);
    expect(LINK.state).toBe(LinkState.DISCONNECTED);
  });
});

describe("DISC and DM", () => {
  it("answers Gurux's DISC 7E A0 07 03 21 53 03 C7 7E with UA 7E A0 07 21 03 73 01 40 7E when connected", () => {
    connect();
    clientFrame(CTRL_DISC | CTRL_PF, 0);
    expect(load<u8>(FRAME, 6)).toBe(0x03);
    expect(load<u8>(FRAME, 7)).toBe(0xc7);
    exchange(LINK);
    expectSent([0x7e, 0xa0, 0x07, 0x21, 0x03, 0x73, 0x01, 0x40, 0x7e]);
    expect(LINK.state).toBe(LinkState.DISCONNECTED);
  });
  it("answers DISC with DM 7E A0 07 21 03 1F 6B E9 7E when disconnected", () => {
    freshLink();
    clientFrame(CTRL_DISC | CTRL_PF, 0);
    exchange(LINK);
    expectSent([0x7e, 0xa0, 0x07, 0x21, 0x03, 0x1f, 0x6b, 0xe9, 0x7e]);
  });
  it("answers an I-frame with DM before SNRM and one from another client with DM", () => {
    freshLink();
    clientFrame(iFrame(0, 0), request(4));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x1f);
    connect();
    clientFrame(iFrame(0, 0), request(4), false, CLIENT_1);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x1f);
    expect(sentByte(LINK, 3)).toBe(CLIENT_1);
  });
});

describe("addresses", () => {
  it("ignores frames for server 2, and for physical address 17 when ours is 16", () => {
    freshLink();
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x05, 1);
    expect(exchange(LINK)).toBe(0);
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x0223, 2);
    expect(exchange(LINK)).toBe(0);
    expect(LINK.framesIgnored).toBe(2);
    expect(LINK.state).toBe(LinkState.DISCONNECTED);
  });
  it("answers the 2-byte form 02 21 and the 4-byte form 00 02 00 21 from the same address", () => {
    freshLink();
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x0221, 2);
    exchange(LINK);
    expect(sentByte(LINK, 4)).toBe(0x02);
    expect(sentByte(LINK, 5)).toBe(0x21);
    expect(sentByte(LINK, 6)).toBe(0x73);
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x00020021, 4);
    exchange(LINK);
    expect(sentByte(LINK, 7)).toBe(0x21);
    expect(sentByte(LINK, 8)).toBe(0x73);
  });
  it("drops a 3-byte server address as malformed", () => {
    freshLink();
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x020221, 3);
    expect(exchange(LINK)).toBe(0);
    expect(LINK.framesCorrupt).toBe(1);
  });
});

describe("corrupt frames", () => {
  it("drops a frame with a flipped FCS bit or HCS bit, and answers the next good one", () => {
    connect();
    const n = clientFrame(iFrame(0, 0), request(4));
    store<u8>(FRAME + <usize>(n - 2), load<u8>(FRAME + <usize>(n - 2)) ^ 0x40);
    expect(exchange(LINK)).toBe(0);
    clientFrame(iFrame(0, 0), request(4));
    store<u8>(FRAME, load<u8>(FRAME, 7) ^ 0x01, 7);
    expect(exchange(LINK)).toBe(0);
    expect(LINK.framesCorrupt).toBe(2);
    expect(LINK.vr).toBe(0);
    clientFrame(iFrame(0, 0), request(4));
    expect(exchange(LINK)).toBeGreaterThan(0);
  });
});

describe("FRMR", () => {
  it("rejects an information field of 129 bytes (128 negotiated) with reason Y and repeats FRMR until SNRM", () => {
    connect();
    clientFrame(iFrame(0, 0), 129);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x97);
    expect(sentByte(LINK, 8)).toBe(iFrame(0, 0)); // the rejected control field
    expect(sentByte(LINK, 10)).toBe(FRMR_Y);
    clientFrame(iFrame(0, 0), request(2));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x97);
    clientFrame(CTRL_SNRM | CTRL_PF, 0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x73);
  });
  it("rejects a 400-byte information field, longer than the receive buffer, with reason Y", () => {
    connect();
    clientFrame(iFrame(0, 0), 400);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x97);
    expect(sentByte(LINK, 10)).toBe(FRMR_Y);
    expect(LINK.framesCorrupt).toBe(0);
  });
  it("rejects UI (not implemented) with reason W and an N(R) of 3 when nothing was sent with reason Z", () => {
    connect();
    clientFrame(CTRL_UI | CTRL_PF, 0);
    exchange(LINK);
    expect(sentByte(LINK, 10)).toBe(FRMR_W);
    connect();
    clientFrame(iFrame(0, 3), request(2));
    exchange(LINK);
    expect(sentByte(LINK, 10)).toBe(FRMR_Z);
    expect(LINK.state).toBe(LinkState.FRAME_REJECT);
  });
});
