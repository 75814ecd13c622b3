/*
 * Addresses from `ip local pool` and `ipv6 local pool` for remote-access
 * peers.  Nothing is booked: an address is in use while a live IKE SA
 * holds it (s->assigned, s->assigned6), so it comes free when the SA goes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_conf.h"
#include "ike_pool.h"
#include "ike_sa.h"
#include "running-config/store.h"

/*
 * Where handouts of a pool may start: every address of the pool before
 * `next` (its ranges in order) was in use when it was set.  A release
 * (ike_pool_released4) pulls it back, a config change drops it; only for
 * pools whose ranges ascend (then pool order is numeric order).  Without
 * it each handout walks the pool from its start: O(SAs).
 */
#define POOL_HINTS 8
#define POOL_MAX_RANGES 32
static struct pool_hint {
	char pool[64];
	long long gen;
	uint32_t next;
} hints[POOL_HINTS];
static unsigned hint_rr;

void ike_pool_released4(uint32_t addr)
{
	for (unsigned i = 0; i < POOL_HINTS; i++)
		if (hints[i].pool[0] && addr < hints[i].next)
			hints[i].next = addr;
}

static struct pool_hint *hint_for(const char *pool, long long gen)
{
	for (unsigned i = 0; i < POOL_HINTS; i++)
		if (strcmp(hints[i].pool, pool) == 0)
			return hints[i].gen == gen ? &hints[i] : NULL;
	return NULL;
}

static void hint_set(const char *pool, long long gen, uint32_t next)
{
	struct pool_hint *h = NULL;
	for (unsigned i = 0; i < POOL_HINTS && !h; i++)
		if (strcmp(hints[i].pool, pool) == 0)
			h = &hints[i];
	if (!h)
		h = &hints[hint_rr++ % POOL_HINTS];
	snprintf(h->pool, sizeof h->pool, "%s", pool);
	h->gen = gen;
	h->next = next;
}

uint32_t ike_pool_take4(const char *pool)
{
	/* in use: the SA table's address index (ike_sa_table.c) */
	uint32_t lo[POOL_MAX_RANGES], hi[POOL_MAX_RANGES];
	unsigned n = 0;
	bool ascending = true, more = false;
	sqlite3_stmt *st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
				    "s", pool);
	while (db_row(st)) {
		if (n == POOL_MAX_RANGES) {
			more = true;
			db_done(st);
			break;
		}
		lo[n] = (uint32_t)db_col_int(st, 0);
		hi[n] = (uint32_t)db_col_int(st, 1);
		if (n && lo[n] <= hi[n - 1])
			ascending = false;
		n++;
	}
	long long gen = ike_conf_gen();
	bool hinted = ascending && !more && gen >= 0 && strlen(pool) < sizeof hints[0].pool;
	struct pool_hint *h = hinted ? hint_for(pool, gen) : NULL;
	uint32_t start = h ? h->next : 0, found = 0;
	for (unsigned r = 0; r < n && !found; r++) {
		if (hi[r] < start)
			continue;
		for (uint64_t a = lo[r] > start ? lo[r] : start; a <= hi[r]; a++)
			if (a && !ike_addr_in_use((uint32_t)a)) {
				found = (uint32_t)a;
				break;
			}
	}
	if (more && !found) {
		/* a pool of many ranges: the plain walk, no hint */
		st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq", "s", pool);
		while (!found && db_row(st)) {
			uint32_t l = (uint32_t)db_col_int(st, 0), u = (uint32_t)db_col_int(st, 1);
			for (uint64_t a = l; a <= u; a++)
				if (a && !ike_addr_in_use((uint32_t)a)) {
					found = (uint32_t)a;
					db_done(st);
					break;
				}
		}
	}
	/* found stays the start: the caller may not keep it (then it is free) */
	if (hinted)
		hint_set(pool, gen, found ? found : (n ? hi[n - 1] : 0));
	return found;
}

bool ike_addr6_in_use(const uint8_t a[16], int block_len)
{
	return ike_sa_by_addr6(a, block_len) != NULL;
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
