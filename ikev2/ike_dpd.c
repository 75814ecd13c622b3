/*
 * Liveness and lifetime of established IKE SAs, driven by one engine tick
 * a second:
 *   - DPD (profile `dpd INTERVAL RETRY periodic|on-demand`, else the
 *     global `crypto ikev2 dpd`): periodic sends an empty INFORMATIONAL
 *     request every INTERVAL s; on-demand sends one when nothing came from
 *     the peer for INTERVAL s.  Unanswered, it is resent every RETRY s, 5
 *     times as IOS does, then the SA is deleted locally (DOWN logged, its
 *     pool address released with it).
 *   - lifetime (profile `lifetime`, default 86400): flexd rekeys the IKE
 *     SA at 85-90 % of it (ike_rekey_ike.c); when the lifetime runs out
 *     all the same (rekey refused or unanswered), the SA is deleted and the
 *     peer told (INFORMATIONAL Delete).
 * Child SA lifetimes and rekeys (ike_rekey_child.c) and NAT keepalives
 * (ike_natka.c) run on the same tick.
 * Responses to our own requests arrive here from on_datagram.
 */
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_acct.h"
#include "base/loop.h"
#include "ike_auth_steps.h"
#include "ike_conf.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "msg.h"

#define DPD_MAX_RETRANSMITS 5
#define TEARDOWN_TRIES 4
#define TICK_MS 1000
/* Half-open SAs that never saw IKE_AUTH go after this long, so a flood of
 * IKE_SA_INIT requests cannot hold memory forever (pruned here, once a
 * second, not on every IKE_SA_INIT). */
#define HALF_OPEN_LIFETIME 30

static uint64_t tick_id;

void ike_sa_conf(struct ike_sa *s)
{
	if (s->conf_read || s->state != IKE_SA_ESTABLISHED)
		return;
	s->conf_read = true;
	s->lifetime = 86400;
	struct ike_conf_profile p;
	if (s->profile[0] && ike_conf_profile_get(s->profile, &p)) {
		s->lifetime = p.lifetime > 0 ? p.lifetime : 86400;
		s->dpd_interval = p.dpd_interval;
		s->dpd_retry = p.dpd_retry;
		s->dpd_periodic = p.dpd_periodic;
	}
	if (!s->dpd_interval) {
		struct ike_conf_global g;
		ike_conf_global_get(&g);
		s->dpd_interval = g.dpd_interval;
		s->dpd_retry = g.dpd_retry;
		s->dpd_periodic = g.dpd_periodic;
	}
	if (s->dpd_retry <= 0)
		s->dpd_retry = 2;
}

static void dpd_clear(struct ike_sa *s)
{
	free(s->dpd_req);
	s->dpd_req = NULL;
	s->dpd_req_len = 0;
	s->dpd_tries = 0;
}

/* Returns false when the SA went away. */
static bool dpd_step(struct ike_sa *s, long long now)
{
	if (s->dpd_interval <= 0)
		return true;
	if (s->dpd_req) {
		if (now - s->dpd_sent < s->dpd_retry)
			return true;
		if (s->dpd_tries >= DPD_MAX_RETRANSMITS) {
			ike_debug(IKE_DBG_ERROR, s, "Maximum number of retransmissions reached: peer is dead, "
				  "deleting the SA");
			aaa_acct_ike_down(s, AAA_TERM_LOST_CARRIER);
			ike_log_down(s);
			ike_sa_remove(s);
			return false;
		}
		s->dpd_tries++;
		s->dpd_sent = now;
		ike_debug(IKE_DBG_INTERNAL, s, "Retransmitting packet (DPD, retry %d)", s->dpd_tries);
		ike_debug_packet(s, true, &s->local, &s->peer, s->dpd_req, s->dpd_req_len);
		ike_send(&s->local, &s->peer, s->natt, s->dpd_req, s->dpd_req_len);
		return true;
	}
	if (ike_rekey_busy(s))
		return true; /* one request of ours at a time: after the rekey's */
	long long since = s->dpd_periodic ? s->dpd_last : s->last_rx;
	if (since < s->established)
		since = s->established;
	if (now - since < s->dpd_interval)
		return true;
	s->dpd_last = now;
	s->dpd_sent = now;
	s->dpd_tries = 0;
	ike_debug(IKE_DBG_INTERNAL, s, "Sending DPD/liveness query");
	if (ike_send_dpd(s) != 0)
		ike_debug(IKE_DBG_ERROR, s, "Failed to send the DPD request");
	return true;
}

/* An SA refused after IKE_AUTH (s->teardown, ike_auth.c): its Delete resent
 * every second until answered (ike_response), at most TEARDOWN_TRIES
 * times; then it goes. */
static void teardown_step(struct ike_sa *s, long long now)
{
	if (now - s->dpd_sent < 1)
		return;
	if (s->dpd_tries >= TEARDOWN_TRIES || !s->dpd_req) {
		ike_debug(IKE_DBG_ERROR, s, "Delete not answered: removing the SA");
		ike_sa_remove(s);
		return;
	}
	s->dpd_tries++;
	s->dpd_sent = now;
	ike_debug(IKE_DBG_INTERNAL, s, "Retransmitting packet (Delete, retry %d)", s->dpd_tries);
	ike_debug_packet(s, true, &s->local, &s->peer, s->dpd_req, s->dpd_req_len);
	ike_send(&s->local, &s->peer, s->natt, s->dpd_req, s->dpd_req_len);
}

static void tick(void *data)
{
	(void)data;
	long long now = ike_now_s();
	ike_sa_prune_half_open(now, HALF_OPEN_LIFETIME);
	struct ike_sa *next;
	for (struct ike_sa *s = ike_sa_first(); s; s = next) {
		next = s->next;
		if (ike_auth_tick(s, now))
			continue; /* IKE_AUTH failed later or ran out of time: gone */
		if (s->teardown) {
			teardown_step(s, now);
			continue;
		}
		if (s->state != IKE_SA_ESTABLISHED)
			continue;
		ike_sa_conf(s);
		if (!ike_rekey_ike_tick(s, now))
			continue; /* the peer never answered our IKE SA rekey */
		if (now - s->established >= s->lifetime) {
			ike_debug(IKE_DBG_INTERNAL, s, "IKE SA lifetime (%d sec) expired, deleting the SA", s->lifetime);
			ike_send_delete(s);
			aaa_acct_ike_down(s, AAA_TERM_SESSION_TIMEOUT);
			ike_log_down(s);
			ike_sa_remove(s);
			continue;
		}
		if (!dpd_step(s, now) || !ike_rekey_tick(s, now))
			continue;
		ike_natka_tick(s, now);
	}
	tick_id = loop_timer(TICK_MS, tick, NULL);
}

void ike_dpd_start(void)
{
	if (!tick_id)
		tick_id = loop_timer(TICK_MS, tick, NULL);
}

void ike_dpd_stop(void)
{
	if (tick_id)
		loop_cancel(tick_id);
	tick_id = 0;
}

bool ike_response_open(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	static uint8_t plain[65536];
	size_t inner_len;
	if (ikev2_sk_decrypt(s->sk_in, d->data, m->sk.aad_len, m->sk.body.p, m->sk.body.len, plain, sizeof plain,
			     &inner_len) != 0) {
		ike_stats.dropped_malformed++;
		ike_debug(IKE_DBG_ERROR, s, "Failed to verify the integrity of a response: dropped");
		return false;
	}
	struct ikev2_perr e = ikev2_msg_parse_inner(m, m->sk.next, plain, inner_len);
	if (e.notify) {
		ike_stats.dropped_malformed++;
		return false;
	}
	ike_debug_inner(s, false, &m->hdr, m->sk.next, plain, inner_len);
	return true;
}

/* A response (flag R) to one of our requests: decrypted and matched to
 * the outstanding liveness check.  Answers to our Delete need nothing. */
void ike_response(const struct ike_dgram *d, struct ikev2_msg *m)
{
	struct ike_sa *s = ike_sa_find(m->hdr.spi_i, m->hdr.spi_r);
	if (!s || (s->state != IKE_SA_ESTABLISHED && !s->teardown) || !ikev2_msg_has(m, IKEV2_PL_SK))
		return;
	if (ike_rekey_msgid(s, m->hdr.msgid)) {
		/* our CREATE_CHILD_SA or Delete (ike_rekey_child.c) */
		if (ike_response_open(s, d, m)) {
			s->last_rx = ike_now_s();
			ike_rekey_response(s, m);
		}
		return;
	}
	if (ike_rekey_ike_msgid(s, m->hdr.msgid)) {
		if (ike_response_open(s, d, m)) {
			s->last_rx = ike_now_s();
			ike_rekey_ike_response(s, m);
		}
		return;
	}
	if (!s->dpd_req || m->hdr.msgid != s->dpd_msgid) {
		ike_debug(IKE_DBG_INTERNAL, s, "Response with message id %u matches no request of ours", m->hdr.msgid);
		return;
	}
	if (!ike_response_open(s, d, m))
		return;
	if (s->teardown) {
		ike_debug(IKE_DBG_INTERNAL, s, "Delete answered: removing the SA");
		ike_sa_remove(s);
		return;
	}
	s->last_rx = ike_now_s();
	dpd_clear(s);
	ike_debug(IKE_DBG_INTERNAL, s, "DPD/liveness query answered");
}
