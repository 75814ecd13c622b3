/*
 * SK payload protection (RFC 7296 §3.14): AES-CBC with HMAC-SHA1-96 /
 * HMAC-SHA2 (encrypt-then-MAC over the whole message), AES-GCM with a
 * 16-octet ICV (RFC 5282) and ChaCha20-Poly1305 (RFC 7634): 8-octet
 * explicit IV, nonce = salt | IV, AAD = IKE header .. SK header.
 *
 * Each direction owns one cipher context keyed once; per message only
 * the IV is set (and the HMAC context is re-initialised with its key),
 * so nothing is allocated per message.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "ikev2/crypto_priv.h"

#define SALT_LEN 4
#define AEAD_IV_LEN 8
#define AEAD_ICV_LEN 16
#define CBC_BLOCK 16

struct ikev2_sk_dir {
	uint16_t encr, integ;
	bool encrypt, aead;
	size_t iv_len, icv_len, block;
	uint8_t salt[SALT_LEN];
	uint64_t ctr;                 /* next AEAD IV (starts at a random value) */
	uint64_t sent;                /* AEAD messages sealed: the IV space is 2^64 */
	EVP_CIPHER_CTX *c;
	EVP_MAC_CTX *mac;             /* CBC: HMAC keyed with SK_a */
};

static uint16_t integ_hash(uint16_t integ)
{
	switch (integ) {
	case IKEV2_INTEG_HMAC_SHA1_96: return IKEV2_HASH_SHA1;
	case IKEV2_INTEG_HMAC_SHA2_256_128: return IKEV2_HASH_SHA2_256;
	case IKEV2_INTEG_HMAC_SHA2_384_192: return IKEV2_HASH_SHA2_384;
	case IKEV2_INTEG_HMAC_SHA2_512_256: return IKEV2_HASH_SHA2_512;
	default: return 0;
	}
}

void ikev2_sk_free(struct ikev2_sk_dir *d)
{
	if (!d)
		return;
	EVP_CIPHER_CTX_free(d->c);  /* both clear their key schedules */
	EVP_MAC_CTX_free(d->mac);
	OPENSSL_cleanse(d, sizeof(*d));
	free(d);
}

struct ikev2_sk_dir *ikev2_sk_new(uint16_t encr, uint16_t keylen_bits, uint16_t integ,
				  const uint8_t *ekey, size_t ekey_len, const uint8_t *akey,
				  size_t akey_len, bool encrypt)
{
	const struct ikc_state *s = ikc_state();
	if (!s || !ikev2_sk_supported(encr, keylen_bits, integ) || !ekey ||
	    ekey_len != ikev2_encr_keymat_len(encr, keylen_bits) ||
	    akey_len != ikev2_integ_key_len(integ) || (akey_len && !akey))
		return NULL;
	struct ikev2_sk_dir *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->encr = encr;
	d->integ = integ;
	d->encrypt = encrypt;
	d->aead = ikev2_encr_is_aead(encr);
	int ki = keylen_bits == 128 ? 0 : keylen_bits == 192 ? 1 : 2;
	const EVP_CIPHER *cipher;
	size_t klen = ekey_len;
	if (encr == IKEV2_ENCR_AES_CBC) {
		cipher = s->aes_cbc[ki];
		d->iv_len = CBC_BLOCK;
		d->block = CBC_BLOCK;
		d->icv_len = ikev2_integ_icv_len(integ);
	} else {
		cipher = encr == IKEV2_ENCR_AES_GCM_16 ? s->aes_gcm[ki] : s->chacha;
		klen -= SALT_LEN;
		memcpy(d->salt, ekey + klen, SALT_LEN);
		d->iv_len = AEAD_IV_LEN;
		d->block = 1;
		d->icv_len = AEAD_ICV_LEN;
	}
	d->c = EVP_CIPHER_CTX_new();
	int ok = cipher && d->c && (size_t)EVP_CIPHER_get_key_length(cipher) == klen &&
		 EVP_CipherInit_ex2(d->c, cipher, ekey, NULL, encrypt ? 1 : 0, NULL);
	if (ok && !d->aead)
		ok = EVP_CIPHER_CTX_set_padding(d->c, 0);  /* IKE pads itself */
	/* a random start: even two objects wrongly made from one key would
	 * not repeat a nonce (in practice) */
	if (ok && d->aead && encrypt)
		ok = ikev2_random(&d->ctr, sizeof(d->ctr)) == 0;
	if (ok && !d->aead) {
		d->mac = ikc_hmac_new(integ_hash(integ));
		ok = d->mac && EVP_MAC_init(d->mac, akey, akey_len, NULL);
	}
	if (!ok) {
		ikev2_sk_free(d);
		return NULL;
	}
	return d;
}

int ikev2_sk_pair(const struct ikev2_ike_keys *k, bool initiator, struct ikev2_sk_dir **out,
		  struct ikev2_sk_dir **in)
{
	if (!k || !out || !in)
		return -1;
	const struct ikev2_suite *s = &k->suite;
	const uint8_t *eo = initiator ? k->sk_ei : k->sk_er, *ao = initiator ? k->sk_ai : k->sk_ar;
	const uint8_t *ei = initiator ? k->sk_er : k->sk_ei, *ai = initiator ? k->sk_ar : k->sk_ai;
	*out = ikev2_sk_new(s->encr, s->encr_keylen, s->integ, eo, k->e_len, k->a_len ? ao : NULL,
			    k->a_len, true);
	*in = ikev2_sk_new(s->encr, s->encr_keylen, s->integ, ei, k->e_len, k->a_len ? ai : NULL,
			   k->a_len, false);
	if (!*out || !*in) {
		ikev2_sk_free(*out);
		ikev2_sk_free(*in);
		*out = *in = NULL;
		return -1;
	}
	return 0;
}

size_t ikev2_sk_iv_len(const struct ikev2_sk_dir *d) { return d ? d->iv_len : 0; }
size_t ikev2_sk_icv_len(const struct ikev2_sk_dir *d) { return d ? d->icv_len : 0; }
size_t ikev2_sk_block_len(const struct ikev2_sk_dir *d) { return d ? d->block : 0; }

size_t ikev2_sk_ct_len(const struct ikev2_sk_dir *d, size_t inner_len)
{
	if (!d || inner_len > SIZE_MAX / 2)
		return 0;
	return (inner_len + 1 + d->block - 1) / d->block * d->block;
}

size_t ikev2_sk_body_len(const struct ikev2_sk_dir *d, size_t inner_len)
{
	size_t ct = ikev2_sk_ct_len(d, inner_len);
	return ct ? d->iv_len + ct + d->icv_len : 0;
}

size_t ikev2_sk_max_inner(const struct ikev2_sk_dir *d, size_t body_len)
{
	if (!d || body_len < d->iv_len + d->icv_len + d->block)
		return 0;
	size_t ct = (body_len - d->iv_len - d->icv_len) / d->block * d->block;
	return ct - 1;
}

/* Per message: set the IV (AEAD: nonce = salt | IV) and feed the AAD. */
static int start(struct ikev2_sk_dir *d, const uint8_t *iv, const uint8_t *aad, size_t aad_len)
{
	int l;
	if (!d->aead) {
		return EVP_CipherInit_ex2(d->c, NULL, NULL, iv, -1, NULL) &&
		       EVP_MAC_init(d->mac, NULL, 0, NULL) ? 0 : -1;
	}
	uint8_t nonce[SALT_LEN + AEAD_IV_LEN];
	memcpy(nonce, d->salt, SALT_LEN);
	memcpy(nonce + SALT_LEN, iv, AEAD_IV_LEN);
	if (!EVP_CipherInit_ex2(d->c, NULL, NULL, nonce, -1, NULL))
		return -1;
	if (aad_len > INT32_MAX || (aad_len && !EVP_CipherUpdate(d->c, NULL, &l, aad, (int)aad_len)))
		return -1;
	return 0;
}

/* CBC: HMAC(aad | IV | ciphertext), full length into mac. */
static int cbc_icv(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		   const uint8_t *ivct, size_t ivct_len, uint8_t mac[IKEV2_MAX_PRF_LEN])
{
	size_t len = 0;
	return (aad_len == 0 || EVP_MAC_update(d->mac, aad, aad_len)) &&
	       EVP_MAC_update(d->mac, ivct, ivct_len) &&
	       EVP_MAC_final(d->mac, mac, &len, IKEV2_MAX_PRF_LEN) && len >= d->icv_len ? 0 : -1;
}

int ikc_sk_encrypt_iv(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		      const uint8_t *iv, const uint8_t *inner, size_t inner_len, uint8_t *body,
		      size_t body_len)
{
	if (!d || !d->encrypt || !iv || !body || (inner_len && !inner) || (aad_len && !aad) ||
	    inner_len > INT32_MAX / 2 || body_len != ikev2_sk_body_len(d, inner_len))
		return -1;
	size_t ct_len = ikev2_sk_ct_len(d, inner_len);
	size_t pad = ct_len - inner_len - 1;
	uint8_t *ct = body + d->iv_len, *icv = ct + ct_len;
	uint8_t tail[CBC_BLOCK] = { 0 };  /* padding (any value, §3.14) | Pad Length */
	tail[pad] = (uint8_t)pad;
	if (iv != body)
		memmove(body, iv, d->iv_len);
	int l1 = 0, l2 = 0, l3 = 0;
	int ok = start(d, body, aad, aad_len) == 0 &&
		 (inner_len == 0 || EVP_CipherUpdate(d->c, ct, &l1, inner, (int)inner_len)) &&
		 EVP_CipherUpdate(d->c, ct + l1, &l2, tail, (int)pad + 1) &&
		 EVP_CipherFinal_ex(d->c, ct + l1 + l2, &l3) && (size_t)(l1 + l2 + l3) == ct_len;
	if (ok && d->aead) {
		OSSL_PARAM prm[] = {
			OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, icv, d->icv_len),
			OSSL_PARAM_END,
		};
		ok = EVP_CIPHER_CTX_get_params(d->c, prm) > 0;
	} else if (ok) {
		uint8_t mac[IKEV2_MAX_PRF_LEN];
		ok = cbc_icv(d, aad, aad_len, body, d->iv_len + ct_len, mac) == 0;
		memcpy(icv, mac, d->icv_len);
	}
	if (!ok) {
		OPENSSL_cleanse(body, body_len);
		return -1;
	}
	return 0;
}

void ikc_sk_set_counter(struct ikev2_sk_dir *d, uint64_t next)
{
	if (d)
		d->ctr = next;
}

int ikev2_sk_encrypt(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		     const uint8_t *inner, size_t inner_len, uint8_t *body, size_t body_len)
{
	uint8_t iv[IKEV2_MAX_IV_LEN];
	if (!d || !d->encrypt)
		return -1;
	if (d->aead) {
		/* a counter: unique per key, which is all GCM/ChaCha20 need */
		if (d->sent == UINT64_MAX)
			return -1;
		d->sent++;
		uint64_t c = d->ctr++;
		for (int i = AEAD_IV_LEN - 1; i >= 0; i--, c >>= 8)
			iv[i] = (uint8_t)c;
	} else if (ikev2_random(iv, d->iv_len)) {  /* CBC: unpredictable */
		return -1;
	}
	return ikc_sk_encrypt_iv(d, aad, aad_len, iv, inner, inner_len, body, body_len);
}

int ikev2_sk_decrypt(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		     const uint8_t *body, size_t body_len, uint8_t *plain, size_t cap,
		     size_t *inner_len)
{
	/* lengths first: IV, ICV and at least the Pad Length octet */
	if (!d || d->encrypt || !body || !plain || !inner_len || (aad_len && !aad) ||
	    body_len > INT32_MAX || body_len < d->iv_len + d->icv_len + 1)
		return -1;
	size_t ct_len = body_len - d->iv_len - d->icv_len;
	if (ct_len % d->block || cap < ct_len)
		return -1;
	const uint8_t *iv = body, *ct = body + d->iv_len, *icv = ct + ct_len;
	if (!d->aead) {
		/* encrypt-then-MAC: check the ICV before touching the ciphertext */
		uint8_t mac[IKEV2_MAX_PRF_LEN];
		if (start(d, iv, NULL, 0) || cbc_icv(d, aad, aad_len, body, d->iv_len + ct_len, mac))
			return -1;
		int bad = CRYPTO_memcmp(mac, icv, d->icv_len);
		OPENSSL_cleanse(mac, sizeof(mac));
		if (bad)
			return -1;
	} else if (start(d, iv, aad, aad_len)) {
		return -1;
	}
	int l1 = 0, l2 = 0;
	int ok = EVP_CipherUpdate(d->c, plain, &l1, ct, (int)ct_len);
	if (ok && d->aead) {
		uint8_t tag[AEAD_ICV_LEN];
		memcpy(tag, icv, AEAD_ICV_LEN);
		OSSL_PARAM prm[] = {
			OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, AEAD_ICV_LEN),
			OSSL_PARAM_END,
		};
		ok = EVP_CIPHER_CTX_set_params(d->c, prm) > 0;
	}
	/* AEAD: Final verifies the tag */
	ok = ok && EVP_CipherFinal_ex(d->c, plain + l1, &l2) > 0 && (size_t)(l1 + l2) == ct_len;
	if (ok) {
		size_t pad = plain[ct_len - 1];
		ok = pad + 1 <= ct_len;
		if (ok)
			*inner_len = ct_len - pad - 1;
	}
	if (!ok) {
		OPENSSL_cleanse(plain, ct_len);
		return -1;
	}
	return 0;
}
