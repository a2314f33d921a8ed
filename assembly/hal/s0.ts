// S0 device: the DIN 43864 open-collector pulse output.
@external("hal", "s0_pulse")
declare function hal_s0_pulse(widthMs: i32): void;

export function s0Pulse(widthMs: i32): void {
  hal_s0_pulse(widthMs);
}
