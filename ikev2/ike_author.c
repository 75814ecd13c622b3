/*
 * Authorization for PSK and certificate peers: the IKEv2 authorization
 * policy named by the profile's `aaa authorization group ... list L
 * [POLICY]` (local method) answers the peer's CFG_REQUEST (RFC 7296
 * §3.15): an address from `ip local pool`, DNS servers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "ike_sa.h"
#include "running-config/store.h"

struct author {
	char pool[64];
	uint32_t dns[2];
	int ndns;
};

/* The authorization policy of `aaa authorization group psk|cert|any list L
 * [POLICY]` (local method; cert for peers that signed), else the policy
 * `default`. */
static void author_for(const char *profile, const char *method, struct author *a)
{
	memset(a, 0, sizeof *a);
	char policy[64] = "default";
	db_get_text(policy, sizeof policy,
		    "SELECT COALESCE(aaa_name, 'default') FROM ikev2_profile_authz WHERE profile=? AND kind='group' "
		    "AND method IN (?, 'any') ORDER BY method=? DESC LIMIT 1", "sss", profile, method, method);
	sqlite3_stmt *st = db_query("SELECT pool, dns1, dns2 FROM ikev2_author_policy WHERE name=? AND disabled=0",
				    "s", policy);
	if (db_row(st)) {
		snprintf(a->pool, sizeof a->pool, "%s", db_col_text(st, 0));
		for (int i = 1; i <= 2; i++) {
			struct in_addr x;
			if (inet_pton(AF_INET, db_col_text(st, i), &x) == 1)
				a->dns[a->ndns++] = ntohl(x.s_addr);
		}
		db_done(st);
	}
}

static uint32_t pool_take(const char *pool)
{
	sqlite3_stmt *st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
				    "s", pool);
	while (db_row(st)) {
		uint32_t lo = (uint32_t)db_col_int(st, 0), hi = (uint32_t)db_col_int(st, 1);
		for (uint64_t a = lo; a <= hi; a++) {
			if (!ike_addr_in_use((uint32_t)a)) {
				db_done(st);
				return (uint32_t)a;
			}
		}
	}
	return 0;
}

uint16_t ike_author_reply(struct ike_sa *s, const struct ikev2_msg *m, struct ikev2_writer *w)
{
	if (!(m->seen & (1ull << (IKEV2_PL_CP - 32))) || m->cp.type != IKEV2_CFG_REQUEST)
		return 0;
	struct author a;
	author_for(s->profile, strcmp(s->auth_verify, "PSK") == 0 ? "psk" : "cert", &a);
	s->assigned = a.pool[0] ? pool_take(a.pool) : 0;
	if (!s->assigned) {
		log_msg(LOG_SEV_ERR, "IKEV2", "ADDRESS", "No address available in pool %s for peer %s",
			a.pool[0] ? a.pool : "(none)", s->peer_id);
		return IKEV2_N_INTERNAL_ADDRESS_FAILURE;
	}
	uint8_t addr[4], dns[2][4];
	uint32_t be = htonl(s->assigned);
	memcpy(addr, &be, 4);
	struct ikev2_cp_attr attrs[3] = { { IKEV2_CFG_INTERNAL_IP4_ADDRESS, 4, addr } };
	unsigned na = 1;
	for (int i = 0; i < a.ndns; i++) {
		uint32_t d4 = htonl(a.dns[i]);
		memcpy(dns[i], &d4, 4);
		attrs[na++] = (struct ikev2_cp_attr){ IKEV2_CFG_INTERNAL_IP4_DNS, 4, dns[i] };
	}
	ikev2_w_cp(w, IKEV2_CFG_REPLY, attrs, na);
	return 0;
}
