/*
 * Internals of ikev2/crypto*.c: the algorithm handles fetched once, and
 * hooks for known-answer tests (fixed keys and IVs).  Not for the engine.
 */
#ifndef FLEXD_IKEV2_CRYPTO_PRIV_H
#define FLEXD_IKEV2_CRYPTO_PRIV_H

#include <openssl/evp.h>

#include "ikev2/crypto.h"

enum ikc_dh_kind { IKC_MODP, IKC_ECP, IKC_X25519 };

struct ikc_group {
	uint16_t id;
	enum ikc_dh_kind kind;
	const char *name;       /* OpenSSL group name */
	size_t pub_len, secret_len;
	unsigned priv_bits;     /* MODP: private exponent length (RFC 3526 §8) */
	EVP_PKEY *params;       /* domain parameters (MODP, ECP); NULL for X25519 */
	BIGNUM *p_minus_1;      /* MODP: p - 1 (peer values must be < p-1) */
};

struct ikc_state {
	bool ok;
	EVP_MD *md[5];          /* by SIGNATURE_HASH_ALGORITHMS id 1..4 */
	EVP_MAC *hmac;
	EVP_CIPHER *aes_cbc[3], *aes_gcm[3], *chacha;  /* [0] 128, [1] 192, [2] 256 */
	/* HMAC contexts with the digest set, never keyed: EVP_MAC_CTX_dup
	 * of one skips looking the digest up by name (provider store
	 * rwlocks, allocations) on every HMAC; only read after init. */
	EVP_MAC_CTX *hmac_tpl[5];
};
/* A new HMAC context for hash id 1..4 (digest set; key it with
 * EVP_MAC_init(c, key, len, NULL)); NULL on failure. */
EVP_MAC_CTX *ikc_hmac_new(uint16_t hash);

/* The handles, fetched on first use (pthread_once); NULL if OpenSSL
 * could not provide the basics. */
const struct ikc_state *ikc_state(void);
const struct ikc_group *ikc_group(uint16_t id);   /* NULL if unsupported */
const char *ikc_md_name(uint16_t hash);           /* "SHA256", ... */
uint16_t ikc_prf_hash(uint16_t prf);              /* PRF -> hash id, 0 unknown */

/* Known-answer hooks. */
/* A DH object from a fixed private key (and, for MODP/ECP, its public
 * value in wire format). */
struct ikev2_dh *ikc_dh_from_private(uint16_t group, const uint8_t *priv, size_t priv_len,
				     const uint8_t *pub, size_t pub_len);
/* ikev2_sk_encrypt with the IV given (iv_len octets) instead of generated. */
int ikc_sk_encrypt_iv(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		      const uint8_t *iv, const uint8_t *inner, size_t inner_len, uint8_t *body,
		      size_t body_len);
/* Set the next AEAD IV counter value. */
void ikc_sk_set_counter(struct ikev2_sk_dir *d, uint64_t next);

#endif
