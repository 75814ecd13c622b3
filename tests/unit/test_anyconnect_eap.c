/*
 * aaa/anyconnect_eap.c driven as ikev2/ike_eap.c drives it, the client side
 * played with the XML layer, the credentials checked by the real
 * aaa_auth.c against `username` entries of an in-memory store:
 * hello -> init -> auth-request -> auth-reply -> complete -> ack ->
 * EAP-Success; wrong password -> EAP-Failure; hostile XML, wrong Id,
 * wrong document, client <error> -> EAP-Failure with a reason; freed
 * while the AAA answer is pending -> no callback.  `cert-request` (dual
 * authentication): <client-cert-request/> before the form, TLVs 3 and 1
 * handed to the verifier byte for byte; no certificate, client-cert-fail,
 * no signature, a verifier's refusal -> EAP-Failure without a form.
 * (The RADIUS challenge round is proven against FreeRADIUS by
 * tests/interop/scenario-flexd-anyconnect.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "aaa/anyconnect_xml.h"
#include "aaa/eap_server.h"
#include "base/loop.h"
#include "running-config/store.h"

static struct {
	int calls;
	enum eap_status st;
	uint8_t pkt[AC_XML_MAX + 64];
	size_t len;
	char identity[64];
	char why[400];
	size_t msk_len;
} last;

static void got(void *ctx, const struct eap_result *r)
{
	(void)ctx;
	last.calls++;
	last.st = r->st;
	assert_true(r->eap_len <= sizeof last.pkt);
	memcpy(last.pkt, r->eap, r->eap_len);
	last.len = r->eap_len;
	snprintf(last.identity, sizeof last.identity, "%s", r->identity ? r->identity : "");
	snprintf(last.why, sizeof last.why, "%s", r->why ? r->why : "");
	last.msk_len = r->msk_len;
	loop_stop();
}

static void stop(void *unused)
{
	(void)unused;
	loop_stop();
}

/* Feed one input; wait (bounded) for its result when it is asynchronous. */
static void feed(struct eap_server *es, const uint8_t *p, size_t len)
{
	int before = last.calls;
	eap_server_input(es, p, len);
	if (last.calls == before) {
		uint64_t guard = loop_timer(5000, stop, NULL);
		loop_run();
		loop_cancel(guard);
	}
	assert_int_equal(last.calls, before + 1);
}

/* The Request just received, parsed. */
static void request(struct ac_xml_msg *m, enum ac_xml_type want)
{
	assert_int_equal(last.st, EAP_ST_CONTINUE);
	struct ac_eap e;
	const char *why = NULL;
	assert_int_equal(ac_eap_parse(last.pkt, last.len, &e, &why), 0);
	assert_int_equal(e.code, 1);
	assert_non_null(e.xml);
	assert_int_equal(ac_xml_parse(e.xml, e.xml_len, m, &why), 0);
	assert_int_equal(m->type, want);
}

static void respond(struct eap_server *es, struct ac_xml_msg *m)
{
	static char doc[AC_XML_MAX + 1];
	static uint8_t pkt[AC_XML_MAX + 64];
	size_t n = ac_xml_build(m, doc, sizeof doc);
	assert_true(n > 0);
	size_t l = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], doc, n);
	assert_true(l > 0);
	feed(es, pkt, l);
}

static struct eap_server *start(void)
{
	struct eap_server_params p = { .list = "AC", .ike_id = "*$AnyConnectClient$*", .timeout_s = 90,
				       .session_id = 42 };
	char why[128] = "";
	struct eap_server *es = eap_server_new(true, &p, got, NULL, why, sizeof why);
	assert_non_null(es);
	memset(&last, 0, sizeof last);
	feed(es, NULL, 0);
	return es;
}

/* Up to the login form; returns its config-hash in m. */
static struct eap_server *to_form(struct ac_xml_msg *m)
{
	struct eap_server *es = start();
	request(m, AC_XML_HELLO);
	struct ac_xml_msg r = { .type = AC_XML_INIT };
	strcpy(r.group_access, "FlexVPN");
	respond(es, &r);
	request(m, AC_XML_AUTH_REQUEST);
	return es;
}

static void login(struct eap_server *es, const struct ac_xml_msg *form, const char *user, const char *pw)
{
	struct ac_xml_msg r = { .type = AC_XML_AUTH_REPLY };
	strcpy(r.config_hash, form->config_hash);
	r.nfields = 2;
	strcpy(r.field[0].name, "username");
	strcpy(r.field[0].value, user);
	strcpy(r.field[1].name, "password");
	strcpy(r.field[1].value, pw);
	respond(es, &r);
}

static void success(void **st)
{
	(void)st;
	struct ac_xml_msg m;
	struct eap_server *es = to_form(&m);
	assert_string_equal(m.auth_id, "main");
	assert_int_equal(m.ninputs, 2);
	assert_string_equal(m.input[0].name, "username");
	assert_string_equal(m.input[1].type, "password");
	assert_true(m.config_hash[0] != 0);
	uint8_t form_id = last.pkt[1];
	login(es, &m, "alice", "alice-pw");
	request(&m, AC_XML_COMPLETE);
	assert_int_equal(last.pkt[1], (uint8_t)(form_id + 1)); /* Ids advance */
	assert_string_equal(m.session_id, "42");
	assert_true(strlen(m.session_token) > 20);
	assert_string_equal(last.identity, "alice");
	struct ac_xml_msg ack = { .type = AC_XML_ACK };
	uint8_t id = last.pkt[1];
	respond(es, &ack);
	assert_int_equal(last.st, EAP_ST_SUCCESS);
	assert_int_equal(last.len, 4);
	assert_int_equal(last.pkt[0], 3);
	assert_int_equal(last.pkt[1], id);
	assert_int_equal(last.msk_len, 0); /* AUTH from SK_p */
	assert_string_equal(last.identity, "alice");
	eap_server_free(es);
}

static void failure_is(const char *why_part)
{
	assert_int_equal(last.st, EAP_ST_FAILURE);
	assert_int_equal(last.len, 4);
	assert_int_equal(last.pkt[0], 4);
	if (!strstr(last.why, why_part))
		fail_msg("why \"%s\" lacks \"%s\"", last.why, why_part);
}

static void wrong_password(void **st)
{
	(void)st;
	struct ac_xml_msg m;
	struct eap_server *es = to_form(&m);
	login(es, &m, "alice", "nope");
	failure_is("alice rejected by local");
	eap_server_free(es);
	es = to_form(&m);
	login(es, &m, "mallory", "x");
	assert_int_equal(last.st, EAP_ST_FAILURE);
	eap_server_free(es);
}

static void hostile(void **st)
{
	(void)st;
	static const char xxe[] = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				  "<config-auth type=\"init\">&x;</config-auth>";
	uint8_t pkt[512];
	struct eap_server *es = start();
	size_t n = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], xxe, strlen(xxe));
	feed(es, pkt, n);
	failure_is("XML DOCTYPE/ENTITY declarations refused");
	eap_server_free(es);

	/* truncated XML */
	es = start();
	n = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], "<config-auth type=\"init\"><vers", 30);
	feed(es, pkt, n);
	failure_is("not well-formed XML");
	eap_server_free(es);

	/* wrong Identifier */
	es = start();
	n = ac_eap_build(pkt, sizeof pkt, 2, (uint8_t)(last.pkt[1] + 1), "<config-auth type=\"init\"/>", 26);
	feed(es, pkt, n);
	failure_is("not a Response to our last Request");
	eap_server_free(es);

	/* the wrong document for the step */
	es = start();
	n = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], "<config-auth type=\"ack\"/>", 25);
	feed(es, pkt, n);
	failure_is("got ack, expected init");
	eap_server_free(es);

	/* the client reports an error */
	es = start();
	static const char err[] = "<config-auth type=\"init\"><error>no</error></config-auth>";
	n = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], err, strlen(err));
	feed(es, pkt, n);
	failure_is("the client reported an error: no");
	eap_server_free(es);

	/* not AnyConnect at all: a legacy Nak */
	es = start();
	uint8_t nak[6] = { 2, last.pkt[1], 0, 6, 3, 4 };
	feed(es, nak, sizeof nak);
	failure_is("the client refused AnyConnect-EAP (EAP Nak)");
	eap_server_free(es);
}

static void free_while_pending(void **st)
{
	(void)st;
	struct ac_xml_msg m;
	struct eap_server *es = to_form(&m);
	int before = last.calls;
	struct ac_xml_msg r = { .type = AC_XML_AUTH_REPLY, .nfields = 2 };
	strcpy(r.field[0].name, "username");
	strcpy(r.field[0].value, "alice");
	strcpy(r.field[1].name, "password");
	strcpy(r.field[1].value, "alice-pw");
	static char doc[4096];
	static uint8_t pkt[4200];
	size_t n = ac_xml_build(&r, doc, sizeof doc);
	size_t l = ac_eap_build(pkt, sizeof pkt, 2, last.pkt[1], doc, n);
	eap_server_input(es, pkt, l); /* the local answer comes from the loop */
	assert_int_equal(last.calls, before);
	eap_server_free(es);
	uint64_t guard = loop_timer(200, stop, NULL);
	loop_run();
	loop_cancel(guard);
	assert_int_equal(last.calls, before); /* cancelled: never called */
}

/* ---- cert-request: a verifier standing in for ikev2/ike_eap_cert.c ---- */
static struct {
	int calls, rc;
	uint8_t p7[16], sig[16];
	size_t p7_len, sig_len;
} fv;

static int fake_verify(void *ctx, const uint8_t *p7, size_t p7_len, const uint8_t *sig, size_t sig_len,
		       char *subject, size_t subject_len, char *why, size_t why_len)
{
	assert_ptr_equal(ctx, &fv);
	fv.calls++;
	fv.p7_len = p7_len < sizeof fv.p7 ? p7_len : sizeof fv.p7;
	memcpy(fv.p7, p7, fv.p7_len);
	fv.sig_len = sig_len < sizeof fv.sig ? sig_len : sizeof fv.sig;
	memcpy(fv.sig, sig, fv.sig_len);
	if (fv.rc)
		snprintf(why, why_len, "certificate cn=x: the RSA signature does not verify");
	else
		snprintf(subject, subject_len, "cn=cl1.lab.example");
	return fv.rc;
}

/* Up to <client-cert-request/>. */
static struct eap_server *to_cert_request(int verifier_rc)
{
	struct eap_server_params p = { .list = "AC", .ike_id = "*$AnyConnectClient$*", .timeout_s = 90,
				       .session_id = 7, .cert_request = true, .verify_cert = fake_verify,
				       .verify_ctx = &fv };
	char why[128] = "";
	memset(&fv, 0, sizeof fv);
	fv.rc = verifier_rc;
	struct eap_server *es = eap_server_new(true, &p, got, NULL, why, sizeof why);
	assert_non_null(es);
	memset(&last, 0, sizeof last);
	feed(es, NULL, 0);
	struct ac_xml_msg m;
	request(&m, AC_XML_HELLO);
	struct ac_xml_msg r = { .type = AC_XML_INIT };
	strcpy(r.group_access, "FlexVPN");
	respond(es, &r);
	request(&m, AC_XML_AUTH_REQUEST);
	assert_true(m.cert_request);
	assert_int_equal(m.ninputs, 0); /* no form yet */
	return es;
}

static void respond_cert(struct eap_server *es, bool p7, bool sig)
{
	static const uint8_t P7[] = { 0x30, 0x03, 0x02, 0x01, 0x01 }, SIG[] = { 0xde, 0xad, 0xbe, 0xef };
	struct ac_xml_msg r = { .type = AC_XML_INIT };
	strcpy(r.group_access, "FlexVPN");
	static char doc[AC_XML_MAX + 1];
	static uint8_t pkt[AC_XML_MAX + 64];
	size_t n = ac_xml_build(&r, doc, sizeof doc);
	size_t l = ac_eap_build_tlvs(pkt, sizeof pkt, 2, last.pkt[1], doc, n, p7 ? P7 : NULL, sizeof P7,
				     sig ? SIG : NULL, sizeof SIG);
	assert_true(l > 0);
	feed(es, pkt, l);
}

static void cert_request(void **st)
{
	(void)st;
	struct ac_xml_msg m;
	/* certificate and signature verified -> the login form -> success */
	struct eap_server *es = to_cert_request(0);
	respond_cert(es, true, true);
	assert_int_equal(fv.calls, 1);
	assert_int_equal(fv.p7_len, 5);
	assert_memory_equal(fv.p7, "\x30\x03\x02\x01\x01", 5);
	assert_int_equal(fv.sig_len, 4);
	assert_memory_equal(fv.sig, "\xde\xad\xbe\xef", 4);
	request(&m, AC_XML_AUTH_REQUEST);
	assert_false(m.cert_request);
	assert_int_equal(m.ninputs, 2);
	login(es, &m, "alice", "alice-pw");
	request(&m, AC_XML_COMPLETE);
	struct ac_xml_msg ack = { .type = AC_XML_ACK };
	respond(es, &ack);
	assert_int_equal(last.st, EAP_ST_SUCCESS);
	eap_server_free(es);

	/* good certificate, wrong password */
	es = to_cert_request(0);
	respond_cert(es, true, true);
	request(&m, AC_XML_AUTH_REQUEST);
	login(es, &m, "alice", "nope");
	failure_is("alice rejected by local");
	eap_server_free(es);

	/* the verifier refuses: its reason, no form */
	es = to_cert_request(-1);
	respond_cert(es, true, true);
	failure_is("refused: certificate cn=x: the RSA signature does not verify");
	eap_server_free(es);

	/* no certificate TLVs, only one of them, client-cert-fail */
	es = to_cert_request(0);
	respond_cert(es, false, false);
	failure_is("refused: no client certificate");
	assert_int_equal(fv.calls, 0);
	eap_server_free(es);
	es = to_cert_request(0);
	respond_cert(es, true, false);
	failure_is("client certificate without its signature");
	eap_server_free(es);
	es = to_cert_request(0);
	respond_cert(es, false, true);
	failure_is("no client certificate");
	eap_server_free(es);
	es = to_cert_request(0);
	struct ac_xml_msg cf = { .type = AC_XML_INIT, .cert_fail = true };
	respond(es, &cf);
	failure_is("client-cert-fail");
	assert_int_equal(fv.calls, 0);
	eap_server_free(es);

	/* skipping the certificate for the form's answer */
	es = to_cert_request(0);
	struct ac_xml_msg r = { .type = AC_XML_AUTH_REPLY, .nfields = 1 };
	strcpy(r.field[0].name, "username");
	respond(es, &r);
	failure_is("got auth-reply, expected init");
	eap_server_free(es);
}

static int setup(void **st)
{
	(void)st;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_script(
		"INSERT INTO aaa_user(name, privilege, kind, pw_type, pw, seq) VALUES('alice', 1, 'password', 0, 'alice-pw', 1);"
		"INSERT INTO aaa_method_list(id, kind, service, name) VALUES(1, 'authentication', 'login', 'AC');"
		"INSERT INTO aaa_method(list_id, seq, method) VALUES(1, 0, 'local');"),
		0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(success),
		cmocka_unit_test(wrong_password),
		cmocka_unit_test(hostile),
		cmocka_unit_test(free_while_pending),
		cmocka_unit_test(cert_request),
	};
	return cmocka_run_group_tests(t, setup, NULL);
}
