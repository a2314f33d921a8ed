// Relay device: the bistable breaker's coil drive and its auxiliary position contact.
@external("hal", "relay_position")
declare function hal_relay_position(): i32;

export function relayIsClosed(): bool {
  return hal_relay_position() != 0;
}
