// Pulse energies: which registers the metrology LED and the S0 output pulse for (docs/CONFIG.md "Pulse energies").
import { Err } from "../errors";
import { Register } from "../metrology/energy";
import { registerAvailable } from "../factory/ordered";
import { PulseTrain, addPulses, pulseDue, pulseWidthMs } from "./scheduler";
import { s0Pulse } from "../hal/s0";
import { ledPulse } from "../hal/led";

// Registers each setting sums, bit per register A+ 0, A- 1, R+ 2, R- 3: 1 A+, 2 A-, 3 |A| (A+ and A-),
// 4 R+, 5 R-, 6 |R| (R+ and R-, the data sheet's "kvarh"). S0 takes 1..3: its data sheet line is kWh only.
const SOURCES: StaticArray<u8> = [0, 1, 2, 3, 4, 8, 12];
export const LED_ENERGY_MAX: i32 = 6;
export const S0_ENERGY_MAX: i32 = 3;
const REGISTERS: StaticArray<i32> = [Register.A_PLUS, Register.A_MINUS, Register.R_PLUS, Register.R_MINUS];

// OUT_OF_RANGE outside 1..max; UNSUPPORTED for an energy the ordered X9 does not measure (rule 6: no
// pulses of an energy that does not exist).
export function pulseEnergyCheck(energy: i32, max: i32): Err {
  if (energy < 1 || energy > max) return Err.OUT_OF_RANGE;
  const bits = <i32>SOURCES[energy];
  for (let k = 0; k < 4; k++) if ((bits & (1 << k)) != 0 && !registerAvailable(REGISTERS[k])) return Err.UNSUPPORTED;
  return Err.OK;
}

// The window's Wh (varh) of a setting from the four registers' increases.
function energyOf(energy: i32, dAPlus: i32, dAMinus: i32, dRPlus: i32, dRMinus: i32): i32 {
  const bits = energy >= 1 && energy <= LED_ENERGY_MAX ? <i32>SOURCES[energy] : 1;
  return ((bits & 1) != 0 ? dAPlus : 0) + ((bits & 2) != 0 ? dAMinus : 0) + ((bits & 4) != 0 ? dRPlus : 0) + ((bits & 8) != 0 ? dRMinus : 0);
}

// With the same energy the LED flashes with S0 ("emitted synchronously with the LED"); otherwise on its own train.
const ledTrain = new PulseTrain();
let ledWithS0 = true;

// Each window: 1000 imp/kWh (imp/kvarh) of what each output is set to.
export function pulseWindow(ledEnergy: i32, s0Energy: i32, dAPlus: i32, dAMinus: i32, dRPlus: i32, dRMinus: i32, windowMs: f64): void {
  addPulses(energyOf(s0Energy, dAPlus, dAMinus, dRPlus, dRMinus), windowMs);
  ledWithS0 = ledEnergy == s0Energy;
  if (!ledWithS0) ledTrain.add(energyOf(ledEnergy, dAPlus, dAMinus, dRPlus, dRMinus), windowMs);
}

// Every tick: the pulses due on S0 and the LED. The LED's own train is looked at only while it has one: the
// tick runs 100 times a second on the M4's sample budget.
export function pulseTick(): void {
  if (pulseDue()) {
    const width = pulseWidthMs();
    s0Pulse(width);
    if (ledWithS0) ledPulse(width);
  }
  if (!ledWithS0 && ledTrain.due()) ledPulse(pulseWidthMs());
}
