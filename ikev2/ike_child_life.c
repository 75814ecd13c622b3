/* Child SA lifetime arithmetic and the collision rule (see ike_child_life.h). */
#include "ike_child_life.h"

#include <string.h>

int ike_life_soft_seconds(int hard, double jitter)
{
	if (hard < 2)
		return 1;
	if (jitter < 0 || jitter >= 1)
		jitter = 0;
	/* 90 % less up to 5 % of jitter */
	long long soft = (long long)hard * 9 / 10 - (long long)(jitter * (double)hard / 20.0);
	if (soft >= hard)
		soft = hard - 1;
	if (soft < 1)
		soft = 1;
	return (int)soft;
}

uint64_t ike_life_hard_bytes(uint64_t kb)
{
	if (kb > UINT64_MAX / 1024)
		return UINT64_MAX;
	return kb * 1024;
}

uint64_t ike_life_soft_bytes(uint64_t hard_bytes)
{
	return hard_bytes / 10 * 9;
}

enum ike_life_due ike_life_check(long long age, int soft, int hard, uint64_t bytes, uint64_t soft_bytes,
				 uint64_t hard_bytes)
{
	if ((hard > 0 && age >= hard) || (hard_bytes && bytes >= hard_bytes))
		return LIFE_HARD;
	if ((soft > 0 && age >= soft) || (soft_bytes && bytes >= soft_bytes))
		return LIFE_SOFT;
	return LIFE_OK;
}

static int cmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

bool ike_rekey_we_lose(const uint8_t *our_ni, size_t our_ni_len, const uint8_t *our_nr, size_t our_nr_len,
		       const uint8_t *peer_ni, size_t peer_ni_len, const uint8_t *peer_nr, size_t peer_nr_len)
{
	const uint8_t *ours = our_ni, *theirs = peer_ni;
	size_t ol = our_ni_len, tl = peer_ni_len;
	if (cmp(our_nr, our_nr_len, ours, ol) < 0) {
		ours = our_nr;
		ol = our_nr_len;
	}
	if (cmp(peer_nr, peer_nr_len, theirs, tl) < 0) {
		theirs = peer_nr;
		tl = peer_nr_len;
	}
	return cmp(ours, ol, theirs, tl) < 0;
}
