/*
 * AUTH payload values (RFC 7296 §2.15-2.16): shared key MIC (method 2,
 * also EAP), RSA PKCS#1 v1.5 (method 1), ECDSA with raw r|s (methods
 * 9/10/11, RFC 4754) and Digital Signature (method 14, RFC 7427).
 *
 * The signed octets RealMessage | Nonce | prf(SK_p, ID body) are fed to
 * the digest in pieces; nothing is concatenated (except for Ed25519,
 * which signs the message itself).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2/crypto_priv.h"

enum { M_RSA = 1, M_PSK = 2, M_ECDSA256 = 9, M_ECDSA384 = 10, M_ECDSA521 = 11, M_DIGSIG = 14 };

static const uint8_t KEY_PAD[] = "Key Pad for IKEv2";  /* 17 octets, no NUL */

/* prf(SK_p, ID body) */
static int maced_id(const struct ikev2_auth_octets *o, uint8_t out[IKEV2_MAX_PRF_LEN],
		    size_t *len)
{
	*len = ikev2_prf_len(o->prf);
	if (!*len || !o->msg || !o->nonce || !o->id || !o->sk_p)
		return -1;
	return ikev2_prf(o->prf, o->sk_p, o->sk_p_len, o->id, o->id_len, out);
}

/* ---- method 2 / EAP ---- */

int ikev2_auth_psk(const struct ikev2_auth_octets *o, const void *secret, size_t secret_len,
		   uint8_t *out, size_t *out_len)
{
	uint8_t k[IKEV2_MAX_PRF_LEN], m[IKEV2_MAX_PRF_LEN];
	size_t mlen;
	if (!o || !out || !out_len || (secret_len && !secret) || maced_id(o, m, &mlen))
		return -1;
	struct ikev2_iov v[3] = { { o->msg, o->msg_len }, { o->nonce, o->nonce_len }, { m, mlen } };
	int rc = ikev2_prf(o->prf, secret, secret_len, KEY_PAD, sizeof(KEY_PAD) - 1, k);
	if (rc == 0)
		rc = ikev2_prfv(o->prf, k, mlen, v, 3, out);
	if (rc == 0)
		*out_len = mlen;
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(m, sizeof(m));
	return rc;
}

int ikev2_auth_psk_verify(const struct ikev2_auth_octets *o, const void *secret,
			  size_t secret_len, const uint8_t *auth, size_t auth_len)
{
	uint8_t want[IKEV2_MAX_PRF_LEN];
	size_t len = 0;
	if (!auth || ikev2_auth_psk(o, secret, secret_len, want, &len))
		return -1;
	int bad = auth_len != len || CRYPTO_memcmp(want, auth, len);
	OPENSSL_cleanse(want, sizeof(want));
	return bad ? -1 : 0;
}

/* ---- RFC 7427 AlgorithmIdentifiers ---- */

#define RSA_ALG(last) { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, \
			last, 0x05, 0x00 }
#define ECDSA_ALG(last) { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, last }
/* RSASSA-PSS with hash H, MGF1(H), saltLength = |H|, trailerField default */
#define PSS_ALG(h, salt) { \
	0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, \
	0x30, 0x34, \
	0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, \
	0x05, 0x00, \
	0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, \
	0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, h, 0x05, 0x00, \
	0xa2, 0x03, 0x02, 0x01, salt }

static const uint8_t ALG_RSA[5][15] = {
	{ 0 }, RSA_ALG(0x05), RSA_ALG(0x0b), RSA_ALG(0x0c), RSA_ALG(0x0d),
};
static const uint8_t ALG_ECDSA_SHA1[] = { 0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
					  0x04, 0x01 };
static const uint8_t ALG_ECDSA[5][12] = {
	{ 0 }, { 0 }, ECDSA_ALG(0x02), ECDSA_ALG(0x03), ECDSA_ALG(0x04),
};
static const uint8_t ALG_PSS[5][67] = {
	{ 0 }, { 0 }, PSS_ALG(0x01, 0x20), PSS_ALG(0x02, 0x30), PSS_ALG(0x03, 0x40),
};
static const uint8_t ALG_ED25519[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
#define MAX_ALG_LEN 67

/* ---- helpers ---- */

enum sig_kind { SIG_RSA, SIG_PSS, SIG_ECDSA, SIG_ED25519 };

static int curve_size(const EVP_PKEY *key, uint8_t *method)
{
	char name[64];
	if (!EVP_PKEY_is_a(key, "EC") ||
	    !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name),
					    NULL))
		return 0;
	int nid = OBJ_sn2nid(name);
	if (nid == NID_undef)
		nid = EC_curve_nist2nid(name);
	switch (nid) {
	case NID_X9_62_prime256v1: *method = M_ECDSA256; return 32;
	case NID_secp384r1: *method = M_ECDSA384; return 48;
	case NID_secp521r1: *method = M_ECDSA521; return 66;
	default: return 0;
	}
}

uint8_t ikev2_auth_ecdsa_method(const EVP_PKEY *key)
{
	uint8_t m = 0;
	return key && curve_size(key, &m) ? m : 0;
}

size_t ikev2_auth_sign_max(const EVP_PKEY *key)
{
	int n = key ? EVP_PKEY_get_size(key) : 0;
	return n > 0 ? (size_t)n + 1 + MAX_ALG_LEN : 0;
}

/* Set up a DigestSign/DigestVerify over the signed octets. */
static EVP_MD_CTX *sig_ctx(EVP_PKEY *key, enum sig_kind kind, uint16_t hash, bool sign)
{
	const char *md = kind == SIG_ED25519 ? NULL : ikc_md_name(hash);
	if (kind != SIG_ED25519 && !md)
		return NULL;
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	int ok = mc && (sign ? EVP_DigestSignInit_ex(mc, &pc, md, NULL, NULL, key, NULL)
			     : EVP_DigestVerifyInit_ex(mc, &pc, md, NULL, NULL, key, NULL)) > 0;
	if (ok && kind == SIG_RSA)
		ok = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) > 0;
	if (ok && kind == SIG_PSS)
		ok = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc, md, NULL) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, (int)ikev2_digest_len(hash)) > 0;
	if (!ok) {
		EVP_MD_CTX_free(mc);
		return NULL;
	}
	return mc;
}

/* Ed25519 signs the whole message: RealMessage | Nonce | MACedID. */
static uint8_t *concat(const struct ikev2_auth_octets *o, const uint8_t *m, size_t mlen,
		       size_t *len)
{
	*len = o->msg_len + o->nonce_len + mlen;
	uint8_t *buf = malloc(*len ? *len : 1);
	if (buf) {
		memcpy(buf, o->msg, o->msg_len);
		memcpy(buf + o->msg_len, o->nonce, o->nonce_len);
		memcpy(buf + o->msg_len + o->nonce_len, m, mlen);
	}
	return buf;
}

static int do_sign(const struct ikev2_auth_octets *o, EVP_PKEY *key, enum sig_kind kind,
		   uint16_t hash, uint8_t *sig, size_t *sig_len)
{
	uint8_t m[IKEV2_MAX_PRF_LEN];
	size_t mlen;
	if (maced_id(o, m, &mlen))
		return -1;
	EVP_MD_CTX *mc = sig_ctx(key, kind, hash, true);
	int ok = mc != NULL;
	if (ok && kind == SIG_ED25519) {
		size_t len;
		uint8_t *buf = concat(o, m, mlen, &len);
		ok = buf && EVP_DigestSign(mc, sig, sig_len, buf, len) > 0;
		free(buf);
	} else if (ok) {
		ok = EVP_DigestSignUpdate(mc, o->msg, o->msg_len) > 0 &&
		     EVP_DigestSignUpdate(mc, o->nonce, o->nonce_len) > 0 &&
		     EVP_DigestSignUpdate(mc, m, mlen) > 0 && EVP_DigestSignFinal(mc, sig, sig_len) > 0;
	}
	EVP_MD_CTX_free(mc);
	OPENSSL_cleanse(m, sizeof(m));
	return ok ? 0 : -1;
}

static int do_verify(const struct ikev2_auth_octets *o, EVP_PKEY *key, enum sig_kind kind,
		     uint16_t hash, const uint8_t *sig, size_t sig_len)
{
	uint8_t m[IKEV2_MAX_PRF_LEN];
	size_t mlen;
	if (sig_len == 0 || maced_id(o, m, &mlen))
		return -1;
	EVP_MD_CTX *mc = sig_ctx(key, kind, hash, false);
	int ok = mc != NULL;
	if (ok && kind == SIG_ED25519) {
		size_t len;
		uint8_t *buf = concat(o, m, mlen, &len);
		ok = buf && EVP_DigestVerify(mc, sig, sig_len, buf, len) == 1;
		free(buf);
	} else if (ok) {
		ok = EVP_DigestVerifyUpdate(mc, o->msg, o->msg_len) > 0 &&
		     EVP_DigestVerifyUpdate(mc, o->nonce, o->nonce_len) > 0 &&
		     EVP_DigestVerifyUpdate(mc, m, mlen) > 0 &&
		     EVP_DigestVerifyFinal(mc, sig, sig_len) == 1;
	}
	EVP_MD_CTX_free(mc);
	return ok ? 0 : -1;
}

/* DER Ecdsa-Sig-Value <-> r | s, each n octets */
static int der_to_raw(const uint8_t *der, size_t der_len, size_t n, uint8_t *raw)
{
	const uint8_t *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	const BIGNUM *r = NULL, *sv = NULL;
	if (s)
		ECDSA_SIG_get0(s, &r, &sv);
	int ok = s && BN_bn2binpad(r, raw, (int)n) == (int)n &&
		 BN_bn2binpad(sv, raw + n, (int)n) == (int)n;
	ECDSA_SIG_free(s);
	return ok ? 0 : -1;
}

static int raw_to_der(const uint8_t *raw, size_t n, uint8_t **der, size_t *der_len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)n, NULL), *sv = BN_bin2bn(raw + n, (int)n, NULL);
	*der = NULL;
	if (!s || !r || !sv || !ECDSA_SIG_set0(s, r, sv)) {
		BN_free(r);
		BN_free(sv);
		ECDSA_SIG_free(s);
		return -1;
	}
	int len = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	if (len <= 0)
		return -1;
	*der_len = (size_t)len;
	return 0;
}

/* ---- sign ---- */

int ikev2_auth_sign(const struct ikev2_auth_octets *o, uint8_t method, uint16_t hash,
		    unsigned flags, EVP_PKEY *key, uint8_t *out, size_t cap, size_t *out_len)
{
	if (!o || !key || !out || !out_len || cap < ikev2_auth_sign_max(key))
		return -1;
	size_t sig_len = (size_t)EVP_PKEY_get_size(key);
	uint8_t m9 = 0;
	size_t n;
	switch (method) {
	case M_RSA:
		if (!EVP_PKEY_is_a(key, "RSA"))
			return -1;
		if (do_sign(o, key, SIG_RSA, hash ? hash : IKEV2_HASH_SHA1, out, &sig_len))
			return -1;
		*out_len = sig_len;
		return 0;
	case M_ECDSA256:
	case M_ECDSA384:
	case M_ECDSA521: {
		n = curve_size(key, &m9);
		if (!n || m9 != method)
			return -1;
		uint16_t h = method == M_ECDSA256 ? IKEV2_HASH_SHA2_256
			   : method == M_ECDSA384 ? IKEV2_HASH_SHA2_384 : IKEV2_HASH_SHA2_512;
		uint8_t der[160];
		size_t der_len = sizeof(der);
		if (do_sign(o, key, SIG_ECDSA, h, der, &der_len) || der_to_raw(der, der_len, n, out))
			return -1;
		*out_len = 2 * n;
		return 0;
	}
	case M_DIGSIG: {
		const uint8_t *alg;
		size_t alg_len;
		enum sig_kind kind;
		if (EVP_PKEY_is_a(key, "ED25519")) {
			if (hash != 0 && hash != IKEV2_HASH_IDENTITY)
				return -1;
			kind = SIG_ED25519, alg = ALG_ED25519, alg_len = sizeof(ALG_ED25519);
		} else if (hash < IKEV2_HASH_SHA1 || hash > IKEV2_HASH_SHA2_512) {
			return -1;
		} else if (EVP_PKEY_is_a(key, "EC")) {
			kind = SIG_ECDSA;
			alg = hash == IKEV2_HASH_SHA1 ? ALG_ECDSA_SHA1 : ALG_ECDSA[hash];
			alg_len = hash == IKEV2_HASH_SHA1 ? sizeof(ALG_ECDSA_SHA1) : sizeof(ALG_ECDSA[0]);
		} else if ((EVP_PKEY_is_a(key, "RSA") && (flags & IKEV2_SIGF_PSS)) ||
			   EVP_PKEY_is_a(key, "RSA-PSS")) {
			if (hash == IKEV2_HASH_SHA1)
				return -1;
			kind = SIG_PSS, alg = ALG_PSS[hash], alg_len = sizeof(ALG_PSS[0]);
		} else if (EVP_PKEY_is_a(key, "RSA")) {
			kind = SIG_RSA, alg = ALG_RSA[hash], alg_len = sizeof(ALG_RSA[0]);
		} else {
			return -1;
		}
		out[0] = (uint8_t)alg_len;
		memcpy(out + 1, alg, alg_len);
		sig_len = cap - 1 - alg_len;
		if (do_sign(o, key, kind, hash, out + 1 + alg_len, &sig_len))
			return -1;
		*out_len = 1 + alg_len + sig_len;
		return 0;
	}
	default:
		return -1;
	}
}

/* ---- verify ---- */

static uint16_t hash_of_nid(int nid)
{
	switch (nid) {
	case NID_sha1: return IKEV2_HASH_SHA1;
	case NID_sha256: return IKEV2_HASH_SHA2_256;
	case NID_sha384: return IKEV2_HASH_SHA2_384;
	case NID_sha512: return IKEV2_HASH_SHA2_512;
	default: return 0;
	}
}

static uint16_t hash_of_algor(const X509_ALGOR *a, uint16_t dflt)
{
	if (!a)
		return dflt;
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;
	X509_ALGOR_get0(&obj, &ptype, &pval, a);
	if (ptype != V_ASN1_UNDEF && ptype != V_ASN1_NULL)
		return 0;
	return hash_of_nid(OBJ_obj2nid(obj));
}

/* RSASSA-PSS-params: accepted when MGF1 uses the same hash and the
 * trailer is the default; *salt gets the salt length. */
static uint16_t pss_params(const ASN1_STRING *seq, int *salt)
{
	const unsigned char *p = ASN1_STRING_get0_data(seq);
	RSA_PSS_PARAMS *pss = d2i_RSA_PSS_PARAMS(NULL, &p, ASN1_STRING_length(seq));
	if (!pss)
		return 0;
	uint16_t h = hash_of_algor(pss->hashAlgorithm, IKEV2_HASH_SHA1), mh = 0;
	if (!pss->maskGenAlgorithm) {
		mh = IKEV2_HASH_SHA1;
	} else if (OBJ_obj2nid(pss->maskGenAlgorithm->algorithm) == NID_mgf1) {
		if (pss->maskHash) {
			mh = hash_of_algor(pss->maskHash, 0);
		} else {
			const ASN1_TYPE *t = pss->maskGenAlgorithm->parameter;
			if (t && t->type == V_ASN1_SEQUENCE) {
				const unsigned char *q = t->value.sequence->data;
				X509_ALGOR *a = d2i_X509_ALGOR(NULL, &q, t->value.sequence->length);
				mh = hash_of_algor(a, 0);
				X509_ALGOR_free(a);
			}
		}
	}
	long sl = pss->saltLength ? ASN1_INTEGER_get(pss->saltLength) : 20;
	long tf = pss->trailerField ? ASN1_INTEGER_get(pss->trailerField) : 1;
	RSA_PSS_PARAMS_free(pss);
	if (!h || h != mh || sl < 0 || sl > 1024 || tf != 1)
		return 0;
	*salt = (int)sl;
	return h;
}

static int verify_digsig(const struct ikev2_auth_octets *o, const uint8_t *auth, size_t len,
			 EVP_PKEY *pub, uint16_t *hash_out)
{
	/* ASN.1 length (1) | AlgorithmIdentifier | signature */
	if (len < 2 || (size_t)auth[0] + 1 >= len)
		return -1;
	const uint8_t *p = auth + 1, *alg_end = auth + 1 + auth[0];
	X509_ALGOR *alg = d2i_X509_ALGOR(NULL, &p, auth[0]);
	if (!alg)
		return -1;
	int rc = -1;
	const ASN1_OBJECT *obj;
	int ptype;
	const void *pval;
	X509_ALGOR_get0(&obj, &ptype, &pval, alg);
	bool no_params = ptype == V_ASN1_UNDEF, null_params = no_params || ptype == V_ASN1_NULL;
	uint16_t h = 0;
	enum sig_kind kind = SIG_RSA;
	int salt = -1;
	switch (OBJ_obj2nid(obj)) {
	case NID_sha1WithRSAEncryption: h = null_params ? IKEV2_HASH_SHA1 : 0; break;
	case NID_sha256WithRSAEncryption: h = null_params ? IKEV2_HASH_SHA2_256 : 0; break;
	case NID_sha384WithRSAEncryption: h = null_params ? IKEV2_HASH_SHA2_384 : 0; break;
	case NID_sha512WithRSAEncryption: h = null_params ? IKEV2_HASH_SHA2_512 : 0; break;
	case NID_ecdsa_with_SHA1: kind = SIG_ECDSA, h = no_params ? IKEV2_HASH_SHA1 : 0; break;
	case NID_ecdsa_with_SHA256: kind = SIG_ECDSA, h = no_params ? IKEV2_HASH_SHA2_256 : 0; break;
	case NID_ecdsa_with_SHA384: kind = SIG_ECDSA, h = no_params ? IKEV2_HASH_SHA2_384 : 0; break;
	case NID_ecdsa_with_SHA512: kind = SIG_ECDSA, h = no_params ? IKEV2_HASH_SHA2_512 : 0; break;
	case NID_ED25519: kind = SIG_ED25519, h = no_params ? IKEV2_HASH_IDENTITY : 0; break;
	case NID_rsassaPss:
		kind = SIG_PSS;
		h = ptype == V_ASN1_SEQUENCE ? pss_params(pval, &salt) : 0;
		break;
	default:
		break;
	}
	/* the key must be of the algorithm's type */
	bool key_ok = kind == SIG_ECDSA     ? EVP_PKEY_is_a(pub, "EC")
		      : kind == SIG_ED25519 ? EVP_PKEY_is_a(pub, "ED25519")
					    : EVP_PKEY_is_a(pub, "RSA") ||
						      (kind == SIG_PSS && EVP_PKEY_is_a(pub, "RSA-PSS"));
	if (h && key_ok && p == alg_end) {
		if (kind == SIG_PSS) {
			/* the salt length is the signer's; set it explicitly */
			EVP_MD_CTX *mc = EVP_MD_CTX_new();
			EVP_PKEY_CTX *pc = NULL;
			uint8_t m[IKEV2_MAX_PRF_LEN];
			size_t mlen;
			const char *md = ikc_md_name(h);
			int ok = mc && maced_id(o, m, &mlen) == 0 &&
				 EVP_DigestVerifyInit_ex(mc, &pc, md, NULL, NULL, pub, NULL) > 0 &&
				 EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) > 0 &&
				 EVP_PKEY_CTX_set_rsa_mgf1_md_name(pc, md, NULL) > 0 &&
				 EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salt) > 0 &&
				 EVP_DigestVerifyUpdate(mc, o->msg, o->msg_len) > 0 &&
				 EVP_DigestVerifyUpdate(mc, o->nonce, o->nonce_len) > 0 &&
				 EVP_DigestVerifyUpdate(mc, m, mlen) > 0 &&
				 EVP_DigestVerifyFinal(mc, alg_end, len - 1 - auth[0]) == 1;
			EVP_MD_CTX_free(mc);
			rc = ok ? 0 : -1;
		} else {
			rc = do_verify(o, pub, kind, h, alg_end, len - 1 - auth[0]);
		}
	}
	X509_ALGOR_free(alg);
	if (rc == 0 && hash_out)
		*hash_out = h;
	return rc;
}

int ikev2_auth_verify(const struct ikev2_auth_octets *o, uint8_t method, const uint8_t *auth,
		      size_t auth_len, EVP_PKEY *pub, uint16_t *hash)
{
	if (!o || !auth || !auth_len || !pub)
		return -1;
	switch (method) {
	case M_RSA: {
		if (!EVP_PKEY_is_a(pub, "RSA"))
			return -1;
		uint16_t want = hash ? *hash : 0;
		for (uint16_t h = IKEV2_HASH_SHA1; h <= IKEV2_HASH_SHA2_512; h++) {
			if (want && h != want)
				continue;
			if (do_verify(o, pub, SIG_RSA, h, auth, auth_len) == 0) {
				if (hash)
					*hash = h;
				return 0;
			}
		}
		return -1;
	}
	case M_ECDSA256:
	case M_ECDSA384:
	case M_ECDSA521: {
		uint8_t m9 = 0;
		size_t n = curve_size(pub, &m9);
		if (!n || m9 != method || auth_len != 2 * n)
			return -1;
		uint16_t h = method == M_ECDSA256 ? IKEV2_HASH_SHA2_256
			   : method == M_ECDSA384 ? IKEV2_HASH_SHA2_384 : IKEV2_HASH_SHA2_512;
		uint8_t *der = NULL;
		size_t der_len = 0;
		int rc = raw_to_der(auth, n, &der, &der_len);
		if (rc == 0)
			rc = do_verify(o, pub, SIG_ECDSA, h, der, der_len);
		OPENSSL_free(der);
		if (rc == 0 && hash)
			*hash = h;
		return rc;
	}
	case M_DIGSIG:
		return verify_digsig(o, auth, auth_len, pub, hash);
	default:
		return -1;
	}
}
