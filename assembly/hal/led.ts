// LED device: the meter-constant LED on the front, pulsed with S0 or held steady (Z2).
@external("hal", "led_pulse")
declare function hal_led_pulse(widthMs: i32): void;
@external("hal", "led_set")
declare function hal_led_set(on: i32): void;

export function ledPulse(widthMs: i32): void {
  hal_led_pulse(widthMs);
}

export function ledSet(on: bool): void {
  hal_led_set(on ? 1 : 0);
}
