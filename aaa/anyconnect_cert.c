/*
 * AnyConnect-EAP dual authentication: the certificate TLV (PKCS#7
 * signedData) and the identity the signature covers (anyconnect_cert.h).
 */
#include <stdbool.h>
#include <string.h>

#include <openssl/pkcs7.h>

#include "aaa/anyconnect_cert.h"

size_t ac_cert_octet_id(uint8_t *out, size_t cap, const uint8_t reserved[3])
{
	size_t vl = strlen(AC_CERT_ID_VALUE);
	if (cap < 4 + vl)
		return 0;
	out[0] = AC_CERT_ID_TYPE;
	memcpy(out + 1, reserved, 3);
	memcpy(out + 4, AC_CERT_ID_VALUE, vl);
	return 4 + vl;
}

int ac_cert_pkcs7_parse(const uint8_t *der, size_t len, X509 **leaf, STACK_OF(X509) **chain, const char **why)
{
	*leaf = NULL;
	*chain = NULL;
	if (!der || len == 0) {
		*why = "empty certificate TLV";
		return -1;
	}
	if (len > 0xffff) {
		*why = "certificate TLV too long";
		return -1;
	}
	const unsigned char *p = der;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
	if (!p7) {
		*why = "certificate TLV is not a PKCS#7 structure";
		return -1;
	}
	int rc = -1;
	if (p != der + len) {
		*why = "trailing bytes after the PKCS#7 structure";
		goto out;
	}
	if (!PKCS7_type_is_signed(p7) || !p7->d.sign) {
		*why = "PKCS#7 structure is not signedData";
		goto out;
	}
	STACK_OF(X509) *certs = p7->d.sign->cert;
	int n = certs ? sk_X509_num(certs) : 0;
	if (n == 0) {
		*why = "PKCS#7 signedData without a certificate";
		goto out;
	}
	if (n > AC_CERT_MAX_CHAIN) {
		*why = "too many certificates in the PKCS#7 signedData";
		goto out;
	}
	*chain = sk_X509_new_null();
	if (!*chain) {
		*why = "out of memory";
		goto out;
	}
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(certs, i);
		if (!x || !X509_up_ref(x)) {
			*why = "out of memory";
			goto out;
		}
		if (i == 0) {
			*leaf = x;
		} else if (!sk_X509_push(*chain, x)) {
			X509_free(x);
			*why = "out of memory";
			goto out;
		}
	}
	rc = 0;
out:
	PKCS7_free(p7);
	if (rc) {
		X509_free(*leaf);
		sk_X509_pop_free(*chain, X509_free);
		*leaf = NULL;
		*chain = NULL;
	}
	return rc;
}

uint8_t *ac_cert_pkcs7_build(X509 *leaf, STACK_OF(X509) *chain, size_t *len)
{
	PKCS7 *p7 = PKCS7_new();
	unsigned char *der = NULL;
	bool ok = p7 && PKCS7_set_type(p7, NID_pkcs7_signed) && PKCS7_content_new(p7, NID_pkcs7_data) &&
		  PKCS7_add_certificate(p7, leaf);
	for (int i = 0; ok && chain && i < sk_X509_num(chain); i++)
		ok = PKCS7_add_certificate(p7, sk_X509_value(chain, i));
	int n = ok ? i2d_PKCS7(p7, &der) : -1;
	PKCS7_free(p7);
	if (n <= 0) {
		OPENSSL_free(der);
		return NULL;
	}
	*len = (size_t)n;
	return der;
}
