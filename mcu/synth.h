/* Integer sample synthesiser, the C twin of host/synth.ts: same table, same integers, same samples. */
#ifndef SYNTH_H
#define SYNTH_H
#include <stdint.h>

/* One stretch of steady load; phases in u32 turns, amplitudes in ADC LSB (see host/synth.ts IntSegment). */
typedef struct {
  uint32_t steps;
  uint32_t phase_inc;
  int32_t v_amp_lsb, i_amp_lsb;
  uint32_t i_phase;
  uint32_t h_order;
  int32_t vh_amp_lsb, ih_amp_lsb;
  uint32_t ih_phase;
  int32_t v_dc_lsb, i_dc_lsb;
  uint32_t noise_lsb;
} synth_segment_t;

#define SCN_EVENT_CONFIG_SET 1
#define SCN_EVENT_INPUT 2

typedef struct {
  uint32_t step;
  int32_t kind, id, value;
} scn_event_t;

typedef struct {
  const int16_t *sine_q15;
  const synth_segment_t *segments;
  uint32_t segment_count;
  uint32_t seg;
  uint32_t pairs_left;
  uint32_t pairs_per_step;
  uint32_t phase;
  uint32_t rng;
} synth_t;

void synth_init(synth_t *s, const int16_t *sine_q15, const synth_segment_t *segments, uint32_t count,
                uint32_t pairs_per_step, uint32_t seed);
/* Interleaved [v0, i0, v1, i1, ...]; returns 0, or -1 when the scenario has no samples left. */
int synth_fill(synth_t *s, int32_t *out, uint32_t pairs);

#endif
