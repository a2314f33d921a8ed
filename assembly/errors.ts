// The one error-code enum of the firmware; every status crossing the boundary is one of these.
export const enum Err {
  OK = 0,
  INVALID_ARGUMENT = 1,
  OUT_OF_RANGE = 2,
  BUSY = 3,
  NOT_PERMITTED = 4,
  NOT_READY = 5,
  NVM_FAULT = 6,
  CRC = 7,
  UNSUPPORTED = 8,
  AUTH_FAILED = 9, // a cryptographic tag or signature did not verify
}
