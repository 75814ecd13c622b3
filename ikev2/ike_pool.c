/*
 * Addresses from `ip local pool` and `ipv6 local pool` for remote-access
 * peers.  Nothing is booked: an address is in use while a live IKE SA
 * holds it (s->assigned, s->assigned6), so it comes free when the SA goes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_pool.h"
#include "ike_sa.h"
#include "running-config/store.h"

/* The IPv4 addresses live SAs hold, as an open-addressing hash set built
 * in one pass: a handout is then O(SAs + pool walk), not O(SAs x walk). */
struct addr_set {
	uint32_t *slot; /* 0 = empty (0.0.0.0 is never handed out) */
	size_t mask;
};

static uint32_t addr_hash(uint32_t a)
{
	a ^= a >> 16;
	a *= 0x7feb352dU;
	a ^= a >> 15;
	return a;
}

static bool addr_set_build(struct addr_set *set)
{
	size_t n = 0;
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next)
		n += s->assigned != 0;
	size_t cap = 64;
	while (cap < 2 * n)
		cap *= 2;
	set->slot = calloc(cap, sizeof *set->slot);
	if (!set->slot)
		return false;
	set->mask = cap - 1;
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (!s->assigned)
			continue;
		size_t i = addr_hash(s->assigned) & set->mask;
		while (set->slot[i] && set->slot[i] != s->assigned)
			i = (i + 1) & set->mask;
		set->slot[i] = s->assigned;
	}
	return true;
}

static bool addr_set_has(const struct addr_set *set, uint32_t a)
{
	for (size_t i = addr_hash(a) & set->mask; set->slot[i]; i = (i + 1) & set->mask)
		if (set->slot[i] == a)
			return true;
	return false;
}

uint32_t ike_pool_take4(const char *pool)
{
	struct addr_set used;
	if (!addr_set_build(&used))
		return 0;
	uint32_t found = 0;
	sqlite3_stmt *st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
				    "s", pool);
	while (!found && db_row(st)) {
		uint32_t lo = (uint32_t)db_col_int(st, 0), hi = (uint32_t)db_col_int(st, 1);
		for (uint64_t a = lo; a <= hi; a++) {
			if (a && !addr_set_has(&used, (uint32_t)a)) {
				found = (uint32_t)a;
				db_done(st);
				break;
			}
		}
	}
	free(used.slot);
	return found;
}

/* Same assigned block (the first `len` bits). */
static bool same_block(const uint8_t a[16], const uint8_t b[16], int len)
{
	int full = len / 8, rest = len % 8;
	if (memcmp(a, b, (size_t)full) != 0)
		return false;
	return rest == 0 || ((a[full] ^ b[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool ike_addr6_in_use(const uint8_t a[16], int block_len)
{
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next)
		if (s->assigned6_len && same_block(s->assigned6, a, block_len))
			return true;
	return false;
}

/* Add k at bit position `len` (the block number) to prefix p. */
static void block_addr(const uint8_t p[16], int len, uint32_t k, uint8_t out[16])
{
	memcpy(out, p, 16);
	int bit = len - 1;       /* least significant bit of the block number */
	while (k && bit >= 0) {
		if (k & 1) {
			/* add 1 at `bit`, carrying towards the front */
			for (int b = bit; b >= 0; b--) {
				uint8_t m = (uint8_t)(0x80 >> (b % 8));
				out[b / 8] ^= m;
				if (out[b / 8] & m)
					break;
			}
		}
		k >>= 1;
		bit--;
	}
}

bool ike_pool_take6(const char *pool, uint8_t out[16], int *assigned_len)
{
	sqlite3_stmt *st = db_query("SELECT prefix, assigned_len FROM ipv6_local_pool WHERE name=?", "s", pool);
	if (!db_row(st))
		return false;
	char pfx[64];
	snprintf(pfx, sizeof pfx, "%s", db_col_text(st, 0));
	int alen = (int)db_col_int(st, 1);
	db_done(st);
	char *slash = strchr(pfx, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int plen = atoi(slash + 1);
	uint8_t base[16];
	if (inet_pton(AF_INET6, pfx, base) != 1 || plen < 0 || plen > 128 || alen < plen || alen > 128)
		return false;
	/* blocks of /alen in /plen; a bounded walk (large pools: the first 64k) */
	int bits = alen - plen;
	uint64_t nblocks = bits >= 16 ? 65536 : (uint64_t)1 << bits;
	for (uint64_t k = 0; k < nblocks; k++) {
		uint8_t a[16];
		block_addr(base, alen, (uint32_t)k, a);
		/* the interface id ::1 of a shared prefix; for /128 blocks skip the
		 * subnet-router anycast address (the all-zero one) */
		if (alen < 128)
			a[15] |= 1;
		else if (k == 0 && plen < 128)
			continue;
		if (!ike_addr6_in_use(a, alen)) {
			memcpy(out, a, 16);
			*assigned_len = alen;
			return true;
		}
	}
	return false;
}
