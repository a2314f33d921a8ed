// Relay device: the bistable breaker's coil drive and its auxiliary position contact.
@external("hal", "relay_position")
declare function hal_relay_position(): i32;
@external("hal", "relay_drive")
declare function hal_relay_drive(close: i32, widthMs: i32): void;

export function relayIsClosed(): bool {
  return hal_relay_position() != 0;
}

// One coil pulse: a bistable relay moves and then holds its position without power.
export function relayDrive(close: bool, widthMs: i32): void {
  hal_relay_drive(close ? 1 : 0, widthMs);
}
