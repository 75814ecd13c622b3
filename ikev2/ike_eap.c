/*
 * EAP inside IKE_AUTH as responder (RFC 7296 §2.16), driving one
 * aaa/eap_server.h conversation (RADIUS pass-through, local, AnyConnect):
 *   IKE_AUTH #1 without AUTH -> our IDr, [CERT], AUTH (`authentication
 *   local`) and the first EAP Request;
 *   each EAP Response -> the next Request, ... -> EAP Success (or Failure:
 *   AUTHENTICATION_FAILED);
 *   the peer's last IKE_AUTH with AUTH made with the MSK (key-generating
 *   methods) or SK_pi (others) -> verified here, then authorization and
 *   the finish step (ike_auth.c) answer with our AUTH, CFG_REPLY, Child SA.
 * The backend answers now or later (RADIUS); meanwhile s->auth_pending
 * holds retransmissions off.  Freeing the SA frees the conversation
 * (ike_auth_release), which cancels its pending request: the result
 * callback never sees a freed SA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/eap_server.h"
#include "base/log.h"
#include "ike_auth_steps.h"
#include "ike_debug.h"
#include "ike_socket.h"

enum { EAP_NONE, EAP_RUNNING, EAP_SUCCEEDED };

static const char *eap_code_name(uint8_t c)
{
	switch (c) {
	case IKEV2_EAP_REQUEST: return "Request";
	case IKEV2_EAP_RESPONSE: return "Response";
	case IKEV2_EAP_SUCCESS: return "Success";
	case IKEV2_EAP_FAILURE: return "Failure";
	default: return "?";
	}
}

/* An EAP packet from the backend: header length matches, code known. */
static bool eap_ok(const uint8_t *p, size_t len)
{
	if (!p || len < 4 || len > 0xffff - 4 || (size_t)(p[2] << 8 | p[3]) != len)
		return false;
	if (p[0] == IKEV2_EAP_REQUEST)
		return len >= 5;
	return p[0] == IKEV2_EAP_SUCCESS || p[0] == IKEV2_EAP_FAILURE;
}

static void eap_failed(struct ike_sa *s, const char *why, const uint8_t *eap, size_t eap_len)
{
	char ip[64], line[512];
	log_msg(LOG_SEV_NOTICE, "IKEV2", "EAP_FAILED", "EAP authentication of peer %s (%s%s%s) failed: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id, s->eap_id[0] ? ", EAP id " : "", s->eap_id,
		why ? why : "rejected");
	snprintf(line, sizeof line, "EAP authentication failed: %s", why ? why : "rejected");
	ike_auth_fail(s, line, eap_ok(eap, eap_len) && eap[0] == IKEV2_EAP_FAILURE ? eap : NULL, eap_len);
}

/* The backend's answer to one input: a response to s->auth_msgid. */
static void on_result(void *ctx, const struct eap_result *r)
{
	struct ike_sa *s = ctx;
	if (!s->auth_pending || s->eap_state != EAP_RUNNING)
		return; /* not asked for: ignore */
	s->auth_pending = false;
	if (r->identity && r->identity[0] && strcmp(r->identity, s->eap_id) != 0) {
		snprintf(s->eap_id, sizeof s->eap_id, "%s", r->identity);
		ike_debug(IKE_DBG_INTERNAL, s, "EAP identity of the peer: '%s'", s->eap_id);
	}
	if (r->st == EAP_ST_FAILURE) {
		eap_failed(s, r->why, r->eap, r->eap_len);
		return;
	}
	uint8_t success[4] = { IKEV2_EAP_SUCCESS, s->eap_last_id, 0, 4 };
	const uint8_t *eap = r->eap;
	size_t eap_len = r->eap_len;
	if (r->st == EAP_ST_SUCCESS && !eap_len) {
		eap = success; /* a backend that leaves the Success packet to us */
		eap_len = sizeof success;
	}
	if (!eap_ok(eap, eap_len) || eap[0] != (r->st == EAP_ST_CONTINUE ? IKEV2_EAP_REQUEST : IKEV2_EAP_SUCCESS)) {
		eap_failed(s, "the EAP server produced no valid EAP packet", NULL, 0);
		return;
	}
	static uint8_t inner[8192];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	if (s->eap_first) {
		/* the first response: we authenticate ourselves now (§2.16) */
		struct ikev2_msg *m = ike_auth_request(s);
		struct ike_conf_profile prof;
		char why[256] = "the kept IKE_AUTH request could not be parsed again";
		if (!m || !ike_conf_profile_get(s->profile, &prof)) {
			ike_auth_fail(s, m ? "its IKEv2 profile was removed" : why, NULL, 0);
			return;
		}
		struct ike_conf_id id = { .type = m->idi.type };
		id.len = m->idi.data.len < sizeof id.data ? m->idi.data.len : sizeof id.data;
		memcpy(id.data, m->idi.data.p, id.len);
		if (ike_auth_write_ours(s, &id, &prof, &w, why, sizeof why) != 0) {
			ike_auth_fail(s, why, NULL, 0);
			return;
		}
		ike_debug(IKE_DBG_INTERNAL, s, "My authentication method '%s', identity '%s'", s->auth_sign,
			  s->local_id);
		s->eap_first = false;
	}
	ikev2_w_payload(&w, IKEV2_PL_EAP, false, eap, eap_len);
	if (r->st == EAP_ST_SUCCESS) {
		s->eap_state = EAP_SUCCEEDED;
		s->eap_msk_len = r->msk_len <= sizeof s->eap_msk ? r->msk_len : 0;
		memcpy(s->eap_msk, r->msk, s->eap_msk_len);
		free(s->eap_attrs);
		s->eap_attrs = NULL;
		s->eap_attrs_len = 0;
		if (r->attrs_len && (s->eap_attrs = malloc(r->attrs_len)) != NULL) {
			memcpy(s->eap_attrs, r->attrs, r->attrs_len);
			s->eap_attrs_len = r->attrs_len;
		}
		ike_debug(IKE_DBG_INTERNAL, s, "EAP authentication of '%s' succeeded (%s); sending EAP Success",
			  s->eap_id, s->eap_msk_len ? "MSK received" : "no MSK: AUTH with SK_p");
	} else {
		ike_debug(IKE_DBG_INTERNAL, s, "Sending EAP %s id %u type %u (%zu bytes)", eap_code_name(eap[0]),
			  eap[1], eap[4], eap_len);
	}
	if (ike_auth_send(s, &w) != 0)
		s->auth_failed = true;
}

void ike_eap_start(struct ike_sa *s, const struct ike_conf_profile *p)
{
	struct eap_server_params ep = {
		.list = p->remote_anyconnect ? p->aaa_anyconnect : p->aaa_eap,
		.ike_id = s->peer_id,
		.query_identity = p->eap_query_identity,
		.timeout_s = p->eap_timeout > 0 ? (unsigned)p->eap_timeout : 90,
		.peer = s->peer,
		.local = s->local,
		.session_id = ike_sa_session_id(s),
		.ike_profile = s->profile,
		.cert_request = p->remote_anyconnect && p->anyconnect_cert_request,
		.verify_cert = ike_eap_cert_verify,
		.verify_ctx = s,
	};
	char why[256] = "no EAP authenticator";
	ike_debug(IKE_DBG_INTERNAL, s, "No AUTH payload: %sEAP authentication (list %s%s, timeout %u s)",
		  p->remote_anyconnect ? "AnyConnect-" : "", ep.list[0] ? ep.list : "default",
		  ep.query_identity ? ", query-identity" : "", ep.timeout_s);
	s->eap_state = EAP_RUNNING;
	s->eap_first = true;
	s->auth_deadline = ike_now_s() + ep.timeout_s;
	if (!ep.query_identity && !p->remote_anyconnect)
		snprintf(s->eap_id, sizeof s->eap_id, "%s", s->peer_id); /* IDi is the identity */
	s->eap = eap_server_new(p->remote_anyconnect, &ep, on_result, s, why, sizeof why);
	if (!s->eap) {
		eap_failed(s, why, NULL, 0);
		return;
	}
	snprintf(s->auth_verify, sizeof s->auth_verify, "%s", p->remote_anyconnect ? "AnyConnect-EAP" : "EAP");
	s->auth_pending = true;
	eap_server_input(s->eap, NULL, 0); /* the first Request, now or later */
}

/* The peer's AUTH after EAP Success (§2.16): with the MSK, or SK_pi. */
static void verify_final(struct ike_sa *s, const struct ikev2_msg *m)
{
	struct ikev2_msg *first = ike_auth_request(s);
	if (!ikev2_msg_has(m, IKEV2_PL_AUTH) || !first) {
		ike_auth_fail(s, "no AUTH payload after EAP Success", NULL, 0);
		return;
	}
	if (m->auth.method != IKEV2_AUTH_PSK) {
		ike_auth_fail(s, "AUTH after EAP is not a shared key MIC", NULL, 0);
		return;
	}
	struct ikev2_auth_octets o = { .msg = s->init_req, .msg_len = s->init_req_len, .nonce = s->nr,
				       .nonce_len = s->nr_len, .id = first->idi.body.p, .id_len = first->idi.body.len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pi, .sk_p_len = s->keys.p_len };
	int rc = s->eap_msk_len
			 ? ikev2_auth_psk_verify(&o, s->eap_msk, s->eap_msk_len, m->auth.data.p, m->auth.data.len)
			 : ikev2_auth_psk_verify(&o, s->keys.sk_pi, s->keys.p_len, m->auth.data.p, m->auth.data.len);
	if (rc != 0) {
		ike_auth_fail(s, s->eap_msk_len ? "AUTH does not verify with the EAP MSK"
						: "AUTH does not verify with SK_pi (EAP without MSK)", NULL, 0);
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Verification of peer's authentication data (EAP, %s) PASSED",
		  s->eap_msk_len ? "MSK" : "SK_pi");
	eap_server_free(s->eap); /* done with it (not from inside its callback) */
	s->eap = NULL;
	ike_auth_peer_ok(s);
}

void ike_eap_handle(struct ike_sa *s, const struct ikev2_msg *m)
{
	if (s->eap_state == EAP_SUCCEEDED) {
		verify_final(s, m);
		return;
	}
	if (s->auth_pending || !s->eap) {
		ike_auth_fail(s, "IKE_AUTH request while the EAP server has not answered", NULL, 0);
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_EAP) || m->eap.code != IKEV2_EAP_RESPONSE) {
		ike_auth_fail(s, "IKE_AUTH request during EAP without an EAP Response", NULL, 0);
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Received EAP Response id %u type %u (%zu bytes)", m->eap.id, m->eap.type,
		  m->eap.pkt.len);
	if (m->eap.type == 1) { /* Identity: known before the backend answers (logs, timeout) */
		size_t k = 0;
		for (; k < m->eap.data.len && k + 1 < sizeof s->eap_id && m->eap.data.p[k]; k++) {
			uint8_t c = m->eap.data.p[k];
			s->eap_id[k] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
		}
		s->eap_id[k] = 0;
		ike_debug(IKE_DBG_INTERNAL, s, "EAP identity of the peer: '%s'", s->eap_id);
	}
	s->eap_last_id = m->eap.id;
	s->auth_pending = true;
	eap_server_input(s->eap, m->eap.pkt.p, m->eap.pkt.len);
}
