// Fault device: the abort import; AssemblyScript's abort is routed here by asconfig (`--use abort=`).
@external("hal", "abort")
declare function hal_abort(msgPtr: i32, filePtr: i32, line: i32, col: i32): void;

// Strings cross as pointers so the import stays numbers-only; the host decodes them.
export function halAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  hal_abort(
    message === null ? 0 : <i32>changetype<usize>(message),
    fileName === null ? 0 : <i32>changetype<usize>(fileName),
    <i32>line,
    <i32>column,
  );
  unreachable();
}
