/*
 * IKEv2 crypto: algorithm handles, algorithm facts, random bytes,
 * digests, NAT detection hashes.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ikev2/crypto_priv.h"

static struct ikc_state S;
static pthread_once_t S_once = PTHREAD_ONCE_INIT;

static const char *const MD_NAMES[5] = { NULL, "SHA1", "SHA256", "SHA384", "SHA512" };

static void state_init(void)
{
	for (int i = 1; i < 5; i++)
		S.md[i] = EVP_MD_fetch(NULL, MD_NAMES[i], NULL);
	S.hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	static const char *const cbc[3] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" };
	static const char *const gcm[3] = { "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" };
	for (int i = 0; i < 3; i++) {
		S.aes_cbc[i] = EVP_CIPHER_fetch(NULL, cbc[i], NULL);
		S.aes_gcm[i] = EVP_CIPHER_fetch(NULL, gcm[i], NULL);
	}
	S.chacha = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);  /* absent under FIPS */
	S.ok = S.md[1] && S.md[2] && S.md[3] && S.md[4] && S.hmac;
	for (int i = 1; S.ok && i < 5; i++) {
		OSSL_PARAM prm[] = {
			OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)MD_NAMES[i], 0),
			OSSL_PARAM_END,
		};
		S.hmac_tpl[i] = EVP_MAC_CTX_new(S.hmac);
		if (!S.hmac_tpl[i] || !EVP_MAC_CTX_set_params(S.hmac_tpl[i], prm))
			S.ok = false;
	}
}

EVP_MAC_CTX *ikc_hmac_new(uint16_t hash)
{
	const struct ikc_state *s = ikc_state();
	return s && hash >= 1 && hash <= 4 ? EVP_MAC_CTX_dup(s->hmac_tpl[hash]) : NULL;
}

const struct ikc_state *ikc_state(void)
{
	pthread_once(&S_once, state_init);
	return S.ok ? &S : NULL;
}

const char *ikc_md_name(uint16_t hash)
{
	return hash >= 1 && hash <= 4 ? MD_NAMES[hash] : NULL;
}

uint16_t ikc_prf_hash(uint16_t prf)
{
	switch (prf) {
	case IKEV2_PRF_HMAC_SHA1: return IKEV2_HASH_SHA1;
	case IKEV2_PRF_HMAC_SHA2_256: return IKEV2_HASH_SHA2_256;
	case IKEV2_PRF_HMAC_SHA2_384: return IKEV2_HASH_SHA2_384;
	case IKEV2_PRF_HMAC_SHA2_512: return IKEV2_HASH_SHA2_512;
	default: return 0;
	}
}

/* ---- algorithm facts ---- */

size_t ikev2_digest_len(uint16_t hash)
{
	static const size_t len[5] = { 0, 20, 32, 48, 64 };
	return hash >= 1 && hash <= 4 ? len[hash] : 0;
}

size_t ikev2_prf_len(uint16_t prf)
{
	return ikev2_digest_len(ikc_prf_hash(prf));
}

static size_t aes_key(uint16_t bits)
{
	return bits == 128 || bits == 192 || bits == 256 ? bits / 8 : 0;
}

size_t ikev2_encr_keymat_len(uint16_t encr, uint16_t keylen_bits)
{
	size_t k;
	switch (encr) {
	case IKEV2_ENCR_3DES:
		return keylen_bits == 0 ? 24 : 0;
	case IKEV2_ENCR_NULL:
		return 0;
	case IKEV2_ENCR_AES_CBC:
		return aes_key(keylen_bits);
	case IKEV2_ENCR_AES_GCM_8:
	case IKEV2_ENCR_AES_GCM_12:
	case IKEV2_ENCR_AES_GCM_16:
	case IKEV2_ENCR_NULL_AUTH_AES_GMAC:
		k = aes_key(keylen_bits);
		return k ? k + 4 : 0;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		/* RFC 7634 §2: no Key Length attribute (tolerate 256) */
		return keylen_bits == 0 || keylen_bits == 256 ? 32 + 4 : 0;
	default:
		return 0;
	}
}

bool ikev2_encr_is_aead(uint16_t encr)
{
	return encr == IKEV2_ENCR_AES_GCM_8 || encr == IKEV2_ENCR_AES_GCM_12 ||
	       encr == IKEV2_ENCR_AES_GCM_16 || encr == IKEV2_ENCR_NULL_AUTH_AES_GMAC ||
	       encr == IKEV2_ENCR_CHACHA20_POLY1305;
}

size_t ikev2_integ_key_len(uint16_t integ)
{
	switch (integ) {
	case IKEV2_INTEG_HMAC_MD5_96: return 16;
	case IKEV2_INTEG_HMAC_SHA1_96: return 20;
	case IKEV2_INTEG_HMAC_SHA2_256_128: return 32;
	case IKEV2_INTEG_HMAC_SHA2_384_192: return 48;
	case IKEV2_INTEG_HMAC_SHA2_512_256: return 64;
	default: return 0;
	}
}

size_t ikev2_integ_icv_len(uint16_t integ)
{
	switch (integ) {
	case IKEV2_INTEG_HMAC_MD5_96: return 12;
	case IKEV2_INTEG_HMAC_SHA1_96: return 12;
	case IKEV2_INTEG_HMAC_SHA2_256_128: return 16;
	case IKEV2_INTEG_HMAC_SHA2_384_192: return 24;
	case IKEV2_INTEG_HMAC_SHA2_512_256: return 32;
	default: return 0;
	}
}

bool ikev2_sk_supported(uint16_t encr, uint16_t keylen_bits, uint16_t integ)
{
	const struct ikc_state *s = ikc_state();
	if (!s)
		return false;
	switch (encr) {
	case IKEV2_ENCR_AES_CBC:
		return aes_key(keylen_bits) && integ != IKEV2_INTEG_HMAC_MD5_96 &&
		       ikev2_integ_key_len(integ) > 0;
	case IKEV2_ENCR_AES_GCM_16:
		return aes_key(keylen_bits) && integ == IKEV2_INTEG_NONE;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		return s->chacha && ikev2_encr_keymat_len(encr, keylen_bits) &&
		       integ == IKEV2_INTEG_NONE;
	default:
		return false;
	}
}

bool ikev2_suite_ok(const struct ikev2_suite *su)
{
	return su && ikev2_sk_supported(su->encr, su->encr_keylen, su->integ) &&
	       ikev2_prf_len(su->prf) > 0;
}

/* ---- utilities ---- */

int ikev2_random(void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (!buf || len > INT32_MAX)
		return -1;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

void ikev2_wipe(void *p, size_t len)
{
	if (p && len)
		OPENSSL_cleanse(p, len);
}

int ikev2_memeq_ct(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0 ? 0 : -1;
}

int ikev2_digest(uint16_t hash, const struct ikev2_iov *iov, unsigned n, uint8_t *out,
		 size_t *out_len)
{
	const struct ikc_state *s = ikc_state();
	if (!s || hash < 1 || hash > 4 || (n && !iov) || !out)
		return -1;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok = c && EVP_DigestInit_ex2(c, s->md[hash], NULL);
	for (unsigned i = 0; ok && i < n; i++)
		ok = iov[i].len == 0 || EVP_DigestUpdate(c, iov[i].p, iov[i].len);
	ok = ok && EVP_DigestFinal_ex(c, out, &len);
	EVP_MD_CTX_free(c);
	if (!ok)
		return -1;
	if (out_len)
		*out_len = len;
	return 0;
}

int ikev2_natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const void *addr,
		    size_t addr_len, uint16_t port, uint8_t out[IKEV2_NATD_HASH_LEN])
{
	if (!spi_i || !spi_r || !addr || (addr_len != 4 && addr_len != 16))
		return -1;
	uint8_t p[2] = { (uint8_t)(port >> 8), (uint8_t)port };
	struct ikev2_iov v[4] = { { spi_i, 8 }, { spi_r, 8 }, { addr, addr_len }, { p, 2 } };
	return ikev2_digest(IKEV2_HASH_SHA1, v, 4, out, NULL);
}
