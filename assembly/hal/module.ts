// Module port device: the two module I/O lines' output drivers (their inputs arrive as input events).
@external("hal", "module_out")
declare function hal_module_out(line: i32, level: i32): void;

// Line 1 or 2; level 1 drives the line active (optocoupler on), 0 releases it.
export function moduleOut(line: i32, level: i32): void {
  hal_module_out(line, level);
}
