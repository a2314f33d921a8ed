// A-XDR codec (IEC 62056-6-2 / Green Book 9.5): bounds-checked reader and windowed writer over static buffers.

// Data CHOICE tags of the COSEM Data type.
export const enum Tag {
  NULL = 0,
  ARRAY = 1,
  STRUCTURE = 2,
  BOOLEAN = 3,
  BIT_STRING = 4,
  DOUBLE_LONG = 5,
  DOUBLE_LONG_UNSIGNED = 6,
  OCTET_STRING = 9,
  VISIBLE_STRING = 10,
  INTEGER = 15,
  LONG = 16,
  UNSIGNED = 17,
  LONG_UNSIGNED = 18,
  LONG64 = 20,
  LONG64_UNSIGNED = 21,
  ENUM = 22,
}

// Reads never run past the frame: a short read sets `bad` and yields zeros, so a decoder checks once at the end.
export class AxdrReader {
  base: usize = 0;
  length: i32 = 0;
  pos: i32 = 0;
  bad: bool = false;

  reset(base: usize, length: i32): void {
    this.base = base;
    this.length = length;
    this.pos = 0;
    this.bad = false;
  }

  @noinline
  remaining(): i32 {
    return this.length - this.pos;
  }

  u8(): i32 {
    if (this.pos >= this.length) {
      this.bad = true;
      return 0;
    }
    const v = <i32>load<u8>(this.base + <usize>this.pos);
    this.pos++;
    return v;
  }

  @noinline
  u16(): i32 {
    const hi = this.u8();
    return (hi << 8) | this.u8();
  }

  @noinline
  u32(): u32 {
    const hi = <u32>this.u16();
    return (hi << 16) | <u32>this.u16();
  }

  // A-XDR length: one byte below 0x80, else 0x8n followed by n bytes (up to 4 here).
  length_(): i32 {
    const first = this.u8();
    if (first < 0x80) return first;
    const n = first & 0x7f;
    if (n == 0 || n > 2) {
      this.bad = true; // nothing this meter accepts is 64 KiB or longer
      return 0;
    }
    let v = 0;
    for (let k = 0; k < n; k++) v = (v << 8) | this.u8();
    return v;
  }

  skip(n: i32): void {
    if (n < 0 || n > this.remaining()) {
      this.bad = true;
      this.pos = this.length;
      return;
    }
    this.pos += n;
  }

  // Address of the next `n` bytes after a bounds check (0 and `bad` when they are not there).
  take(n: i32): usize {
    if (n < 0 || n > this.remaining()) {
      this.bad = true;
      this.pos = this.length;
      return 0;
    }
    const at = this.base + <usize>this.pos;
    this.pos += n;
    return at;
  }
}

// Produces an encoding as a window: the first `skip` bytes are counted, not stored, then at most `cap`
// bytes land at `base`. Regenerating a value with a larger skip gives the next block of a long answer
// without ever holding the whole of it.
export class AxdrWriter {
  base: usize = 0;
  cap: i32 = 0;
  pos: i32 = 0; // bytes stored
  skip: i32 = 0; // bytes still to drop
  total: i32 = 0; // bytes produced, dropped ones included
  overflow: bool = false;

  reset(base: usize, cap: i32, skip: i32): void {
    this.base = base;
    this.cap = cap;
    this.pos = 0;
    this.skip = skip;
    this.total = 0;
    this.overflow = false;
  }

  // Big-endian `n` bytes of v. The loop keeps the optimizer from copying this body into every caller.
  be(v: u64, n: i32): void {
    for (let k = n - 1; k >= 0; k--) {
      this.total++;
      if (this.skip > 0) {
        this.skip--;
      } else if (this.pos >= this.cap) {
        this.overflow = true;
      } else {
        store<u8>(this.base + <usize>this.pos, <u8>(v >> (<u64>k << 3)));
        this.pos++;
      }
    }
  }

  u8(v: i32): void {
    this.be(<u64>v, 1);
  }

  u16(v: i32): void {
    this.be(<u64>v, 2);
  }

  u32(v: u32): void {
    this.be(<u64>v, 4);
  }

  u64(v: u64): void {
    this.be(v, 8);
  }

  // Whole parts of a value that fall before the window cost one subtraction, not n calls.
  skipWhole(n: i32): bool {
    if (this.skip < n) return false;
    this.skip -= n;
    this.total += n;
    return true;
  }

  length_(n: i32): void {
    if (n < 0x80) {
      this.u8(n);
    } else if (n < 0x100) {
      this.u8(0x81);
      this.u8(n);
    } else {
      this.u8(0x82);
      this.u16(n);
    }
  }

  // Inside the window (the usual case) one copy, not a call per byte.
  bytes(src: usize, n: i32): void {
    if (this.skip == 0 && <u32>n <= <u32>(this.cap - this.pos)) {
      memory.copy(this.base + <usize>this.pos, src, <usize>n);
      this.pos += n;
      this.total += n;
      return;
    }
    for (let k = 0; k < n; k++) this.u8(<i32>load<u8>(src + <usize>k));
  }

  // Typed COSEM Data.
  @noinline
  tagged8(tag: Tag, v: i32): void {
    this.u8(<i32>tag);
    this.u8(v);
  }

  @noinline
  tagged16(tag: Tag, v: i32): void {
    this.u8(<i32>tag);
    this.u16(v);
  }

  @noinline
  tagged32(tag: Tag, v: u32): void {
    this.u8(<i32>tag);
    this.u32(v);
  }

  @noinline
  tagged64(tag: Tag, v: u64): void {
    this.u8(<i32>tag);
    this.u64(v);
  }

  @noinline
  container(tag: Tag, count: i32): void {
    this.u8(<i32>tag);
    this.length_(count);
  }

  octets(tag: Tag, src: usize, n: i32): void {
    this.u8(<i32>tag);
    this.length_(n);
    this.bytes(src, n);
  }

}

const DEPTH_MAX: i32 = 8;

// Steps over one Data value; false when it is malformed, nested too deep or runs past the frame.
export function skipData(r: AxdrReader, depth: i32 = 0): bool {
  if (depth > DEPTH_MAX) return false;
  const tag = r.u8();
  switch (tag) {
    case Tag.NULL: break;
    case Tag.ARRAY:
    case Tag.STRUCTURE: {
      const n = r.length_();
      for (let k = 0; k < n && !r.bad; k++) if (!skipData(r, depth + 1)) return false;
      break;
    }
    case Tag.BOOLEAN: case Tag.INTEGER: case Tag.UNSIGNED: case Tag.ENUM: r.skip(1); break;
    case Tag.LONG: case Tag.LONG_UNSIGNED: r.skip(2); break;
    case Tag.DOUBLE_LONG: case Tag.DOUBLE_LONG_UNSIGNED: case 23 /* float32 */: r.skip(4); break;
    case Tag.LONG64: case Tag.LONG64_UNSIGNED: case 24 /* float64 */: r.skip(8); break;
    case Tag.BIT_STRING: r.skip((r.length_() + 7) >> 3); break;
    case Tag.OCTET_STRING: case Tag.VISIBLE_STRING: case 12 /* utf8-string */: r.skip(r.length_()); break;
    case 25: r.skip(12); break; // date-time
    case 26: r.skip(5); break; // date
    case 27: r.skip(4); break; // time
    default: return false;
  }
  return !r.bad;
}

// Size in bytes of an A-XDR length field for n.
export function lengthSize(n: i32): i32 {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : 3;
}
