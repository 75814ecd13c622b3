/*
 * aaa/anyconnect_xml*: every message of hello -> init -> auth-request ->
 * auth-reply -> complete -> ack built and parsed back; seed 002's IOS
 * auth-request; the EAP framing; hostile input (XXE, billion laughs, deep
 * nesting, huge, truncated, non-XML, markup injection) refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aaa/anyconnect_xml.h"

static char doc[AC_XML_MAX + 1];

static void roundtrip(const struct ac_xml_msg *in, struct ac_xml_msg *out)
{
	size_t n = ac_xml_build(in, doc, sizeof doc);
	assert_true(n > 0);
	assert_int_equal(strlen(doc), n);
	const char *why = NULL;
	assert_int_equal(ac_xml_parse((const uint8_t *)doc, n, out, &why), 0);
	assert_int_equal(out->type, in->type);
}

static void sequence(void **st)
{
	(void)st;
	struct ac_xml_msg m, p;
	memset(&m, 0, sizeof m);
	m.type = AC_XML_HELLO;
	roundtrip(&m, &p);
	assert_string_equal(p.error, "");

	memset(&m, 0, sizeof m);
	m.type = AC_XML_INIT;
	strcpy(m.version, "4.10.04071");
	strcpy(m.device, "linux-64");
	strcpy(m.group_access, "https://192.0.2.1");
	roundtrip(&m, &p);
	assert_string_equal(p.version, "4.10.04071");
	assert_string_equal(p.device, "linux-64");
	assert_string_equal(p.group_access, "https://192.0.2.1");

	memset(&m, 0, sizeof m);
	m.type = AC_XML_AUTH_REQUEST;
	strcpy(m.config_hash, "1433410501969");
	strcpy(m.auth_id, "main");
	strcpy(m.title, "Login");
	strcpy(m.message, "Please enter your username and password.");
	m.ninputs = 2;
	m.input[0] = (struct ac_input){ "text", "username", "Username:" };
	m.input[1] = (struct ac_input){ "password", "password", "Password:" };
	roundtrip(&m, &p);
	assert_string_equal(p.config_hash, "1433410501969");
	assert_string_equal(p.auth_id, "main");
	assert_string_equal(p.title, "Login");
	assert_string_equal(p.message, "Please enter your username and password.");
	assert_int_equal(p.ninputs, 2);
	assert_string_equal(p.input[1].type, "password");
	assert_string_equal(p.input[1].name, "password");
	assert_string_equal(p.input[0].label, "Username:");

	memset(&m, 0, sizeof m);
	m.type = AC_XML_AUTH_REPLY;
	strcpy(m.version, "4.10.04071");
	strcpy(m.config_hash, "1433410501969");
	m.nfields = 2;
	m.field[0] = (struct ac_field){ "username", "alice" };
	m.field[1] = (struct ac_field){ "password", "p<&>\"'w" };
	roundtrip(&m, &p);
	assert_string_equal(ac_xml_field(&p, "username"), "alice");
	assert_string_equal(ac_xml_field(&p, "password"), "p<&>\"'w");
	assert_null(ac_xml_field(&p, "answer"));
	assert_string_equal(p.config_hash, "1433410501969");

	memset(&m, 0, sizeof m);
	m.type = AC_XML_COMPLETE;
	strcpy(m.session_id, "12345");
	strcpy(m.session_token, "A1B2C3@12345@D4E5@00");
	strcpy(m.profile_uri, "/CACHE/stc/profiles/acvpn.xml");
	strcpy(m.profile_hash, "0123456789ABCDEF0123456789ABCDEF01234567");
	roundtrip(&m, &p);
	assert_string_equal(p.session_id, "12345");
	assert_string_equal(p.session_token, "A1B2C3@12345@D4E5@00");
	assert_string_equal(p.profile_uri, "/CACHE/stc/profiles/acvpn.xml");
	assert_string_equal(p.profile_hash, "0123456789ABCDEF0123456789ABCDEF01234567");

	memset(&m, 0, sizeof m);
	m.type = AC_XML_ACK;
	strcpy(m.version, "4.10.04071");
	roundtrip(&m, &p);
	assert_string_equal(p.version, "4.10.04071");

	/* an error child, on any type */
	memset(&m, 0, sizeof m);
	m.type = AC_XML_AUTH_REQUEST;
	strcpy(m.error, "Login failed");
	roundtrip(&m, &p);
	assert_string_equal(p.error, "Login failed");
}

/* seed 002: what IOS sends (closing tags omitted in the guide, added) */
static void seed002(void **st)
{
	(void)st;
	static const char s[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<config-auth client=\"vpn\" type=\"auth-request\" aggregate-auth-version=\"2\">\n"
		"<opaque is-for=\"sg\"><config-hash>1433410501969</config-hash></opaque>\n"
		"<auth id=\"main\">\n<title>Login</title>\n"
		"<message>Please enter your username and password.</message>\n<banner></banner>\n"
		"<form method=\"post\" action=\"/auth\">\n"
		"<input type=\"text\" name=\"username\" label=\"Username:\"></input>\n"
		"<input type=\"password\" name=\"password\" label=\"Password:\"></input>\n"
		"</form>\n</auth>\n</config-auth>\n";
	struct ac_xml_msg p;
	const char *why = NULL;
	assert_int_equal(ac_xml_parse((const uint8_t *)s, strlen(s), &p, &why), 0);
	assert_int_equal(p.type, AC_XML_AUTH_REQUEST);
	assert_int_equal(p.ninputs, 2);
	assert_string_equal(p.input[0].name, "username");
	assert_string_equal(p.config_hash, "1433410501969");
}

static void framing(void **st)
{
	(void)st;
	static const char x[] = "<config-auth type=\"hello\"/>";
	uint8_t pkt[256];
	size_t n = ac_eap_build(pkt, sizeof pkt, 1, 7, x, strlen(x));
	assert_int_equal(n, 16 + strlen(x));
	const uint8_t hdr[] = { 1, 7, 0, (uint8_t)n, 254, 0, 0, 9, 0x44, 0x42, 0x52, 0x50, 0, 0, 0,
				       (uint8_t)strlen(x) };
	assert_memory_equal(pkt, hdr, sizeof hdr);
	struct ac_eap e;
	const char *why = NULL;
	assert_int_equal(ac_eap_parse(pkt, n, &e, &why), 0);
	assert_int_equal(e.code, 1);
	assert_int_equal(e.id, 7);
	assert_int_equal(e.xml_len, strlen(x));
	assert_memory_equal(e.xml, x, strlen(x));
	/* every truncation is refused */
	for (size_t l = 0; l < n; l++) {
		uint8_t t[256];
		memcpy(t, pkt, l);
		if (l >= 4) {
			t[2] = (uint8_t)(l >> 8);
			t[3] = (uint8_t)l;
		}
		assert_int_equal(ac_eap_parse(t, l, &e, &why), l == 12 ? 0 : -1);
	}
	/* wrong length, vendor, vendor type, code, TLV type, trailing byte */
	uint8_t t[256];
	memcpy(t, pkt, n);
	assert_int_equal(ac_eap_parse(t, n - 1, &e, &why), -1);
	t[7] = 10;
	assert_int_equal(ac_eap_parse(t, n, &e, &why), -1);
	memcpy(t, pkt, n);
	t[11] = 0x51;
	assert_int_equal(ac_eap_parse(t, n, &e, &why), -1);
	memcpy(t, pkt, n);
	t[0] = 3;
	assert_int_equal(ac_eap_parse(t, n, &e, &why), -1);
	memcpy(t, pkt, n);
	t[13] = 9;
	assert_int_equal(ac_eap_parse(t, n, &e, &why), -1);
	assert_string_equal(why, "unknown TLV type");
	memcpy(t, pkt, n);
	t[n] = 0;
	t[3] = (uint8_t)(n + 1);
	assert_int_equal(ac_eap_parse(t, n + 1, &e, &why), -1);
	/* too big to build */
	static char big[AC_XML_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	static uint8_t bp[AC_XML_MAX + 64];
	assert_int_equal(ac_eap_build(bp, sizeof bp, 1, 1, big, AC_XML_MAX + 1), 0);
	assert_int_equal(ac_eap_build(pkt, sizeof pkt, 1, 1, big, 300), 0);
}

static void refused(const char *s, size_t len, const char *want)
{
	struct ac_xml_msg p;
	const char *why = NULL;
	assert_int_equal(ac_xml_parse((const uint8_t *)s, len, &p, &why), -1);
	assert_non_null(why);
	if (want)
		assert_string_equal(why, want);
	assert_int_equal(p.type, 0);
	assert_string_equal(p.version, "");
}

static void hostile(void **st)
{
	(void)st;
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE config-auth [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<config-auth client=\"vpn\" type=\"init\"><group-access>&x;</group-access></config-auth>";
	refused(xxe, strlen(xxe), "XML DOCTYPE/ENTITY declarations refused");
	static const char lol[] =
		"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		"<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
		"<config-auth type=\"init\"><group-access>&lol3;</group-access></config-auth>";
	refused(lol, strlen(lol), "XML DOCTYPE/ENTITY declarations refused");
	/* an undeclared entity (no DTD to hide it in) */
	static const char undecl[] = "<config-auth type=\"init\"><group-access>&x;</group-access></config-auth>";
	refused(undecl, strlen(undecl), NULL);
	/* a parameter entity-looking thing in an external subset via a PI */
	static const char pi[] = "<?xml-stylesheet href=\"http://192.0.2.1/x\"?><config-auth type=\"ack\"/>";
	struct ac_xml_msg p;
	const char *why;
	assert_int_equal(ac_xml_parse((const uint8_t *)pi, strlen(pi), &p, &why), 0); /* harmless, ignored */

	/* deep nesting: just past the cap, and very deep */
	static char deep[AC_XML_MAX];
	size_t n = (size_t)sprintf(deep, "<config-auth type=\"init\">");
	for (int i = 0; i < AC_XML_DEPTH; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	for (int i = 0; i < AC_XML_DEPTH; i++)
		n += (size_t)sprintf(deep + n, "</a>");
	n += (size_t)sprintf(deep + n, "</config-auth>");
	refused(deep, n, "XML nested too deep");
	n = 0;
	for (int i = 0; n + 8 < sizeof deep; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	refused(deep, n, NULL);

	/* huge */
	static char huge[AC_XML_MAX + 100];
	memset(huge, ' ', sizeof huge);
	memcpy(huge, "<config-auth type=\"ack\">", 24);
	memcpy(huge + sizeof huge - 14, "</config-auth>", 14);
	refused(huge, sizeof huge, "XML document too large");

	/* truncated, non-XML, empty, NUL inside, wrong root, unknown type */
	static const char ok[] = "<config-auth client=\"vpn\" type=\"ack\"><version who=\"vpn\">1</version></config-auth>";
	for (size_t l = 1; l < strlen(ok); l++)
		refused(ok, l, NULL);
	refused("GET / HTTP/1.1\r\n\r\n", 18, "not well-formed XML");
	refused("", 0, "empty XML document");
	refused("<config-auth type=\"ack\">\0</config-auth>", 39, "NUL byte in XML document");
	refused("<html type=\"ack\"/>", 18, "XML root is not config-auth");
	refused("<config-auth type=\"logout\"/>", 28, "unknown config-auth type");
	refused("<config-auth/>", 14, "unknown config-auth type");
	/* a field longer than its slot is refused, not cut */
	static char lng[2048];
	n = (size_t)sprintf(lng, "<config-auth type=\"auth-reply\"><auth><username>");
	memset(lng + n, 'u', 300);
	n += 300;
	n += (size_t)sprintf(lng + n, "</username></auth></config-auth>");
	refused(lng, n, "XML field too long");
	/* too many elements */
	static char many[AC_XML_MAX];
	n = (size_t)sprintf(many, "<config-auth type=\"ack\">");
	while (n + 20 < sizeof many)
		n += (size_t)sprintf(many + n, "<b/>");
	n += (size_t)sprintf(many + n, "</config-auth>");
	refused(many, n, "too many XML elements");
	/* markup in values is escaped when built: no injection */
	struct ac_xml_msg m;
	memset(&m, 0, sizeof m);
	m.type = AC_XML_AUTH_REQUEST;
	strcpy(m.message, "</message></auth><auth id=\"success\">");
	m.ninputs = 1;
	m.input[0] = (struct ac_input){ "password", "answer", "\"><input name=\"x" };
	roundtrip(&m, &p);
	assert_string_equal(p.message, "</message></auth><auth id=\"success\">");
	assert_string_equal(p.auth_id, "main");
	assert_int_equal(p.ninputs, 1);
	assert_string_equal(p.input[0].label, "\"><input name=\"x");
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(sequence),
		cmocka_unit_test(seed002),
		cmocka_unit_test(framing),
		cmocka_unit_test(hostile),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
