/* Integer sample synthesiser: the per-pair arithmetic of host/synth.ts in int32/int64, no floating point. */
#include "synth.h"

#define SINE_FRAC_BITS 22
#define SAMPLE_MAX 8388607
#define SAMPLE_MIN (-8388608)

void synth_init(synth_t *s, const int16_t *sine_q15, const synth_segment_t *segments, uint32_t count,
                uint32_t pairs_per_step, uint32_t seed) {
  s->sine_q15 = sine_q15;
  s->segments = segments;
  s->segment_count = count;
  s->seg = 0;
  s->pairs_per_step = pairs_per_step;
  s->pairs_left = segments[0].steps * pairs_per_step;
  s->phase = 0;
  s->rng = seed;
}

static inline int32_t sine_q25(const int16_t *t, uint32_t phase) {
  uint32_t k = phase >> SINE_FRAC_BITS;
  int32_t f = (int32_t)((phase >> (SINE_FRAC_BITS - 10)) & 1023u);
  return (int32_t)t[k] * 1024 + ((int32_t)t[k + 1] - (int32_t)t[k]) * f;
}

/* The product stays below 2^48; >> on a negative int64 floors with gcc, like Math.floor in the TS twin. */
static inline int32_t wave(const int16_t *t, int32_t amp_lsb, uint32_t phase) {
  return (int32_t)(((int64_t)amp_lsb * sine_q25(t, phase)) >> 25);
}

static inline uint32_t xorshift32(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static inline int32_t clamp24(int32_t x) {
  return x > SAMPLE_MAX ? SAMPLE_MAX : x < SAMPLE_MIN ? SAMPLE_MIN : x;
}

int synth_fill(synth_t *s, int32_t *out, uint32_t pairs) {
  const int16_t *t = s->sine_q15;
  for (uint32_t n = 0; n < pairs; n++) {
    while (s->pairs_left == 0) {
      if (s->seg + 1 >= s->segment_count) return -1;
      s->seg++;
      s->pairs_left = s->segments[s->seg].steps * s->pairs_per_step;
    }
    const synth_segment_t *g = &s->segments[s->seg];
    uint32_t p = s->phase;
    int32_t v = g->v_dc_lsb + wave(t, g->v_amp_lsb, p);
    int32_t i = g->i_dc_lsb + wave(t, g->i_amp_lsb, p + g->i_phase);
    if (g->h_order != 0) {
      uint32_t hp = p * g->h_order;
      v += wave(t, g->vh_amp_lsb, hp);
      i += wave(t, g->ih_amp_lsb, hp + g->i_phase * g->h_order + g->ih_phase);
    }
    uint32_t rv = xorshift32(&s->rng);
    uint32_t ri = xorshift32(&s->rng);
    if (g->noise_lsb != 0) {
      uint32_t span = 2u * g->noise_lsb + 1u;
      v += (int32_t)(rv % span) - (int32_t)g->noise_lsb;
      i += (int32_t)(ri % span) - (int32_t)g->noise_lsb;
    }
    out[2 * n] = clamp24(v);
    out[2 * n + 1] = clamp24(i);
    s->phase = p + g->phase_inc;
    s->pairs_left--;
  }
  return 0;
}
