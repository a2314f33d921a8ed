// ADC device: sampling configuration; the samples arrive in the firmware-owned block buffer.
@external("hal", "adc_config")
declare function hal_adc_config(rateHz: i32, blockPairs: i32): i32;

export function adcConfigure(rateHz: i32, blockPairs: i32): i32 {
  return hal_adc_config(rateHz, blockPairs);
}
