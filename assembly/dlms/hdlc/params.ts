// HDLC parameter negotiation (IEC 62056-46 6.4.4.4.3.2): the SNRM proposal read, the UA answer written.
// Names are the client's view in the SNRM and the server's in the UA: a client's "transmit" is our receive.

// The largest information field this implementation sends or receives, and the window it supports.
export const MAX_INFO_CAPACITY: i32 = 256;
export const WINDOW_SUPPORTED: i32 = 1;
// The defaults that hold when the SNRM carries no proposal.
export const MAX_INFO_DEFAULT: i32 = 128;
export const WINDOW_DEFAULT: i32 = 1;
// Below this an information field could not carry an LLC header and a useful APDU; such a proposal is refused.
export const MAX_INFO_MINIMUM: i32 = 32;

const FORMAT_ID: u8 = 0x81;
const GROUP_ID: u8 = 0x80;
const PARAM_MAX_INFO_TX: u32 = 0x05;
const PARAM_MAX_INFO_RX: u32 = 0x06;
const PARAM_WINDOW_TX: u32 = 0x07;
const PARAM_WINDOW_RX: u32 = 0x08;
export const UA_PARAMS_LENGTH: i32 = 23;

// Negotiated values, valid after negotiate() returned true.
export let negotiatedInfoTx: i32 = MAX_INFO_DEFAULT; // what we send
export let negotiatedInfoRx: i32 = MAX_INFO_DEFAULT; // what we accept
export let negotiatedWindowTx: i32 = WINDOW_DEFAULT;
export let negotiatedWindowRx: i32 = WINDOW_DEFAULT;

// A value of 1, 2 or 4 bytes, big-endian; -1 for another length or one that does not fit an i32.
function valueAt(ptr: usize, length: i32): i32 {
  if (length != 1 && length != 2 && length != 4) return -1;
  let value: u32 = 0;
  for (let n = 0; n < length; n++) value = (value << 8) | <u32>load<u8>(ptr + <usize>n);
  return value > 0x7fffffff ? -1 : <i32>value;
}

// Reads the SNRM's information field (length 0: all defaults). A proposal larger than we support is answered
// with what we support; a malformed field or a proposal below the minimum refuses the connection (false).
export function negotiate(ptr: usize, length: i32): bool {
  let clientTx = MAX_INFO_DEFAULT;
  let clientRx = MAX_INFO_DEFAULT;
  let clientWindowTx = WINDOW_DEFAULT;
  let clientWindowRx = WINDOW_DEFAULT;
  if (length > 0) {
    if (length < 3 || load<u8>(ptr) != FORMAT_ID || load<u8>(ptr, 1) != GROUP_ID) return false;
    if (<i32>load<u8>(ptr, 2) != length - 3) return false;
    let at = 3;
    while (at < length) {
      if (at + 2 > length) return false;
      const id = <u32>load<u8>(ptr + <usize>at);
      const size = <i32>load<u8>(ptr + <usize>(at + 1));
      if (at + 2 + size > length) return false;
      const value = valueAt(ptr + <usize>(at + 2), size);
      if (value < 0) return false;
      if (id == PARAM_MAX_INFO_TX) clientTx = value;
      else if (id == PARAM_MAX_INFO_RX) clientRx = value;
      else if (id == PARAM_WINDOW_TX) clientWindowTx = value;
      else if (id == PARAM_WINDOW_RX) clientWindowRx = value;
      else return false;
      at += 2 + size;
    }
  }
  if (clientTx < MAX_INFO_MINIMUM || clientRx < MAX_INFO_MINIMUM || clientWindowTx < 1 || clientWindowRx < 1) {
    return false;
  }
  negotiatedInfoRx = min(clientTx, MAX_INFO_CAPACITY);
  negotiatedInfoTx = min(clientRx, MAX_INFO_CAPACITY);
  negotiatedWindowRx = min(clientWindowTx, WINDOW_SUPPORTED);
  negotiatedWindowTx = min(clientWindowRx, WINDOW_SUPPORTED);
  return true;
}

function putParam(out: usize, at: i32, id: u32, size: i32, value: i32): i32 {
  store<u8>(out + <usize>at, <u8>id);
  store<u8>(out + <usize>(at + 1), <u8>size);
  for (let n = 0; n < size; n++) store<u8>(out + <usize>(at + 2 + n), <u8>(value >> ((size - 1 - n) << 3)));
  return at + 2 + size;
}

// The UA's information field with the negotiated values, in the form of common meters (windows as 4 bytes).
export function writeUaParams(out: usize, infoTx: i32, infoRx: i32, windowTx: i32, windowRx: i32): i32 {
  store<u8>(out, FORMAT_ID);
  store<u8>(out, GROUP_ID, 1);
  let at = 3;
  at = putParam(out, at, PARAM_MAX_INFO_TX, infoTx > 0xff ? 2 : 1, infoTx);
  at = putParam(out, at, PARAM_MAX_INFO_RX, infoRx > 0xff ? 2 : 1, infoRx);
  at = putParam(out, at, PARAM_WINDOW_TX, 4, windowTx);
  at = putParam(out, at, PARAM_WINDOW_RX, 4, windowRx);
  store<u8>(out, <u8>(at - 3), 2);
  return at;
}
