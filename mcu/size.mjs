// Flash and RAM use of an MCU image from `arm-none-eabi-size -A`; the RAM-backed NVM stand-in is reported apart.
// Usage: node mcu/size.mjs <elf> [--json]
import { execFileSync } from "node:child_process";

export function imageSize(elf) {
  const text = execFileSync("arm-none-eabi-size", ["-A", elf], { encoding: "utf8" });
  const sections = {};
  for (const line of text.split("\n")) {
    const m = line.match(/^(\.\S+)\s+(\d+)\s+(\d+)/);
    if (m) sections[m[1]] = Number(m[2]);
  }
  const s = (name) => sections[name] ?? 0;
  return {
    flashBytes: s(".vectors") + s(".text") + s(".rodata") + s(".ARM.exidx") + s(".data"),
    ramBytes: s(".data") + s(".bss") + s(".heap") + s(".stack"),
    heapBytes: s(".heap"),
    stackBytes: s(".stack"),
    nvmStandInBytes: s(".nvm"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = imageSize(process.argv[2]);
  // wasm2c keeps the 64 KiB page in .bss; wasm3 allocates it from its heap.
  const where = size.heapBytes ? `heap ${size.heapBytes} B with the wasm memory` : "wasm memory 65536 B";
  if (process.argv.includes("--json")) console.log(JSON.stringify(size));
  else console.log(`flash ${size.flashBytes} B, RAM ${size.ramBytes} B (stack ${size.stackBytes} B, ${where}); ` +
    `NVM stand-in ${size.nvmStandInBytes} B in its own region`);
}
