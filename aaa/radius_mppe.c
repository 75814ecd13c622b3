/*
 * RFC 2548 §2.4.2 key encryption: P = Key-Length | Key | zero padding to a
 * multiple of 16; b(1) = MD5(S | R | A), c(1) = p(1) xor b(1),
 * b(i) = MD5(S | c(i-1)), c(i) = p(i) xor b(i); S the shared secret, R the
 * Request Authenticator, A the 2-octet salt (high bit set).
 */
#include "aaa/radius_mppe.h"

#include <string.h>

#include <openssl/evp.h>

#include "aaa/radius_pkt.h"

/* b = MD5(secret | a | b2) */
static int md5_3(uint8_t out[16], const uint8_t *secret, size_t slen, const uint8_t *a, size_t alen,
		 const uint8_t *b2, size_t blen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned n = 0;
	int ok = c && EVP_DigestInit_ex(c, EVP_md5(), NULL) && EVP_DigestUpdate(c, secret, slen) &&
		 EVP_DigestUpdate(c, a, alen) && (!blen || EVP_DigestUpdate(c, b2, blen)) &&
		 EVP_DigestFinal_ex(c, out, &n);
	EVP_MD_CTX_free(c);
	return ok && n == 16 ? 0 : -1;
}

int radius_mppe_decrypt(const uint8_t *val, size_t len, const uint8_t *secret, size_t slen,
			const uint8_t req_auth[16], uint8_t *key, size_t cap)
{
	if (!val || len < 2 + 16 || (len - 2) % 16 || !(val[0] & 0x80))
		return -1;
	uint8_t p[256], b[16];
	size_t n = len - 2;
	if (n > sizeof p)
		return -1;
	const uint8_t *c = val + 2;
	for (size_t i = 0; i < n; i += 16) {
		int rc = i == 0 ? md5_3(b, secret, slen, req_auth, 16, val, 2)
				: md5_3(b, secret, slen, c + i - 16, 16, NULL, 0);
		if (rc)
			return -1;
		for (size_t j = 0; j < 16; j++)
			p[i + j] = c[i + j] ^ b[j];
	}
	size_t klen = p[0];
	int ret = -1;
	if (klen + 1 <= n && klen <= cap) {
		memcpy(key, p + 1, klen);
		ret = (int)klen;
	}
	OPENSSL_cleanse(p, sizeof p);
	OPENSSL_cleanse(b, sizeof b);
	return ret;
}

int radius_mppe_encrypt(const uint8_t *key, size_t keylen, uint16_t salt, const uint8_t *secret,
			size_t slen, const uint8_t req_auth[16], uint8_t *out, size_t cap)
{
	if (keylen > 239)
		return -1;
	size_t n = (keylen + 1 + 15) / 16 * 16;
	if (cap < 2 + n)
		return -1;
	uint8_t p[256] = { 0 }, b[16];
	p[0] = (uint8_t)keylen;
	memcpy(p + 1, key, keylen);
	out[0] = (uint8_t)(salt >> 8) | 0x80;
	out[1] = (uint8_t)salt;
	uint8_t *c = out + 2;
	for (size_t i = 0; i < n; i += 16) {
		int rc = i == 0 ? md5_3(b, secret, slen, req_auth, 16, out, 2)
				: md5_3(b, secret, slen, c + i - 16, 16, NULL, 0);
		if (rc)
			return -1;
		for (size_t j = 0; j < 16; j++)
			c[i + j] = p[i + j] ^ b[j];
	}
	OPENSSL_cleanse(p, sizeof p);
	return (int)(2 + n);
}

size_t radius_mppe_msk(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t slen,
		       const uint8_t req_auth[16], uint8_t msk[64])
{
	struct radius_attr_iter it;
	uint8_t type, recv[32], send[32];
	int rl = -1, sl = -1;
	const uint8_t *v;
	size_t vlen;
	radius_attr_iter_init(&it, pkt, len);
	while (radius_attr_next(&it, &type, &v, &vlen)) {
		/* Vendor-Id (4) | Vendor-Type (1) | Vendor-Length (1) | value */
		if (type != RADIUS_A_VENDOR_SPECIFIC || vlen < 6 ||
		    ((uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3]) != RADIUS_VENDOR_MICROSOFT)
			continue;
		if (v[5] < 2 || v[5] > vlen - 4)
			continue;
		if (v[4] == RADIUS_MS_MPPE_RECV_KEY)
			rl = radius_mppe_decrypt(v + 6, (size_t)v[5] - 2, secret, slen, req_auth, recv, sizeof recv);
		else if (v[4] == RADIUS_MS_MPPE_SEND_KEY)
			sl = radius_mppe_decrypt(v + 6, (size_t)v[5] - 2, secret, slen, req_auth, send, sizeof send);
	}
	size_t n = 0;
	if (rl > 0 && sl > 0) {
		memcpy(msk, recv, (size_t)rl);
		memcpy(msk + rl, send, (size_t)sl);
		n = (size_t)(rl + sl);
	}
	OPENSSL_cleanse(recv, sizeof recv);
	OPENSSL_cleanse(send, sizeof send);
	return n;
}
