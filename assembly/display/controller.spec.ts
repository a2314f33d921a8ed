// Display controller: power-up test, 10 s scroll, manual list with its 2 min return, battery list, symbols, buttons, fetches.
import { Err } from "../errors";
import {
  LCD_INDICATOR_BYTE, LCD_SUPPLY_BIT, LCD_PHASE_CURRENT_BIT, LCD_SYMBOL_BYTE, LCD_QUADRANT_BYTE, LCD_MODE_BYTE,
  SYM_ERROR, SYM_BREAKER_CLOSED, SYM_BREAKER_OPEN, SYM_TAMPER, SYM_RADIO, SYM_PREPAYMENT, SYM_MODULE1, SYM_MODULE2,
  QUAD_P_IMPORT, QUAD_P_EXPORT, QUAD_Q_POSITIVE, QUAD_Q_NEGATIVE, MODE_BATTERY, MODE_MANUAL,
} from "./segments";
import { ReadingId, clearValues } from "./readings";
import { setDecimals } from "./format";
import { DisplayList, displayListsDefault, displayListSet, displayListStage } from "./lists";
import { setButton2Setup } from "./buttons";
import {
  DisplayMode, Status, BreakerState, TamperState, ButtonAction, displayReset, displayRender, displayButton,
  displaySetValue, displaySetStatus, displayTakeAction, displayMode, displayReadingShown, displaySetPull,
} from "./controller";
import { valueText, idText, textText, bitOn, allOn, allOff } from "./lcdtext";

const LEFT = 1;
const TWO = 2;
const TEST_END_MS: i64 = 3000;

function press(button: i32, atMs: i64, heldMs: i64): void {
  expect(displayButton(button, 1, atMs)).toBe(Err.OK);
  expect(displayButton(button, 0, atMs + heldMs)).toBe(Err.OK);
}

// Boots the display at t = 0 and lets the power-up test end.
function bootToAuto(): void {
  clearValues();
  setDecimals(1);
  setButton2Setup(0);
  displayListsDefault();
  displayReset(0);
  displayRender(TEST_END_MS);
}

describe("power-up and automatic scroll", () => {
  beforeEach(() => {
    bootToAuto();
  });

  it("shows every segment for 3 s after power-up (display test)", () => {
    displayReset(0);
    displayRender(0);
    expect(allOn()).toBe(true);
    displayRender(2990);
    expect(allOn()).toBe(true);
    expect(displayMode()).toBe(DisplayMode.TEST);
    displayRender(3000);
    expect(displayMode()).toBe(DisplayMode.AUTO);
    expect(idText()).toBe("1.8.0");
  });

  it("scrolls every 10 s through the automatic list and starts again", () => {
    displaySetValue(ReadingId.A_PLUS, 1234567);
    displayRender(12990);
    expect(idText()).toBe("1.8.0");
    expect(valueText()).toBe("     1234");
    displayRender(13000);
    expect(idText()).toBe("2.8.0");
    displayRender(23000);
    expect(idText()).toBe("0.9.2");
    displayRender(33000);
    expect(idText()).toBe("0.9.1");
    displayRender(43000);
    expect(idText()).toBe("1.8.0");
  });

  it("shows A+ alone when the automatic list is empty", () => {
    expect(displayListSet(DisplayList.AUTO, displayListStage(), 0)).toBe(Err.OK);
    displayRender(4000);
    expect(idText()).toBe("1.8.0");
    displayRender(14000);
    expect(idText()).toBe("1.8.0");
  });

  it("adds the error code F.F.0 to the scroll and lights the error symbol while an error is set", () => {
    expect(displaySetValue(ReadingId.ERROR_CODE, 0x21)).toBe(Err.OK);
    displayRender(4000);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_ERROR)).toBe(true);
    for (let k = 1; k <= 4; k++) displayRender(TEST_END_MS + k * 10000);
    expect(idText()).toBe("F.F.0");
    expect(valueText()).toBe(" 00000021");
    expect(textText()).toBe("Error");
    displayRender(TEST_END_MS + 50000);
    expect(idText()).toBe("1.8.0");
    displaySetValue(ReadingId.ERROR_CODE, 0);
    displayRender(TEST_END_MS + 50010);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_ERROR)).toBe(false);
  });

  it("restarts from the first entry when the list is reconfigured", () => {
    displayRender(13000);
    expect(idText()).toBe("2.8.0");
    const buf = displayListStage();
    store<u8>(buf, <u8>ReadingId.VOLTAGE);
    store<u8>(buf + 1, <u8>ReadingId.A_PLUS);
    expect(displayListSet(DisplayList.AUTO, buf, 2)).toBe(Err.OK);
    displayRender(13010);
    expect(idText()).toBe("32.7.0");
  });

  it("writes the bitmap on change and otherwise once a second", () => {
    expect(displayRender(3010)).toBe(false);
    expect(displayRender(4000)).toBe(true);
    displaySetValue(ReadingId.A_PLUS, 5000000);
    expect(displayRender(4010)).toBe(true);
    expect(displayRender(4020)).toBe(false);
  });
});

describe("manual list and push buttons", () => {
  beforeEach(() => {
    bootToAuto();
  });

  it("enters the manual list at its first reading and steps on each short press", () => {
    press(LEFT, 5000, 200);
    displayRender(5300);
    expect(displayMode()).toBe(DisplayMode.MANUAL);
    expect(bitOn(LCD_MODE_BYTE, MODE_MANUAL)).toBe(true);
    expect(idText()).toBe("1.8.0");
    press(LEFT, 6000, 200);
    displayRender(6300);
    expect(idText()).toBe("2.8.0");
    press(LEFT, 7000, 200);
    displayRender(7300);
    expect(idText()).toBe("3.8.0");
    // No scrolling in the manual list.
    displayRender(60000);
    expect(idText()).toBe("3.8.0");
  });

  it("returns to auto scroll 2 min after the last press", () => {
    press(LEFT, 5000, 200);
    press(LEFT, 60000, 200);
    // The press completes at its release, 60.2 s.
    displayRender(60200 + 119000);
    expect(displayMode()).toBe(DisplayMode.MANUAL);
    displayRender(60200 + 120000 - 10);
    expect(displayMode()).toBe(DisplayMode.MANUAL);
    displayRender(60200 + 120000);
    expect(displayMode()).toBe(DisplayMode.AUTO);
    expect(idText()).toBe("1.8.0");
    expect(bitOn(LCD_MODE_BYTE, MODE_MANUAL)).toBe(false);
  });

  it("takes a press of 2 s or more as long: back to the automatic scroll at once", () => {
    press(LEFT, 5000, 200);
    press(LEFT, 6000, 1990); // short: steps
    displayRender(8000);
    expect(displayReadingShown()).toBe(ReadingId.A_MINUS);
    expect(displayButton(LEFT, 1, 9000)).toBe(Err.OK);
    displayRender(10990);
    expect(displayMode()).toBe(DisplayMode.MANUAL);
    displayRender(11000); // still held: the long press acts now
    expect(displayMode()).toBe(DisplayMode.AUTO);
    expect(displayButton(LEFT, 0, 12000)).toBe(Err.OK);
    displayRender(12010);
    expect(displayMode()).toBe(DisplayMode.AUTO);
  });

  it("ignores contact bounce under 30 ms and presses during the display test", () => {
    press(LEFT, 5000, 10);
    displayRender(5100);
    expect(displayMode()).toBe(DisplayMode.AUTO);
    displayReset(20000);
    press(LEFT, 20500, 200);
    displayRender(23000);
    expect(displayMode()).toBe(DisplayMode.AUTO);
  });

  it("refuses unknown buttons and levels", () => {
    expect(displayButton(3, 1, 5000)).toBe(Err.INVALID_ARGUMENT);
    expect(displayButton(0, 1, 5000)).toBe(Err.INVALID_ARGUMENT);
    expect(displayButton(LEFT, 2, 5000)).toBe(Err.OUT_OF_RANGE);
  });

  it("makes push button 2 a breaker button with Z17 = 2: short reconnect, long disconnect", () => {
    press(TWO, 5000, 200);
    expect(displayTakeAction()).toBe(ButtonAction.NONE); // Z17 = 0: no PB2 function
    expect(setButton2Setup(2)).toBe(Err.OK);
    press(TWO, 6000, 200);
    expect(displayTakeAction()).toBe(ButtonAction.BREAKER_CONNECT);
    expect(displayTakeAction()).toBe(ButtonAction.NONE);
    press(TWO, 7000, 2500);
    expect(displayTakeAction()).toBe(ButtonAction.BREAKER_DISCONNECT);
    expect(setButton2Setup(3)).toBe(Err.OUT_OF_RANGE);
  });

  it("steps the manual list backwards with push button 2 when Z17 = 1", () => {
    setButton2Setup(1);
    press(TWO, 5000, 200);
    displayRender(5300);
    expect(displayMode()).toBe(DisplayMode.MANUAL);
    expect(displayReadingShown()).toBe(ReadingId.ERROR_CODE); // the last of the factory manual list
  });
});

describe("indicators and symbols", () => {
  beforeEach(() => {
    bootToAuto();
  });

  it("switches the supply voltage indicator above 160 V", () => {
    displaySetValue(ReadingId.VOLTAGE, 160000);
    displayRender(4000);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_SUPPLY_BIT)).toBe(false);
    displaySetValue(ReadingId.VOLTAGE, 160001);
    displayRender(4010);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_SUPPLY_BIT)).toBe(true);
  });

  it("switches the phase current indicator above 2.3 W, import or export", () => {
    displaySetValue(ReadingId.POWER, 2300);
    displayRender(4000);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_PHASE_CURRENT_BIT)).toBe(false);
    displaySetValue(ReadingId.POWER, 2301);
    displayRender(4010);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_PHASE_CURRENT_BIT)).toBe(true);
    displaySetValue(ReadingId.POWER, -2301);
    displayRender(4020);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_PHASE_CURRENT_BIT)).toBe(true);
  });

  it("shows the breaker position only with smart disconnect, blinking while released", () => {
    displayRender(4000);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_CLOSED | SYM_BREAKER_OPEN)).toBe(false);
    expect(displaySetStatus(Status.BREAKER, BreakerState.CONNECTED)).toBe(Err.OK);
    displayRender(4010);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_CLOSED)).toBe(true);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_OPEN)).toBe(false);
    displaySetStatus(Status.BREAKER, BreakerState.DISCONNECTED);
    displayRender(4020);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_CLOSED)).toBe(false);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_OPEN)).toBe(true);
    displaySetStatus(Status.BREAKER, BreakerState.RELEASED);
    displayRender(5000);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_OPEN)).toBe(true);
    displayRender(5500);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_BREAKER_OPEN)).toBe(false);
    expect(displaySetStatus(Status.BREAKER, 4)).toBe(Err.OUT_OF_RANGE);
  });

  it("shows the prepayment symbol while prepayment is active", () => {
    displaySetStatus(Status.PREPAYMENT, 1);
    displayRender(4000);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_PREPAYMENT)).toBe(true);
    displaySetStatus(Status.PREPAYMENT, 0);
    displayRender(4010);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_PREPAYMENT)).toBe(false);
    expect(displaySetStatus(Status.PREPAYMENT, 2)).toBe(Err.OUT_OF_RANGE);
  });

  it("shows tamper steady while active and blinking once latched; radio and modules", () => {
    displaySetStatus(Status.TAMPER, TamperState.ACTIVE);
    displaySetStatus(Status.RADIO, 1);
    displaySetStatus(Status.MODULES, 2);
    displayRender(4500);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_TAMPER)).toBe(true);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_RADIO)).toBe(true);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_MODULE1)).toBe(false);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_MODULE2)).toBe(true);
    displaySetStatus(Status.TAMPER, TamperState.LATCHED);
    displayRender(5000);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_TAMPER)).toBe(true);
    displayRender(5500);
    expect(bitOn(LCD_SYMBOL_BYTE, SYM_TAMPER)).toBe(false);
  });

  it("lights the tariff in force T1..T4 and the quadrant arrows", () => {
    expect(displaySetStatus(Status.TARIFF, 3)).toBe(Err.OK);
    expect(displaySetStatus(Status.QUADRANT, 4)).toBe(Err.OK);
    displayRender(4000);
    expect(bitOn(LCD_QUADRANT_BYTE, 0x40)).toBe(true);
    expect(bitOn(LCD_QUADRANT_BYTE, 0xb0)).toBe(false);
    expect(bitOn(LCD_QUADRANT_BYTE, QUAD_P_IMPORT | QUAD_Q_NEGATIVE)).toBe(true);
    expect(bitOn(LCD_QUADRANT_BYTE, QUAD_P_EXPORT | QUAD_Q_POSITIVE)).toBe(false);
    displaySetStatus(Status.QUADRANT, 2);
    displayRender(4010);
    expect(bitOn(LCD_QUADRANT_BYTE, QUAD_P_EXPORT)).toBe(true);
    expect(bitOn(LCD_QUADRANT_BYTE, QUAD_Q_POSITIVE)).toBe(true);
    expect(bitOn(LCD_QUADRANT_BYTE, QUAD_P_IMPORT | QUAD_Q_NEGATIVE)).toBe(false);
    expect(displaySetStatus(Status.TARIFF, 5)).toBe(Err.OUT_OF_RANGE);
    expect(displaySetStatus(Status.QUADRANT, -1)).toBe(Err.OUT_OF_RANGE);
    expect(displaySetStatus(10, 0)).toBe(Err.INVALID_ARGUMENT);
  });
});

describe("battery list", () => {
  beforeEach(() => {
    bootToAuto();
  });

  it("blanks without mains, shows the battery list on a press, steps it and blanks again after 30 s", () => {
    displaySetValue(ReadingId.VOLTAGE, 230000);
    displaySetStatus(Status.MAINS, 0);
    displayRender(5000);
    expect(displayMode()).toBe(DisplayMode.OFF);
    expect(allOff()).toBe(true);
    press(LEFT, 6000, 200);
    displayRender(6300);
    expect(displayMode()).toBe(DisplayMode.BATTERY);
    expect(bitOn(LCD_MODE_BYTE, MODE_BATTERY)).toBe(true);
    expect(bitOn(LCD_INDICATOR_BYTE, LCD_SUPPLY_BIT)).toBe(false);
    expect(idText()).toBe("1.8.0");
    press(LEFT, 7000, 200);
    press(LEFT, 8000, 200);
    displayRender(8300);
    expect(idText()).toBe("C.1.0");
    displayRender(8200 + 30000);
    expect(displayMode()).toBe(DisplayMode.OFF);
    displaySetStatus(Status.MAINS, 1);
    displayRender(40000);
    expect(displayMode()).toBe(DisplayMode.AUTO);
    expect(idText()).toBe("1.8.0");
  });

  it("stays blank without mains when no battery list is selected", () => {
    displayListSet(DisplayList.BATTERY, displayListStage(), 0);
    displaySetStatus(Status.MAINS, 0);
    press(LEFT, 6000, 200);
    displayRender(6300);
    expect(displayMode()).toBe(DisplayMode.OFF);
    expect(allOff()).toBe(true);
  });
});

// A stand-in for the meter's pull hook (display/pull.ts): counts the fetches and hands in 1.380 kvar.
let pulls: i32 = 0;
let pulledId: i32 = -1;
function countingPull(id: i32): void {
  pulls++;
  pulledId = id;
  displaySetValue(id, 1380000);
}

describe("fetched readings", () => {
  beforeEach(() => {
    bootToAuto();
    pulls = 0;
    pulledId = -1;
    displaySetPull(countingPull);
  });

  it("fetches only the reading on screen, once per redraw; a handed-in reading costs no fetch", () => {
    const ids = displayListStage();
    store<u8>(ids, <u8>ReadingId.DATE); // handed in by the meter
    store<u8>(ids + 1, <u8>ReadingId.Q_PLUS);
    expect(displayListSet(DisplayList.AUTO, ids, 2)).toBe(Err.OK);
    displayRender(4000);
    expect(pulls).toBe(0);
    displayRender(14000); // the second entry, Q+
    expect(pulls).toBe(1);
    expect(pulledId).toBe(<i32>ReadingId.Q_PLUS);
    expect(valueText()).toBe("     1.380");
    expect(idText()).toBe("3.7.0");
    displayRender(14500);
    expect(pulls).toBe(2);
  });
});
