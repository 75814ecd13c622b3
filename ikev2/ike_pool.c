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

uint32_t ike_pool_take4(const char *pool)
{
	/* in use: the SA table's address index (ike_sa_table.c) */
	uint32_t found = 0;
	sqlite3_stmt *st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
				    "s", pool);
	while (!found && db_row(st)) {
		uint32_t lo = (uint32_t)db_col_int(st, 0), hi = (uint32_t)db_col_int(st, 1);
		for (uint64_t a = lo; a <= hi; a++) {
			if (a && !ike_addr_in_use((uint32_t)a)) {
				found = (uint32_t)a;
				db_done(st);
				break;
			}
		}
	}
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
