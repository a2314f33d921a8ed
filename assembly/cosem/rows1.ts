// The cosem1 rows of the COSEM object table: readings, settings, calendar, display lists (docs/DLMS.md).
import { CosemClass, Binding } from "./table";

// Attribute and method masks: bit k = attribute (method) k.
const M1: u16 = 0x2; // method 1
const M1_2: u16 = 0x6; // methods 1 and 2
const R_ALL2: u16 = 0x6; // attributes 1..2
const R_ALL3: u16 = 0xe; // 1..3
const R_ALL5: u16 = 0x3e; // extended register 1..5
const R_CALENDAR: u16 = 0x7fe; // activity calendar 1..10
const W_PASSIVE: u16 = 0x780; // passive season, week, day profiles and the activation time (7..10)
const W_VALUE: u16 = 0x4; // a Data object's value (2)

// cosem1 (readings, settings, calendar, display lists; docs/DLMS.md "Readings and settings"): the public client
// sees none of these and HLS has management's rights, so a row is class, version, binding and management's read,
// write and method masks, and what HLS may write beyond that, as u16 (no class here has more than 15 attributes):
// 14 bytes a row in the one page.
export const COSEM1_FIELDS: i32 = 7;
export const COSEM1_ROWS: StaticArray<u16> = [
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 2, <u16>R_ALL3, 0, 0, 0, // R+
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 3, <u16>R_ALL3, 0, 0, 0, // R-
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 4, <u16>R_ALL3, 0, 0, 0, // R1
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 5, <u16>R_ALL3, 0, 0, 0, // R2
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 6, <u16>R_ALL3, 0, 0, 0, // R3
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 7, <u16>R_ALL3, 0, 0, 0, // R4
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 8, <u16>R_ALL3, 0, 0, 0, // E+ (S+)
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 9, <u16>R_ALL3, 0, 0, 0, // E- (S-)
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 10, <u16>R_ALL3, 0, 0, 0, // A+ T1
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 11, <u16>R_ALL3, 0, 0, 0, // A+ T2
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 12, <u16>R_ALL3, 0, 0, 0, // A+ T3
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 13, <u16>R_ALL3, 0, 0, 0, // A+ T4
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 14, <u16>R_ALL3, 0, 0, 0, // R+ T1
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 15, <u16>R_ALL3, 0, 0, 0, // R+ T2
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 16, <u16>R_ALL3, 0, 0, 0, // R+ T3
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ENERGY_FIRST + 17, <u16>R_ALL3, 0, 0, 0, // R+ T4
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 0, <u16>R_ALL3, 0, 0, 0, // U
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 1, <u16>R_ALL3, 0, 0, 0, // I
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 2, <u16>R_ALL3, 0, 0, 0, // P+
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 3, <u16>R_ALL3, 0, 0, 0, // P-
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 4, <u16>R_ALL3, 0, 0, 0, // Q+
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 5, <u16>R_ALL3, 0, 0, 0, // Q-
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 6, <u16>R_ALL3, 0, 0, 0, // S
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 7, <u16>R_ALL3, 0, 0, 0, // PF
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 8, <u16>R_ALL3, 0, 0, 0, // f
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 9, <u16>R_ALL3, 0, 0, 0, // THD U
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 10, <u16>R_ALL3, 0, 0, 0, // THD I
  <u16>CosemClass.REGISTER, 0, <u16>Binding.INSTANT_FIRST + 11, <u16>R_ALL3, 0, 0, 0, // quadrant (manufacturer-specific C 128)
  <u16>CosemClass.REGISTER, 0, <u16>Binding.COUNTER_FIRST + 0, <u16>R_ALL3, 0, 0, 0, // hours with supply
  <u16>CosemClass.DATA, 0, <u16>Binding.COUNTER_FIRST + 1, <u16>R_ALL2, 0, 0, 0, // power failures
  <u16>CosemClass.DATA, 0, <u16>Binding.COUNTER_FIRST + 2, <u16>R_ALL2, 0, 0, 0, // long power failures
  <u16>CosemClass.DATA, 0, <u16>Binding.COUNTER_FIRST + 3, <u16>R_ALL2, 0, 0, 0, // debiting stops (billing period counter)
  <u16>CosemClass.REGISTER, 0, <u16>Binding.COUNTER_FIRST + 4, <u16>R_ALL3, 0, 0, 0, // power threshold periods (manufacturer-specific)
  <u16>CosemClass.REGISTER, 0, <u16>Binding.COUNTER_FIRST + 5, <u16>R_ALL3, 0, 0, 0, // pulse input (manufacturer-specific)
  <u16>CosemClass.DATA, 0, <u16>Binding.ERROR_REGISTER, <u16>R_ALL2, 0, 0, 0, // error register F.F
  <u16>CosemClass.DATA, 0, <u16>Binding.FIRMWARE_VERSION, <u16>R_ALL2, 0, 0, 0, // firmware version
  <u16>CosemClass.DATA, 0, <u16>Binding.LEGAL_CHECKSUM, <u16>R_ALL2, 0, 0, 0, // legal (firmware) checksum
  <u16>CosemClass.REGISTER, 0, <u16>Binding.METER_CONSTANT, <u16>R_ALL3, 0, 0, 0, // meter constant, active energy
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 0, <u16>R_ALL5, 0, 0, 0, // P+max
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 1, <u16>R_ALL5, 0, 0, 0, // Q+max
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 2, <u16>R_ALL5, 0, 0, 0, // S+max
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 3, <u16>R_ALL5, 0, 0, 0, // S-max
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 4, <u16>R_ALL5, 0, 0, 0, // P+max T1
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 5, <u16>R_ALL5, 0, 0, 0, // P+max T2
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 6, <u16>R_ALL5, 0, 0, 0, // Q+max T1
  <u16>CosemClass.EXTENDED_REGISTER, 0, <u16>Binding.PEAK_FIRST + 7, <u16>R_ALL5, 0, 0, 0, // Q+max T2
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ACC_PEAK_FIRST + 0, <u16>R_ALL3, 0, 0, 0, // accumulated P+max
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ACC_PEAK_FIRST + 1, <u16>R_ALL3, 0, 0, 0, // accumulated P+max T1
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ACC_PEAK_FIRST + 2, <u16>R_ALL3, 0, 0, 0, // accumulated P+max T2
  <u16>CosemClass.REGISTER, 0, <u16>Binding.ACC_PEAK_FIRST + 3, <u16>R_ALL3, 0, 0, 0, // accumulated Q+max
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 1
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 2
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 3
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 4
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 5
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 6
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 7
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 8
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 9
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 10
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 11
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 12
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, 0, 0, 0, // configuration id 13: X12, hardware
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 14
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 15
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 16
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 17
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, 0, 0, <u16>W_VALUE, // configuration id 18: Z19 breaker position, written with HLS only
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, 0, 0, <u16>W_VALUE, // configuration id 19: Z9 disconnect control mode, written with HLS only
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 20
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 21
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 22
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 23
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 24
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 25
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 26
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, 0, 0, <u16>W_VALUE, // configuration id 27: Z28 local encryption, written with HLS only
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 28
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 29
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 30
  <u16>CosemClass.DATA, 0, <u16>Binding.CONFIG, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // configuration id 31
  <u16>CosemClass.ACTIVITY_CALENDAR, 0, <u16>Binding.CALENDAR, <u16>R_CALENDAR, <u16>W_PASSIVE, <u16>M1, 0,
  <u16>CosemClass.SPECIAL_DAYS_TABLE, 0, <u16>Binding.SPECIAL_DAYS, <u16>R_ALL2, 0, <u16>M1_2, 0,
  <u16>CosemClass.DATA, 0, <u16>Binding.DISPLAY_LIST_FIRST + 0, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // automatic display list
  <u16>CosemClass.DATA, 0, <u16>Binding.DISPLAY_LIST_FIRST + 1, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // manual display list
  <u16>CosemClass.DATA, 0, <u16>Binding.DISPLAY_LIST_FIRST + 2, <u16>R_ALL2, <u16>W_VALUE, 0, 0, // battery display list
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 0
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 1
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 2
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 3
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 4
  <u16>CosemClass.DATA, 0, <u16>Binding.LAST_EVENT, <u16>R_ALL2, 0, 0, 0, // last event code, log 5
  <u16>CosemClass.REGISTER, 0, <u16>Binding.TAMPER, <u16>R_ALL3, 0, <u16>M1, 0, // tamper latch, reset clears it
];
export const COSEM1_OBIS: StaticArray<u8> = [
  1, 0, 3, 8, 0, 255,
  1, 0, 4, 8, 0, 255,
  1, 0, 5, 8, 0, 255,
  1, 0, 6, 8, 0, 255,
  1, 0, 7, 8, 0, 255,
  1, 0, 8, 8, 0, 255,
  1, 0, 9, 8, 0, 255,
  1, 0, 10, 8, 0, 255,
  1, 0, 1, 8, 1, 255,
  1, 0, 1, 8, 2, 255,
  1, 0, 1, 8, 3, 255,
  1, 0, 1, 8, 4, 255,
  1, 0, 3, 8, 1, 255,
  1, 0, 3, 8, 2, 255,
  1, 0, 3, 8, 3, 255,
  1, 0, 3, 8, 4, 255,
  1, 0, 32, 7, 0, 255,
  1, 0, 31, 7, 0, 255,
  1, 0, 1, 7, 0, 255,
  1, 0, 2, 7, 0, 255,
  1, 0, 3, 7, 0, 255,
  1, 0, 4, 7, 0, 255,
  1, 0, 9, 7, 0, 255,
  1, 0, 13, 7, 0, 255,
  1, 0, 14, 7, 0, 255,
  1, 0, 32, 7, 124, 255,
  1, 0, 31, 7, 124, 255,
  1, 0, 128, 7, 0, 255,
  0, 0, 96, 8, 0, 255,
  0, 0, 96, 7, 21, 255,
  0, 0, 96, 7, 9, 255,
  1, 0, 0, 1, 0, 255,
  0, 0, 96, 128, 0, 255,
  0, 0, 96, 128, 1, 255,
  0, 0, 97, 97, 0, 255,
  1, 0, 0, 2, 0, 255,
  1, 0, 0, 2, 8, 255,
  1, 0, 0, 3, 0, 255,
  1, 0, 1, 6, 0, 255,
  1, 0, 3, 6, 0, 255,
  1, 0, 9, 6, 0, 255,
  1, 0, 10, 6, 0, 255,
  1, 0, 1, 6, 1, 255,
  1, 0, 1, 6, 2, 255,
  1, 0, 3, 6, 1, 255,
  1, 0, 3, 6, 2, 255,
  1, 0, 1, 2, 0, 255,
  1, 0, 1, 2, 1, 255,
  1, 0, 1, 2, 2, 255,
  1, 0, 3, 2, 0, 255,
  0, 128, 96, 0, 1, 255,
  0, 128, 96, 0, 2, 255,
  0, 128, 96, 0, 3, 255,
  0, 128, 96, 0, 4, 255,
  0, 128, 96, 0, 5, 255,
  0, 128, 96, 0, 6, 255,
  0, 128, 96, 0, 7, 255,
  0, 128, 96, 0, 8, 255,
  0, 128, 96, 0, 9, 255,
  0, 128, 96, 0, 10, 255,
  0, 128, 96, 0, 11, 255,
  0, 128, 96, 0, 12, 255,
  0, 128, 96, 0, 13, 255,
  0, 128, 96, 0, 14, 255,
  0, 128, 96, 0, 15, 255,
  0, 128, 96, 0, 16, 255,
  0, 128, 96, 0, 17, 255,
  0, 128, 96, 0, 18, 255,
  0, 128, 96, 0, 19, 255,
  0, 128, 96, 0, 20, 255,
  0, 128, 96, 0, 21, 255,
  0, 128, 96, 0, 22, 255,
  0, 128, 96, 0, 23, 255,
  0, 128, 96, 0, 24, 255,
  0, 128, 96, 0, 25, 255,
  0, 128, 96, 0, 26, 255,
  0, 128, 96, 0, 27, 255,
  0, 128, 96, 0, 28, 255,
  0, 128, 96, 0, 29, 255,
  0, 128, 96, 0, 30, 255,
  0, 128, 96, 0, 31, 255,
  0, 0, 13, 0, 0, 255,
  0, 0, 11, 0, 0, 255,
  0, 128, 96, 1, 0, 255,
  0, 128, 96, 1, 1, 255,
  0, 128, 96, 1, 2, 255,
  0, 0, 96, 11, 0, 255,
  0, 0, 96, 11, 1, 255,
  0, 0, 96, 11, 2, 255,
  0, 0, 96, 11, 3, 255,
  0, 0, 96, 11, 4, 255,
  0, 0, 96, 11, 5, 255,
  0, 0, 96, 128, 10, 255,
];
