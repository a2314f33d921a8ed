// HDLC under random and mutated frames: no trap, the station's state stays within its bounds, and it still connects.
import { CTRL_PF, CTRL_SNRM, CTRL_DISC } from "./frame";
import { LinkState, setUpperLayer, LinkEvent, APDU_CAPACITY, LLC_LENGTH, TX_CAPACITY } from "./link";
import { LINK, FRAME, INFO, freshLink, clientFrame, feed, tickOut, exchange, sentControl, iFrame, rr, request } from "./testclient";

let seed: u32 = 0x2545f491;
function random(): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

function echo(link: i32, inPtr: usize, inLength: i32, outPtr: usize, outCapacity: i32): i32 {
  memory.copy(outPtr, inPtr, <usize>inLength);
  return inLength;
}
function noEvent(link: i32, event: LinkEvent): void {}

// A frame the station could meet: mostly well formed (our address, a plausible control field), sometimes not.
function plausibleFrame(): i32 {
  const kind = random() % 8;
  let control: u32;
  if (kind == 0) control = CTRL_SNRM | CTRL_PF;
  else if (kind == 1) control = CTRL_DISC | CTRL_PF;
  else if (kind == 2) control = rr(random() & 7);
  else if (kind < 6) control = iFrame(random() & 7, random() & 7);
  else control = random() & 0xff;
  let infoLength = 0;
  if (kind >= 3) infoLength = random() & 1 ? request(random() % 140) : <i32>(random() % 140);
  else if (kind == 0 && random() & 1) infoLength = <i32>(random() % 24);
  if (infoLength > 0 && kind >= 6) for (let k = 0; k < infoLength; k++) store<u8>(INFO + <usize>k, <u8>random());
  const addresses = random() % 6;
  const server: u32 = addresses == 0 ? 0x0221 : addresses == 1 ? 0x05 : 0x03;
  const bytes = addresses == 0 ? 2 : 1;
  const client: u32 = addresses == 2 ? 0x03 : 0x21;
  return clientFrame(control, infoLength, (random() & 3) == 0, client, server, bytes);
}

function mutate(length: i32): i32 {
  const flips = 1 + <i32>(random() % 3);
  for (let f = 0; f < flips; f++) {
    const at = FRAME + <usize>(random() % <u32>length);
    const how = random() % 3;
    if (how == 0) store<u8>(at, load<u8>(at) ^ <u8>(<u32>1 << (random() & 7)));
    else if (how == 1) store<u8>(at, <u8>random());
    else length = 1 + <i32>(random() % <u32>length);
  }
  return length;
}

// Checked after every frame; one expect at the end keeps the spec fast.
function withinBounds(): bool {
  if (<i32>LINK.state < <i32>LinkState.DISCONNECTED || <i32>LINK.state > <i32>LinkState.FRAME_REJECT) return false;
  if (LINK.vs < 0 || LINK.vs > 7 || LINK.vr < 0 || LINK.vr > 7) return false;
  if (LINK.inLength < 0 || LINK.inLength > APDU_CAPACITY + LLC_LENGTH) return false;
  if (LINK.outOffset < 0 || LINK.outLength > APDU_CAPACITY + LLC_LENGTH) return false;
  if (LINK.txLength < 0 || LINK.txLength > TX_CAPACITY) return false;
  return LINK.infoTx >= 32 && LINK.infoTx <= 256 && LINK.infoRx >= 32 && LINK.infoRx <= 256;
}

describe("fuzz", () => {
  it("survives 30,000 random, plausible and mutated frames and still connects and echoes", () => {
    setUpperLayer(echo, noEvent);
    freshLink();
    let answers = 0;
    let outOfBounds = 0;
    for (let n = 0; n < 30000; n++) {
      const mode = random() % 3;
      let length: i32;
      if (mode == 0) {
        length = 1 + <i32>(random() % 300);
        for (let k = 0; k < length; k++) store<u8>(FRAME + <usize>k, random() % 5 == 0 ? <u8>0x7e : <u8>random());
      } else {
        length = plausibleFrame();
        if (mode == 2) length = mutate(length);
      }
      feed(LINK, FRAME, length);
      if (tickOut(LINK) > 0) answers++;
      if (random() % 16 == 0) for (let t = 0; t < 4; t++) tickOut(LINK);
      if (!withinBounds()) outOfBounds++;
    }
    expect(outOfBounds).toBe(0);
    // Plausible frames get answers: the station was not stuck silent.
    expect(answers).toBeGreaterThan(1500);
    expect(LINK.framesCorrupt).toBeGreaterThan(1000);
    for (let t = 0; t < 4; t++) tickOut(LINK);
    clientFrame(CTRL_SNRM | CTRL_PF, 0);
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x73);
    clientFrame(iFrame(0, 0), request(9));
    exchange(LINK);
    expect(sentControl(LINK)).toBe(0x30);
  });
});
