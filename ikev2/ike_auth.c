/*
 * IKE_AUTH as responder (RFC 7296 §1.2, §2.15): the profile chosen by the
 * peer's identity (or certificate, `match certificate`); the peer's AUTH
 * verified by its method - pre-shared key (profile or keyring) or
 * signature (ike_auth_cert.c) - and ours made as the profile's
 * `authentication local` says; the config payload answered from the
 * authorization policy (pool address, DNS); the Child SA chosen from the
 * IPsec profile's transform sets; traffic selectors narrowed to the
 * assigned address.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_acct.h"
#include "base/log.h"
#include "ike_auth_cert.h"
#include "ike_author.h"
#include "ike_auth_steps.h"
#include "ike_conf.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "interface/vaccess.h"
#include "msg.h"
#include "running-config/store.h"
#include "aaa/eap_server.h"

#include <openssl/x509.h>

/* ---------- identities ---------- */

/* Our IDr: `identity local`; for dn (the default with certificates, as
 * IOS) the subject of our certificate.  data holds 512 octets. */
static void our_id(const struct ike_sa *s, const struct ike_conf_profile *p, X509 *cert, uint8_t *type,
		   uint8_t *data, size_t *len)
{
	bool dn = strcmp(p->local_id_kind, "dn") == 0 || (!p->local_id_kind[0] && cert);
	if (dn && cert) {
		unsigned char *der = NULL;
		int n = i2d_X509_NAME(X509_get_subject_name(cert), &der);
		if (n > 0 && n <= 512) {
			*type = ID_DER_ASN1_DN;
			memcpy(data, der, (size_t)n);
			*len = (size_t)n;
			OPENSSL_free(der);
			return;
		}
		OPENSSL_free(der);
	}
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

void ike_auth_fail(struct ike_sa *s, const char *why, const uint8_t *eap, size_t eap_len)
{
	char ip[64];
	log_msg(LOG_SEV_NOTICE, "IKEV2", "AUTH_FAILED", "Authentication of peer %s (%s) failed: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id, why);
	ike_debug(IKE_DBG_ERROR, s, "Authentication of the peer failed: %s; sending AUTHENTICATION_FAILED", why);
	uint8_t inner[1024];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_AUTHENTICATION_FAILED, NULL, 0);
	if (eap && eap_len >= 4 && eap_len <= 512)
		ikev2_w_payload(&w, IKEV2_PL_EAP, false, eap, eap_len);
	ike_auth_send(s, &w);
	s->auth_failed = true;
	s->auth_pending = false;
}

static void fail_auth(struct ike_sa *s, uint32_t msgid, const char *why)
{
	s->auth_msgid = msgid;
	ike_auth_fail(s, why, NULL, 0);
}

/* ---------- the peer's AUTH, by method ---------- */

static int verify_psk(struct ike_sa *s, const struct ikev2_msg *m, const struct ike_conf_profile *p,
		      const struct ike_conf_id *id, char *why, size_t why_len)
{
	char psk_local[256], psk_remote[256];
	int rc = -1;
	if (!p->remote_psk)
		snprintf(why, why_len, "profile %s has no authentication remote pre-share", p->name);
	else if (!ike_psk_for(s, id, psk_local, sizeof psk_local, psk_remote, sizeof psk_remote))
		snprintf(why, why_len, "no pre-shared key for it");
	else {
		struct ikev2_auth_octets o = { .msg = s->init_req, .msg_len = s->init_req_len, .nonce = s->nr,
					       .nonce_len = s->nr_len, .id = m->idi.body.p, .id_len = m->idi.body.len,
					       .prf = s->suite.prf, .sk_p = s->keys.sk_pi, .sk_p_len = s->keys.p_len };
		rc = ikev2_auth_psk_verify(&o, psk_remote, strlen(psk_remote), m->auth.data.p, m->auth.data.len);
		if (rc != 0)
			snprintf(why, why_len, "AUTH does not verify with the pre-shared key");
		else
			snprintf(s->auth_verify, sizeof s->auth_verify, "PSK");
	}
	ikev2_wipe(psk_local, sizeof psk_local);
	ikev2_wipe(psk_remote, sizeof psk_remote);
	return rc;
}

/* The AUTH method's name for the debug lines (RFC 7296 §3.8, RFC 7427). */
static const char *auth_method_name(uint8_t method)
{
	switch (method) {
	case IKEV2_AUTH_PSK: return "PSK";
	case 1: return "RSA";
	case 9: case 10: case 11: return "ECDSA";
	case 14: return "Digital Signature";
	default: return "unknown";
	}
}

static int verify_peer(struct ike_sa *s, const struct ikev2_msg *m, const struct ike_conf_profile *p,
		       const struct ike_conf_id *id, X509 *leaf, char *why, size_t why_len)
{
	switch (m->auth.method) {
	case IKEV2_AUTH_PSK:
		return verify_psk(s, m, p, id, why, why_len);
	case 1:       /* RSA Digital Signature */
	case 9:       /* ECDSA with SHA-256 on P-256 */
	case 10:      /* ECDSA with SHA-384 on P-384 */
	case 11:      /* ECDSA with SHA-512 on P-521 */
	case 14:      /* Digital Signature (RFC 7427) */
		return ike_auth_cert_verify(s, m, p, id, leaf, why, why_len);
	default:
		snprintf(why, why_len, "AUTH method %u is not supported", m->auth.method);
		return -1;
	}
}

/* ---------- our AUTH, by `authentication local` ---------- */

/* Write IDr, [CERT], AUTH into w.  0, or -1 with why filled. */
int ike_auth_write_ours(struct ike_sa *s, const struct ike_conf_id *peer, const struct ike_conf_profile *p,
			struct ikev2_writer *w, char *why, size_t why_len)
{
	struct ike_cert_signer sg = { 0 };
	bool cert = p->auth_local == AUTH_RSA || p->auth_local == AUTH_ECDSA;
	if (!cert && p->auth_local != AUTH_PSK) {
		snprintf(why, why_len, "profile %s: authentication local is not pre-share, rsa-sig or ecdsa-sig",
			 p->name);
		return -1;
	}
	if (cert && ike_cert_signer_load(s, p, &sg, why, why_len) != 0)
		return -1;

	uint8_t idtype, iddata[512], idbody[516];
	size_t idlen;
	our_id(s, p, sg.cert, &idtype, iddata, &idlen);
	struct ike_conf_id mine = { .type = idtype, .len = idlen };
	memcpy(mine.data, iddata, idlen);
	ike_conf_id_str(&mine, s->local_id, sizeof s->local_id);
	idbody[0] = idtype;
	idbody[1] = idbody[2] = idbody[3] = 0;
	memcpy(idbody + 4, iddata, idlen);
	ikev2_w_id(w, IKEV2_PL_IDR, idtype, iddata, idlen);
	free(s->auth_idr);
	s->auth_idr_len = 0;
	if ((s->auth_idr = malloc(idlen + 4)) != NULL) {
		memcpy(s->auth_idr, idbody, idlen + 4);
		s->auth_idr_len = idlen + 4;
	}

	int rc = -1;
	if (cert) {
		rc = ike_auth_cert_sign(s, &sg, idbody, idlen + 4, w);
		if (rc != 0)
			snprintf(why, why_len, "could not sign with trustpoint %s", sg.tp);
		ike_cert_signer_free(&sg);
		return rc;
	}
	char psk_local[256], psk_remote[256];
	uint8_t auth[64];
	size_t auth_len = 0;
	if (!ike_psk_for(s, peer, psk_local, sizeof psk_local, psk_remote, sizeof psk_remote)) {
		snprintf(why, why_len, "no local pre-shared key for it");
	} else {
		struct ikev2_auth_octets o = { .msg = s->init_resp, .msg_len = s->init_resp_len, .nonce = s->ni,
					       .nonce_len = s->ni_len, .id = idbody, .id_len = idlen + 4,
					       .prf = s->suite.prf, .sk_p = s->keys.sk_pr, .sk_p_len = s->keys.p_len };
		rc = ikev2_auth_psk(&o, psk_local, strlen(psk_local), auth, &auth_len);
		if (rc == 0) {
			ikev2_w_auth(w, IKEV2_AUTH_PSK, auth, auth_len);
			snprintf(s->auth_sign, sizeof s->auth_sign, "PSK");
		} else {
			snprintf(why, why_len, "could not compute our AUTH");
		}
	}
	ikev2_wipe(psk_local, sizeof psk_local);
	ikev2_wipe(psk_remote, sizeof psk_remote);
	ikev2_wipe(auth, sizeof auth);
	return rc;
}

/* ---------- IKE_AUTH ---------- */

/* The pool addresses the config reply handed out, for the debug. */
static void debug_addresses(const struct ike_sa *s)
{
	if (!ike_debug_on(IKE_DBG_INTERNAL))
		return;
	char a[INET6_ADDRSTRLEN];
	if (s->assigned) {
		struct in_addr ia = { .s_addr = htonl(s->assigned) };
		ike_debug(IKE_DBG_INTERNAL, s, "Assigned address %s to the peer",
			  inet_ntop(AF_INET, &ia, a, sizeof a));
	}
	if (s->assigned6_len)
		ike_debug(IKE_DBG_INTERNAL, s, "Assigned IPv6 address %s to the peer",
			  inet_ntop(AF_INET6, s->assigned6, a, sizeof a));
}

int ike_auth_send(struct ike_sa *s, struct ikev2_writer *w)
{
	size_t n = 0;
	if (ikev2_w_finish(w, &n) != 0 ||
	    ike_send_protected(s, IKEV2_EXCH_IKE_AUTH, s->auth_msgid, w->buf, n, w->first) != 0) {
		/* e.g. a certificate chain too big for one message */
		char ip[64];
		log_msg(LOG_SEV_ERR, "IKEV2", "SEND", "IKE_AUTH response to %s could not be built or sent (%zu octets)",
			sockaddr_ip(&s->peer, ip, sizeof ip), n);
		return -1;
	}
	return 0;
}

/* The first inner payload's type (the SK payload's Next Payload). */
static uint8_t inner_first(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->npl; i++)
		if (m->pl[i].inner)
			return m->pl[i].type;
	return IKEV2_PL_NONE;
}

struct ikev2_msg *ike_auth_request(struct ike_sa *s)
{
	static struct ikev2_msg m; /* 16 KB: not on the stack */
	memset(&m, 0, sizeof m);
	m.hdr.exchange = IKEV2_EXCH_IKE_AUTH;
	m.hdr.msgid = s->auth_msgid;
	if (!s->auth_req)
		return NULL;
	struct ikev2_perr e = ikev2_msg_parse_inner(&m, s->auth_req_first, s->auth_req, s->auth_req_len);
	return e.notify ? NULL : &m;
}

/* Our AUTH after EAP (RFC 7296 §2.16): the PSK formula with the MSK, or
 * SK_pr when the method made none, over our IDr of the first response. */
static int write_eap_auth(struct ike_sa *s, struct ikev2_writer *w)
{
	if (!s->auth_idr)
		return -1;
	uint8_t auth[64];
	size_t auth_len = 0;
	struct ikev2_auth_octets o = { .msg = s->init_resp, .msg_len = s->init_resp_len, .nonce = s->ni,
				       .nonce_len = s->ni_len, .id = s->auth_idr, .id_len = s->auth_idr_len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pr, .sk_p_len = s->keys.p_len };
	int rc = s->eap_msk_len ? ikev2_auth_psk(&o, s->eap_msk, s->eap_msk_len, auth, &auth_len)
				: ikev2_auth_psk(&o, s->keys.sk_pr, s->keys.p_len, auth, &auth_len);
	if (rc == 0)
		ikev2_w_auth(w, IKEV2_AUTH_PSK, auth, auth_len);
	ikev2_wipe(auth, sizeof auth);
	return rc;
}

/* Step 4: our IDr/AUTH (or the AUTH after EAP), CFG_REPLY, Child SA, send. */
static void finish(struct ike_sa *s)
{
	struct ikev2_msg *m = ike_auth_request(s);
	char why[256];
	if (!m) {
		ike_auth_fail(s, "the kept IKE_AUTH request could not be parsed again", NULL, 0);
		return;
	}
	struct ike_conf_id id = { .type = m->idi.type };
	id.len = m->idi.data.len < sizeof id.data ? m->idi.data.len : sizeof id.data;
	memcpy(id.data, m->idi.data.p, id.len);
	struct ike_conf_profile prof;
	if (!ike_conf_profile_get(s->profile, &prof)) {
		ike_auth_fail(s, "its IKEv2 profile was removed", NULL, 0);
		return;
	}
	static uint8_t inner[8192];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	if (s->eap_state) {
		if (write_eap_auth(s, &w) != 0) {
			ike_auth_fail(s, "could not compute our AUTH from the EAP key", NULL, 0);
			return;
		}
		ike_debug(IKE_DBG_INTERNAL, s, "My AUTH after EAP computed with %s",
			  s->eap_msk_len ? "the EAP MSK" : "SK_pr (no MSK)");
	} else {
		if (ike_auth_write_ours(s, &id, &prof, &w, why, sizeof why) != 0) {
			ike_auth_fail(s, why, NULL, 0);
			return;
		}
		ike_debug(IKE_DBG_INTERNAL, s, "My authentication method '%s', identity '%s'", s->auth_sign,
			  s->local_id);
	}

	/* configuration payload, then the Child SA; either may fail alone
	 * (the IKE SA still comes up, RFC 7296 §1.2) */
	uint16_t child_error = ike_author_reply(s, m, &w);
	debug_addresses(s);
	if (!child_error) {
		child_error = ike_child_respond(s, m, s->ni, s->ni_len, s->nr, s->nr_len, NULL, 0, &w);
		if (!child_error && s->children)
			ike_debug(IKE_DBG_INTERNAL, s, "Child SA chosen: ESP SPI in 0x%08X out 0x%08X, ENCR %u/%u INTEG %u",
				  s->children->spi_in, s->children->spi_out, s->children->encr, s->children->keylen,
				  s->children->integ);
	}
	if (child_error) {
		const char *nm = ikev2_notify_name(child_error);
		ike_debug(IKE_DBG_ERROR, s, "No Child SA: sending %s", nm ? nm : "an error notify");
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, child_error, NULL, 0);
	}
	/* nothing of IKE_AUTH is needed any more */
	free(s->auth_req);
	s->auth_req = NULL;
	s->auth_req_len = 0;
	if (ike_auth_send(s, &w) != 0) {
		ike_sa_sync(s);
		return;
	}
	if (child_error == IKEV2_N_INTERNAL_ADDRESS_FAILURE) {
		/* RFC 7296 §3.15.4 lets the IKE SA live without a Child SA, but an
		 * IKE SA that can carry nothing is useless to a remote-access
		 * client and strongSwan would keep it ("keeping IKE_SA") until
		 * DPD; IOS tears the session down: tell the peer (INFORMATIONAL
		 * Delete, after the response above).  The Delete may reach the
		 * peer before it has processed our response (strongSwan then
		 * ignores it), so it is resent until answered (ike_dpd.c), and
		 * the SA - never established - stays until then, answering a
		 * retransmitted IKE_AUTH from its cache. */
		char ip[64];
		log_msg(LOG_SEV_NOTICE, "IKEV2", "ADDRESS",
			"IKE SA with peer %s (%s) deleted: no address could be assigned",
			sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id);
		ike_debug(IKE_DBG_ERROR, s, "No address for the peer: deleting the IKE SA");
		s->teardown = true;
		s->dpd_sent = ike_now_s();
		s->dpd_tries = 0;
		ike_send_delete_kept(s); /* nothing kept on failure: it goes at the next tick */
		ike_sa_sync(s);
		return;
	}
	ike_sa_set_state(s, IKE_SA_ESTABLISHED);
	ike_sa_sync(s);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->established = ts.tv_sec;
	char ip[64];
	log_msg(LOG_SEV_NOTICE, "CRYPTO", "IKEV2_SESSION_STATUS", "Crypto tunnel v2 is UP.  Peer %s:%u       Id: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), sockaddr_port(&s->peer), s->peer_id);
	aaa_acct_ike_up(s); /* accounting Start */
	vaccess_session_up(s);
}

/* Step 3 done. */
static void authorized(struct ike_sa *s, bool ok)
{
	s->auth_pending = false;
	if (!ok) {
		ike_auth_fail(s, "authorization failed", NULL, 0);
		return;
	}
	finish(s);
}

void ike_auth_peer_ok(struct ike_sa *s)
{
	s->auth_pending = true;
	ike_auth_authorize(s, authorized);
}

/* keyring aaa answered (ike_keyring_aaa.c): verify the peer's AUTH now. */
static void psk_fetched(struct ike_sa *s, bool ok)
{
	s->auth_pending = false;
	struct ikev2_msg *m = ike_auth_request(s);
	struct ike_conf_profile prof;
	char why[256];
	if (!ok || !m || !ike_conf_profile_get(s->profile, &prof)) {
		ike_auth_fail(s, ok ? "its IKE_AUTH request or profile went away" : "no pre-shared key from AAA", NULL, 0);
		return;
	}
	struct ike_conf_id id = { .type = m->idi.type };
	id.len = m->idi.data.len < sizeof id.data ? m->idi.data.len : sizeof id.data;
	memcpy(id.data, m->idi.data.p, id.len);
	if (verify_psk(s, m, &prof, &id, why, sizeof why) != 0) {
		ike_auth_fail(s, why, NULL, 0);
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Verification of peer's authentication data PASSED (key from AAA)");
	ike_auth_peer_ok(s);
}

void ike_auth_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	if (s->teardown || s->auth_failed)
		return; /* refused (Delete under way, or failed from a later step): only
			 * retransmissions are answered */
	s->auth_msgid = msgid;
	if (s->eap_state) {
		ike_eap_handle(s, m); /* EAP rounds, then the AUTH made with its key */
		return;
	}
	if (s->auth_req) {
		fail_auth(s, msgid, "a second IKE_AUTH request while the first is being answered");
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_IDI)) {
		fail_auth(s, msgid, "IKE_AUTH request without IDi");
		return;
	}
	/* step 1: identity and profile */
	struct ike_conf_id id = { .type = m->idi.type };
	id.len = m->idi.data.len < sizeof id.data ? m->idi.data.len : sizeof id.data;
	memcpy(id.data, m->idi.data.p, id.len);
	ike_conf_id_str(&id, s->peer_id, sizeof s->peer_id);
	ike_debug(IKE_DBG_INTERNAL, s, "Searching policy based on peer's identity '%s'", s->peer_id);
	ike_cert_note_peer(s, m);  /* CERTREQ in IKE_AUTH */
	X509 *leaf = ike_cert_peer_leaf(m);
	char why[256];
	if (!ike_conf_profile_match(&id, &d->local, leaf, s->profile, sizeof s->profile)) {
		X509_free(leaf);
		fail_auth(s, msgid, "no IKEv2 profile matches its identity");
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Found matching IKEv2 profile '%s'", s->profile);
	struct ike_conf_profile prof;
	ike_conf_profile_get(s->profile, &prof);
	/* the inner payloads (CP, SA, TSi/TSr) wait for the finish step */
	if (!(s->auth_req = malloc(m->plain.len ? m->plain.len : 1))) {
		X509_free(leaf);
		fail_auth(s, msgid, "out of memory");
		return;
	}
	memcpy(s->auth_req, m->plain.p, m->plain.len);
	s->auth_req_len = m->plain.len;
	s->auth_req_first = inner_first(m);
	s->auth_deadline = ike_now_s() + 30;

	/* step 2: the peer's authentication */
	if (!ikev2_msg_has(m, IKEV2_PL_AUTH)) {
		X509_free(leaf);
		if (!prof.remote_eap) {
			snprintf(why, sizeof why, "no AUTH payload (EAP) and profile %s has no authentication remote eap",
				 prof.name);
			fail_auth(s, msgid, why);
			return;
		}
		ike_eap_start(s, &prof);
		return;
	}
	if (m->auth.method == IKEV2_AUTH_PSK && ike_keyring_aaa_wanted(s, &id)) {
		/* keyring aaa: the keys come from RADIUS first (psk_fetched) */
		X509_free(leaf);
		s->auth_pending = true;
		ike_keyring_aaa_start(s, m->idi.type, m->idi.data.p, m->idi.data.len, psk_fetched);
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Verify peer's authentication method '%s'", auth_method_name(m->auth.method));
	int vrc = verify_peer(s, m, &prof, &id, leaf, why, sizeof why);
	X509_free(leaf);
	if (vrc != 0) {
		fail_auth(s, msgid, why);
		return;
	}
	ike_debug(IKE_DBG_INTERNAL, s, "Verification of peer's authentication data PASSED");
	ike_auth_peer_ok(s);
}

/* ---------- pending work and deadlines ---------- */

void ike_auth_release(struct ike_sa *s)
{
	ike_auth_author_cancel(s);
	eap_server_free(s->eap); /* its pending RADIUS request is cancelled */
	s->eap = NULL;
	free(s->auth_req);
	s->auth_req = NULL;
	free(s->auth_idr);
	s->auth_idr = NULL;
	free(s->eap_attrs);
	s->eap_attrs = NULL;
	ikev2_wipe(s->eap_msk, sizeof s->eap_msk);
}

bool ike_auth_tick(struct ike_sa *s, long long now)
{
	if (s->teardown || s->state != IKE_SA_HALF_OPEN)
		return false;
	if (s->auth_failed) {
		/* failed from a step that completed later (not while handling) */
		ike_debug(IKE_DBG_ERROR, s, "IKE_AUTH: authentication failed, deleting the SA");
		ike_sa_remove(s);
		return true;
	}
	if (!s->auth_req || now < s->auth_deadline)
		return false;
	char ip[64];
	if (s->eap_state)
		log_msg(LOG_SEV_NOTICE, "IKEV2", "EAP_TIMEOUT",
			"EAP authentication of peer %s (%s%s%s) timed out", sockaddr_ip(&s->peer, ip, sizeof ip),
			s->peer_id, s->eap_id[0] ? ", EAP id " : "", s->eap_id);
	else
		log_msg(LOG_SEV_NOTICE, "IKEV2", "AUTH_TIMEOUT", "IKE_AUTH with peer %s (%s) timed out",
			sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id);
	ike_debug(IKE_DBG_ERROR, s, "IKE_AUTH not finished in time: deleting the SA");
	if (s->auth_pending)
		ike_send_notify(s, IKEV2_EXCH_IKE_AUTH, s->auth_msgid, IKEV2_N_AUTHENTICATION_FAILED);
	ike_sa_remove(s);
	return true;
}
