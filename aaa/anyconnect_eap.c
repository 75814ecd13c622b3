/*
 * AnyConnect-EAP, the headend side (../shared/spec/anyconnect-eap.md):
 *   Request hello -> Response init -> Request auth-request (login form)
 *   -> Response auth-reply (username, password) -> aaa_auth_start through
 *   the profile's `aaa authentication anyconnect-eap LIST` ->
 *     AAA_CHALLENGE (an MFA proxy's Access-Challenge): a second
 *       auth-request whose label is the Reply-Message, its answer checked
 *       with the State;
 *     AAA_PASS: Request complete -> Response ack -> EAP-Success.
 * With `aggregate cert-request` (dual authentication, §5) the login form
 * comes only after the client proved its certificate: init -> Request
 * auth-request <client-cert-request/> -> Response init with TLVs 3
 * (chain) and 1 (signature), verified by p->verify_cert; a client without
 * one, an untrusted or expired chain or a bad signature ends in
 * EAP-Failure (aaa/anyconnect_cert.h).
 * No MSK: the final AUTH is computed from SK_p (§5).  Anything unexpected
 * (wrong Id, wrong document, <error>, hostile XML) ends the conversation
 * with EAP-Failure and a reason for the log.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_auth.h"
#include "aaa/anyconnect_eap.h"
#include "aaa/anyconnect_xml.h"
#include "aaa/eap_server.h"
#include "base/log.h"
#include "ikev2/crypto.h"

#define AC_MAX_CHALLENGES 3 /* Access-Challenge rounds in one login */

enum ac_state { AC_START, AC_HELLO, AC_FORM, AC_AAA, AC_CHALLENGE, AC_COMPLETE, AC_DONE, AC_CERT };

struct ac_eap_srv {
	struct eap_server base;
	enum ac_state st;
	uint8_t id;              /* Identifier of our outstanding Request */
	unsigned challenges;
	char list[64];
	char ike_id[128];
	char peer[64];           /* its address, for the log */
	uint32_t session_id;
	char user[256];
	bool cert_request;       /* `aggregate cert-request` */
	int (*verify_cert)(void *, const uint8_t *, size_t, const uint8_t *, size_t, char *, size_t, char *, size_t);
	void *verify_ctx;
	char cert_subject[256];  /* the verified client certificate ("" = none) */
	char config_hash[32];
	char profile_uri[64], profile_sha1[48]; /* the manifest of `complete` ("" = none) */
	uint8_t state[AAA_STATE_MAX];
	size_t state_len;
	struct aaa_auth_req *req;
	uint8_t *attrs;          /* Access-Accept attributes kept for authorization */
	size_t attrs_len;
	uint8_t pkt[AC_EAP_HDR_LEN + 4 + AC_XML_MAX];
	char xml[AC_XML_MAX + 1];
};

static void result(struct ac_eap_srv *s, enum eap_status st, size_t len, const char *why)
{
	struct eap_result r = { .st = st, .eap = s->pkt, .eap_len = len, .why = why,
				.identity = s->user[0] ? s->user : NULL };
	if (st == EAP_ST_SUCCESS) {
		r.attrs = s->attrs;
		r.attrs_len = s->attrs_len;
	}
	s->base.fn(s->base.ctx, &r);
}

static void fail(struct ac_eap_srv *s, const char *why)
{
	s->st = AC_DONE;
	s->pkt[0] = 4; /* EAP-Failure */
	s->pkt[1] = s->id;
	s->pkt[2] = 0;
	s->pkt[3] = 4;
	result(s, EAP_ST_FAILURE, 4, why);
}

/* Send m as the next Request. */
static void request(struct ac_eap_srv *s, const struct ac_xml_msg *m, enum ac_state next)
{
	size_t xl = ac_xml_build(m, s->xml, sizeof s->xml);
	s->id++;
	size_t n = xl ? ac_eap_build(s->pkt, sizeof s->pkt, 1, s->id, s->xml, xl) : 0;
	if (!n) {
		fail(s, "AnyConnect-EAP: request too large to build");
		return;
	}
	s->st = next;
	result(s, EAP_ST_CONTINUE, n, NULL);
}

static void send_hello(struct ac_eap_srv *s)
{
	struct ac_xml_msg m = { .type = AC_XML_HELLO };
	request(s, &m, AC_HELLO);
}

static void send_form(struct ac_eap_srv *s, const char *prompt)
{
	struct ac_xml_msg m = { .type = AC_XML_AUTH_REQUEST };
	snprintf(m.config_hash, sizeof m.config_hash, "%s", s->config_hash);
	if (prompt) {
		/* the MFA proxy's question (Reply-Message) is the label */
		snprintf(m.auth_id, sizeof m.auth_id, "challenge");
		snprintf(m.title, sizeof m.title, "Login");
		snprintf(m.message, sizeof m.message, "%s", prompt[0] ? prompt : "Enter your passcode.");
		m.ninputs = 1;
		m.input[0] = (struct ac_input){ "password", "answer", "" };
		snprintf(m.input[0].label, sizeof m.input[0].label, "%s", prompt[0] ? prompt : "Passcode:");
		request(s, &m, AC_CHALLENGE);
		return;
	}
	snprintf(m.auth_id, sizeof m.auth_id, "main");
	snprintf(m.title, sizeof m.title, "Login");
	snprintf(m.message, sizeof m.message, "Please enter your username and password.");
	m.ninputs = 2;
	m.input[0] = (struct ac_input){ "text", "username", "Username:" };
	m.input[1] = (struct ac_input){ "password", "password", "Password:" };
	request(s, &m, AC_FORM);
}

/* Dual authentication: ask for the client certificate first ([SG]). */
static void send_cert_request(struct ac_eap_srv *s)
{
	struct ac_xml_msg m = { .type = AC_XML_AUTH_REQUEST, .cert_request = true };
	snprintf(m.config_hash, sizeof m.config_hash, "%s", s->config_hash);
	request(s, &m, AC_CERT);
}

/* The init answering <client-cert-request/>: chain and signature. */
static void on_cert(struct ac_eap_srv *s, const struct ac_eap *e, const struct ac_xml_msg *m)
{
	char why[600], reason[300] = "";
	if (m->cert_fail || !e->has_pkcs7)
		snprintf(reason, sizeof reason, "no client certificate%s",
			 m->cert_fail ? " (the client has none: client-cert-fail)" : "");
	else if (!e->has_sig)
		snprintf(reason, sizeof reason, "client certificate without its signature");
	else if (!s->verify_cert)
		snprintf(reason, sizeof reason, "no certificate verifier");
	else if (s->verify_cert(s->verify_ctx, e->pkcs7, e->pkcs7_len, e->sig, e->sig_len, s->cert_subject,
				sizeof s->cert_subject, reason, sizeof reason) != 0)
		s->cert_subject[0] = 0;
	if (reason[0] || !s->cert_subject[0]) {
		snprintf(why, sizeof why, "AnyConnect-EAP client certificate from %s refused: %.300s", s->peer,
			 reason[0] ? reason : "no subject");
		log_msg(LOG_SEV_WARNING, "AAA", "ANYCONNECT_EAP", "%s", why);
		fail(s, why);
		return;
	}
	log_msg(LOG_SEV_NOTICE, "AAA", "ANYCONNECT_EAP", "AnyConnect-EAP client certificate from %s verified: %s",
		s->peer, s->cert_subject);
	send_form(s, NULL);
}

static void send_complete(struct ac_eap_srv *s)
{
	struct ac_xml_msg m = { .type = AC_XML_COMPLETE };
	uint8_t r[25];
	if (ikev2_random(r, sizeof r)) {
		fail(s, "AnyConnect-EAP: no random bytes");
		return;
	}
	snprintf(m.session_id, sizeof m.session_id, "%u", s->session_id);
	/* ASA-like token: HEX6@ID@HEX4@HEX40 (spec §4.5; IOS's format is not public) */
	char *t = m.session_token;
	t += sprintf(t, "%02X%02X%02X@%u@%02X%02X@", r[0], r[1], r[2], s->session_id, r[3], r[4]);
	for (int i = 5; i < 25; i++)
		t += sprintf(t, "%02X", r[i]);
	snprintf(m.profile_uri, sizeof m.profile_uri, "%s", s->profile_uri);
	snprintf(m.profile_hash, sizeof m.profile_hash, "%s", s->profile_sha1);
	request(s, &m, AC_COMPLETE);
}

static void aaa_done(void *ctx, const struct aaa_reply *r)
{
	struct ac_eap_srv *s = ctx;
	s->req = NULL;
	char why[400];
	switch (r->res) {
	case AAA_PASS:
		free(s->attrs);
		s->attrs = NULL;
		s->attrs_len = 0;
		if (r->attrs_len && (s->attrs = malloc(r->attrs_len))) {
			memcpy(s->attrs, r->attrs, r->attrs_len);
			s->attrs_len = r->attrs_len;
		}
		log_msg(LOG_SEV_NOTICE, "AAA", "ANYCONNECT_EAP", "AnyConnect-EAP user %s (peer %s) authenticated by %s%s%s",
			s->user, s->peer, r->method ? r->method : "?", s->cert_subject[0] ? ", certificate " : "",
			s->cert_subject);
		send_complete(s);
		return;
	case AAA_CHALLENGE:
		if (++s->challenges > AC_MAX_CHALLENGES || r->state_len > sizeof s->state) {
			fail(s, "AnyConnect-EAP: too many Access-Challenge rounds");
			return;
		}
		memcpy(s->state, r->state, r->state_len);
		s->state_len = r->state_len;
		log_msg(LOG_SEV_INFO, "AAA", "ANYCONNECT_EAP", "AnyConnect-EAP user %s: challenge from %s, asking: %s",
			s->user, r->method ? r->method : "?", r->prompt);
		send_form(s, r->prompt);
		return;
	case AAA_FAIL:
		snprintf(why, sizeof why, "AnyConnect-EAP user %.100s rejected by %.60s%s%.150s", s->user,
			 r->method ? r->method : "the method list", r->message[0] ? ": " : "", r->message);
		break;
	case AAA_ERROR:
	default:
		snprintf(why, sizeof why, "AnyConnect-EAP user %s: no AAA method could answer (list %s)", s->user,
			 s->list[0] ? s->list : "default");
		break;
	}
	log_msg(LOG_SEV_NOTICE, "AAA", "ANYCONNECT_EAP", "%s", why);
	fail(s, why);
}

/* An auth-reply: the login form's or the challenge's answer. */
static void on_reply(struct ac_eap_srv *s, const struct ac_xml_msg *m)
{
	const char *pw;
	if (s->st == AC_FORM) {
		const char *u = ac_xml_field(m, "username");
		pw = ac_xml_field(m, "password");
		if (!u || !u[0] || !pw) {
			fail(s, "AnyConnect-EAP: auth-reply without username or password");
			return;
		}
		snprintf(s->user, sizeof s->user, "%s", u);
	} else {
		pw = ac_xml_field(m, "answer");
		if (!pw)
			pw = ac_xml_field(m, "password");
		if (!pw) {
			fail(s, "AnyConnect-EAP: challenge reply without an answer");
			return;
		}
	}
	s->st = AC_AAA;
	s->req = aaa_auth_start(AAA_SVC_ANYCONNECT_EAP, s->list[0] ? s->list : NULL, s->user, pw,
				s->state_len ? s->state : NULL, s->state_len, aaa_done, s);
	if (!s->req)
		fail(s, "AnyConnect-EAP: out of memory");
}

static void ac_input(struct eap_server *es, const uint8_t *eap, size_t len)
{
	struct ac_eap_srv *s = (struct ac_eap_srv *)es;
	if (s->st == AC_START && !eap) {
		send_hello(s);
		return;
	}
	char why[300];
	struct ac_eap e;
	const char *w = NULL;
	if (!eap || ac_eap_parse(eap, len, &e, &w) != 0) {
		snprintf(why, sizeof why, "AnyConnect-EAP: %s", eap ? w : "no EAP packet");
		fail(s, why);
		return;
	}
	if (e.code != 2 || e.id != s->id) {
		fail(s, "AnyConnect-EAP: not a Response to our last Request");
		return;
	}
	if (s->st == AC_AAA || s->st == AC_DONE || s->st == AC_START) {
		fail(s, "AnyConnect-EAP: Response while none was expected");
		return;
	}
	if (!e.xml) {
		fail(s, "AnyConnect-EAP: Response without an XML document");
		return;
	}
	static struct ac_xml_msg m; /* large; the loop thread alone runs this */
	if (ac_xml_parse(e.xml, e.xml_len, &m, &w) != 0) {
		snprintf(why, sizeof why, "AnyConnect-EAP: %s from %s", w, s->peer);
		log_msg(LOG_SEV_WARNING, "AAA", "ANYCONNECT_EAP", "Malformed XML refused: %s", why);
		fail(s, why);
		return;
	}
	static const enum ac_xml_type want[] = {
		[AC_HELLO] = AC_XML_INIT, [AC_FORM] = AC_XML_AUTH_REPLY,
		[AC_CHALLENGE] = AC_XML_AUTH_REPLY, [AC_COMPLETE] = AC_XML_ACK, [AC_CERT] = AC_XML_INIT,
	};
	if (m.error[0]) {
		snprintf(why, sizeof why, "AnyConnect-EAP: the client reported an error: %.200s", m.error);
		fail(s, why);
	} else if (m.type != want[s->st]) {
		snprintf(why, sizeof why, "AnyConnect-EAP: got %s, expected %s", ac_xml_type_name(m.type),
			 ac_xml_type_name(want[s->st]));
		fail(s, why);
	} else if (s->st == AC_HELLO && s->cert_request) {
		send_cert_request(s);
	} else if (s->st == AC_HELLO) {
		send_form(s, NULL);
	} else if (s->st == AC_CERT) {
		on_cert(s, &e, &m);
	} else if (s->st == AC_FORM || s->st == AC_CHALLENGE) {
		on_reply(s, &m);
	} else { /* ack */
		s->st = AC_DONE;
		s->pkt[0] = 3; /* EAP-Success */
		s->pkt[1] = s->id;
		s->pkt[2] = 0;
		s->pkt[3] = 4;
		result(s, EAP_ST_SUCCESS, 4, NULL);
	}
	ikev2_wipe(&m, sizeof m); /* passwords */
}

static void ac_free(struct eap_server *es)
{
	struct ac_eap_srv *s = (struct ac_eap_srv *)es;
	if (s->req)
		aaa_auth_cancel(s->req);
	free(s->attrs);
	ikev2_wipe(s, sizeof *s);
	free(s);
}

static const struct eap_server_ops ac_ops = { ac_input, ac_free };

struct eap_server *anyconnect_eap_new(const struct eap_server_params *p, eap_result_fn fn, void *ctx, char *why,
				      size_t why_len)
{
	struct ac_eap_srv *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	s->base = (struct eap_server){ &ac_ops, fn, ctx };
	snprintf(s->list, sizeof s->list, "%s", p->list ? p->list : "");
	snprintf(s->ike_id, sizeof s->ike_id, "%s", p->ike_id ? p->ike_id : "?");
	s->session_id = p->session_id;
	s->cert_request = p->cert_request;
	s->verify_cert = p->verify_cert;
	s->verify_ctx = p->verify_ctx;
	const struct sockaddr_storage *ss = &p->peer;
	if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, s->peer, sizeof s->peer);
	else if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, s->peer, sizeof s->peer);
	else
		snprintf(s->peer, sizeof s->peer, "%.60s", s->ike_id);
	if (ac_profile_manifest(p->ike_profile, s->profile_uri, sizeof s->profile_uri, s->profile_sha1,
				sizeof s->profile_sha1) != 0)
		s->profile_uri[0] = s->profile_sha1[0] = 0;
	uint8_t r[4] = { 0 };
	if (ikev2_random(r, sizeof r) == 0)
		snprintf(s->config_hash, sizeof s->config_hash, "%u",
			 ((uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 | (uint32_t)r[2] << 8 | r[3]) % 1000000000u + 1000000000u);
	s->id = r[0]; /* first Request gets r[0] + 1 */
	return &s->base;
}
