/*
 * Accounting-Requests to a RADIUS server group (RFC 2866): the group's
 * members (aaa/radius_servers.h) in order, each on its acct port, the
 * next member when one does not answer within its timeout/retransmit or
 * is dead.  The client objects (aaa/radius_client.h) are the
 * authentication ones' twins on the acct port, kept here by their
 * settings: a member whose settings did not change keeps its object.
 * A transaction snapshots the members' settings when it starts, so a
 * config change meanwhile cannot leave it pointing at freed entries.
 */
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_acct.h"
#include "aaa/radius_client.h"
#include "aaa/aaa_debug.h"
#include "aaa/radius_servers.h"
#include "base/log.h"

#define ACCT_SERVERS_MAX 32
#define TXN_MEMBERS 16

struct acct_srv {
	struct radius_server_cfg cfg; /* cfg.addr on the acct port */
	struct radius_server *srv;
};

static struct acct_srv servers[ACCT_SERVERS_MAX];
static size_t nservers;
static struct aaa_acct_send_stats stats;

const struct aaa_acct_send_stats *aaa_acct_send_stats(void) { return &stats; }

/* The client object for these settings, made when first needed; the
 * oldest idle one is recycled when the table is full. */
static struct radius_server *server_for(const struct radius_server_cfg *cfg)
{
	for (size_t i = 0; i < nservers; i++)
		if (memcmp(&servers[i].cfg, cfg, sizeof *cfg) == 0)
			return servers[i].srv;
	size_t slot = nservers;
	if (slot == ACCT_SERVERS_MAX) {
		for (slot = 0; slot < nservers; slot++)
			if (radius_server_stats(servers[slot].srv)->pending == 0)
				break;
		if (slot == nservers)
			return NULL;
		radius_server_free(servers[slot].srv);
	} else {
		nservers++;
	}
	servers[slot].cfg = *cfg;
	servers[slot].srv = radius_server_new(cfg);
	if (!servers[slot].srv) {
		servers[slot] = servers[--nservers];
		return NULL;
	}
	return servers[slot].srv;
}

struct acct_txn {
	struct radius_server_cfg members[TXN_MEMBERS];
	size_t n, next;
	struct radius_pkt attrs;
	aaa_acct_sent_fn done;
	void *ctx;
};

static void txn_end(struct acct_txn *t, bool answered)
{
	aaa_debug(AAA_DBG_ACCT, "AAA/ACCT: %s", answered ? "Accounting-Response received" :
		  "no server of the group answered: record lost");
	if (!answered)
		stats.lost++;
	if (t->done)
		t->done(t->ctx, answered);
	free(t);
}

static void try_next(struct acct_txn *t);

static void on_reply(void *ctx, enum radius_result res, const uint8_t *reply, size_t len)
{
	(void)reply, (void)len;
	struct acct_txn *t = ctx;
	if (res == RADIUS_R_REPLY) {
		stats.answered++;
		txn_end(t, true);
		return;
	}
	if (res == RADIUS_R_TIMEOUT && t->next < t->n)
		stats.failed_over++;
	try_next(t);
}

/* Copy the attributes of t->attrs into a request's packet. */
static int copy_attrs(struct radius_pkt *p, const struct radius_pkt *from)
{
	struct radius_attr_iter it;
	uint8_t type;
	const uint8_t *val;
	size_t vlen;
	radius_attr_iter_init(&it, from->buf, from->len);
	while (radius_attr_next(&it, &type, &val, &vlen))
		if (radius_pkt_add(p, type, val, vlen) != 0)
			return -1;
	return 0;
}

static void try_next(struct acct_txn *t)
{
	while (t->next < t->n) {
		struct radius_server *s = server_for(&t->members[t->next++]);
		if (!s || (radius_server_is_dead(s) && t->next < t->n))
			continue;
		struct radius_req *r = radius_req_new(s, RADIUS_ACCOUNTING_REQUEST);
		if (!r)
			continue;
		if (copy_attrs(radius_req_pkt(r), &t->attrs) != 0 || radius_req_send(r, on_reply, t) != 0) {
			radius_req_cancel(r);
			continue;
		}
		stats.sent++;
		return;
	}
	txn_end(t, false);
}

int aaa_acct_send(const char *grp, const struct radius_pkt *attrs, aaa_acct_sent_fn done, void *ctx)
{
	struct radius_entry *m[TXN_MEMBERS];
	size_t n = radius_group_members(grp, m, TXN_MEMBERS);
	if (!n)
		return -1;
	struct acct_txn *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!m[i]->acct_port)
			continue;
		t->members[t->n] = m[i]->cfg;
		t->members[t->n].addr.sin_port = htons((uint16_t)m[i]->acct_port);
		t->n++;
	}
	if (!t->n) {
		free(t);
		return -1;
	}
	t->attrs = *attrs;
	t->done = done;
	t->ctx = ctx;
	if (aaa_debug_on(AAA_DBG_ACCT)) {
		static const char *const status[] = { "?", "Start", "Stop", "Interim-Update" };
		size_t vl = 0;
		const uint8_t *v = radius_attr_find(attrs->buf, attrs->len, RADIUS_A_ACCT_STATUS_TYPE, &vl);
		unsigned st = v && vl == 4 ? v[3] : 0;
		aaa_debug(AAA_DBG_ACCT, "AAA/ACCT: %s record to group %s", st < 4 ? status[st] : "?", grp);
	}
	try_next(t);
	return 0;
}

void aaa_acct_send_reset(void)
{
	for (size_t i = 0; i < nservers; i++)
		radius_server_free(servers[i].srv);
	nservers = 0;
}
