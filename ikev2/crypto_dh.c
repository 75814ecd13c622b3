/*
 * IKEv2 key exchange (transform type 4): MODP groups 14-16 (RFC 3526),
 * ECP groups 19-21 (RFC 5903), Curve25519 (RFC 8031).  Domain
 * parameters are built once per group; each exchange generates an
 * ephemeral key from them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>

#include "ikev2/crypto_priv.h"

/*
 * MODP private exponents: RFC 3526 §8 (the upper "exponent size" of its
 * table, twice the group's strength).  The groups are safe primes, so a
 * short exponent loses nothing; a full-size one would cost 6-10 times
 * more per key pair.
 */
static struct ikc_group G[] = {
	{ IKEV2_DH_MODP2048, IKC_MODP, "modp_2048", 256, 256, 320, NULL, NULL },
	{ IKEV2_DH_MODP3072, IKC_MODP, "modp_3072", 384, 384, 420, NULL, NULL },
	{ IKEV2_DH_MODP4096, IKC_MODP, "modp_4096", 512, 512, 480, NULL, NULL },
	{ IKEV2_DH_ECP256, IKC_ECP, "prime256v1", 64, 32, 0, NULL, NULL },
	{ IKEV2_DH_ECP384, IKC_ECP, "secp384r1", 96, 48, 0, NULL, NULL },
	{ IKEV2_DH_ECP521, IKC_ECP, "secp521r1", 132, 66, 0, NULL, NULL },
	{ IKEV2_DH_CURVE25519, IKC_X25519, "X25519", 32, 32, 0, NULL, NULL },
};
#define NGROUPS (sizeof(G) / sizeof(G[0]))

static pthread_once_t G_once = PTHREAD_ONCE_INIT;
static bool G_ok[NGROUPS];

static EVP_PKEY *domain_params(const char *type, const char *group)
{
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	OSSL_PARAM prm[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
		OSSL_PARAM_END,
	};
	if (!c || EVP_PKEY_fromdata_init(c) <= 0 ||
	    EVP_PKEY_fromdata(c, &pk, EVP_PKEY_KEY_PARAMETERS, prm) <= 0)
		pk = NULL;
	EVP_PKEY_CTX_free(c);
	return pk;
}

static void groups_init(void)
{
	for (size_t i = 0; i < NGROUPS; i++) {
		struct ikc_group *g = &G[i];
		switch (g->kind) {
		case IKC_MODP: {
			g->params = domain_params("DH", g->name);
			BIGNUM *p = NULL;
			if (g->params && EVP_PKEY_get_bn_param(g->params, OSSL_PKEY_PARAM_FFC_P, &p) &&
			    (size_t)BN_num_bytes(p) == g->pub_len && BN_sub_word(p, 1)) {
				g->p_minus_1 = p;
				G_ok[i] = true;
			} else {
				BN_free(p);
			}
			break;
		}
		case IKC_ECP:
			g->params = domain_params("EC", g->name);
			G_ok[i] = g->params != NULL;
			break;
		case IKC_X25519: {
			/* probe once that the provider has it */
			EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
			G_ok[i] = c != NULL;
			EVP_PKEY_CTX_free(c);
			break;
		}
		}
	}
}

const struct ikc_group *ikc_group(uint16_t id)
{
	pthread_once(&G_once, groups_init);
	for (size_t i = 0; i < NGROUPS; i++)
		if (G[i].id == id)
			return G_ok[i] ? &G[i] : NULL;
	return NULL;
}

bool ikev2_dh_supported(uint16_t group)
{
	return ikc_group(group) != NULL;
}

size_t ikev2_dh_pub_len(uint16_t group)
{
	for (size_t i = 0; i < NGROUPS; i++)
		if (G[i].id == group)
			return G[i].pub_len;
	return 0;
}

size_t ikev2_dh_secret_len(uint16_t group)
{
	for (size_t i = 0; i < NGROUPS; i++)
		if (G[i].id == group)
			return G[i].secret_len;
	return 0;
}

struct ikev2_dh {
	const struct ikc_group *g;
	EVP_PKEY *key;
	uint8_t pub[IKEV2_MAX_DH_PUB];
};

/* Our public value into dh->pub, in wire format. */
static int export_public(struct ikev2_dh *dh)
{
	const struct ikc_group *g = dh->g;
	switch (g->kind) {
	case IKC_MODP: {
		BIGNUM *y = NULL;
		int ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &y) &&
			 BN_bn2binpad(y, dh->pub, (int)g->pub_len) == (int)g->pub_len;
		BN_free(y);
		return ok ? 0 : -1;
	}
	case IKC_ECP: {
		uint8_t buf[1 + IKEV2_MAX_DH_PUB];
		size_t len = 0;
		if (!EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf,
						     sizeof(buf), &len) ||
		    len != 1 + g->pub_len || buf[0] != 0x04)
			return -1;
		memcpy(dh->pub, buf + 1, g->pub_len);
		return 0;
	}
	case IKC_X25519: {
		size_t len = g->pub_len;
		if (!EVP_PKEY_get_raw_public_key(dh->key, dh->pub, &len) || len != g->pub_len)
			return -1;
		return 0;
	}
	}
	return -1;
}

static struct ikev2_dh *dh_wrap(const struct ikc_group *g, EVP_PKEY *key)
{
	struct ikev2_dh *dh = calloc(1, sizeof(*dh));
	if (!dh) {
		EVP_PKEY_free(key);
		return NULL;
	}
	dh->g = g;
	dh->key = key;
	if (export_public(dh)) {
		ikev2_dh_free(dh);
		return NULL;
	}
	return dh;
}

struct ikev2_dh *ikev2_dh_new(uint16_t group)
{
	const struct ikc_group *g = ikc_group(group);
	if (!g)
		return NULL;
	EVP_PKEY_CTX *c = g->params ? EVP_PKEY_CTX_new_from_pkey(NULL, g->params, NULL)
				    : EVP_PKEY_CTX_new_from_name(NULL, g->name, NULL);
	EVP_PKEY *key = NULL;
	int ok = c && EVP_PKEY_keygen_init(c) > 0;
	if (ok && g->kind == IKC_MODP) {
		int bits = (int)g->priv_bits;
		OSSL_PARAM prm[] = { OSSL_PARAM_int(OSSL_PKEY_PARAM_DH_PRIV_LEN, &bits), OSSL_PARAM_END };
		ok = EVP_PKEY_CTX_set_params(c, prm) > 0;
	}
	ok = ok && EVP_PKEY_generate(c, &key) > 0;
	EVP_PKEY_CTX_free(c);
	if (!ok) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return dh_wrap(g, key);
}

void ikev2_dh_free(struct ikev2_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);  /* clears the private key */
	OPENSSL_cleanse(dh, sizeof(*dh));
	free(dh);
}

uint16_t ikev2_dh_group(const struct ikev2_dh *dh)
{
	return dh ? dh->g->id : 0;
}

int ikev2_dh_public(const struct ikev2_dh *dh, uint8_t *out, size_t len)
{
	if (!dh || !out || len != dh->g->pub_len)
		return -1;
	memcpy(out, dh->pub, len);
	return 0;
}

const uint8_t *ikev2_dh_public_ref(const struct ikev2_dh *dh, size_t *len)
{
	if (!dh)
		return NULL;
	if (len)
		*len = dh->g->pub_len;
	return dh->pub;
}

/* A public key of the group from `enc` (the provider's encoding:
 * MODP big-endian, EC 0x04|x|y). */
static EVP_PKEY *public_from_params(const struct ikc_group *g, const uint8_t *enc, size_t len)
{
	EVP_PKEY *pk = EVP_PKEY_new();
	if (!pk || EVP_PKEY_copy_parameters(pk, g->params) <= 0 ||
	    EVP_PKEY_set1_encoded_public_key(pk, enc, len) <= 0) {
		EVP_PKEY_free(pk);
		return NULL;
	}
	return pk;
}

/* The peer's KE data as an EVP_PKEY, validated. */
static EVP_PKEY *peer_key(const struct ikc_group *g, const uint8_t *peer, size_t len)
{
	if (len != g->pub_len)
		return NULL;
	switch (g->kind) {
	case IKC_MODP: {
		/* RFC 7296 §5 / RFC 6989: 1 < y < p-1 (safe primes: nothing more needed) */
		BIGNUM *y = BN_bin2bn(peer, (int)len, NULL);
		bool in_range = y && BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, g->p_minus_1) < 0;
		BN_free(y);
		return in_range ? public_from_params(g, peer, len) : NULL;
	}
	case IKC_ECP: {
		/* decoding checks 0 <= x, y < p and that the point is on the curve;
		 * the curves have cofactor 1, so that is the whole validation */
		uint8_t buf[1 + IKEV2_MAX_DH_PUB];
		buf[0] = 0x04;
		memcpy(buf + 1, peer, len);
		return public_from_params(g, buf, len + 1);
	}
	case IKC_X25519:
		return EVP_PKEY_new_raw_public_key_ex(NULL, g->name, NULL, peer, len);
	}
	return NULL;
}

int ikev2_dh_derive(struct ikev2_dh *dh, const uint8_t *peer, size_t peer_len, uint8_t *secret,
		    size_t cap, size_t *secret_len)
{
	if (!dh || !peer || !secret || !secret_len || cap < dh->g->secret_len)
		return -1;
	const struct ikc_group *g = dh->g;
	size_t want = g->secret_len, len = want;
	EVP_PKEY *pk = peer_key(g, peer, peer_len);
	if (!pk)
		return -1;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	int ok = c && EVP_PKEY_derive_init(c) > 0;
	if (ok && g->kind == IKC_MODP) {
		unsigned int pad = 1;
		OSSL_PARAM prm[] = { OSSL_PARAM_uint(OSSL_EXCHANGE_PARAM_PAD, &pad), OSSL_PARAM_END };
		ok = EVP_PKEY_CTX_set_params(c, prm) > 0;
	}
	/* validated above; OpenSSL's own check would redo it (and for MODP
	 * add a full exponentiation) */
	ok = ok && EVP_PKEY_derive_set_peer_ex(c, pk, 0) > 0;
	ok = ok && EVP_PKEY_derive(c, secret, &len) > 0 && len <= want;
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	if (ok && len < want) {
		/* g^ir is left-padded to the group size (§2.14) */
		memmove(secret + (want - len), secret, len);
		memset(secret, 0, want - len);
	}
	if (ok && g->kind == IKC_X25519) {
		uint8_t acc = 0;
		for (size_t i = 0; i < want; i++)
			acc |= secret[i];
		ok = acc != 0;  /* RFC 8031 §2: an all-zero result must be refused */
	}
	if (!ok) {
		OPENSSL_cleanse(secret, want);
		return -1;
	}
	*secret_len = want;
	return 0;
}

/* ---- known-answer hook ---- */

struct ikev2_dh *ikc_dh_from_private(uint16_t group, const uint8_t *priv, size_t priv_len,
				     const uint8_t *pub, size_t pub_len)
{
	const struct ikc_group *g = ikc_group(group);
	if (!g || !priv)
		return NULL;
	if (g->kind == IKC_X25519) {
		EVP_PKEY *k = EVP_PKEY_new_raw_private_key_ex(NULL, g->name, NULL, priv, priv_len);
		return k ? dh_wrap(g, k) : NULL;
	}
	if (!pub || pub_len != g->pub_len)
		return NULL;
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *x = BN_bin2bn(priv, (int)priv_len, NULL);
	BIGNUM *y = g->kind == IKC_MODP ? BN_bin2bn(pub, (int)pub_len, NULL) : NULL;
	uint8_t enc[1 + IKEV2_MAX_DH_PUB];
	enc[0] = 0x04;
	memcpy(enc + 1, pub, pub_len);
	OSSL_PARAM *prm = NULL;
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, g->kind == IKC_MODP ? "DH" : "EC", NULL);
	int ok = b && x && c && OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME,
							       g->name, 0) &&
		 OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, x);
	if (ok && g->kind == IKC_MODP)
		ok = y && OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PUB_KEY, y);
	else if (ok)
		ok = OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, enc, pub_len + 1);
	ok = ok && (prm = OSSL_PARAM_BLD_to_param(b)) && EVP_PKEY_fromdata_init(c) > 0 &&
	     EVP_PKEY_fromdata(c, &k, EVP_PKEY_KEYPAIR, prm) > 0;
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	BN_clear_free(x);
	BN_free(y);
	EVP_PKEY_CTX_free(c);
	if (!ok) {
		EVP_PKEY_free(k);
		return NULL;
	}
	return dh_wrap(g, k);
}
