/*
 * Child SA lifetimes and the requests flexd starts for them (RFC 7296):
 *   - lifetimes from the IPsec profile (`set security-association lifetime
 *     seconds|kilobytes|days`, else the global `crypto ipsec
 *     security-association lifetime`, IOS defaults 3600 s / 4608000 KB),
 *     read on the first tick after a child is made; kilobytes count the
 *     inner bytes of its ESP SA, the larger direction (esp_dp_child_bytes);
 *   - soft lifetime (ike_child_life.h: 85-90 % of the seconds, 90 % of the
 *     kilobytes): flexd, the original responder, rekeys the child
 *     (CREATE_CHILD_SA: N(REKEY_SA), SA from the profile's transform sets,
 *     Ni, [KEi with `set pfs`], TSi/TSr of the old child, §1.3.3);
 *   - the answer: the new pair is installed and carries our traffic at
 *     once (esp_dp sends with the newest child not rekeyed); the old pair
 *     keeps decrypting until our Delete of it is answered (§2.8), so
 *     packets in flight on the old SA are not lost;
 *   - collisions (§2.8.1): when the peer rekeyed the same child meanwhile
 *     (ike_rekey_peer_rekeyed), the new child of the exchange with the
 *     lowest nonce is deleted by its initiator, the other one's initiator
 *     deletes the old child;
 *   - hard lifetime: the pair is removed and the peer told (Delete).
 * One request of ours at a time per IKE SA (peers keep a window of one):
 * DPD waits while ours is out (ike_rekey_busy), and we wait for DPD's.
 * Unanswered requests are resent every RK_RETRY_S; after RK_MAX_TRIES the
 * peer is dead and the IKE SA goes, as with DPD.
 */
#include <stdlib.h>
#include <string.h>

#include "ike_child_life.h"
#include "ike_child_mode.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "ipsec/esp_dp.h"
#include "ipsec/esp_transport_dp.h"
#include "msg.h"
#include "running-config/store.h"

#define RK_RETRY_S 2
#define RK_MAX_TRIES 5
#define RK_BACKOFF_S 10   /* TEMPORARY_FAILURE / NO_ADDITIONAL_SAS: try again after */
#define RK_MAX_DEL 8
#define RK_NONCE 32

enum rk_kind { RK_NONE, RK_CREATE, RK_DELETE };

struct ike_rekey {
	enum rk_kind kind;             /* the request outstanding */
	uint32_t msgid;
	uint8_t *req;                  /* the datagram, for resending */
	size_t req_len;
	int tries;
	long long sent;
	long long hold_until;          /* no new rekey before */
	/* RK_CREATE */
	uint32_t old_spi, new_spi;     /* our inbound SPIs: child rekeyed, the one offered */
	uint8_t ni[RK_NONCE];
	struct ikev2_dh *dh;
	uint16_t group;                /* PFS group offered, 0 = none */
	struct ikev2_sa offer;
	struct ikev2_ts ts_i, ts_r, ts_i2, ts_r2; /* the old child's (client's / ours) */
	bool ts2;
	bool transport;                /* the old child's mode: the new one keeps it */
	/* the peer rekeyed old_spi while ours was out (§2.8.1) */
	bool crossed;
	uint8_t peer_ni[256], peer_nr[RK_NONCE];
	size_t peer_ni_len, peer_nr_len;
	/* our last completed rekey, for a peer's rekey of the same child
	 * arriving after our answer */
	uint32_t last_old, last_new;
	uint8_t last_ni[RK_NONCE], last_nr[256];
	size_t last_nr_len;
	/* Deletes: our inbound SPIs, to send / sent */
	uint32_t del[RK_MAX_DEL];
	unsigned ndel;
	uint32_t del_sent[RK_MAX_DEL];
	unsigned ndel_sent;
};

static uint32_t be32(const uint8_t p[4])
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t p[4], uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static struct ike_rekey *rk_get(struct ike_sa *s)
{
	if (!s->rekey)
		s->rekey = calloc(1, sizeof *s->rekey);
	return s->rekey;
}

static void req_clear(struct ike_rekey *rk)
{
	free(rk->req);
	rk->req = NULL;
	rk->req_len = 0;
	rk->kind = RK_NONE;
	rk->tries = 0;
	ikev2_dh_free(rk->dh);
	rk->dh = NULL;
}

void ike_rekey_free(struct ike_sa *s)
{
	if (!s->rekey)
		return;
	req_clear(s->rekey);
	ikev2_wipe(s->rekey, sizeof *s->rekey);
	free(s->rekey);
	s->rekey = NULL;
}

bool ike_rekey_busy(const struct ike_sa *s)
{
	return (s->rekey && s->rekey->kind != RK_NONE) || s->rekey_ike;
}

bool ike_rekey_idle(const struct ike_sa *s)
{
	return !ike_rekey_busy(s) && !(s->rekey && s->rekey->ndel);
}

bool ike_rekey_msgid(const struct ike_sa *s, uint32_t msgid)
{
	return s->rekey && s->rekey->kind != RK_NONE && s->rekey->msgid == msgid;
}

static void queue_del(struct ike_rekey *rk, uint32_t spi)
{
	for (unsigned i = 0; i < rk->ndel; i++)
		if (rk->del[i] == spi)
			return;
	if (rk->ndel < RK_MAX_DEL)
		rk->del[rk->ndel++] = spi;
}

/* ---------- lifetimes ---------- */

static void life_init(struct ike_sa *s, struct ike_child *c)
{
	char ipsec[64];
	long long sec = 3600, kb = 4608000, off = 0, v;
	ike_child_ipsec_profile(s->profile, ipsec, sizeof ipsec);
	db_get_int(&sec, "SELECT lifetime_seconds FROM ipsec_global WHERE id = 1", "");
	db_get_int(&kb, "SELECT lifetime_kilobytes FROM ipsec_global WHERE id = 1", "");
	db_get_int(&off, "SELECT lifetime_kb_disable FROM ipsec_global WHERE id = 1", "");
	if (db_get_int(&v, "SELECT lifetime_seconds FROM ipsec_profile WHERE name=? AND lifetime_seconds IS NOT NULL",
		       "s", ipsec))
		sec = v;
	if (db_get_int(&v, "SELECT lifetime_days FROM ipsec_profile WHERE name=? AND lifetime_days IS NOT NULL", "s",
		       ipsec))
		sec = v * 86400;
	if (db_get_int(&v, "SELECT lifetime_kilobytes FROM ipsec_profile WHERE name=? AND lifetime_kilobytes IS NOT NULL",
		       "s", ipsec)) {
		kb = v;
		off = 0;
	}
	if (db_get_int(&v, "SELECT lifetime_kb_disable FROM ipsec_profile WHERE name=?", "s", ipsec) && v)
		off = 1;
	if (sec < 2 || sec > 0x7fffffff)
		sec = 3600;
	uint8_t r = 0;
	ikev2_random(&r, 1);
	c->lifetime = (int)sec;
	c->soft = ike_life_soft_seconds(c->lifetime, r / 256.0);
	c->life_bytes = off || kb <= 0 ? 0 : ike_life_hard_bytes((uint64_t)kb);
	c->soft_bytes = ike_life_soft_bytes(c->life_bytes);
	c->life_read = true;
}

/* ---------- our CREATE_CHILD_SA (rekey) ---------- */

static bool spi_in_use(struct ike_sa *s, uint32_t spi)
{
	return spi < 256 || ike_child_by_spi(s, spi, true) != NULL;
}

static uint16_t pfs_group(struct ike_sa *s, const struct ike_child *old)
{
	struct ike_pfs pfs;
	ike_pfs_policy(s->profile, &pfs);
	if (!pfs.required)
		return 0;
	if (pfs.group)
		return pfs.group;
	return old->pfs_group ? old->pfs_group : s->suite.dh;
}

static bool send_create(struct ike_sa *s, struct ike_rekey *rk, struct ike_child *old, uint16_t group)
{
	req_clear(rk);
	uint8_t spi[4];
	do {
		if (ikev2_random(spi, 4) != 0)
			return false;
		spi[0] |= 0x01;
	} while (spi_in_use(s, be32(spi)));
	if (ikev2_random(rk->ni, sizeof rk->ni) != 0)
		return false;
	rk->new_spi = be32(spi);
	rk->old_spi = old->spi_in;
	rk->group = group;
	rk->crossed = false;
	if (ike_child_offer(s->profile, group, rk->new_spi, &rk->offer) == 0) {
		ike_debug(IKE_DBG_ERROR, s, "No transform set to rekey Child SA 0x%08X with", old->spi_in);
		return false;
	}
	if (group && !(rk->dh = ikev2_dh_new(group)))
		return false;
	rk->ts_i = old->ts_i;
	rk->ts_r = old->ts_r;
	rk->ts_i2 = old->ts_i2;
	rk->ts_r2 = old->ts_r2;
	rk->ts2 = old->ts2;
	rk->transport = old->transport;

	/* N(REKEY_SA) names the SA by the SPI we receive with (§1.3.3) */
	static uint8_t inner[4096];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	uint8_t old_spi[4];
	put32(old_spi, old->spi_in);
	ikev2_w_notify(&w, IKEV2_PROTO_ESP, old_spi, 4, IKEV2_N_REKEY_SA, NULL, 0);
	if (old->transport) /* §1.3.3: the mode is asked for again */
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_USE_TRANSPORT_MODE, NULL, 0);
	ikev2_w_sa(&w, &rk->offer);
	ikev2_w_nonce(&w, rk->ni, sizeof rk->ni);
	if (rk->dh) {
		size_t publen;
		const uint8_t *pub = ikev2_dh_public_ref(rk->dh, &publen);
		ikev2_w_ke(&w, group, pub, publen);
	}
	/* we are this exchange's initiator: TSi is our side */
	struct ikev2_ts ti[2] = { old->ts_r, old->ts_r2 }, tr[2] = { old->ts_i, old->ts_i2 };
	unsigned nts = old->ts2 ? 2 : 1;
	ikev2_w_ts(&w, IKEV2_PL_TSI, ti, nts);
	ikev2_w_ts(&w, IKEV2_PL_TSR, tr, nts);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		return false;
	if (ike_send_request(s, IKEV2_EXCH_CREATE_CHILD_SA, inner, n, w.first, &rk->msgid, &rk->req, &rk->req_len) !=
	    0 && !rk->req)
		return false;
	rk->kind = RK_CREATE;
	rk->sent = ike_now_s();
	ike_debug(IKE_DBG_INTERNAL, s, "Rekeying Child SA: SPI in 0x%08X out 0x%08X (new inbound SPI 0x%08X%s)",
		  old->spi_in, old->spi_out, rk->new_spi, group ? ", PFS" : "");
	return true;
}

static void send_delete(struct ike_sa *s, struct ike_rekey *rk)
{
	uint8_t spis[RK_MAX_DEL * 4];
	unsigned n = 0;
	/* children already removed (hard lifetime) are named too */
	for (unsigned i = 0; i < rk->ndel; i++) {
		put32(spis + 4 * n, rk->del[i]);
		rk->del_sent[n++] = rk->del[i];
	}
	rk->ndel = 0;
	rk->ndel_sent = n;
	if (!n)
		return;
	uint8_t inner[RK_MAX_DEL * 4 + 32];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_delete(&w, IKEV2_PROTO_ESP, 4, spis, (uint16_t)n);
	size_t len;
	if (ikev2_w_finish(&w, &len) != 0)
		return;
	req_clear(rk);
	ike_send_request(s, IKEV2_EXCH_INFORMATIONAL, inner, len, w.first, &rk->msgid, &rk->req, &rk->req_len);
	if (!rk->req)
		return;
	rk->kind = RK_DELETE;
	rk->sent = ike_now_s();
	ike_debug(IKE_DBG_INTERNAL, s, "Sending DELETE for %u Child SA(s), first inbound SPI 0x%08X", n, rk->del_sent[0]);
}

/* ---------- answers ---------- */

static const struct ikev2_proposal *offered(const struct ike_rekey *rk, uint8_t num)
{
	for (unsigned i = 0; i < rk->offer.nprop; i++)
		if (rk->offer.prop[i].num == num)
			return &rk->offer.prop[i];
	return NULL;
}

/* The transform of this type in a proposal (or NULL); *dup when it occurs twice. */
static const struct ikev2_transform *xf_of(const struct ikev2_sa *sa, const struct ikev2_proposal *pr, uint8_t type,
					   bool *dup)
{
	const struct ikev2_transform *f = NULL;
	for (unsigned k = 0; k < pr->nxf; k++) {
		const struct ikev2_transform *x = &sa->xf[pr->xf_first + k];
		if (x->type != type)
			continue;
		if (f)
			*dup = true;
		f = x;
	}
	return f;
}

/* The peer's chosen proposal, checked against the one we offered under its number. */
static bool chosen_ok(const struct ike_rekey *rk, const struct ikev2_sa *ans, uint16_t *encr, uint16_t *keylen,
		      uint16_t *integ, uint16_t *dh, uint32_t *spi_out)
{
	if (ans->nprop != 1 || ans->prop[0].proto != IKEV2_PROTO_ESP || ans->prop[0].spi_len != 4)
		return false;
	const struct ikev2_proposal *a = &ans->prop[0], *o = offered(rk, a->num);
	if (!o)
		return false;
	bool dup = false;
	const struct ikev2_transform *e = xf_of(ans, a, IKEV2_XF_ENCR, &dup), *i = xf_of(ans, a, IKEV2_XF_INTEG, &dup),
				     *d = xf_of(ans, a, IKEV2_XF_DH, &dup), *n = xf_of(ans, a, IKEV2_XF_ESN, &dup);
	const struct ikev2_transform *oe = xf_of(&rk->offer, o, IKEV2_XF_ENCR, &dup),
				     *oi = xf_of(&rk->offer, o, IKEV2_XF_INTEG, &dup);
	if (dup || !e || e->unknown_attr || e->id != oe->id || e->keylen != oe->keylen)
		return false;
	if ((oi == NULL) != (i == NULL) || (i && i->id != oi->id))
		return false;
	if ((d ? d->id : 0) != rk->group || (n && n->id != 0))
		return false;
	*encr = e->id;
	*keylen = e->keylen;
	*integ = i ? i->id : 0;
	*dh = rk->group;
	*spi_out = be32(a->spi);
	return true;
}

/* An error notify of the response (not a status one), 0 = none. */
static const struct ikev2_notify *error_notify(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->nnotify; i++)
		if (m->notify[i].inner && m->notify[i].type < 16384)
			return &m->notify[i];
	return NULL;
}

static void refused(struct ike_sa *s, struct ike_rekey *rk, const struct ikev2_notify *e)
{
	struct ike_child *old = ike_child_by_spi(s, rk->old_spi, true);
	const char *nm = ikev2_notify_name(e->type);
	ike_debug(IKE_DBG_ERROR, s, "Child SA rekey refused by the peer: %s", nm ? nm : "error notify");
	req_clear(rk);
	if (!old)
		return;
	switch (e->type) {
	case IKEV2_N_INVALID_KE_PAYLOAD:
		if (e->data.len == 2) {
			uint16_t g = (uint16_t)(e->data.p[0] << 8 | e->data.p[1]);
			if (g != rk->group && ikev2_dh_supported(g) && send_create(s, rk, old, g))
				return;
		}
		old->no_rekey = true;
		break;
	case IKEV2_N_CHILD_SA_NOT_FOUND:
		/* the peer has it no more: ours goes too, nothing to tell */
		ike_child_remove(s, old);
		break;
	case IKEV2_N_TEMPORARY_FAILURE:
	case IKEV2_N_NO_ADDITIONAL_SAS:
		rk->hold_until = ike_now_s() + RK_BACKOFF_S;
		break;
	default:
		old->no_rekey = true; /* runs to its hard lifetime */
		break;
	}
}

static void create_answered(struct ike_sa *s, struct ike_rekey *rk, struct ikev2_msg *m)
{
	const struct ikev2_notify *e = error_notify(m);
	if (e) {
		refused(s, rk, e);
		return;
	}
	struct ike_child *old = ike_child_by_spi(s, rk->old_spi, true);
	uint16_t encr = 0, keylen = 0, integ = 0, dh = 0;
	uint32_t spi_out = 0;
	uint8_t gir[1024];
	size_t gir_len = 0;
	if (!ikev2_msg_has(m, IKEV2_PL_SA) || !ikev2_msg_has(m, IKEV2_PL_NONCE) || m->nonce.len < 16 ||
	    m->nonce.len > 256 || !chosen_ok(rk, &m->sa, &encr, &keylen, &integ, &dh, &spi_out) ||
	    (dh && (!ikev2_msg_has(m, IKEV2_PL_KE) || m->ke.group != dh ||
		    ikev2_dh_derive(rk->dh, m->ke.data.p, m->ke.data.len, gir, sizeof gir, &gir_len) != 0))) {
		ike_stats.dropped_malformed++;
		ike_debug(IKE_DBG_ERROR, s, "Child SA rekey answer unusable (SA, Nonce or KE): the old SA runs on");
		if (old)
			old->no_rekey = true;
		req_clear(rk);
		return;
	}
	if (rk->transport && !ike_child_mode_requested(m)) {
		/* the peer made a tunnel mode SA of our transport one: unusable */
		ike_debug(IKE_DBG_ERROR, s, "Child SA rekey answered without USE_TRANSPORT_MODE: the old SA runs on");
		if (old)
			old->no_rekey = true;
		req_clear(rk);
		return;
	}
	struct ike_child *c = calloc(1, sizeof *c);
	if (!c || ikev2_child_keys_derive(&c->keys, s->suite.prf, s->keys.sk_d, s->keys.d_len, encr,
					  encr == 3 ? 0 : keylen, integ, gir_len ? gir : NULL, gir_len, rk->ni,
					  sizeof rk->ni, m->nonce.p, m->nonce.len) != 0) {
		ikev2_wipe(gir, sizeof gir);
		free(c);
		req_clear(rk);
		return;
	}
	ikev2_wipe(gir, sizeof gir);
	/* struct ike_child keeps ei/ai as peer -> us (the client was the
	 * initiator so far); in this exchange we were: swap the halves */
	struct ikev2_child_keys *k = &c->keys;
	uint8_t t[sizeof k->ei > sizeof k->ai ? sizeof k->ei : sizeof k->ai];
	memcpy(t, k->ei, sizeof k->ei);
	memcpy(k->ei, k->er, sizeof k->ei);
	memcpy(k->er, t, sizeof k->er);
	memcpy(t, k->ai, sizeof k->ai);
	memcpy(k->ai, k->ar, sizeof k->ai);
	memcpy(k->ar, t, sizeof k->ar);
	ikev2_wipe(t, sizeof t);
	c->spi_in = rk->new_spi;
	c->spi_out = spi_out;
	c->encr = encr;
	c->keylen = keylen;
	c->integ = integ;
	c->pfs_group = dh;
	c->ts_i = rk->ts_i;
	c->ts_r = rk->ts_r;
	c->ts_i2 = rk->ts_i2;
	c->ts_r2 = rk->ts_r2;
	c->ts2 = rk->ts2;
	c->created = ike_now_s();
	life_init(s, c);
	c->next = s->children;
	s->children = c;
	c->transport = rk->transport;
	esp_dp_child_up(c);
	if (c->transport)
		esp_tp_child_up(s, c);
	ike_debug(IKE_DBG_INTERNAL, s, "Rekeyed Child SA: SPI in 0x%08X out 0x%08X replaced by in 0x%08X out 0x%08X",
		  rk->old_spi, old ? old->spi_out : 0, c->spi_in, c->spi_out);
	if (rk->crossed) {
		/* §2.8.1: both rekeyed; the lowest nonce's SA is redundant */
		if (ike_rekey_we_lose(rk->ni, sizeof rk->ni, m->nonce.p, m->nonce.len, rk->peer_ni, rk->peer_ni_len,
				      rk->peer_nr, rk->peer_nr_len)) {
			ike_debug(IKE_DBG_INTERNAL, s, "Rekey collision: ours has the lowest nonce, deleting 0x%08X",
				  c->spi_in);
			c->rekeyed = true;
			queue_del(rk, c->spi_in);
		} else {
			ike_debug(IKE_DBG_INTERNAL, s, "Rekey collision: the peer's has the lowest nonce, it deletes its own");
			if (old)
				queue_del(rk, old->spi_in);
		}
	} else if (old) {
		old->rekeyed = true;
		queue_del(rk, old->spi_in);
	}
	rk->last_old = rk->old_spi;
	rk->last_new = c->spi_in;
	memcpy(rk->last_ni, rk->ni, sizeof rk->ni);
	memcpy(rk->last_nr, m->nonce.p, m->nonce.len);
	rk->last_nr_len = m->nonce.len;
	req_clear(rk);
}

static void delete_answered(struct ike_sa *s, struct ike_rekey *rk)
{
	for (unsigned i = 0; i < rk->ndel_sent; i++) {
		struct ike_child *c = ike_child_by_spi(s, rk->del_sent[i], true);
		if (c) {
			ike_debug(IKE_DBG_INTERNAL, s, "Child SA in 0x%08X out 0x%08X deleted", c->spi_in, c->spi_out);
			ike_child_remove(s, c);
		}
	}
	rk->ndel_sent = 0;
	req_clear(rk);
}

void ike_rekey_response(struct ike_sa *s, struct ikev2_msg *m)
{
	struct ike_rekey *rk = s->rekey;
	if (!rk)
		return;
	if (rk->kind == RK_CREATE && m->hdr.exchange == IKEV2_EXCH_CREATE_CHILD_SA)
		create_answered(s, rk, m);
	else if (rk->kind == RK_DELETE && m->hdr.exchange == IKEV2_EXCH_INFORMATIONAL)
		delete_answered(s, rk);
	else
		ike_stats.dropped_malformed++; /* the wrong exchange under our message id */
}

void ike_rekey_peer_rekeyed(struct ike_sa *s, const struct ike_child *old, const struct ike_child *made,
			    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	(void)made;
	struct ike_rekey *rk = s->rekey;
	if (!rk || ni_len > sizeof rk->peer_ni || nr_len > sizeof rk->peer_nr)
		return;
	if (rk->kind == RK_CREATE && rk->old_spi == old->spi_in) {
		rk->crossed = true;
		memcpy(rk->peer_ni, ni, ni_len);
		rk->peer_ni_len = ni_len;
		memcpy(rk->peer_nr, nr, nr_len);
		rk->peer_nr_len = nr_len;
		ike_debug(IKE_DBG_INTERNAL, s, "Rekey collision on Child SA 0x%08X: both sides rekey it", old->spi_in);
	} else if (rk->last_old && rk->last_old == old->spi_in) {
		/* ours was answered first, theirs crossed it on the wire */
		if (ike_rekey_we_lose(rk->last_ni, sizeof rk->last_ni, rk->last_nr, rk->last_nr_len, ni, ni_len, nr,
				      nr_len)) {
			struct ike_child *c = ike_child_by_spi(s, rk->last_new, true);
			if (c) {
				c->rekeyed = true;
				queue_del(rk, c->spi_in);
			}
		}
		rk->last_old = 0;
	}
}

/* ---------- the tick ---------- */

/* Resend the outstanding request; false when the peer is declared dead. */
static bool resend(struct ike_sa *s, struct ike_rekey *rk, long long now)
{
	if (now - rk->sent < RK_RETRY_S)
		return true;
	if (rk->tries >= RK_MAX_TRIES) {
		ike_debug(IKE_DBG_ERROR, s, "Maximum number of retransmissions reached (%s): peer is dead, "
			  "deleting the SA", rk->kind == RK_CREATE ? "CREATE_CHILD_SA" : "Delete");
		ike_log_down(s);
		ike_sa_remove(s);
		return false;
	}
	rk->tries++;
	rk->sent = now;
	ike_debug(IKE_DBG_INTERNAL, s, "Retransmitting packet (%s, retry %d)",
		  rk->kind == RK_CREATE ? "CREATE_CHILD_SA" : "Delete", rk->tries);
	ike_debug_packet(s, true, &s->local, &s->peer, rk->req, rk->req_len);
	ike_send(&s->local, &s->peer, s->natt, rk->req, rk->req_len);
	return true;
}

bool ike_rekey_tick(struct ike_sa *s, long long now)
{
	struct ike_rekey *rk = s->rekey;
	if (rk && rk->kind != RK_NONE && !resend(s, rk, now))
		return false;
	struct ike_child *due = NULL, *next;
	for (struct ike_child *c = s->children; c; c = next) {
		next = c->next;
		if (!c->life_read)
			life_init(s, c);
		uint64_t in = 0, out = 0;
		esp_dp_child_bytes(c, &in, &out);
		uint64_t bytes = in > out ? in : out;
		switch (ike_life_check(now - c->created, c->soft, c->lifetime, bytes, c->soft_bytes, c->life_bytes)) {
		case LIFE_HARD:
			ike_debug(IKE_DBG_INTERNAL, s, "Child SA in 0x%08X out 0x%08X: lifetime expired (%d sec / %llu KB), "
				  "deleting it", c->spi_in, c->spi_out, c->lifetime,
				  (unsigned long long)(c->life_bytes / 1024));
			/* gone at once; the Delete still names it (the peer
			 * answers with its side of the pair) */
			if ((rk = rk_get(s)))
				queue_del(rk, c->spi_in);
			ike_child_remove(s, c);
			break;
		case LIFE_SOFT:
			if (!due && !c->rekeyed && !c->no_rekey)
				due = c;
			break;
		case LIFE_OK:
			break;
		}
	}
	rk = s->rekey;
	if (s->dpd_req || ike_rekey_busy(s))
		return true; /* one request of ours at a time (an IKE SA rekey's too) */
	if (rk && rk->ndel) {
		send_delete(s, rk);
		return true;
	}
	if (due && (!rk || now >= rk->hold_until) && (rk = rk_get(s))) {
		uint16_t g = pfs_group(s, due);
		if (!send_create(s, rk, due, g)) {
			req_clear(rk);
			due->no_rekey = true;
		}
	}
	return true;
}
