// RTC device: the battery/supercap-backed clock, UTC seconds since 1970.
@external("hal", "rtc_read")
declare function hal_rtc_read(): i64;
@external("hal", "rtc_set")
declare function hal_rtc_set(utcS: i64): i32;

export function rtcReadUtcS(): i64 {
  return hal_rtc_read();
}

export function rtcSetUtcS(utcS: i64): i32 {
  return hal_rtc_set(utcS);
}
