// HDLC data transfer: APDUs up and answers down through an echo upper layer, segmentation at 128 bytes both ways,
// N(S)/N(R) with window 1, retransmission, RNR, inter-octet and inactivity time-outs.
import { CTRL_PF, CTRL_SNRM, CTRL_DISC } from "./frame";
import { LinkState, LinkEvent, setUpperLayer, linkOpen, linkTick, linkConfigure, interOctetEffectiveMs, APDU_CAPACITY } from "./link";
import { Err } from "../../errors";
import { LINK, FRAME, INFO, freshLink, clientFrame, exchange, tickOut, feed, sentByte, sentControl, iFrame, rr, request } from "./testclient";

// The upper layer of these specs: echoes the APDU, or answers `answerLength` bytes 0, 1, 2, ..., or stays busy.
let answerLength: i32 = 0;
let busyTicks: i32 = 0;
let apdusSeen: i32 = 0;
let lastEvent: i32 = 0;

function upper(link: i32, inPtr: usize, inLength: i32, outPtr: usize, outCapacity: i32): i32 {
  if (busyTicks > 0) {
    busyTicks--;
    return -1;
  }
  apdusSeen++;
  if (answerLength == 0) {
    memory.copy(outPtr, inPtr, <usize>inLength);
    return inLength;
  }
  for (let k = 0; k < answerLength; k++) store<u8>(outPtr + <usize>k, <u8>k);
  return answerLength;
}

function onEvent(link: i32, event: LinkEvent): void {
  lastEvent = <i32>event;
}

function connect(): void {
  setUpperLayer(upper, onEvent);
  answerLength = 0;
  busyTicks = 0;
  apdusSeen = 0;
  freshLink();
  clientFrame(CTRL_SNRM | CTRL_PF, 0);
  exchange(LINK);
}

// Information field length of the station's last frame (one-byte addresses: 8 bytes of header, 3 of trailer).
function sentInfoLength(): i32 {
  return LINK.txLength - 11;
}

function segmentedBit(): bool {
  return (sentByte(LINK, 1) & 0x08) != 0;
}

describe("I-frames", () => {
  it("delivers E6 E6 00 + APDU up and sends the echo back as I(N(S) 0, N(R) 1) with E6 E7 00", () => {
    connect();
    clientFrame(iFrame(0, 0), request(5));
    exchange(LINK);
    expect(apdusSeen).toBe(1);
    expect(sentControl(LINK)).toBe(0x30); // N(R) 1, F, N(S) 0
    expect(sentInfoLength()).toBe(8);
    expect(sentByte(LINK, 8)).toBe(0xe6);
    expect(sentByte(LINK, 9)).toBe(0xe7);
    expect(sentByte(LINK, 10)).toBe(0x00);
    for (let k = 0; k < 5; k++) expect(sentByte(LINK, 11 + k)).toBe(k + 1);
    clientFrame(iFrame(1, 1), request(3));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x52); // N(R) 2, F, N(S) 1
  });
  it("counts N(S) and N(R) modulo 8 over ten exchanges", () => {
    connect();
    for (let k = 0; k < 10; k++) {
      clientFrame(iFrame(k & 7, k & 7), request(2));
      exchange(LINK);
      expect(sentControl(LINK)).toBe((<u32>((k + 1) & 7) << 5) | CTRL_PF | (<u32>(k & 7) << 1));
    }
    expect(apdusSeen).toBe(10);
  });
  it("acknowledges an I-frame without LLC header with RR and passes nothing up", () => {
    connect();
    store<u8>(INFO, 0x01);
    clientFrame(iFrame(0, 0), 4);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x31); // RR N(R) 1
    expect(apdusSeen).toBe(0);
  });
});

describe("segmentation", () => {
  it("sends a 300-byte answer as 128 + 128 + 47 bytes, S set on all but the last, each after the client's RR", () => {
    connect();
    answerLength = 300;
    clientFrame(iFrame(0, 0), request(2));
    exchange(LINK);
    expect(sentInfoLength()).toBe(128);
    expect(segmentedBit()).toBe(true);
    expect(sentControl(LINK)).toBe(0x30);
    clientFrame(rr(1), 0);
    exchange(LINK);
    expect(sentInfoLength()).toBe(128);
    expect(segmentedBit()).toBe(true);
    expect(sentControl(LINK)).toBe(0x32); // N(S) 1
    expect(sentByte(LINK, 8)).toBe(125); // answer byte 125 follows the 3 LLC bytes and 125 answer bytes
    clientFrame(rr(2), 0);
    exchange(LINK);
    expect(sentInfoLength()).toBe(300 + 3 - 256);
    expect(segmentedBit()).toBe(false);
    expect(sentControl(LINK)).toBe(0x34); // N(S) 2
    clientFrame(iFrame(1, 3), request(1));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x56); // N(R) 2, N(S) 3
  });
  it("drops the rest of a segmented answer when the client sends a new request instead of RR", () => {
    connect();
    answerLength = 300;
    clientFrame(iFrame(0, 0), request(2));
    exchange(LINK);
    answerLength = 0;
    clientFrame(iFrame(1, 1), request(4));
    exchange(LINK);
    expect(apdusSeen).toBe(2);
    expect(sentControl(LINK)).toBe(0x52); // N(R) 2, N(S) 1: the echo, not the second segment
    expect(sentInfoLength()).toBe(7);
  });
  it("reassembles a 300-byte request from three segments, answering RR to the first two", () => {
    connect();
    const total = request(297);
    memory.copy(FRAME + 512, INFO, <usize>total);
    for (let s = 0; s < 3; s++) {
      const n = min(128, total - s * 128);
      memory.copy(INFO, FRAME + 512 + <usize>(s * 128), <usize>n);
      clientFrame(iFrame(s, 0), n, s < 2);
      exchange(LINK);
      if (s < 2) expect(sentControl(LINK)).toBe((<u32>(s + 1) << 5) | 0x11);
    }
    expect(apdusSeen).toBe(1);
    // The echo comes back in three segments too: 128 bytes, E6 E7 00 then bytes 1..125.
    expect(sentInfoLength()).toBe(128);
    expect(sentByte(LINK, 11 + 124)).toBe(125);
  });
  it("drops a request longer than the APDU buffer, acknowledging it at the link level", () => {
    connect();
    let ns = 0;
    for (let sent = 0; sent <= APDU_CAPACITY; sent += 128) {
      request(125);
      clientFrame(iFrame(ns, 0), 128, true);
      exchange(LINK);
      ns = (ns + 1) & 7;
    }
    request(1);
    clientFrame(iFrame(ns, 0), 4);
    exchange(LINK);
    expect(apdusSeen).toBe(0);
    expect(sentControl(LINK) & 0x0f).toBe(0x01); // RR
    expect(LINK.inLength).toBe(0);
  });
});

describe("retransmission", () => {
  it("sends the same I-frame again when the client repeats its N(S)", () => {
    connect();
    clientFrame(iFrame(0, 0), request(6));
    const n = exchange(LINK);
    const first = sentByte(LINK, n - 3) | (sentByte(LINK, n - 2) << 8);
    exchange(LINK); // the same frame again: our answer was lost
    expect(LINK.txLength).toBe(n);
    expect(sentControl(LINK)).toBe(0x30);
    expect(sentByte(LINK, n - 3) | (sentByte(LINK, n - 2) << 8)).toBe(first);
    expect(apdusSeen).toBe(1);
  });
  it("sends a segment again on RR whose N(R) equals that segment's N(S)", () => {
    connect();
    answerLength = 200;
    clientFrame(iFrame(0, 0), request(2));
    exchange(LINK);
    clientFrame(rr(0), 0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x30);
    expect(segmentedBit()).toBe(true);
    clientFrame(rr(1), 0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x32);
    expect(sentInfoLength()).toBe(203 - 128);
  });
});

describe("RNR", () => {
  it("answers a poll with RNR while the upper layer works, then sends the answer", () => {
    connect();
    busyTicks = 2;
    clientFrame(iFrame(0, 0), request(3));
    expect(exchange(LINK)).toBe(0);
    clientFrame(rr(0), 0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x35); // RNR N(R) 1
    expect(tickOut(LINK)).toBeGreaterThan(0);
    expect(sentControl(LINK)).toBe(0x30);
  });
});

describe("time-outs", () => {
  it("drops a frame whose second half comes 40 ms after the first (inter-octet time-out 25 ms)", () => {
    connect();
    const n = clientFrame(iFrame(0, 0), request(5));
    feed(LINK, FRAME, 6);
    for (let t = 0; t < 4; t++) tickOut(LINK);
    feed(LINK, FRAME + 6, n - 6);
    expect(tickOut(LINK)).toBe(0);
    expect(LINK.vr).toBe(0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x30);
  });
  it("keeps a frame whose halves are 20 ms apart", () => {
    connect();
    const n = clientFrame(iFrame(0, 0), request(5));
    feed(LINK, FRAME, 6);
    tickOut(LINK);
    tickOut(LINK);
    feed(LINK, FRAME + 6, n - 6);
    tickOut(LINK);
    expect(sentControl(LINK)).toBe(0x30);
  });
  it("at 300 baud waits 102 ms (3 characters of 34 ms) between octets: a frame with a byte every 90 ms is kept", () => {
    connect();
    expect(linkConfigure(LINK, 16, 25, 120, 300)).toBe(Err.OK);
    expect(LINK.interOctetEffectiveMs).toBe(102);
    expect(LINK.interOctetTicks).toBe(11);
    const n = clientFrame(iFrame(0, 0), request(5));
    for (let k = 0; k < n; k++) {
      feed(LINK, FRAME + <usize>k, 1);
      for (let t = 0; t < 9; t++) tickOut(LINK);
    }
    expect(sentControl(LINK)).toBe(0x30);
    expect(LINK.vr).toBe(1);
    linkConfigure(LINK, 16, 25, 120, 9600);
  });
  it("at 300 baud drops a frame whose bytes stop for 120 ms, and at 9600 baud one paused 40 ms", () => {
    connect();
    expect(linkConfigure(LINK, 16, 25, 120, 300)).toBe(Err.OK);
    let n = clientFrame(iFrame(0, 0), request(5));
    feed(LINK, FRAME, 6);
    for (let t = 0; t < 12; t++) tickOut(LINK);
    feed(LINK, FRAME + 6, n - 6);
    expect(tickOut(LINK)).toBe(0);
    expect(LINK.vr).toBe(0);
    expect(linkConfigure(LINK, 16, 25, 120, 9600)).toBe(Err.OK);
    expect(LINK.interOctetEffectiveMs).toBe(25);
    expect(LINK.interOctetTicks).toBe(3);
    n = clientFrame(iFrame(0, 0), request(5));
    feed(LINK, FRAME, 6);
    for (let t = 0; t < 4; t++) tickOut(LINK);
    feed(LINK, FRAME + 6, n - 6);
    expect(tickOut(LINK)).toBe(0);
    expect(LINK.vr).toBe(0);
  });
  it("scales the inter-octet time-out with the speed: 102 ms at 300, 51 ms at 600, 27 ms at 1200, 25 ms from 2400 baud, a configured 100 ms kept", () => {
    expect(interOctetEffectiveMs(25, 300)).toBe(102);
    expect(interOctetEffectiveMs(25, 600)).toBe(51);
    expect(interOctetEffectiveMs(25, 1200)).toBe(27);
    expect(interOctetEffectiveMs(25, 2400)).toBe(25);
    expect(interOctetEffectiveMs(25, 9600)).toBe(25);
    expect(interOctetEffectiveMs(25, 115200)).toBe(25);
    expect(interOctetEffectiveMs(100, 300)).toBe(102);
    expect(interOctetEffectiveMs(100, 9600)).toBe(100);
  });
  it("disconnects after 120 s without a frame, not at 119.99 s", () => {
    connect();
    lastEvent = 0;
    // connect() ran the tick of the SNRM: 11,999 more make 120 s since that frame.
    for (let t = 0; t < 11999; t++) tickOut(LINK);
    expect(LINK.state).toBe(LinkState.CONNECTED);
    tickOut(LINK);
    expect(LINK.state).toBe(LinkState.DISCONNECTED);
    expect(lastEvent).toBe(<i32>LinkEvent.TIMEOUT);
    clientFrame(iFrame(0, 0), request(1));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x1f);
  });
});

describe("a port that closes with its link (optical mode E)", () => {
  it("stays open after a refused SNRM and closes in the tick that sends the UA to DISC", () => {
    connect();
    linkOpen(LINK, true);
    store<u8>(INFO, 0x81);
    clientFrame(CTRL_SNRM | CTRL_PF, 2);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x1f);
    expect(LINK.state).toBe(LinkState.DISCONNECTED);
    clientFrame(CTRL_SNRM | CTRL_PF, 0);
    exchange(LINK);
    clientFrame(CTRL_DISC | CTRL_PF, 0);
    feed(LINK, FRAME, 9);
    LINK.txLength = 0;
    expect(linkTick(LINK)).toBe(true);
    expect(sentControl(LINK)).toBe(0x73);
    expect(LINK.state).toBe(LinkState.CLOSED);
    expect(lastEvent).toBe(<i32>LinkEvent.DISCONNECTED);
  });
});

describe("HDLC setup (class 23)", () => {
  it("refuses an inter-octet time-out of 19 ms or 6001 ms and device addresses 0x0F and 0x3FFE, keeping the old setup", () => {
    connect();
    expect(linkConfigure(LINK, 16, 19, 120, 9600)).toBe(Err.OUT_OF_RANGE);
    expect(linkConfigure(LINK, 16, 6001, 120, 9600)).toBe(Err.OUT_OF_RANGE);
    expect(linkConfigure(LINK, 0x0f, 25, 120, 9600)).toBe(Err.OUT_OF_RANGE);
    expect(linkConfigure(LINK, 0x3ffe, 25, 120, 9600)).toBe(Err.OUT_OF_RANGE);
    expect(LINK.interOctetTicks).toBe(3);
    expect(LINK.inactivityTicks).toBe(12000);
  });
  it("answers device address 0x123 in the 4-byte form 00 02 04 47 and no longer 16", () => {
    connect();
    expect(linkConfigure(LINK, 0x123, 25, 120, 9600)).toBe(Err.OK);
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x00020447, 4);
    exchange(LINK);
    expect(sentByte(LINK, 8)).toBe(0x73);
    clientFrame(CTRL_SNRM | CTRL_PF, 0, false, 0x21, 0x00020021, 4);
    expect(exchange(LINK)).toBe(0);
    linkConfigure(LINK, 16, 25, 120, 9600);
  });
  it("never times out with inactivity_time_out 0, and waits 100 ms between octets at 100 ms", () => {
    connect();
    expect(linkConfigure(LINK, 16, 100, 0, 9600)).toBe(Err.OK);
    expect(LINK.interOctetTicks).toBe(10);
    for (let t = 0; t < 30000; t++) tickOut(LINK);
    expect(LINK.state).toBe(LinkState.CONNECTED);
    linkConfigure(LINK, 16, 25, 120, 9600);
  });
});
