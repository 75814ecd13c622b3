/*
 * AnyConnect-EAP dual authentication, the IKE side (aaa/anyconnect_cert.h):
 * the client certificate from TLV 3 must chain to a CA of the profile's
 * verify trustpoints (the same check as an rsa-sig/ecdsa-sig peer:
 * ike_cert_check_chain, so expiry, key usage and untrusted CAs are
 * refused alike), and TLV 1 must be its key's signature over the octets
 * an initiator's AUTH covers: IKE_SA_INIT request | Nr | prf(SK_pi, IDi').
 * IDi' per [SG] is the ID type 201 with "*$AnyConnectClient$*"; the real
 * IDi body is accepted too (what a client signing a standard AUTH would
 * use; which one AnyConnect uses is unverified).  RSA: method 1 (PKCS#1
 * v1.5, SHA-1 or the SHA-2 of the PRF, [SG]); EC: the curve's method.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/x509.h>

#include "aaa/anyconnect_cert.h"
#include "ike_auth_cert.h"
#include "ike_auth_steps.h"
#include "ike_debug.h"

/* The subject as the shows print a DN identity. */
static void subject_str(X509 *x, char *out, size_t len)
{
	struct ike_conf_id id = { .type = ID_DER_ASN1_DN };
	unsigned char *der = NULL;
	int n = i2d_X509_NAME(X509_get_subject_name(x), &der);
	if (n > 0 && (size_t)n <= sizeof id.data) {
		memcpy(id.data, der, (size_t)n);
		id.len = (size_t)n;
		ike_conf_id_str(&id, out, len);
	} else {
		snprintf(out, len, "?");
	}
	OPENSSL_free(der);
}

static int sig_verify(struct ike_sa *s, EVP_PKEY *pub, const uint8_t *sig, size_t sig_len, const char **which)
{
	struct ikev2_msg *first = ike_auth_request(s);
	if (!first || first->idi.body.len < 4)
		return -1;
	uint8_t method = EVP_PKEY_is_a(pub, "RSA") ? 1 : ikev2_auth_ecdsa_method(pub);
	if (!method)
		return -1;
	uint8_t octet_id[32];
	size_t octet_id_len = ac_cert_octet_id(octet_id, sizeof octet_id, first->idi.body.p + 1);
	struct ikev2_auth_octets o = { .msg = s->init_req, .msg_len = s->init_req_len, .nonce = s->nr,
				       .nonce_len = s->nr_len, .id = octet_id, .id_len = octet_id_len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pi, .sk_p_len = s->keys.p_len };
	*which = "ID 201 *$AnyConnectClient$*";
	if (octet_id_len && ikev2_auth_verify(&o, method, sig, sig_len, pub, NULL) == 0)
		return 0;
	o.id = first->idi.body.p; /* ike_auth_request's message is static: used at once */
	o.id_len = first->idi.body.len;
	*which = "IDi";
	return ikev2_auth_verify(&o, method, sig, sig_len, pub, NULL);
}

int ike_eap_cert_verify(void *ctx, const uint8_t *pkcs7, size_t pkcs7_len, const uint8_t *sig, size_t sig_len,
			char *subject, size_t subject_len, char *why, size_t why_len)
{
	struct ike_sa *s = ctx;
	struct ike_conf_profile prof;
	if (!ike_conf_profile_get(s->profile, &prof)) {
		snprintf(why, why_len, "its IKEv2 profile was removed");
		return -1;
	}
	X509 *leaf = NULL;
	STACK_OF(X509) *chain = NULL;
	const char *w = "?";
	if (ac_cert_pkcs7_parse(pkcs7, pkcs7_len, &leaf, &chain, &w) != 0) {
		snprintf(why, why_len, "%s", w);
		return -1;
	}
	int rc = -1;
	char subj[256];
	subject_str(leaf, subj, sizeof subj);
	EVP_PKEY *pub = X509_get0_pubkey(leaf);
	const char *kind = ike_cert_key_kind(pub), *which = "";
	STACK_OF(X509) *cas = ike_cert_profile_cas(&prof);
	char cw[200];
	if (!kind) {
		snprintf(why, why_len, "certificate %s: its key is neither RSA nor EC", subj);
	} else if (ike_cert_check_chain(leaf, chain, cas, 0, cw, sizeof cw) != 0) {
		snprintf(why, why_len, "certificate %s: %s", subj, cw);
	} else if (sig_len == 0 || sig_verify(s, pub, sig, sig_len, &which) != 0) {
		snprintf(why, why_len, "certificate %s: the %s signature does not verify", subj, kind);
	} else {
		snprintf(subject, subject_len, "%s", subj);
		snprintf(s->eap_cert, sizeof s->eap_cert, "%s", subj);
		ike_debug(IKE_DBG_INTERNAL, s, "AnyConnect client certificate '%s' verified (%s signature over %s)",
			  subj, kind, which);
		rc = 0;
	}
	sk_X509_pop_free(cas, X509_free);
	sk_X509_pop_free(chain, X509_free);
	X509_free(leaf);
	return rc;
}
