/*
 * Child SAs (RFC 7296 §1.3, §2.17): the ESP proposal chosen from the
 * transform sets of the IPsec profile bound to the IKEv2 profile, keys
 * from KEYMAT, selectors narrowed to the peer's assigned address.  Used by
 * IKE_AUTH and CREATE_CHILD_SA.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_acct.h"
#include "ike_author.h"
#include "ike_child_mode.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "interface/vaccess.h"
#include "ipsec/esp_dp.h"
#include "ipsec/esp_transport_dp.h"
#include "ipsec/ipsec_sa_policy.h"
#include "running-config/store.h"

struct esp_choice {
	uint16_t encr, keylen, integ;
	uint16_t dh;                 /* PFS group chosen, 0 = none */
	bool transport, require;     /* the set's `mode transport [require]` (ike_child_mode.h) */
};

static bool esp_ids(const char *cipher, int keysize, const char *auth, struct esp_choice *c)
{
	memset(c, 0, sizeof *c);
	if (strcmp(cipher, "esp-aes") == 0) {
		c->encr = 12;
		c->keylen = (uint16_t)(keysize ? keysize : 128);
	} else if (strcmp(cipher, "esp-gcm") == 0) {
		c->encr = 20;
		c->keylen = (uint16_t)(keysize ? keysize : 128);
	} else if (strcmp(cipher, "esp-3des") == 0) {
		c->encr = 3;
	} else if (strcmp(cipher, "esp-chacha20-poly1305") == 0) {
		c->encr = 28; /* RFC 7634: no key length attribute */
	} else {
		return false;
	}
	static const struct { const char *kw; uint16_t id; } auths[] = {
		{ "esp-sha-hmac", 2 }, { "esp-sha256-hmac", 12 }, { "esp-sha384-hmac", 13 },
		{ "esp-sha512-hmac", 14 }, { "esp-md5-hmac", 1 },
	};
	for (size_t i = 0; i < sizeof auths / sizeof auths[0]; i++)
		if (strcmp(auth, auths[i].kw) == 0)
			c->integ = auths[i].id;
	return c->encr == 20 || c->encr == 28 || c->integ != 0;
}

/* The IPsec profile bound to this IKEv2 profile, else the default one. */
static void ipsec_profile_for(const char *profile, char *ipsec, size_t len)
{
	snprintf(ipsec, len, "default");
	db_get_text(ipsec, len, "SELECT name FROM ipsec_profile WHERE ikev2_profile=? AND disabled=0 "
		    "ORDER BY name LIMIT 1", "s", profile);
}

void ike_pfs_policy(const char *profile, struct ike_pfs *out)
{
	char ipsec[64], group[16] = "";
	ipsec_profile_for(profile, ipsec, sizeof ipsec);
	memset(out, 0, sizeof *out);
	out->negotiate = true;
	long long pfs = 0;
	db_get_int(&pfs, "SELECT pfs FROM ipsec_profile WHERE name=?", "s", ipsec);
	out->required = pfs > 0;
	db_get_text(group, sizeof group, "SELECT pfs_group FROM ipsec_profile WHERE name=? AND pfs_group IS NOT NULL",
		    "s", ipsec);
	if (strncmp(group, "group", 5) == 0)
		out->group = (uint16_t)atoi(group + 5);
}

/* Transform sets of the IPsec profile bound to this IKEv2 profile (else
 * the default IPsec profile), in priority order; the first the initiator
 * offers wins. */
static bool choose_esp(const char *profile, const struct ikev2_sa *offer, const struct ike_pfs *pfs,
		       uint16_t ke_group, bool want_transport, struct esp_choice *out, uint8_t *prop_num, uint8_t spi[4])
{
	char ipsec[64];
	ipsec_profile_for(profile, ipsec, sizeof ipsec);
	sqlite3_stmt *st = db_query("SELECT t.esp_cipher, t.esp_keysize, t.esp_auth, t.mode, t.mode_require "
				    "FROM ipsec_profile_transform p "
				    "JOIN ipsec_transform_set t ON t.name = p.transform_set "
				    "WHERE p.profile=? AND t.disabled=0 ORDER BY p.seq", "s", ipsec);
	struct esp_choice ours[8];
	int n = 0;
	while (db_row(st)) {
		const char *mode = db_col_text(st, 3);
		bool tp = mode && strcmp(mode, "transport") == 0, req = tp && db_col_int(st, 4) != 0;
		/* `mode transport require` does not answer a tunnel request */
		if (n < 8 && ike_child_mode_fits(tp, req, want_transport) &&
		    esp_ids(db_col_text(st, 0), (int)db_col_int(st, 1), db_col_text(st, 2), &ours[n])) {
			ours[n].transport = tp;
			ours[n].require = req;
			n++;
		}
	}
	for (unsigned i = 0; i < offer->nprop; i++) {
		const struct ikev2_proposal *pr = &offer->prop[i];
		if (pr->proto != IKEV2_PROTO_ESP || pr->spi_len != 4)
			continue;
		for (int j = 0; j < n; j++) {
			bool e = false, a = ours[j].integ == 0, esn_ok = false, esn_seen = false;
			for (unsigned k = 0; k < pr->nxf; k++) {
				const struct ikev2_transform *x = &offer->xf[pr->xf_first + k];
				if (x->type == IKEV2_XF_ENCR && x->id == ours[j].encr && x->keylen == ours[j].keylen)
					e = true;
				if (x->type == IKEV2_XF_INTEG && ours[j].integ && x->id == ours[j].integ)
					a = true;
				if (x->type == IKEV2_XF_ESN) {
					esn_seen = true;
					if (x->id == 0)
						esn_ok = true;
				}
			}
			uint16_t dh = 0;
			if (e && a && (!esn_seen || esn_ok) &&
			    ike_pfs_choose(pfs, offer, pr, ke_group, &dh)) {
				*out = ours[j];
				out->dh = dh;
				*prop_num = pr->num;
				memcpy(spi, pr->spi, 4);
				return true;
			}
		}
	}
	return false;
}

static uint32_t be32(const uint8_t p[4])
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The Child SA answer shared by IKE_AUTH and CREATE_CHILD_SA: SA (and for
 * CREATE_CHILD_SA Nr, KEr) written into w; the selectors follow. */
static uint16_t child_respond(struct ike_sa *s, const struct ikev2_msg *m, struct ike_child_req *rq,
			      struct ikev2_writer *w)
{
	/* narrowed selectors: the client's assigned address(es) to anything
	 * of the same family (ike_author.c); none acceptable → TS_UNACCEPTABLE
	 * (RFC 7296 §2.9), decided before anything is written */
	struct ikev2_ts tsi[2], tsr[2];
	unsigned nts = ike_author_ts(s, m, tsi, tsr);
	if (nts == 0)
		return IKEV2_N_TS_UNACCEPTABLE;
	struct esp_choice esp;
	uint8_t prop_num = 0, their_spi[4];
	struct ike_pfs pfs = { .negotiate = false };
	if (rq->create_child)
		ike_pfs_policy(s->profile, &pfs);
	uint16_t ke_group = ikev2_msg_has(m, IKEV2_PL_KE) ? m->ke.group : 0;
	bool mode_refused;
	bool want_tp = ike_child_mode_wanted(m, rq->rekey_of, &mode_refused);
	if (mode_refused) {
		ike_debug(IKE_DBG_ERROR, s, "Rekey of a transport mode Child SA without USE_TRANSPORT_MODE");
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	}
	if (!choose_esp(s->profile, &m->sa, &pfs, ke_group, want_tp, &esp, &prop_num, their_spi))
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	/* transport: the set allows it, the initiator asked, host to host */
	bool tp = esp.transport && want_tp && ike_child_mode_ts(s, &m->tsi, &m->tsr, &tsi[0], &tsr[0]);
	if (tp) {
		nts = 1;
	} else if (want_tp && (esp.require || rq->rekey_of)) {
		ike_debug(IKE_DBG_ERROR, s, "Transport mode requested but the selectors are not the outer addresses");
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	}
	if (esp.dh && esp.dh != ke_group) {
		rq->want_group = esp.dh; /* §1.3: KEi of another group than the one chosen */
		return IKEV2_N_INVALID_KE_PAYLOAD;
	}
	/* PFS: g^ir of this exchange goes into KEYMAT (§2.17) */
	uint8_t gir_new[1024];
	size_t gir_new_len = 0;
	struct ikev2_dh *dh = NULL;
	if (esp.dh) {
		dh = ikev2_dh_new(esp.dh);
		if (!dh || ikev2_dh_derive(dh, m->ke.data.p, m->ke.data.len, gir_new, sizeof gir_new, &gir_new_len)) {
			ikev2_dh_free(dh);
			return IKEV2_N_INVALID_SYNTAX;
		}
		rq->gir = gir_new;
		rq->gir_len = gir_new_len;
	}
	struct ike_child *c = calloc(1, sizeof *c);
	if (!c) {
		ikev2_dh_free(dh);
		ikev2_wipe(gir_new, gir_new_len);
		return IKEV2_N_TEMPORARY_FAILURE;
	}
	uint8_t spi[4];
	do {
		ikev2_random(spi, 4);
		spi[0] |= 0x01; /* never 0..255 (reserved SPIs) */
	} while (ike_child_by_spi(s, be32(spi), true));
	c->spi_in = be32(spi);
	c->spi_out = be32(their_spi);
	c->encr = esp.encr;
	c->keylen = esp.keylen;
	c->integ = esp.integ;
	c->pfs_group = esp.dh;
	c->created = ike_now_s();
	struct ipsec_sa_policy sapol; /* `... replay window-size N | disable` */
	ipsec_sa_policy_for(s->profile, &sapol);
	c->replay_set = true;
	c->replay_window = (uint16_t)sapol.replay_window;
	int krc = ikev2_child_keys_derive(&c->keys, s->suite.prf, s->keys.sk_d, s->keys.d_len, esp.encr,
					  esp.encr == 3 ? 0 : esp.keylen, esp.integ, rq->gir, rq->gir_len, rq->ni,
					  rq->ni_len, rq->nr, rq->nr_len);
	ikev2_wipe(gir_new, gir_new_len);
	rq->gir = NULL;
	rq->gir_len = 0;
	if (krc != 0) {
		ikev2_dh_free(dh);
		free(c);
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	}
	c->transport = tp;
	if (tp) /* accepted: echoed (RFC 7296 §1.3.1); without it the child is tunnel mode */
		ikev2_w_notify(w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_USE_TRANSPORT_MODE, NULL, 0);
	struct ikev2_sa sa = { .nprop = 1 };
	sa.prop[0] = (struct ikev2_proposal){ .num = prop_num, .proto = IKEV2_PROTO_ESP, .spi_len = 4 };
	memcpy(sa.prop[0].spi, spi, 4);
	sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = esp.encr,
						    .keylen = esp.encr == 3 ? 0 : esp.keylen };
	if (esp.integ)
		sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = esp.integ };
	if (esp.dh)
		sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = esp.dh };
	sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	sa.prop[0].nxf = (uint16_t)sa.nxf;
	ikev2_w_sa(w, &sa);
	if (rq->create_child) {
		ikev2_w_nonce(w, rq->nr, rq->nr_len);
		size_t publen = 0;
		const uint8_t *pub = dh ? ikev2_dh_public_ref(dh, &publen) : NULL;
		if (pub)
			ikev2_w_ke(w, esp.dh, pub, publen);
	}
	ikev2_dh_free(dh);
	ikev2_w_ts(w, IKEV2_PL_TSI, tsi, nts);
	ikev2_w_ts(w, IKEV2_PL_TSR, tsr, nts);
	c->ts_i = tsi[0];
	c->ts_r = tsr[0];
	if (nts == 2) {
		c->ts_i2 = tsi[1];
		c->ts_r2 = tsr[1];
		c->ts2 = true;
	}
	c->next = s->children;
	s->children = c;
	rq->made = c;
	esp_dp_child_up(c); /* its ESP SA in the data plane */
	if (tp) {
		esp_tp_child_up(s, c); /* outbound lookup by the peer's address, kernel routing */
		ike_debug(IKE_DBG_INTERNAL, s, "Child SA in 0x%08X out 0x%08X: transport mode (USE_TRANSPORT_MODE)",
			  c->spi_in, c->spi_out);
	} else if (want_tp) {
		ike_debug(IKE_DBG_INTERNAL, s, "Child SA in 0x%08X: USE_TRANSPORT_MODE requested, tunnel mode answered",
			  c->spi_in);
	}
	return 0;
}

uint16_t ike_child_respond(struct ike_sa *s, const struct ikev2_msg *m, const uint8_t *ni, size_t ni_len,
			   const uint8_t *nr, size_t nr_len, const uint8_t *gir, size_t gir_len,
			   struct ikev2_writer *w)
{
	struct ike_child_req rq = { .ni = ni, .ni_len = ni_len, .nr = nr, .nr_len = nr_len,
				    .gir = gir, .gir_len = gir_len };
	return child_respond(s, m, &rq, w);
}

uint16_t ike_child_create(struct ike_sa *s, const struct ikev2_msg *m, struct ike_child_req *rq,
			  struct ikev2_writer *w)
{
	rq->create_child = true;
	return child_respond(s, m, rq, w);
}

struct ike_child *ike_child_by_spi(struct ike_sa *s, uint32_t spi, bool inbound)
{
	for (struct ike_child *c = s->children; c; c = c->next)
		if ((inbound ? c->spi_in : c->spi_out) == spi)
			return c;
	return NULL;
}

void ike_child_remove(struct ike_sa *s, struct ike_child *gone)
{
	for (struct ike_child **pp = &s->children; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			aaa_acct_ike_child_gone(s, gone); /* its traffic stays in the session's accounting */
			vaccess_child_gone(s, gone);
			esp_dp_child_down(gone);
			esp_tp_child_down(gone);
			ikev2_child_keys_wipe(&gone->keys);
			free(gone);
			return;
		}
}

void ike_child_free_all(struct ike_sa *s)
{
	while (s->children)
		ike_child_remove(s, s->children);
}

struct ike_child *ike_child_rekey_target(struct ike_sa *s, const struct ikev2_notify *n, uint16_t *err)
{
	if (n->proto != IKEV2_PROTO_ESP && n->proto != IKEV2_PROTO_AH) {
		*err = IKEV2_N_INVALID_SYNTAX;
		return NULL;
	}
	if (n->spi.len != 4) {
		*err = IKEV2_N_INVALID_SYNTAX;
		return NULL;
	}
	/* the SPI the initiator expects inbound: the one we send with */
	struct ike_child *c = n->proto == IKEV2_PROTO_ESP ? ike_child_by_spi(s, be32(n->spi.p), false) : NULL;
	if (!c)
		*err = IKEV2_N_CHILD_SA_NOT_FOUND;
	return c;
}

unsigned ike_child_delete(struct ike_sa *s, const struct ikev2_delete *d, uint8_t *ours, unsigned cap)
{
	unsigned n = 0;
	if (d->proto != IKEV2_PROTO_ESP || d->spi_len != 4 || d->spis.len < (size_t)d->nspi * 4)
		return 0;
	for (unsigned i = 0; i < d->nspi; i++) {
		struct ike_child *c = ike_child_by_spi(s, be32(d->spis.p + 4 * i), false);
		if (!c)
			continue; /* already gone, or never ours: nothing to say (§1.4.1) */
		if (n >= cap)
			break; /* the rest stays: the peer asks again */
		uint32_t v = c->spi_in;
		ours[4 * n] = (uint8_t)(v >> 24);
		ours[4 * n + 1] = (uint8_t)(v >> 16);
		ours[4 * n + 2] = (uint8_t)(v >> 8);
		ours[4 * n + 3] = (uint8_t)v;
		n++;
		ike_child_remove(s, c);
	}
	return n;
}

/* Our own CREATE_CHILD_SA offer (ike_rekey_child.c): one ESP proposal per
 * transform set of the profile's IPsec profile, in priority order,
 * numbered from 1, each with our SPI, the DH group when dh (PFS) and
 * ESN "none" (what the responder side accepts too). */
unsigned ike_child_offer(const char *profile, uint16_t dh, uint32_t spi, struct ikev2_sa *out)
{
	char ipsec[64];
	ipsec_profile_for(profile, ipsec, sizeof ipsec);
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_query("SELECT t.esp_cipher, t.esp_keysize, t.esp_auth FROM ipsec_profile_transform p "
				    "JOIN ipsec_transform_set t ON t.name = p.transform_set "
				    "WHERE p.profile=? AND t.disabled=0 ORDER BY p.seq", "s", ipsec);
	while (db_row(st)) {
		struct esp_choice c;
		if (out->nprop >= 8 || !esp_ids(db_col_text(st, 0), (int)db_col_int(st, 1), db_col_text(st, 2), &c))
			continue;
		struct ikev2_proposal *pr = &out->prop[out->nprop];
		*pr = (struct ikev2_proposal){ .num = (uint8_t)(out->nprop + 1), .proto = IKEV2_PROTO_ESP, .spi_len = 4,
					       .xf_first = (uint16_t)out->nxf };
		pr->spi[0] = (uint8_t)(spi >> 24);
		pr->spi[1] = (uint8_t)(spi >> 16);
		pr->spi[2] = (uint8_t)(spi >> 8);
		pr->spi[3] = (uint8_t)spi;
		out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = c.encr,
								.keylen = c.encr == 3 ? 0 : c.keylen };
		if (c.integ)
			out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = c.integ };
		if (dh)
			out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = dh };
		out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
		pr->nxf = (uint16_t)(out->nxf - pr->xf_first);
		out->nprop++;
	}
	return out->nprop;
}

void ike_child_ipsec_profile(const char *profile, char *ipsec, size_t len)
{
	ipsec_profile_for(profile, ipsec, len);
}
