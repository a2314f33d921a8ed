// LCD device: the segment driver takes the whole bitmap at once.
@external("hal", "lcd_write")
declare function hal_lcd_write(ptr: i32, len: i32): void;

export function lcdWrite(bitmap: usize, lengthBytes: i32): void {
  hal_lcd_write(<i32>bitmap, lengthBytes);
}
