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
	/* `identity local address A.B.C.D`: that address */
	if (strcmp(p->local_id_kind, "address") == 0 && inet_pton(AF_INET, p->local_id_value, data) == 1) {
		*type = ID_IPV4_ADDR;
		*len = 4;
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
	ike_send_notify(s, IKEV2_EXCH_IKE_AUTH, msgid, IKEV2_N_AUTHENTICATION_FAILED);
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

	/* configuration payload, then the Child SA; either may fail alone
	 * (the IKE SA still comes up, RFC 7296 §1.2) */
	uint16_t child_error = ike_author_reply(s, m, &w);
	if (!child_error)
		child_error = ike_child_respond(s, m, s->ni, s->ni_len, s->nr, s->nr_len, NULL, 0, &w);
	if (child_error)
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, child_error, NULL, 0);
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
