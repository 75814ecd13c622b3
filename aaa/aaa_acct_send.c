/*
 * Accounting-Requests to a RADIUS server group (RFC 2866) through the
 * group layer (radius_group_send: each member's acct port, the next member
 * when one does not answer or is dead).
 */
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_acct.h"
#include "aaa/aaa_debug.h"
#include "aaa/radius_client.h"
#include "aaa/radius_servers.h"

static struct aaa_acct_send_stats stats;

const struct aaa_acct_send_stats *aaa_acct_send_stats(void) { return &stats; }

struct acct_txn {
	struct radius_pkt attrs;
	aaa_acct_sent_fn done;
	void *ctx;
	unsigned status;                /* Acct-Status-Type 1..3, 0 = other */
	const struct radius_server *asked; /* of the last try: the one that answers */
};

/* The record's Acct-Status-Type when it is one show aaa servers counts. */
static unsigned status_of(const struct radius_pkt *attrs)
{
	size_t vl = 0;
	const uint8_t *v = radius_attr_find(attrs->buf, attrs->len, RADIUS_A_ACCT_STATUS_TYPE, &vl);
	return v && vl == 4 && !v[0] && !v[1] && !v[2] && v[3] >= 1 && v[3] <= 3 ? v[3] : 0;
}

static void on_reply(void *ctx, enum radius_result res, const uint8_t *reply, size_t len)
{
	(void)reply, (void)len;
	struct acct_txn *t = ctx;
	bool answered = res == RADIUS_R_REPLY;
	aaa_debug(AAA_DBG_ACCT, "AAA/ACCT: %s", answered ? "Accounting-Response received" :
		  "no server of the group answered: record lost");
	struct radius_entry *e = answered ? radius_entry_of(t->asked) : NULL;
	if (e && t->status)
		e->acct_resp[t->status]++;
	if (answered)
		stats.answered++;
	else
		stats.lost++;
	if (t->done)
		t->done(t->ctx, answered);
	free(t);
}

/* Each try's request: the record's attributes. */
static int build(void *ctx, struct radius_req *r)
{
	struct acct_txn *t = ctx;
	struct radius_pkt *p = radius_req_pkt(r);
	struct radius_attr_iter it;
	uint8_t type;
	const uint8_t *val;
	size_t vlen;
	radius_attr_iter_init(&it, t->attrs.buf, t->attrs.len);
	while (radius_attr_next(&it, &type, &val, &vlen))
		if (radius_pkt_add(p, type, val, vlen) != 0)
			return -1;
	stats.sent++;
	t->asked = radius_req_server(r);
	struct radius_entry *e = radius_entry_of(t->asked);
	if (e && t->status)
		e->acct_req[t->status]++;
	return 0;
}

int aaa_acct_send(const char *grp, const struct radius_pkt *attrs, aaa_acct_sent_fn done, void *ctx)
{
	struct acct_txn *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	t->attrs = *attrs;
	t->done = done;
	t->ctx = ctx;
	t->status = status_of(attrs);
	if (aaa_debug_on(AAA_DBG_ACCT)) {
		static const char *const status[] = { "?", "Start", "Stop", "Interim-Update" };
		aaa_debug(AAA_DBG_ACCT, "AAA/ACCT: %s record to group %s", status[t->status], grp);
	}
	if (!radius_group_send(grp, RADIUS_ACCOUNTING_REQUEST, build, on_reply, t)) {
		free(t);
		return -1;
	}
	return 0;
}
