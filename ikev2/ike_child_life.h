/*
 * Child SA lifetime arithmetic and the rekey collision rule (pure,
 * unit-tested in tests/unit/test_ike_rekey.c).
 *
 * flexd's choice (IOS rekeys "about 90 %, with jitter"): the time-based
 * rekey starts between 85 % and 90 % of the lifetime (jitter so that the
 * children of many sessions made at once do not rekey in the same
 * second), the volume-based one at 90 % of the kilobytes.  The hard
 * lifetime deletes the pair.
 */
#ifndef FLEXD_IKE_CHILD_LIFE_H
#define FLEXD_IKE_CHILD_LIFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds after creation when the rekey starts; jitter in [0, 1). Always
 * in [1, hard - 1] for hard >= 2. */
int ike_life_soft_seconds(int hard, double jitter);
/* Volume: hard limit in bytes for kb kilobytes (0 = none) and the rekey
 * threshold. */
uint64_t ike_life_hard_bytes(uint64_t kb);
uint64_t ike_life_soft_bytes(uint64_t hard_bytes);

enum ike_life_due { LIFE_OK, LIFE_SOFT, LIFE_HARD };
/* Where a child stands: age in s, bytes = the larger direction. */
enum ike_life_due ike_life_check(long long age, int soft, int hard, uint64_t bytes, uint64_t soft_bytes,
				 uint64_t hard_bytes);

/* RFC 7296 §2.8.1: two rekeys of the same Child SA crossed.  The new SA
 * made by the exchange holding the lowest of the four nonces is redundant
 * and its initiator deletes it.  true: that exchange is ours (we delete
 * the child our exchange made; the peer deletes the old one).  Nonces
 * compare as octet strings (a prefix is lower). */
bool ike_rekey_we_lose(const uint8_t *our_ni, size_t our_ni_len, const uint8_t *our_nr, size_t our_nr_len,
		       const uint8_t *peer_ni, size_t peer_ni_len, const uint8_t *peer_nr, size_t peer_nr_len);

#endif
