/*
 * ESP anti-replay window (RFC 4303 §3.4.3, Appendix A) with extended
 * sequence numbers (§2.2.1, Appendix A2).  The window is a ring of
 * ESP_REPLAY_MAX bits indexed by the sequence number modulo its size:
 * advancing clears only the slots that newly enter the window, so a packet
 * costs O(advance) and never a shift of the whole bitmap.
 */
#include <string.h>

#include "ipsec/esp.h"

#define RING_BITS ESP_REPLAY_MAX

static inline void bit_clear(struct esp_replay *r, uint64_t s)
{
	unsigned i = (unsigned)(s % RING_BITS);
	r->bits[i / 64] &= ~(1ULL << (i % 64));
}

static inline void bit_set(struct esp_replay *r, uint64_t s)
{
	unsigned i = (unsigned)(s % RING_BITS);
	r->bits[i / 64] |= 1ULL << (i % 64);
}

static inline bool bit_get(const struct esp_replay *r, uint64_t s)
{
	unsigned i = (unsigned)(s % RING_BITS);
	return r->bits[i / 64] >> (i % 64) & 1;
}

int esp_replay_init(struct esp_replay *r, unsigned size, bool esn)
{
	if (size > ESP_REPLAY_MAX)
		return -1;
	memset(r, 0, sizeof *r);
	r->size = size;
	r->esn = esn;
	return 0;
}

/* Appendix A2.2: place seq in the 2^32 sub-space that keeps it nearest the
 * window (Tl: low half of the top, W: window size).  A guess before the
 * very first sub-space gives 0, which the check rejects. */
uint64_t esp_replay_infer(const struct esp_replay *r, uint32_t seq)
{
	if (!r->esn)
		return seq;
	uint32_t w = r->size ? r->size : ESP_REPLAY_DEFAULT;
	uint32_t tl = (uint32_t)r->top, th = (uint32_t)(r->top >> 32);
	uint32_t bottom = tl - w + 1;  /* modulo 2^32 */
	uint32_t sh;
	if (tl >= w - 1) {
		sh = seq >= bottom ? th : th + 1;
	} else {
		if (seq >= bottom) {
			if (th == 0)
				return 0;
			sh = th - 1;
		} else {
			sh = th;
		}
	}
	return (uint64_t)sh << 32 | seq;
}

int esp_replay_check(const struct esp_replay *r, uint64_t seq64)
{
	if (seq64 == 0)
		return -1;  /* the first packet carries 1 */
	if (!r->size || seq64 > r->top)
		return 0;
	if (r->top - seq64 >= r->size)
		return -1;  /* left of the window */
	return bit_get(r, seq64) ? -1 : 0;
}

void esp_replay_update(struct esp_replay *r, uint64_t seq64)
{
	if (seq64 > r->top) {
		uint64_t diff = seq64 - r->top;
		if (diff >= RING_BITS)
			memset(r->bits, 0, sizeof r->bits);
		else
			for (uint64_t s = r->top + 1; s <= seq64; s++)
				bit_clear(r, s);
		r->top = seq64;
	}
	bit_set(r, seq64);
}
