/*
 * IKEv2 PRFs (transform type 2, HMAC-SHA1/SHA2), prf+ (RFC 7296 §2.13)
 * and the key derivations: IKE SA (§2.14), rekeyed IKE SA (§2.18),
 * Child SA KEYMAT (§2.17).
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "ikev2/crypto_priv.h"

#define PRF_PLUS_MAX_IOV 8

/* HMAC(hash) over the gather list. */
static int hmac_v(uint16_t hash, const void *key, size_t key_len, const struct ikev2_iov *iov,
		  unsigned n, uint8_t *out)
{
	const struct ikc_state *s = ikc_state();
	const char *md = ikc_md_name(hash);
	if (!s || !md || !out || (n && !iov) || (key_len && !key))
		return -1;
	static const uint8_t empty[1];
	EVP_MAC_CTX *c = ikc_hmac_new(hash);
	size_t len = 0, want = ikev2_digest_len(hash);
	int ok = c && EVP_MAC_init(c, key_len ? key : empty, key_len, NULL);
	for (unsigned i = 0; ok && i < n; i++)
		ok = iov[i].len == 0 || EVP_MAC_update(c, iov[i].p, iov[i].len);
	ok = ok && EVP_MAC_final(c, out, &len, want) && len == want;
	EVP_MAC_CTX_free(c);
	return ok ? 0 : -1;
}

int ikev2_prfv(uint16_t prf, const void *key, size_t key_len, const struct ikev2_iov *iov,
	       unsigned n, uint8_t *out)
{
	return hmac_v(ikc_prf_hash(prf), key, key_len, iov, n, out);
}

int ikev2_prf(uint16_t prf, const void *key, size_t key_len, const void *data, size_t data_len,
	      uint8_t *out)
{
	struct ikev2_iov v = { data, data_len };
	return ikev2_prfv(prf, key, key_len, &v, 1, out);
}

int ikev2_prf_plus(uint16_t prf, const void *key, size_t key_len, const struct ikev2_iov *seed,
		   unsigned n, uint8_t *out, size_t out_len)
{
	size_t plen = ikev2_prf_len(prf);
	if (!plen || n > PRF_PLUS_MAX_IOV || (n && !seed) || !out || out_len > 255 * plen)
		return -1;
	/* Tn = prf(K, T(n-1) | S | n), T0 empty */
	struct ikev2_iov v[PRF_PLUS_MAX_IOV + 2];
	uint8_t t[IKEV2_MAX_PRF_LEN], ctr = 0;
	size_t done = 0;
	for (unsigned i = 0; i < n; i++)
		v[i + 1] = seed[i];
	v[n + 1] = (struct ikev2_iov){ &ctr, 1 };
	v[0] = (struct ikev2_iov){ t, 0 };
	int rc = 0;
	while (done < out_len) {
		ctr++;
		if (ikev2_prfv(prf, key, key_len, v, n + 2, t)) {
			rc = -1;
			break;
		}
		v[0].len = plen;
		size_t take = out_len - done < plen ? out_len - done : plen;
		memcpy(out + done, t, take);
		done += take;
	}
	OPENSSL_cleanse(t, sizeof(t));
	if (rc)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

/* ---- key derivation ---- */

int ikev2_skeyseed(uint16_t prf, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		   size_t nr_len, const uint8_t *gir, size_t gir_len, uint8_t *out)
{
	/* prf(Ni | Nr, g^ir): the key is the nonces' concatenation (<= 512) */
	uint8_t key[512];
	if (!ni || !nr || !gir || ni_len + nr_len > sizeof(key) || ni_len + nr_len == 0)
		return -1;
	memcpy(key, ni, ni_len);
	memcpy(key + ni_len, nr, nr_len);
	int rc = ikev2_prf(prf, key, ni_len + nr_len, gir, gir_len, out);
	OPENSSL_cleanse(key, ni_len + nr_len);
	return rc;
}

int ikev2_skeyseed_rekey(uint16_t old_prf, const uint8_t *sk_d_old, size_t sk_d_len,
			 const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			 const uint8_t *nr, size_t nr_len, uint8_t *out)
{
	if (!sk_d_old || !gir || !ni || !nr)
		return -1;
	struct ikev2_iov v[3] = { { gir, gir_len }, { ni, ni_len }, { nr, nr_len } };
	return ikev2_prfv(old_prf, sk_d_old, sk_d_len, v, 3, out);
}

int ikev2_ike_keys_derive(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			  const uint8_t *skeyseed, size_t skeyseed_len, const uint8_t *ni,
			  size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			  const uint8_t spi_r[8])
{
	if (!k)
		return -1;
	memset(k, 0, sizeof(*k));
	if (!s || !skeyseed || !ni || !nr || !spi_i || !spi_r)
		return -1;
	size_t p = ikev2_prf_len(s->prf);
	size_t e = ikev2_encr_keymat_len(s->encr, s->encr_keylen);
	bool aead = ikev2_encr_is_aead(s->encr);
	size_t a = aead ? 0 : ikev2_integ_key_len(s->integ);
	if (!p || !e || (aead ? s->integ != IKEV2_INTEG_NONE : a == 0))
		return -1;
	uint8_t km[3 * IKEV2_MAX_PRF_LEN + 2 * IKEV2_MAX_INTEG_KEY + 2 * IKEV2_MAX_ENCR_KEYMAT];
	size_t total = 3 * p + 2 * a + 2 * e;
	struct ikev2_iov v[4] = { { ni, ni_len }, { nr, nr_len }, { spi_i, 8 }, { spi_r, 8 } };
	if (ikev2_prf_plus(s->prf, skeyseed, skeyseed_len, v, 4, km, total))
		return -1;
	const uint8_t *q = km;
	k->suite = *s;
	k->d_len = k->p_len = p;
	k->a_len = a;
	k->e_len = e;
	memcpy(k->sk_d, q, p), q += p;
	memcpy(k->sk_ai, q, a), q += a;
	memcpy(k->sk_ar, q, a), q += a;
	memcpy(k->sk_ei, q, e), q += e;
	memcpy(k->sk_er, q, e), q += e;
	memcpy(k->sk_pi, q, p), q += p;
	memcpy(k->sk_pr, q, p);
	OPENSSL_cleanse(km, sizeof(km));
	return 0;
}

int ikev2_ike_keys_initial(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			   const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			   const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			   const uint8_t spi_r[8])
{
	uint8_t seed[IKEV2_MAX_PRF_LEN];
	if (!k || !s)
		return -1;
	size_t plen = ikev2_prf_len(s->prf);
	int rc = ikev2_skeyseed(s->prf, ni, ni_len, nr, nr_len, gir, gir_len, seed);
	if (rc == 0)
		rc = ikev2_ike_keys_derive(k, s, seed, plen, ni, ni_len, nr, nr_len, spi_i, spi_r);
	else
		memset(k, 0, sizeof(*k));
	OPENSSL_cleanse(seed, sizeof(seed));
	return rc;
}

int ikev2_ike_keys_rekey(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			 const struct ikev2_ike_keys *old, const uint8_t *gir, size_t gir_len,
			 const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
			 const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t seed[IKEV2_MAX_PRF_LEN];
	if (!k || !s || !old || k == old)
		return -1;
	/* SKEYSEED with the old SA's PRF (§2.18), keys with the new one */
	uint16_t old_prf = old->suite.prf;
	int rc = ikev2_skeyseed_rekey(old_prf, old->sk_d, old->d_len, gir, gir_len, ni, ni_len, nr,
				      nr_len, seed);
	if (rc == 0)
		rc = ikev2_ike_keys_derive(k, s, seed, ikev2_prf_len(old_prf), ni, ni_len, nr,
					   nr_len, spi_i, spi_r);
	else
		memset(k, 0, sizeof(*k));
	OPENSSL_cleanse(seed, sizeof(seed));
	return rc;
}

void ikev2_ike_keys_wipe(struct ikev2_ike_keys *k)
{
	if (k)
		OPENSSL_cleanse(k, sizeof(*k));
}

int ikev2_child_keymat(uint16_t prf, const uint8_t *sk_d, size_t sk_d_len, const uint8_t *gir,
		       size_t gir_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		       size_t nr_len, uint8_t *out, size_t out_len)
{
	if (!sk_d || !ni || !nr || (gir_len && !gir))
		return -1;
	struct ikev2_iov v[3] = { { gir, gir_len }, { ni, ni_len }, { nr, nr_len } };
	return ikev2_prf_plus(prf, sk_d, sk_d_len, v, 3, out, out_len);
}

int ikev2_child_keys_derive(struct ikev2_child_keys *ck, uint16_t prf, const uint8_t *sk_d,
			    size_t sk_d_len, uint16_t encr, uint16_t encr_keylen, uint16_t integ,
			    const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			    const uint8_t *nr, size_t nr_len)
{
	if (!ck)
		return -1;
	memset(ck, 0, sizeof(*ck));
	size_t e = ikev2_encr_keymat_len(encr, encr_keylen);
	size_t a = ikev2_integ_key_len(integ);
	bool aead = ikev2_encr_is_aead(encr);
	if ((!e && encr != IKEV2_ENCR_NULL) || (integ && !a) || (!aead && !a) || (aead && a))
		return -1;
	uint8_t km[2 * (IKEV2_MAX_ENCR_KEYMAT + IKEV2_MAX_INTEG_KEY)];
	size_t total = 2 * (e + a);
	if (ikev2_child_keymat(prf, sk_d, sk_d_len, gir, gir_len, ni, ni_len, nr, nr_len, km, total))
		return -1;
	const uint8_t *q = km;
	ck->e_len = e;
	ck->a_len = a;
	memcpy(ck->ei, q, e), q += e;
	memcpy(ck->ai, q, a), q += a;
	memcpy(ck->er, q, e), q += e;
	memcpy(ck->ar, q, a);
	OPENSSL_cleanse(km, sizeof(km));
	return 0;
}

void ikev2_child_keys_wipe(struct ikev2_child_keys *ck)
{
	if (ck)
		OPENSSL_cleanse(ck, sizeof(*ck));
}
