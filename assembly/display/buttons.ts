// Push buttons: edges from input_event turned into short and long presses, and the Z17 push button 2 setup.
import { Err } from "../errors";

// Numbered as the input_event kinds BUTTON_LEFT and BUTTON_2 of docs/HAL.md.
export const enum Button {
  LEFT = 1,
  TWO = 2,
}

export const enum Press {
  NONE = 0,
  SHORT = 1, // released before LONG_PRESS_MS
  LONG = 2, // still held at LONG_PRESS_MS; reported once, the release then reports nothing
}

// Z17 "Push button 2 setup": what the second button does.
export const enum Button2Setup {
  NONE = 0, // 000 No PB2 setup: presses are ignored
  SCROLL_BACK = 1, // 001 steps the manual list backwards
  BREAKER = 2, // 002 short press asks to reconnect the breaker, long press asks to disconnect
}

export const LONG_PRESS_MS: i64 = 2000;
// A contact that opens again within this time bounced; it is not a press.
export const DEBOUNCE_MS: i64 = 30;

const enum Contact {
  RELEASED = 0,
  HELD = 1,
  HELD_LONG = 2, // the long press has been reported
}

let leftContact: Contact = Contact.RELEASED;
let leftSinceMs: i64 = 0;
let leftPending: Press = Press.NONE;
let twoContact: Contact = Contact.RELEASED;
let twoSinceMs: i64 = 0;
let twoPending: Press = Press.NONE;
let button2Setup: Button2Setup = Button2Setup.NONE;

export function setButton2Setup(code: i32): Err {
  if (code < <i32>Button2Setup.NONE || code > <i32>Button2Setup.BREAKER) return Err.OUT_OF_RANGE;
  button2Setup = <Button2Setup>code;
  return Err.OK;
}

export function button2SetupCode(): Button2Setup {
  return button2Setup;
}

export function buttonsReset(): void {
  leftContact = Contact.RELEASED;
  twoContact = Contact.RELEASED;
  leftPending = Press.NONE;
  twoPending = Press.NONE;
}

function released(contact: Contact, sinceMs: i64, nowMs: i64): Press {
  if (contact != Contact.HELD) return Press.NONE;
  const heldMs = nowMs - sinceMs;
  // A long hold released between two polls is still a long press.
  if (heldMs >= LONG_PRESS_MS) return Press.LONG;
  return heldMs >= DEBOUNCE_MS ? Press.SHORT : Press.NONE;
}

// One contact edge: level 1 pressed, 0 released. A repeated level is ignored (lost edge on the host).
export function buttonEdge(button: i32, level: i32, nowMs: i64): Err {
  if (button != <i32>Button.LEFT && button != <i32>Button.TWO) return Err.INVALID_ARGUMENT;
  if (level != 0 && level != 1) return Err.OUT_OF_RANGE;
  if (button == <i32>Button.LEFT) {
    if (level == 1 && leftContact == Contact.RELEASED) {
      leftContact = Contact.HELD;
      leftSinceMs = nowMs;
    } else if (level == 0 && leftContact != Contact.RELEASED) {
      const press = released(leftContact, leftSinceMs, nowMs);
      if (press != Press.NONE) leftPending = press;
      leftContact = Contact.RELEASED;
    }
  } else {
    if (level == 1 && twoContact == Contact.RELEASED) {
      twoContact = Contact.HELD;
      twoSinceMs = nowMs;
    } else if (level == 0 && twoContact != Contact.RELEASED) {
      const press = released(twoContact, twoSinceMs, nowMs);
      if (press != Press.NONE) twoPending = press;
      twoContact = Contact.RELEASED;
    }
  }
  return Err.OK;
}

// Reports a long press while the button is still held, so the user sees the effect without letting go.
export function buttonsPoll(nowMs: i64): void {
  if (leftContact == Contact.HELD && nowMs - leftSinceMs >= LONG_PRESS_MS) {
    leftContact = Contact.HELD_LONG;
    leftPending = Press.LONG;
  }
  if (twoContact == Contact.HELD && nowMs - twoSinceMs >= LONG_PRESS_MS) {
    twoContact = Contact.HELD_LONG;
    twoPending = Press.LONG;
  }
}

// The press completed since the last call, once.
export function takePress(button: Button): Press {
  let press: Press;
  if (button == Button.LEFT) {
    press = leftPending;
    leftPending = Press.NONE;
  } else {
    press = twoPending;
    twoPending = Press.NONE;
  }
  return press;
}

export function buttonHeld(button: Button): bool {
  return (button == Button.LEFT ? leftContact : twoContact) != Contact.RELEASED;
}
