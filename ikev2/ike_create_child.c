/*
 * CREATE_CHILD_SA as responder (RFC 7296 §1.3): a new Child SA on an
 * established IKE SA (§1.3.1), the rekey of a Child SA named by
 * N(REKEY_SA) (§1.3.3), and the rekey of the IKE SA itself (§1.3.2, §2.18):
 * a new IKE SA with new SPIs and keys takes over the children; the old one
 * answers nothing but Delete and goes when the peer deletes it.
 */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/loop.h"
#include "ike_conf.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_select.h"
#include "ipsec/esp_transport_dp.h"
#include "msg.h"

/* Children one IKE SA may hold: beyond, NO_ADDITIONAL_SAS. */
#define MAX_CHILDREN 16
/* A rekeyed IKE SA the peer never deletes goes after this long. */
#define REKEYED_LIFETIME 20

/* An error response: one notify, with an SPI (CHILD_SA_NOT_FOUND) or data
 * (INVALID_KE_PAYLOAD's group). */
static void send_error(struct ike_sa *s, uint32_t msgid, uint16_t type, uint8_t proto, const uint8_t *spi,
		       uint8_t spi_len, const void *data, size_t len)
{
	uint8_t inner[64];
	struct ikev2_writer w;
	const char *nm = ikev2_notify_name(type);
	ike_debug(IKE_DBG_ERROR, s, "CREATE_CHILD_SA request %u refused: sending %s", msgid, nm ? nm : "an error notify");
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_notify(&w, proto, spi, spi_len, type, data, len);
	size_t n;
	if (ikev2_w_finish(&w, &n) == 0)
		ike_send_protected(s, IKEV2_EXCH_CREATE_CHILD_SA, msgid, inner, n, w.first);
}

static void send_invalid_ke(struct ike_sa *s, uint32_t msgid, uint16_t group)
{
	uint8_t g[2] = { (uint8_t)(group >> 8), (uint8_t)group };
	ike_stats.invalid_ke++;
	send_error(s, msgid, IKEV2_N_INVALID_KE_PAYLOAD, IKEV2_PROTO_NONE, NULL, 0, g, 2);
}

/* An inner (authenticated) notify of this type, or NULL. */
static const struct ikev2_notify *inner_notify(const struct ikev2_msg *m, uint16_t type)
{
	for (unsigned i = 0; i < m->nnotify; i++)
		if (m->notify[i].type == type && m->notify[i].inner)
			return &m->notify[i];
	return NULL;
}

static unsigned child_count(const struct ike_sa *s)
{
	unsigned n = 0;
	for (const struct ike_child *c = s->children; c; c = c->next)
		n++;
	return n;
}

/* ---------- Child SAs (§1.3.1, §1.3.3) ---------- */

static void new_child(struct ike_sa *s, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	if (!ikev2_msg_has(m, IKEV2_PL_TSI) || !ikev2_msg_has(m, IKEV2_PL_TSR)) {
		ike_stats.dropped_malformed++;
		send_error(s, msgid, IKEV2_N_INVALID_SYNTAX, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	struct ike_child *old = NULL;
	const struct ikev2_notify *rk = inner_notify(m, IKEV2_N_REKEY_SA);
	if (rk) {
		uint16_t err = 0;
		old = ike_child_rekey_target(s, rk, &err);
		if (!old) {
			if (err == IKEV2_N_CHILD_SA_NOT_FOUND)
				send_error(s, msgid, err, rk->proto, rk->spi.p, 4, NULL, 0);
			else
				send_error(s, msgid, err, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
			return;
		}
	} else if (child_count(s) >= MAX_CHILDREN) {
		send_error(s, msgid, IKEV2_N_NO_ADDITIONAL_SAS, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	uint8_t nr[32];
	if (ikev2_random(nr, sizeof nr) != 0) {
		send_error(s, msgid, IKEV2_N_TEMPORARY_FAILURE, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	uint8_t inner[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	struct ike_child_req rq = { .ni = m->nonce.p, .ni_len = m->nonce.len, .nr = nr, .nr_len = sizeof nr };
	rq.rekey_of = old; /* a rekey keeps the mode (§1.3.3) */
	uint16_t err = ike_child_create(s, m, &rq, &w);
	if (err == IKEV2_N_INVALID_KE_PAYLOAD) {
		send_invalid_ke(s, msgid, rq.want_group);
		return;
	}
	if (err) {
		if (err == IKEV2_N_NO_PROPOSAL_CHOSEN)
			ike_stats.no_proposal++;
		send_error(s, msgid, err, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0) {
		ike_child_remove(s, rq.made);
		send_error(s, msgid, IKEV2_N_TEMPORARY_FAILURE, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	/* the old pair stays until the initiator deletes it (§2.8) */
	if (old) {
		old->rekeyed = true;
		ike_rekey_peer_rekeyed(s, old, rq.made, m->nonce.p, m->nonce.len, nr, sizeof nr);
		ike_debug(IKE_DBG_INTERNAL, s, "Rekeyed Child SA: SPI in 0x%08X out 0x%08X replaced by in 0x%08X out 0x%08X",
			  old->spi_in, old->spi_out, rq.made->spi_in, rq.made->spi_out);
	} else {
		ike_debug(IKE_DBG_INTERNAL, s, "New Child SA: SPI in 0x%08X out 0x%08X", rq.made->spi_in,
			  rq.made->spi_out);
	}
	ike_send_protected(s, IKEV2_EXCH_CREATE_CHILD_SA, msgid, inner, n, w.first);
}

/* ---------- IKE SA rekey (§1.3.2, §2.18) ---------- */

/* Rekeyed IKE SAs whose peer never sent the Delete. */
static void retire_rekeyed(void *data)
{
	(void)data;
	long long now = ike_now_s();
	struct ike_sa *next;
	for (struct ike_sa *x = ike_sa_first_in(IKE_SA_REKEYED); x; x = next) {
		next = x->t_st_next;
		if (now >= x->retire_at)
			ike_sa_remove(x);
	}
}

static const struct ikev2_proposal *proposal_num(const struct ikev2_sa *sa, uint8_t num)
{
	for (unsigned i = 0; i < sa->nprop; i++)
		if (sa->prop[i].num == num && sa->prop[i].proto == IKEV2_PROTO_IKE)
			return &sa->prop[i];
	return NULL;
}

/* The new IKE SA takes over from s: same peer, identities, address and
 * session; children move; message ids start again at 0 (§2.18). */
void ike_sa_take_over(struct ike_sa *n, struct ike_sa *s)
{
	n->peer = s->peer;
	n->local = s->local;
	n->natt = s->natt;
	n->nat_peer = s->nat_peer;
	n->nat_local = s->nat_local;
	memcpy(n->profile, s->profile, sizeof n->profile);
	memcpy(n->peer_id, s->peer_id, sizeof n->peer_id);
	memcpy(n->local_id, s->local_id, sizeof n->local_id);
	memcpy(n->eap_id, s->eap_id, sizeof n->eap_id); /* Remote EAP id stays; RADIUS attributes move */
	memcpy(n->eap_cert, s->eap_cert, sizeof n->eap_cert);
	n->eap_attrs = s->eap_attrs;
	n->eap_attrs_len = s->eap_attrs_len;
	s->eap_attrs = NULL;
	s->eap_attrs_len = 0;
	n->assigned = s->assigned;
	memcpy(n->assigned6, s->assigned6, sizeof n->assigned6);
	n->assigned6_len = s->assigned6_len;
	n->authz = s->authz;            /* the session's authorization goes along */
	s->authz = NULL;
	n->children = s->children;
	esp_tp_take_over(n, s); /* transport children's outbound lookup follows */
	n->id = ike_sa_next_id();
	n->session_id = ike_sa_session_id(s);
	n->created = n->established = ike_now_s();
	n->state = IKE_SA_ESTABLISHED;
	n->next_msgid = 0;
	n->own_msgid = 0;
	/* the old SA keeps nothing the new one owns */
	s->children = NULL;
	s->assigned = 0;
	s->assigned6_len = 0;
	ike_sa_set_state(s, IKE_SA_REKEYED); /* and out of the address index */
	s->retire_at = ike_now_s() + REKEYED_LIFETIME;
}

static void rekey_ike(struct ike_sa *s, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	if (!ikev2_msg_has(m, IKEV2_PL_KE)) {
		ike_stats.dropped_malformed++;
		send_error(s, msgid, IKEV2_N_INVALID_SYNTAX, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	struct ikev2_suite suite;
	uint8_t prop_num = 0;
	uint16_t want = 0;
	switch (ike_select_ours(&s->local, m, &suite, &prop_num, &want)) {
	case SELECT_NO_PROPOSAL:
		ike_stats.no_proposal++;
		send_error(s, msgid, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	case SELECT_INVALID_KE:
		send_invalid_ke(s, msgid, want);
		return;
	case SELECT_OK:
		break;
	}
	const struct ikev2_proposal *pr = proposal_num(&m->sa, prop_num);
	if (!pr || pr->spi_len != 8) {
		ike_stats.dropped_malformed++; /* a rekey names the initiator's new SPI */
		send_error(s, msgid, IKEV2_N_INVALID_SYNTAX, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	struct ike_sa *n = calloc(1, sizeof *n);
	if (!n) {
		send_error(s, msgid, IKEV2_N_TEMPORARY_FAILURE, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	n->suite = suite;
	n->ni_len = m->nonce.len;
	memcpy(n->ni, m->nonce.p, n->ni_len);
	n->nr_len = sizeof n->nr;
	uint8_t spi_i8[8], spi_r8[8], gir[1024];
	size_t gir_len = 0;
	memcpy(spi_i8, pr->spi, 8);
	struct ikev2_dh *dh = ikev2_dh_new(suite.dh);
	do {
		if (ikev2_random(spi_r8, 8) != 0)
			memset(spi_r8, 0, 8);
	} while (ike_get64(spi_r8) == 0 || ike_sa_find(ike_get64(spi_i8), ike_get64(spi_r8)));
	if (!dh || ikev2_random(n->nr, n->nr_len) ||
	    ikev2_dh_derive(dh, m->ke.data.p, m->ke.data.len, gir, sizeof gir, &gir_len)) {
		ikev2_dh_free(dh);
		ike_sa_free(n);
		ike_stats.dropped_malformed++;
		send_error(s, msgid, IKEV2_N_INVALID_SYNTAX, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	n->spi_i = ike_get64(spi_i8);
	n->spi_r = ike_get64(spi_r8);
	int krc = ikev2_ike_keys_rekey(&n->keys, &suite, &s->keys, gir, gir_len, n->ni, n->ni_len, n->nr,
				       n->nr_len, spi_i8, spi_r8);
	ikev2_wipe(gir, gir_len);
	if (krc || ikev2_sk_pair(&n->keys, false, &n->sk_out, &n->sk_in)) {
		ikev2_dh_free(dh);
		ike_sa_free(n);
		send_error(s, msgid, IKEV2_N_NO_PROPOSAL_CHOSEN, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}

	/* SA (our new SPI), Nr, KEr, protected with the old SA's keys */
	static struct ikev2_sa chosen; /* large; the engine thread alone answers */
	ike_select_answer(&suite, prop_num, spi_r8, 8, &chosen);
	uint8_t inner[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_sa(&w, &chosen);
	ikev2_w_nonce(&w, n->nr, n->nr_len);
	size_t publen;
	const uint8_t *pub = ikev2_dh_public_ref(dh, &publen);
	ikev2_w_ke(&w, suite.dh, pub, publen);
	size_t len;
	int wrc = ikev2_w_finish(&w, &len);
	ikev2_dh_free(dh);
	if (wrc != 0 || ike_send_protected(s, IKEV2_EXCH_CREATE_CHILD_SA, msgid, inner, len, w.first) != 0) {
		ike_sa_free(n);
		return;
	}
	ike_sa_take_over(n, s);
	ike_sa_insert(n);
	ike_debug(IKE_DBG_INTERNAL, s, "IKE SA rekeyed: replaced by SA ID %u, waiting for the peer's Delete", n->id);
	ike_debug(IKE_DBG_INTERNAL, n, "Rekeyed IKE SA is READY");
	loop_timer((uint64_t)REKEYED_LIFETIME * 1000 + 500, retire_rekeyed, NULL);
}

/* ---------- dispatch ---------- */

void ike_create_child_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	(void)d;
	uint32_t msgid = m->hdr.msgid;
	if (s->state == IKE_SA_HALF_OPEN) {
		ike_stats.dropped_unsupported++; /* no CREATE_CHILD_SA before IKE_AUTH */
		return;
	}
	if (s->state == IKE_SA_REKEYED) {
		/* replaced: the peer should be talking on the new SA */
		send_error(s, msgid, IKEV2_N_TEMPORARY_FAILURE, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_SA) || !ikev2_msg_has(m, IKEV2_PL_NONCE) || m->nonce.len < 16 ||
	    m->nonce.len > sizeof s->ni || m->sa.nprop == 0) {
		ike_stats.dropped_malformed++;
		send_error(s, msgid, IKEV2_N_INVALID_SYNTAX, IKEV2_PROTO_NONE, NULL, 0, NULL, 0);
		return;
	}
	if (m->sa.prop[0].proto == IKEV2_PROTO_IKE)
		rekey_ike(s, m);
	else
		new_child(s, m);
}
