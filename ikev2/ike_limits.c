/*
 * Admission control for IKE_SA_INIT (see ike_limits.h).
 *
 * Order: cookies first (cheap, stateless: a spoofed flood costs one HMAC
 * per packet and leaves nothing behind), then the limits, which only
 * requests from addresses that answer get to count against.
 *
 * Over a limit the request is dropped without an answer.  IOS's call
 * admission control for IKE "drops new IKE SA requests when the configured
 * limit is reached", and RFC 8019 §7 prefers dropping to notifying under
 * attack; TEMPORARY_FAILURE and NO_ADDITIONAL_SAS are CREATE_CHILD_SA
 * answers in RFC 7296 and mean nothing in IKE_SA_INIT.  A real initiator
 * retransmits and gets in once a slot is free; the drop is counted in
 * `show crypto ikev2 stats` (Rejected ... SA limit).
 */
#include "ike_limits.h"

#include <netinet/in.h>
#include <string.h>

#include "ike_debug.h"
#include "ike_conf.h"
#include "ike_sa.h"
#include "running-config/store.h"

static struct ike_limit_stats stats;

const struct ike_limit_stats *ike_limit_stats(void) { return &stats; }

/*
 * One source may hold a quarter of the in-negotiation SAs (at least one):
 * then at least four addresses are needed to fill the table, so a single
 * host that passed the cookie check (it owns its address) cannot lock
 * everyone out, while a NAT gateway in front of many clients still has
 * 10 handshakes in flight at once with the default limit of 40 (each is
 * half-open for one round trip only).
 */
int ike_limits_per_source(int nego_in)
{
	int n = (nego_in + 3) / 4;
	return n < 1 ? 1 : n;
}

/* Read straight from ikev2_global: the engine needs "not configured"
 * (NULL) apart from `cookie-challenge 0` (cookies always), and the
 * direction of `max-in-negotiation-sa`. */
static void limits_load(struct ike_limits *l)
{
	l->cookie_at = -1;
	l->max_sa = 0;
	l->nego_in = IKE_NEGO_IN_DEFAULT;
	l->nego_out = IKE_NEGO_OUT_DEFAULT;
	sqlite3_stmt *st = db_query("SELECT cookie_challenge, max_sa, max_nego, max_nego_dir, max_nego_in, "
				    "max_nego_out FROM ikev2_global WHERE id=1", "");
	if (st && db_row(st)) {
		if (!db_col_null(st, 0))
			l->cookie_at = (int)db_col_int(st, 0);
		if (!db_col_null(st, 1))
			l->max_sa = (int)db_col_int(st, 1);
		if (!db_col_null(st, 2)) {
			/* no direction: the limit holds both ways */
			const char *dir = db_col_text(st, 3);
			int n = (int)db_col_int(st, 2);
			if (strcmp(dir, "outgoing") != 0)
				l->nego_in = n;
			if (strcmp(dir, "incoming") != 0)
				l->nego_out = n;
		}
		/* a direction's own line beats the one without */
		if (!db_col_null(st, 4))
			l->nego_in = (int)db_col_int(st, 4);
		if (!db_col_null(st, 5))
			l->nego_out = (int)db_col_int(st, 5);
		db_done(st);
	}
	l->per_source = ike_limits_per_source(l->nego_in);
}

/* Cached: asked on every IKE_SA_INIT (see ike_conf_gen). */
void ike_limits_get(struct ike_limits *l)
{
	static long long cgen; /* gen + 1, 0 = empty */
	static struct ike_limits cv;
	long long gen = ike_conf_gen();
	if (gen >= 0 && cgen == gen + 1) {
		*l = cv;
		return;
	}
	limits_load(l);
	if (gen >= 0) {
		cgen = gen + 1;
		cv = *l;
	}
}

enum ike_admit ike_admit_init(const struct ike_dgram *d, const struct ikev2_msg *m, uint8_t cookie[IKE_COOKIE_LEN])
{
	struct ike_limits l;
	ike_limits_get(&l);
	int total = ike_sa_total(), half_open = ike_sa_count(IKE_SA_HALF_OPEN);

	long long now = ike_now_s();
	const struct ikev2_notify *n = ikev2_msg_notify(m, IKEV2_N_COOKIE);
	bool valid = n && ike_cookie_check(now, n->data.p, n->data.len, m->nonce.p, m->nonce.len, &d->peer,
					   m->hdr.spi_i);
	if (valid)
		stats.cookie_ok++;
	if (!valid && l.cookie_at >= 0 && half_open >= l.cookie_at) {
		if (n)
			stats.cookie_bad++; /* stale or forged: a fresh one, as RFC 7296 §2.6 lets it retry */
		else
			stats.cookie_missing++;
		if (ike_cookie_make(now, m->nonce.p, m->nonce.len, &d->peer, m->hdr.spi_i, cookie) != 0)
			return IKE_ADMIT_DROP;
		stats.cookie_sent++;
		ike_debug(IKE_DBG_INTERNAL, NULL, "Cookie challenge: %d SAs in negotiation, sending COOKIE", half_open);
		return IKE_ADMIT_COOKIE;
	}

	unsigned long *why = NULL;
	if (l.max_sa > 0 && total >= l.max_sa)
		why = &stats.sa_limit;
	else if (half_open >= l.nego_in)
		why = &stats.nego_limit;
	else if (ike_sa_half_open_from(&d->peer) >= l.per_source)
		why = &stats.source_limit;
	if (why) {
		ike_debug(IKE_DBG_ERROR, NULL, "Dropping IKE_SA_INIT: %s limit reached",
			  why == &stats.sa_limit ? "max-sa" : why == &stats.nego_limit ? "max-in-negotiation-sa"
											 : "per-source");
		(*why)++;
		ike_stats.in_rejected++;
		return IKE_ADMIT_DROP;
	}
	return IKE_ADMIT_OK;
}
