// What the DLMS fuzz tests share: the state a fuzzed meter must keep equal to its twin's, and the byte mutations.
import { Simulator } from "../host/sim.js";
import { ConfigId, REGISTER_COUNT } from "../host/abi.js";

// Everything the fuzzed meter must share with its twin that heard nothing.
export function meterState(sim: Simulator): string {
  const registers = Array.from({ length: REGISTER_COUNT }, (_, r) => sim.meter.energyUwh(r).toString());
  const config = Object.values(ConfigId).filter((id): id is number => typeof id === "number").map((id) => sim.meter.configGet(id));
  return JSON.stringify({
    registers, config, rtc: sim.rtc.readUtcS().toString(), breaker: sim.meter.breakerState(), output: sim.meter.breakerOutput(),
    relay: sim.relay.position(), credit: sim.meter.prepayCredit().toString(), errors: sim.meter.errorRegister(),
  });
}

// One to four edits: a byte replaced, inserted, a run of up to four removed, or a bit flipped.
export function mutate(rand: () => number, bytes: number[]): number[] {
  const out = [...bytes];
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const kind = Math.floor(rand() * 4);
    const at = Math.floor(rand() * (out.length + 1));
    if (kind === 0 && out.length > 0) out[at % out.length] = Math.floor(rand() * 256);
    else if (kind === 1) out.splice(at, 0, Math.floor(rand() * 256));
    else if (kind === 2 && out.length > 1) out.splice(at % out.length, 1 + Math.floor(rand() * 4));
    else if (out.length > 0) out[at % out.length] ^= 1 << Math.floor(rand() * 8);
  }
  return out;
}
