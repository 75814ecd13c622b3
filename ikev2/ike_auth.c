/*
 * IKE_AUTH as responder, pre-shared keys (RFC 7296 §1.2, §2.15): the
 * profile chosen by the peer's identity, its AUTH verified with the key
 * from the profile or keyring, ours computed; the config payload answered
 * from the authorization policy (pool address, DNS); the Child SA chosen
 * from the IPsec profile's transform sets; traffic selectors narrowed to
 * the assigned address.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "ike_conf.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "msg.h"
#include "running-config/store.h"

/* ---------- sending protected messages ---------- */

/* Encrypt an inner chain into a message of this SA and send it. */
static int send_sk(struct ike_sa *s, uint8_t exchange, uint32_t msgid, uint8_t flags, const uint8_t *inner,
		   size_t inner_len, uint8_t first, bool keep)
{
	uint8_t buf[4096];
	struct ikev2_hdr h = { .spi_i = s->spi_i, .spi_r = s->spi_r, .version = IKEV2_VERSION,
			       .exchange = exchange, .flags = flags, .msgid = msgid };
	struct ikev2_writer w;
	struct ikev2_sk_slot slot;
	ikev2_w_init(&w, buf, sizeof buf, &h);
	ikev2_w_sk(&w, first, ikev2_sk_iv_len(s->sk_out), ikev2_sk_ct_len(s->sk_out, inner_len),
		   ikev2_sk_icv_len(s->sk_out), &slot);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0 ||
	    ikev2_sk_encrypt(s->sk_out, buf, slot.aad_len, inner, inner_len, buf + slot.iv_off,
			     slot.end - slot.iv_off) != 0)
		return -1;
	if (keep) {
		free(s->last_resp);
		s->last_resp = malloc(n);
		if (s->last_resp) {
			memcpy(s->last_resp, buf, n);
			s->last_resp_len = n;
		}
	}
	return ike_send(&s->local, &s->peer, s->natt, buf, n);
}

int ike_send_protected(struct ike_sa *s, uint8_t exchange, uint32_t msgid, const uint8_t *inner,
		       size_t inner_len, uint8_t first)
{
	return send_sk(s, exchange, msgid, IKEV2_FLAG_R, inner, inner_len, first, true);
}

int ike_send_delete(struct ike_sa *s)
{
	uint8_t inner[32];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_delete(&w, IKEV2_PROTO_IKE, 0, NULL, 0);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		return -1;
	/* we are the original responder: no I flag; our own request ids */
	return send_sk(s, IKEV2_EXCH_INFORMATIONAL, s->own_msgid++, 0, inner, n, w.first, false);
}

static void send_notify_protected(struct ike_sa *s, uint32_t msgid, uint16_t type)
{
	uint8_t inner[64];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, type, NULL, 0);
	size_t n;
	if (ikev2_w_finish(&w, &n) == 0)
		ike_send_protected(s, IKEV2_EXCH_IKE_AUTH, msgid, inner, n, w.first);
}

/* ---------- authorization policy and pool ---------- */

struct author {
	char pool[64];
	uint32_t dns[2];
	int ndns;
};

/* The authorization policy of `aaa authorization group psk|any list L
 * [POLICY]` (local method), else the policy `default`. */
static void author_for(const char *profile, struct author *a)
{
	memset(a, 0, sizeof *a);
	char policy[64] = "default";
	db_get_text(policy, sizeof policy,
		    "SELECT COALESCE(aaa_name, 'default') FROM ikev2_profile_authz WHERE profile=? AND kind='group' "
		    "AND method IN ('psk', 'any') ORDER BY method='psk' DESC LIMIT 1", "s", profile);
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

/* ---------- Child SA ---------- */

struct esp_choice {
	uint16_t encr, keylen, integ;
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
	return c->encr == 20 || c->integ != 0;
}

/* Transform sets of the IPsec profile bound to this IKEv2 profile (else
 * the default IPsec profile), in priority order; the first the initiator
 * offers wins. */
static bool choose_esp(const char *profile, const struct ikev2_sa *offer, struct esp_choice *out,
		       uint8_t *prop_num, uint8_t spi[4])
{
	char ipsec[64] = "default";
	db_get_text(ipsec, sizeof ipsec, "SELECT name FROM ipsec_profile WHERE ikev2_profile=? AND disabled=0 "
		    "ORDER BY name LIMIT 1", "s", profile);
	sqlite3_stmt *st = db_query("SELECT t.esp_cipher, t.esp_keysize, t.esp_auth FROM ipsec_profile_transform p "
				    "JOIN ipsec_transform_set t ON t.name = p.transform_set "
				    "WHERE p.profile=? AND t.disabled=0 ORDER BY p.seq", "s", ipsec);
	struct esp_choice ours[8];
	int n = 0;
	while (db_row(st))
		if (n < 8 && esp_ids(db_col_text(st, 0), (int)db_col_int(st, 1), db_col_text(st, 2), &ours[n]))
			n++;
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
			if (e && a && (!esn_seen || esn_ok)) {
				*out = ours[j];
				*prop_num = pr->num;
				memcpy(spi, pr->spi, 4);
				return true;
			}
		}
	}
	return false;
}

/* ---------- identities ---------- */

static void our_id(const struct ike_sa *s, const struct ike_conf_profile *p, uint8_t *type, uint8_t *data,
		   size_t *len)
{
	if (strcmp(p->local_id_kind, "fqdn") == 0 || strcmp(p->local_id_kind, "email") == 0 ||
	    strcmp(p->local_id_kind, "key-id") == 0) {
		*type = p->local_id_kind[0] == 'f' ? ID_FQDN : p->local_id_kind[0] == 'e' ? ID_RFC822_ADDR : ID_KEY_ID;
		*len = strlen(p->local_id_value);
		memcpy(data, p->local_id_value, *len);
		return;
	}
	/* default: the address the peer talks to */
	if (s->local.ss_family == AF_INET6) {
		*type = ID_IPV6_ADDR;
		memcpy(data, &((const struct sockaddr_in6 *)&s->local)->sin6_addr, 16);
		*len = 16;
	} else {
		*type = ID_IPV4_ADDR;
		memcpy(data, &((const struct sockaddr_in *)&s->local)->sin_addr, 4);
		*len = 4;
	}
}

static void fail_auth(struct ike_sa *s, uint32_t msgid, const char *why)
{
	char ip[64];
	log_msg(LOG_SEV_NOTICE, "IKEV2", "AUTH_FAILED", "Authentication of peer %s (%s) failed: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id, why);
	send_notify_protected(s, msgid, IKEV2_N_AUTHENTICATION_FAILED);
	s->auth_failed = true;
}

/* ---------- IKE_AUTH ---------- */

void ike_auth_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	if (!(m->seen & (1ull << (IKEV2_PL_IDI - 32))) || !(m->seen & (1ull << (IKEV2_PL_AUTH - 32)))) {
		/* no AUTH: EAP, which this responder does not offer yet */
		fail_auth(s, msgid, "EAP is not supported yet");
		return;
	}
	struct ike_conf_id id = { .type = m->idi.type };
	id.len = m->idi.data.len < sizeof id.data ? m->idi.data.len : sizeof id.data;
	memcpy(id.data, m->idi.data.p, id.len);
	ike_conf_id_str(&id, s->peer_id, sizeof s->peer_id);
	if (!ike_conf_profile_for(&id, &d->local, s->profile, sizeof s->profile)) {
		fail_auth(s, msgid, "no IKEv2 profile matches its identity");
		return;
	}
	struct ike_conf_profile prof;
	ike_conf_profile_get(s->profile, &prof);
	char psk_local[256], psk_remote[256];
	if (m->auth.method != IKEV2_AUTH_PSK || !prof.remote_psk || prof.auth_local != AUTH_PSK ||
	    !ike_conf_psk(s->profile, &id, &s->peer, psk_local, sizeof psk_local, psk_remote, sizeof psk_remote)) {
		fail_auth(s, msgid, "no pre-shared key for it");
		return;
	}
	struct ikev2_auth_octets o = { .msg = s->init_req, .msg_len = s->init_req_len, .nonce = s->nr,
				       .nonce_len = s->nr_len, .id = m->idi.body.p, .id_len = m->idi.body.len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pi, .sk_p_len = s->keys.p_len };
	if (ikev2_auth_psk_verify(&o, psk_remote, strlen(psk_remote), m->auth.data.p, m->auth.data.len) != 0) {
		fail_auth(s, msgid, "AUTH does not verify with the pre-shared key");
		return;
	}

	/* our identity and AUTH */
	uint8_t idtype, iddata[256], idbody[260];
	size_t idlen;
	our_id(s, &prof, &idtype, iddata, &idlen);
	struct ike_conf_id mine = { .type = idtype, .len = idlen };
	memcpy(mine.data, iddata, idlen);
	ike_conf_id_str(&mine, s->local_id, sizeof s->local_id);
	idbody[0] = idtype;
	idbody[1] = idbody[2] = idbody[3] = 0;
	memcpy(idbody + 4, iddata, idlen);
	uint8_t auth[64];
	size_t auth_len = 0;
	o = (struct ikev2_auth_octets){ .msg = s->init_resp, .msg_len = s->init_resp_len, .nonce = s->ni,
					.nonce_len = s->ni_len, .id = idbody, .id_len = idlen + 4,
					.prf = s->suite.prf, .sk_p = s->keys.sk_pr, .sk_p_len = s->keys.p_len };
	if (ikev2_auth_psk(&o, psk_local, strlen(psk_local), auth, &auth_len) != 0)
		return;
	ikev2_wipe(psk_local, sizeof psk_local);
	ikev2_wipe(psk_remote, sizeof psk_remote);

	uint8_t inner[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_id(&w, IKEV2_PL_IDR, idtype, iddata, idlen);
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, auth, auth_len);

	/* configuration payload: an address from the pool, DNS */
	bool child_ok = true;
	uint16_t child_error = 0;
	if (m->seen & (1ull << (IKEV2_PL_CP - 32)) && m->cp.type == IKEV2_CFG_REQUEST) {
		struct author a;
		author_for(s->profile, &a);
		s->assigned = a.pool[0] ? pool_take(a.pool) : 0;
		if (!s->assigned) {
			log_msg(LOG_SEV_ERR, "IKEV2", "ADDRESS", "No address available in pool %s for peer %s",
				a.pool[0] ? a.pool : "(none)", s->peer_id);
			child_ok = false;
			child_error = IKEV2_N_INTERNAL_ADDRESS_FAILURE;
		} else {
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
			ikev2_w_cp(&w, IKEV2_CFG_REPLY, attrs, na);
		}
	}

	/* the Child SA */
	struct esp_choice esp;
	uint8_t prop_num = 0, their_spi[4];
	if (child_ok && !choose_esp(s->profile, &m->sa, &esp, &prop_num, their_spi)) {
		child_ok = false;
		child_error = IKEV2_N_NO_PROPOSAL_CHOSEN;
	}
	if (child_ok) {
		uint8_t spi[4];
		ikev2_random(spi, 4);
		spi[0] |= 0x01; /* never 0..255 (reserved SPIs) */
		s->child_spi_in = (uint32_t)spi[0] << 24 | (uint32_t)spi[1] << 16 | (uint32_t)spi[2] << 8 | spi[3];
		s->child_spi_out = (uint32_t)their_spi[0] << 24 | (uint32_t)their_spi[1] << 16 |
				   (uint32_t)their_spi[2] << 8 | their_spi[3];
		s->child_encr = esp.encr;
		s->child_keylen = esp.keylen;
		s->child_integ = esp.integ;
		struct ikev2_sa sa = { .nprop = 1 };
		sa.prop[0] = (struct ikev2_proposal){ .num = prop_num, .proto = IKEV2_PROTO_ESP, .spi_len = 4 };
		memcpy(sa.prop[0].spi, spi, 4);
		sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = esp.encr,
							    .keylen = esp.encr == 3 ? 0 : esp.keylen };
		if (esp.integ)
			sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = esp.integ };
		sa.xf[sa.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
		sa.prop[0].nxf = (uint16_t)sa.nxf;
		ikev2_w_sa(&w, &sa);
		/* narrowed selectors: the client's address to anything */
		struct ikev2_ts tsi = { .type = IKEV2_TS_IPV4_ADDR_RANGE, .sport = 0, .eport = 65535 };
		struct ikev2_ts tsr = tsi;
		if (s->assigned) {
			uint32_t be = htonl(s->assigned);
			memcpy(tsi.start, &be, 4);
			memcpy(tsi.end, &be, 4);
		} else if (m->tsi.n) {
			tsi = m->tsi.ts[0];
		}
		memset(tsr.start, 0, 4);
		memset(tsr.end, 0xff, 4);
		ikev2_w_ts(&w, IKEV2_PL_TSI, &tsi, 1);
		ikev2_w_ts(&w, IKEV2_PL_TSR, &tsr, 1);
	} else {
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, child_error, NULL, 0);
	}
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		return;
	if (ike_send_protected(s, IKEV2_EXCH_IKE_AUTH, msgid, inner, n, w.first) != 0)
		return;
	s->state = IKE_SA_ESTABLISHED;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->established = ts.tv_sec;
	char ip[64];
	log_msg(LOG_SEV_NOTICE, "CRYPTO", "IKEV2_SESSION_STATUS", "Crypto tunnel v2 is UP.  Peer %s:%u       Id: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), sockaddr_port(&s->peer), s->peer_id);
}
