// The tamper indication on the LCD and the utility's clear of the latched tamper (cover, magnetic field).
import { tamperSeen, tamperLatched, tamperClear, TamperBit } from "./tamper";
import { displaySetStatus, Status, TamperState } from "../display/controller";
import { stateSave } from "../state";
import { inputLevel, InputKind, isBooted } from "../meter";

// Steady while the cover is open or a magnet is present, blinking when only latched.
export function showTamper(): void {
  const now = inputLevel(InputKind.COVER) || inputLevel(InputKind.MAGNET);
  const state = now ? TamperState.ACTIVE : tamperLatched() != 0 ? TamperState.LATCHED : TamperState.NONE;
  displaySetStatus(Status.TAMPER, <i32>state);
}

// The utility's clear of the latched tamper indication. A cover still open or a field still present is
// tamper seen after the clear too: it stays latched, or removing the magnet after the clear would leave no trace.
export function meterTamperClear(): void {
  tamperClear();
  if (inputLevel(InputKind.COVER)) tamperSeen(TamperBit.COVER);
  if (inputLevel(InputKind.MAGNET)) tamperSeen(TamperBit.MAGNET);
  if (isBooted()) {
    stateSave();
    showTamper();
  }
}
