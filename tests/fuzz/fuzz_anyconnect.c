/*
 * libFuzzer: hostile AnyConnect-EAP packets (aaa/anyconnect_xml_eap.c), the
 * XML document they carry (aaa/anyconnect_xml_parse.c) and the
 * dual-authentication certificate TLV (aaa/anyconnect_cert.c).  Input:
 * first byte bit 0 set -> the rest is one TLV 3 value (PKCS#7) on its own;
 * else the rest is an EAP packet whose TLVs are all parsed.  A parsed
 * packet's pointers must stay inside the input; nothing may crash, leak
 * or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>

#include "aaa/anyconnect_cert.h"
#include "aaa/anyconnect_xml.h"

static void inside(const uint8_t *p, size_t len, const uint8_t *v, size_t vlen)
{
	if (v && (v < p || vlen > len || v + vlen > p + len))
		abort();
}

static void pkcs7(const uint8_t *p, size_t len)
{
	X509 *leaf = NULL;
	STACK_OF(X509) *chain = NULL;
	const char *why = NULL;
	if (ac_cert_pkcs7_parse(p, len, &leaf, &chain, &why) == 0) {
		if (!leaf || !chain || sk_X509_num(chain) >= AC_CERT_MAX_CHAIN)
			abort();
		X509_free(leaf);
		sk_X509_pop_free(chain, X509_free);
	} else if (!why || leaf || chain) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n < 1)
		return 0;
	const uint8_t *p = d + 1;
	size_t len = n - 1;
	if (d[0] & 1) {
		pkcs7(p, len);
		return 0;
	}
	struct ac_eap e;
	const char *why = NULL;
	if (ac_eap_parse(p, len, &e, &why) != 0)
		return 0;
	inside(p, len, e.xml, e.xml_len);
	inside(p, len, e.sig, e.sig_len);
	inside(p, len, e.pkcs7, e.pkcs7_len);
	if (e.xml) {
		static struct ac_xml_msg m;
		(void)ac_xml_parse(e.xml, e.xml_len, &m, &why);
	}
	if (e.pkcs7)
		pkcs7(e.pkcs7, e.pkcs7_len);
	return 0;
}
