/*
 * IKE SA rekey started by flexd (RFC 7296 §1.3.2, §2.18), as IOS does at
 * the profile's `lifetime` (default 86400 s): at the soft lifetime
 * (ike_child_life.h: 85-90 %) flexd sends CREATE_CHILD_SA {SA (the
 * running suite, our new SPI), Ni, KEi}; with the answer {SA (their new
 * SPI), Nr, KEr} the new IKE SA (keys from the old SK_d, §2.18) takes over
 * the session, its children and its address; flexd is its original
 * initiator now (our messages carry the I flag).  The old SA then sends
 * its Delete (resent as for a refused SA: ike_dpd.c teardown) and goes
 * when it is answered.  Refused (error notify) or unusable answers leave
 * the SA to its hard lifetime (deleted, as before); TEMPORARY_FAILURE is
 * tried again after RK_IKE_BACKOFF_S.  A crossing rekey from the peer wins
 * here: the old SA is REKEYED then and our answer is ignored (§2.8.2
 * leaves the redundant SA to its creator).
 */
#include <stdlib.h>
#include <string.h>

#include "ike_child_life.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_select.h"
#include "ike_socket.h"
#include "msg.h"

#define RK_IKE_RETRY_S 2
#define RK_IKE_MAX_TRIES 5
#define RK_IKE_BACKOFF_S 10

struct ike_rekey_ike {
	uint32_t msgid;
	uint8_t *req;
	size_t req_len;
	int tries;
	long long sent;
	uint8_t spi[8];               /* ours in the new SA (its SPIi) */
	uint8_t ni[32];
	struct ikev2_dh *dh;
	struct ikev2_suite suite;
};

void ike_rekey_ike_free(struct ike_sa *s)
{
	struct ike_rekey_ike *r = s->rekey_ike;
	if (!r)
		return;
	free(r->req);
	ikev2_dh_free(r->dh);
	ikev2_wipe(r, sizeof *r);
	free(r);
	s->rekey_ike = NULL;
}

bool ike_rekey_ike_msgid(const struct ike_sa *s, uint32_t msgid)
{
	return s->rekey_ike && s->rekey_ike->msgid == msgid;
}

static void start(struct ike_sa *s)
{
	struct ike_rekey_ike *r = calloc(1, sizeof *r);
	if (!r)
		return;
	r->suite = s->suite;
	do {
		if (ikev2_random(r->spi, 8) != 0)
			goto fail;
	} while (ike_get64(r->spi) == 0);
	if (ikev2_random(r->ni, sizeof r->ni) != 0 || !(r->dh = ikev2_dh_new(r->suite.dh)))
		goto fail;
	static struct ikev2_sa offer; /* large; the engine thread alone sends */
	ike_select_answer(&r->suite, 1, r->spi, 8, &offer);
	uint8_t inner[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_sa(&w, &offer);
	ikev2_w_nonce(&w, r->ni, sizeof r->ni);
	size_t publen;
	const uint8_t *pub = ikev2_dh_public_ref(r->dh, &publen);
	ikev2_w_ke(&w, r->suite.dh, pub, publen);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		goto fail;
	ike_send_request(s, IKEV2_EXCH_CREATE_CHILD_SA, inner, n, w.first, &r->msgid, &r->req, &r->req_len);
	if (!r->req)
		goto fail;
	r->sent = ike_now_s();
	s->rekey_ike = r;
	ike_debug(IKE_DBG_INTERNAL, s, "IKE SA lifetime (%d sec) running low: rekeying the IKE SA", s->lifetime);
	return;
fail:
	s->rekey_ike = r;
	ike_rekey_ike_free(s);
	s->ike_soft = s->lifetime; /* no rekey: the hard lifetime deletes it */
}

bool ike_rekey_ike_tick(struct ike_sa *s, long long now)
{
	struct ike_rekey_ike *r = s->rekey_ike;
	if (r) {
		if (now - r->sent < RK_IKE_RETRY_S)
			return true;
		if (r->tries >= RK_IKE_MAX_TRIES) {
			ike_debug(IKE_DBG_ERROR, s, "Maximum number of retransmissions reached (IKE SA rekey): peer is "
				  "dead, deleting the SA");
			ike_log_down(s);
			ike_sa_remove(s);
			return false;
		}
		r->tries++;
		r->sent = now;
		ike_debug(IKE_DBG_INTERNAL, s, "Retransmitting packet (IKE SA rekey, retry %d)", r->tries);
		ike_debug_packet(s, true, &s->local, &s->peer, r->req, r->req_len);
		ike_send(&s->local, &s->peer, s->natt, r->req, r->req_len);
		return true;
	}
	if (!s->ike_soft) {
		uint8_t j = 0;
		ikev2_random(&j, 1);
		s->ike_soft = ike_life_soft_seconds(s->lifetime, j / 256.0);
	}
	if (now - s->established < s->ike_soft || s->dpd_req || !ike_rekey_idle(s))
		return true; /* not yet, or one request of ours at a time */
	start(s);
	return true;
}

/* The transform of this type in the answer's one proposal (0 = none; -1 twice). */
static int xf_id(const struct ikev2_sa *sa, uint8_t type, uint16_t *keylen)
{
	int id = 0;
	const struct ikev2_proposal *p = &sa->prop[0];
	for (unsigned k = 0; k < p->nxf; k++) {
		const struct ikev2_transform *x = &sa->xf[p->xf_first + k];
		if (x->type != type)
			continue;
		if (id)
			return -1;
		id = x->id;
		if (keylen)
			*keylen = x->keylen;
	}
	return id;
}

static bool answer_ok(const struct ike_rekey_ike *r, const struct ikev2_msg *m)
{
	const struct ikev2_sa *sa = &m->sa;
	if (!ikev2_msg_has(m, IKEV2_PL_SA) || sa->nprop != 1 || sa->prop[0].proto != IKEV2_PROTO_IKE ||
	    sa->prop[0].spi_len != 8 || ike_get64(sa->prop[0].spi) == 0)
		return false;
	uint16_t kl = 0;
	const struct ikev2_suite *u = &r->suite;
	if (xf_id(sa, IKEV2_XF_ENCR, &kl) != u->encr || kl != u->encr_keylen || xf_id(sa, IKEV2_XF_PRF, NULL) != u->prf ||
	    xf_id(sa, IKEV2_XF_INTEG, NULL) != u->integ || xf_id(sa, IKEV2_XF_DH, NULL) != u->dh)
		return false;
	return ikev2_msg_has(m, IKEV2_PL_NONCE) && m->nonce.len >= 16 && m->nonce.len <= 256 &&
	       ikev2_msg_has(m, IKEV2_PL_KE) && m->ke.group == u->dh;
}

void ike_rekey_ike_response(struct ike_sa *s, struct ikev2_msg *m)
{
	struct ike_rekey_ike *r = s->rekey_ike;
	if (!r || m->hdr.exchange != IKEV2_EXCH_CREATE_CHILD_SA) {
		ike_stats.dropped_malformed++;
		return;
	}
	for (unsigned i = 0; i < m->nnotify; i++) {
		const struct ikev2_notify *e = &m->notify[i];
		if (!e->inner || e->type >= 16384)
			continue;
		const char *nm = ikev2_notify_name(e->type);
		ike_debug(IKE_DBG_ERROR, s, "IKE SA rekey refused by the peer: %s", nm ? nm : "error notify");
		/* busy: again a little later; anything else: the hard lifetime */
		s->ike_soft = e->type == IKEV2_N_TEMPORARY_FAILURE
				      ? (int)(ike_now_s() - s->established) + RK_IKE_BACKOFF_S
				      : s->lifetime;
		ike_rekey_ike_free(s);
		return;
	}
	uint8_t gir[1024];
	size_t gir_len = 0;
	struct ike_sa *n = NULL;
	if (!answer_ok(r, m) || ikev2_dh_derive(r->dh, m->ke.data.p, m->ke.data.len, gir, sizeof gir, &gir_len) != 0 ||
	    !(n = calloc(1, sizeof *n))) {
		ike_stats.dropped_malformed++;
		ike_debug(IKE_DBG_ERROR, s, "IKE SA rekey answer unusable: the SA runs to its lifetime");
		s->ike_soft = s->lifetime;
		ike_rekey_ike_free(s);
		ikev2_wipe(gir, sizeof gir);
		return;
	}
	uint8_t spi_r[8];
	memcpy(spi_r, m->sa.prop[0].spi, 8);
	n->suite = r->suite;
	/* this exchange's initiator is us: Ni ours, SPIi ours (§2.18) */
	int krc = ikev2_ike_keys_rekey(&n->keys, &n->suite, &s->keys, gir, gir_len, r->ni, sizeof r->ni, m->nonce.p,
				       m->nonce.len, r->spi, spi_r);
	ikev2_wipe(gir, sizeof gir);
	if (krc || ikev2_sk_pair(&n->keys, true, &n->sk_out, &n->sk_in)) {
		ike_sa_free(n);
		s->ike_soft = s->lifetime;
		ike_rekey_ike_free(s);
		return;
	}
	n->spi_i = ike_get64(r->spi);
	n->spi_r = ike_get64(spi_r);
	n->orig_initiator = true;
	ike_rekey_ike_free(s);
	ike_sa_take_over(n, s);
	ike_sa_insert(n);
	ike_debug(IKE_DBG_INTERNAL, s, "IKE SA rekeyed by us: replaced by SA ID %u, deleting the old one", n->id);
	ike_debug(IKE_DBG_INTERNAL, n, "Rekeyed IKE SA is READY");
	/* the old SA's Delete, resent until answered (ike_dpd.c teardown) */
	s->teardown = true;
	s->dpd_sent = ike_now_s();
	s->dpd_tries = 0;
	ike_send_delete_kept(s);
}
