// The order code on the command line: --type 68... and --config Z1=..,Z2=.. parsed, and the factory step run with a readable refusal.
import { Err, ORDER_RULE_TEXT } from "./abi.js";
import type { Firmware } from "./firmware.js";

export class OrderSyntaxError extends Error {}

// "68 61-11 1 BN 1 43 0 0 1-208" (the data sheet's grouping; spaces and dashes optional) -> the 16 characters X1..X16.
export function parseTypeNumber(text: string): string {
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  if (!/^68[0-9A-Z]{16}$/.test(compact)) {
    throw new OrderSyntaxError(`--type: '${text}' is not 68 followed by the 16 characters X1..X16 (e.g. 68 61-11 1 BN 1 43 0 0 1-208)`);
  }
  return compact.slice(2);
}

// "Z1=3,Z3=05,Z16=348" -> Z index to code value; each Z at most once.
export function parseZCodes(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const m = /^Z(\d{1,2})=(\d{1,3})$/i.exec(part);
    if (!m) throw new OrderSyntaxError(`--config: '${part}' is not Zn=value (e.g. Z3=05)`);
    const index = Number(m[1]);
    if (index < 1 || index > 30 || (index >= 21 && index <= 24)) throw new OrderSyntaxError(`--config: the data sheet has no Z${index}`);
    if (out.has(index)) throw new OrderSyntaxError(`--config: Z${index} is given twice`);
    out.set(index, Number(m[2]));
  }
  return out;
}

// Runs the factory step; a message for the person at the command line, or undefined when it was applied.
export function factoryStep(meter: Firmware, typeNumber: string, zCodes: Map<number, number>): string | undefined {
  const r = meter.factoryConfigure(typeNumber, zCodes);
  if (r.status === Err.OK) return undefined;
  if (r.status === Err.NOT_PERMITTED) {
    return meter.orderType() === ""
      ? "the factory area (sector 235) holds a damaged record: stored data damaged, no new type number is taken"
      : `the meter already has a factory record (type 68${meter.orderType()}): X codes never change`;
  }
  if (r.rule !== undefined) return `order refused: ${r.code}: ${ORDER_RULE_TEXT[r.rule]}`;
  return `factory step failed: ${Err[r.status] ?? r.status}`;
}
