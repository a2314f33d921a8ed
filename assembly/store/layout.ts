// NVM partitions and the byte layout of the register journal (docs/NVM.md; pinned by tests/store.test.ts).
export const CAL_FIRST_SECTOR: i32 = 0; // sectors 0..1: legal calibration record, A/B
export const JOURNAL_FIRST_SECTOR: i32 = 2;
// 64 sectors x 122 delta records: at one record a second (100 A, 230 V) each sector is erased
// 630.7e6 / (122 * 64) = 80,800 times in 20 years, under the 100,000 cycles of NOR flash.
export const JOURNAL_SECTORS: i32 = 64;
// Meter state (counters, peaks, billing progress): 8 sectors, written at most every integration period.
export const STATE_FIRST_SECTOR: i32 = 66;
export const STATE_SECTORS: i32 = 8;
// Billing records: 4 sectors of 11 records keep at least the last 33 debiting stops.
export const BILLING_FIRST_SECTOR: i32 = 74;
export const BILLING_SECTORS: i32 = 4;
// Debit logger 2: 4 sectors of 23 records keep at least the last 69 (daily: two months).
export const LOGGER2_FIRST_SECTOR: i32 = 78;
export const LOGGER2_SECTORS: i32 = 4;
// Configuration: 2 sectors of 51 records; the newest intact one is in force.
export const CONFIG_FIRST_SECTOR: i32 = 82;
export const CONFIG_SECTORS: i32 = 2;
// Activity calendars and special days: 2 sectors of 4 records, written when a client changes them.
export const CALENDAR_FIRST_SECTOR: i32 = 84;
export const CALENDAR_SECTORS: i32 = 2;
// Event log: 4 sectors of 102 records keep at least the last 306 events.
export const EVENTS_FIRST_SECTOR: i32 = 86;
export const EVENTS_SECTORS: i32 = 4;
// Breaker, limiter and prepayment state: 2 sectors of 25 records, written on changes other than the credit.
export const BREAKER_FIRST_SECTOR: i32 = 90;
export const BREAKER_SECTORS: i32 = 2;
// DLMS secrets (the LLS password of the management association): 2 sectors of 113 records.
export const SECRETS_FIRST_SECTOR: i32 = 247;
export const SECRETS_SECTORS: i32 = 2;

// Load profile: 127 sectors (508 KiB) of variable-length entries, each sector opened by an anchor.
export const LP_FIRST_SECTOR: i32 = 92;
export const LP_SECTORS: i32 = 127;
// Analysis logger (Z10): 16 sectors taken from the end of the load profile's former 143.
export const ALOG_FIRST_SECTOR: i32 = 219;
export const ALOG_SECTORS: i32 = 16;
// Factory record (type number and the Z codes as ordered): 2 sectors, written once at production.
export const FACTORY_FIRST_SECTOR: i32 = 235;
export const FACTORY_SECTORS: i32 = 2;

// Event logs other than the standard one (fraud, disconnector, power quality, firmware, power
// failure): 2 sectors each, 102 events kept. Sectors 235..236 hold the factory record.
export const LOGS_FIRST_SECTOR: i32 = 237;
export const LOG_SECTORS: i32 = 2;

// Power quality counters, the weekly EN 50160 summaries, the push setups' settings and the alarms: 2 sectors of 13 records.
export const PQ_FIRST_SECTOR: i32 = 252;
export const PQ_SECTORS: i32 = 2;

// Sector header, 16 bytes: u32 magic "WMRJ", u16 version, u16 header length, u32 sector sequence, u32 CRC of 0..11.
export const SECTOR_MAGIC: u32 = 0x4a524d57;
export const JOURNAL_VERSION: u16 = 1;
export const HEADER_BYTES: i32 = 16;

// Snapshot record, 160 bytes: u8 tag 'S', u8 register count, u16 length, u32 reserved 0,
// 18 x u64 register values in whole Wh / varh / VAh, u32 CRC of bytes 0..155.
export const TAG_SNAPSHOT: u8 = 0x53;
export const SNAPSHOT_BYTES: i32 = 160;
export const SNAPSHOT_REGISTERS: i32 = 18;

// Delta record, 32 bytes: u8 tag 'D', u8 entry count (1..6), u16 reserved 0, six entries
// of u8 register + u24 increase in whole units (unused entries 0xFF register, 0 increase), u32 CRC of bytes 0..27.
export const TAG_DELTA: u8 = 0x44;
export const DELTA_BYTES: i32 = 32;
export const DELTA_ENTRIES: i32 = 6;
export const DELTA_MAX: u32 = 0xffffff;

// An unwritten record slot: NOR flash reads 0xFF where nothing was programmed.
export const TAG_ERASED: u8 = 0xff;
// DLMS security suite 0 keys (EK, AK, KEK) and the invocation counters reserved ahead: 3 sectors of 56 records.
export const KEYS_FIRST_SECTOR: i32 = 249;
export const KEYS_SECTORS: i32 = 3;
