/*
 * AnyConnect-EAP dual authentication pieces (aaa/anyconnect_cert.c, the
 * TLV framing of aaa/anyconnect_xml_eap.c): TLVs 3 and 1 built and parsed
 * back; hostile TLV chains (lengths past the end, truncated headers,
 * duplicates, a length that does not match the packet) refused; the
 * PKCS#7 certificate TLV parsed back in order and refused when it is not
 * one clean signedData (every truncation, trailing bytes, a bare
 * certificate, no certificate, too many, garbage); the signed identity
 * octets; <client-cert-request/> and <client-cert-fail/> in the XML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "aaa/anyconnect_cert.h"
#include "aaa/anyconnect_xml.h"

static EVP_PKEY *key;

/* A certificate for CN=cn signed by issuer_key (self-signed when NULL). */
static X509 *make_cert(const char *cn, long serial)
{
	X509 *x = X509_new();
	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, key);
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	return x;
}

static void cn_is(X509 *x, const char *cn)
{
	char b[64] = "";
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, b, sizeof b);
	assert_string_equal(b, cn);
}

static void tlv_framing(void **st)
{
	(void)st;
	static uint8_t pkt[0xffff];
	const char *xml = "<config-auth/>";
	uint8_t p7[300], sig[256];
	memset(p7, 0x33, sizeof p7);
	memset(sig, 0x11, sizeof sig);
	size_t n = ac_eap_build_tlvs(pkt, sizeof pkt, 2, 9, xml, strlen(xml), p7, sizeof p7, sig, sizeof sig);
	assert_int_equal(n, AC_EAP_HDR_LEN + 3 * 4 + strlen(xml) + sizeof p7 + sizeof sig);
	struct ac_eap e;
	const char *why = NULL;
	assert_int_equal(ac_eap_parse(pkt, n, &e, &why), 0);
	assert_int_equal(e.id, 9);
	assert_true(e.has_pkcs7 && e.has_sig);
	assert_int_equal(e.pkcs7_len, sizeof p7);
	assert_memory_equal(e.pkcs7, p7, sizeof p7);
	assert_int_equal(e.sig_len, sizeof sig);
	assert_memory_equal(e.sig, sig, sizeof sig);
	assert_int_equal(e.xml_len, strlen(xml));
	/* TLV order as [SG]: 3, 1, 0 */
	assert_int_equal(pkt[12] << 8 | pkt[13], AC_TLV_PKCS7);

	/* every truncation: the EAP length then disagrees; fixed up, the TLV
	 * chain is cut mid-TLV: refused either way, never read past the end */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *c = malloc(cut ? cut : 1);
		memcpy(c, pkt, cut);
		assert_int_equal(ac_eap_parse(c, cut, &e, &why), -1);
		if (cut >= 4) {
			c[2] = (uint8_t)(cut >> 8);
			c[3] = (uint8_t)cut;
			size_t b1 = AC_EAP_HDR_LEN + 4 + sizeof p7, b2 = b1 + 4 + sizeof sig;
			if (cut > AC_EAP_HDR_LEN && cut != b1 && cut != b2) /* whole TLVs are a valid packet */
				assert_int_equal(ac_eap_parse(c, cut, &e, &why), -1);
		}
		free(c);
	}
	/* a TLV length pointing past the end */
	uint8_t bad[64];
	size_t m = ac_eap_build_tlvs(bad, sizeof bad, 2, 1, "x", 1, NULL, 0, (const uint8_t *)"ss", 2);
	assert_true(m > 0);
	bad[14] = 0xff; /* signature TLV length */
	assert_int_equal(ac_eap_parse(bad, m, &e, &why), -1);
	assert_string_equal(why, "TLV longer than the packet");
	/* two signature / two certificate TLVs */
	static const uint8_t two_sig[] = { 2, 1, 0, 24, 254, 0, 0, 9, 0x44, 0x42, 0x52, 0x50,
					   0, 1, 0, 2, 'a', 'b', 0, 1, 0, 2, 'c', 'd' };
	assert_int_equal(ac_eap_parse(two_sig, sizeof two_sig, &e, &why), -1);
	assert_string_equal(why, "two signature TLVs");
	static const uint8_t two_p7[] = { 2, 1, 0, 20, 254, 0, 0, 9, 0x44, 0x42, 0x52, 0x50,
					  0, 3, 0, 0, 0, 3, 0, 0 };
	assert_int_equal(ac_eap_parse(two_p7, sizeof two_p7, &e, &why), -1);
	assert_string_equal(why, "two certificate TLVs");
	/* empty TLVs parse (the verifier refuses them) */
	static const uint8_t empty[] = { 2, 1, 0, 20, 254, 0, 0, 9, 0x44, 0x42, 0x52, 0x50,
					 0, 3, 0, 0, 0, 1, 0, 0 };
	assert_int_equal(ac_eap_parse(empty, sizeof empty, &e, &why), 0);
	assert_true(e.has_pkcs7 && e.has_sig && e.pkcs7_len == 0 && e.sig_len == 0 && !e.xml);
	/* too big for one EAP packet / for the buffer */
	assert_int_equal(ac_eap_build_tlvs(pkt, sizeof pkt, 2, 1, "x", 1, p7, 0xfff0, sig, 256), 0);
	assert_int_equal(ac_eap_build_tlvs(pkt, 100, 2, 1, "x", 1, p7, sizeof p7, NULL, 0), 0);
}

static void pkcs7(void **st)
{
	(void)st;
	X509 *leaf = make_cert("leaf", 1), *ca = make_cert("ca", 2);
	STACK_OF(X509) *chain = sk_X509_new_null();
	sk_X509_push(chain, ca);
	size_t len = 0;
	uint8_t *der = ac_cert_pkcs7_build(leaf, chain, &len);
	assert_non_null(der);
	X509 *l = NULL;
	STACK_OF(X509) *c = NULL;
	const char *why = NULL;
	assert_int_equal(ac_cert_pkcs7_parse(der, len, &l, &c, &why), 0);
	cn_is(l, "leaf"); /* end-entity first, order kept */
	assert_int_equal(sk_X509_num(c), 1);
	cn_is(sk_X509_value(c, 0), "ca");
	X509_free(l);
	sk_X509_pop_free(c, X509_free);

	/* every truncation refused */
	for (size_t cut = 0; cut < len; cut++) {
		assert_int_equal(ac_cert_pkcs7_parse(der, cut, &l, &c, &why), -1);
		assert_null(l);
		assert_null(c);
	}
	/* trailing bytes */
	uint8_t *t = malloc(len + 1);
	memcpy(t, der, len);
	t[len] = 0;
	assert_int_equal(ac_cert_pkcs7_parse(t, len + 1, &l, &c, &why), -1);
	assert_string_equal(why, "trailing bytes after the PKCS#7 structure");
	/* an outer length that claims more than there is */
	memcpy(t, der, len);
	t[1] = 0x84; /* long form, 4 length octets: absurd */
	assert_int_equal(ac_cert_pkcs7_parse(t, len, &l, &c, &why), -1);
	free(t);
	/* a bare certificate, garbage, nothing */
	unsigned char *xd = NULL;
	int xl = i2d_X509(leaf, &xd);
	assert_int_equal(ac_cert_pkcs7_parse(xd, (size_t)xl, &l, &c, &why), -1);
	OPENSSL_free(xd);
	static const uint8_t junk[] = { 0x30, 0x80, 0xff, 0xff, 0x00 };
	assert_int_equal(ac_cert_pkcs7_parse(junk, sizeof junk, &l, &c, &why), -1);
	assert_int_equal(ac_cert_pkcs7_parse(NULL, 0, &l, &c, &why), -1);
	assert_string_equal(why, "empty certificate TLV");
	OPENSSL_free(der);

	/* signedData without certificates */
	PKCS7 *p7 = PKCS7_new();
	PKCS7_set_type(p7, NID_pkcs7_signed);
	PKCS7_content_new(p7, NID_pkcs7_data);
	unsigned char *pd = NULL;
	int pl = i2d_PKCS7(p7, &pd);
	PKCS7_free(p7);
	assert_int_equal(ac_cert_pkcs7_parse(pd, (size_t)pl, &l, &c, &why), -1);
	assert_string_equal(why, "PKCS#7 signedData without a certificate");
	OPENSSL_free(pd);

	/* more than AC_CERT_MAX_CHAIN */
	for (int i = 0; i < AC_CERT_MAX_CHAIN; i++)
		sk_X509_push(chain, make_cert("more", 10 + i));
	der = ac_cert_pkcs7_build(leaf, chain, &len);
	assert_non_null(der);
	assert_int_equal(ac_cert_pkcs7_parse(der, len, &l, &c, &why), -1);
	assert_string_equal(why, "too many certificates in the PKCS#7 signedData");
	OPENSSL_free(der);
	sk_X509_pop_free(chain, X509_free);
	X509_free(leaf);
}

static void octet_id(void **st)
{
	(void)st;
	uint8_t out[32], rsv[3] = { 1, 2, 3 };
	size_t n = ac_cert_octet_id(out, sizeof out, rsv);
	assert_int_equal(n, 24);
	assert_int_equal(out[0], 201);
	assert_memory_equal(out + 1, rsv, 3);
	assert_memory_equal(out + 4, "*$AnyConnectClient$*", 20);
	assert_int_equal(ac_cert_octet_id(out, 23, rsv), 0);
}

static void xml_elements(void **st)
{
	(void)st;
	static char doc[AC_XML_MAX + 1];
	static struct ac_xml_msg in, out;
	const char *why = NULL;
	memset(&in, 0, sizeof in);
	in.type = AC_XML_AUTH_REQUEST;
	in.cert_request = true;
	strcpy(in.config_hash, "1234");
	size_t n = ac_xml_build(&in, doc, sizeof doc);
	assert_true(n > 0);
	assert_non_null(strstr(doc, "<client-cert-request/>"));
	assert_null(strstr(doc, "<auth"));
	assert_int_equal(ac_xml_parse((const uint8_t *)doc, n, &out, &why), 0);
	assert_true(out.cert_request);
	assert_int_equal(out.ninputs, 0);
	assert_string_equal(out.config_hash, "1234");

	memset(&in, 0, sizeof in);
	in.type = AC_XML_INIT;
	in.cert_fail = true;
	n = ac_xml_build(&in, doc, sizeof doc);
	assert_int_equal(ac_xml_parse((const uint8_t *)doc, n, &out, &why), 0);
	assert_true(out.cert_fail);
	assert_false(out.cert_request);
	in.cert_fail = false;
	n = ac_xml_build(&in, doc, sizeof doc);
	assert_int_equal(ac_xml_parse((const uint8_t *)doc, n, &out, &why), 0);
	assert_false(out.cert_fail);
}

static int setup(void **st)
{
	(void)st;
	key = EVP_EC_gen("P-256");
	return key ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	EVP_PKEY_free(key);
	return 0;
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(tlv_framing),
		cmocka_unit_test(pkcs7),
		cmocka_unit_test(octet_id),
		cmocka_unit_test(xml_elements),
	};
	return cmocka_run_group_tests(t, setup, teardown);
}
