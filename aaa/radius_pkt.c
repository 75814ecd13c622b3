/*
 * RADIUS codec: see radius_pkt.h. MD5 and HMAC-MD5 from OpenSSL (the
 * protocol fixes them; nothing here is a security choice).
 */
#include "aaa/radius_pkt.h"

#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static size_t get16(const uint8_t *p)
{
	return ((size_t)p[0] << 8) | p[1];
}

/* MD5 over up to four pieces. */
static int md5_iov(uint8_t out[16], const void *a, size_t al, const void *b, size_t bl,
		   const void *c, size_t cl, const void *d, size_t dl)
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	int ok = x && EVP_DigestInit_ex(x, EVP_md5(), NULL) &&
		 (!al || EVP_DigestUpdate(x, a, al)) && (!bl || EVP_DigestUpdate(x, b, bl)) &&
		 (!cl || EVP_DigestUpdate(x, c, cl)) && (!dl || EVP_DigestUpdate(x, d, dl)) &&
		 EVP_DigestFinal_ex(x, out, NULL);
	EVP_MD_CTX_free(x);
	return ok ? 0 : -1;
}

static int hmac_md5(uint8_t out[16], const uint8_t *key, size_t klen, const uint8_t *d, size_t dl)
{
	unsigned int ol = 0;
	static const uint8_t empty[1];
	return HMAC(EVP_md5(), klen ? key : empty, (int)klen, d, dl, out, &ol) && ol == 16 ? 0 : -1;
}

void radius_pkt_init(struct radius_pkt *p, uint8_t code, uint8_t id,
		     const uint8_t auth[RADIUS_AUTH_LEN])
{
	p->buf[0] = code;
	p->buf[1] = id;
	put16(p->buf + 2, RADIUS_HDR_LEN);
	if (auth)
		memcpy(p->buf + 4, auth, RADIUS_AUTH_LEN);
	else
		memset(p->buf + 4, 0, RADIUS_AUTH_LEN);
	p->len = RADIUS_HDR_LEN;
}

int radius_pkt_add(struct radius_pkt *p, uint8_t type, const void *val, size_t len)
{
	if (len > RADIUS_ATTR_MAX || p->len + 2 + len > RADIUS_MAX_LEN)
		return RADIUS_E_SPACE;
	p->buf[p->len] = type;
	p->buf[p->len + 1] = (uint8_t)(len + 2);
	if (len)
		memcpy(p->buf + p->len + 2, val, len);
	p->len += 2 + len;
	put16(p->buf + 2, p->len);
	return 0;
}

int radius_pkt_add_u32(struct radius_pkt *p, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return radius_pkt_add(p, type, b, 4);
}

int radius_pkt_add_str(struct radius_pkt *p, uint8_t type, const char *s)
{
	return radius_pkt_add(p, type, s, strlen(s));
}

int radius_pkt_add_split(struct radius_pkt *p, uint8_t type, const void *val, size_t len)
{
	const uint8_t *v = val;
	size_t pieces = len ? (len + RADIUS_ATTR_MAX - 1) / RADIUS_ATTR_MAX : 1;
	if (p->len + pieces * 2 + len > RADIUS_MAX_LEN)
		return RADIUS_E_SPACE; /* all or nothing */
	do {
		size_t n = len > RADIUS_ATTR_MAX ? RADIUS_ATTR_MAX : len;
		radius_pkt_add(p, type, v, n);
		v += n;
		len -= n;
	} while (len);
	return 0;
}

int radius_pkt_add_vsa(struct radius_pkt *p, uint32_t vendor, uint8_t vtype,
		       const void *val, size_t len)
{
	uint8_t b[RADIUS_ATTR_MAX];
	if (len > RADIUS_ATTR_MAX - 6)
		return RADIUS_E_SPACE;
	b[0] = (uint8_t)(vendor >> 24);
	b[1] = (uint8_t)(vendor >> 16);
	b[2] = (uint8_t)(vendor >> 8);
	b[3] = (uint8_t)vendor;
	b[4] = vtype;
	b[5] = (uint8_t)(len + 2);
	if (len)
		memcpy(b + 6, val, len);
	return radius_pkt_add(p, RADIUS_A_VENDOR_SPECIFIC, b, len + 6);
}

int radius_pkt_add_cisco_avpair(struct radius_pkt *p, const char *avpair)
{
	return radius_pkt_add_vsa(p, RADIUS_VENDOR_CISCO, RADIUS_CISCO_AVPAIR, avpair,
				  strlen(avpair));
}

/* RFC 2865 §5.2: c(i) = p(i) xor MD5(S + c(i-1)), c(0) = Request Authenticator. */
size_t radius_password_hide(uint8_t *out, const void *pw, size_t pwlen,
			    const uint8_t *secret, size_t slen,
			    const uint8_t auth[RADIUS_AUTH_LEN])
{
	const uint8_t *in = pw;
	size_t total, i, j;
	const uint8_t *prev = auth;
	uint8_t b[16];

	if (pwlen > RADIUS_PASSWORD_MAX)
		pwlen = RADIUS_PASSWORD_MAX;
	total = pwlen ? (pwlen + 15) / 16 * 16 : 16;
	for (i = 0; i < total; i += 16) {
		md5_iov(b, secret, slen, prev, 16, NULL, 0, NULL, 0);
		for (j = 0; j < 16; j++)
			out[i + j] = b[j] ^ (i + j < pwlen ? in[i + j] : 0);
		prev = out + i;
	}
	OPENSSL_cleanse(b, sizeof(b));
	return total;
}

int radius_password_unhide(uint8_t *out, const uint8_t *hidden, size_t hlen,
			   const uint8_t *secret, size_t slen,
			   const uint8_t auth[RADIUS_AUTH_LEN])
{
	const uint8_t *prev = auth;
	uint8_t b[16];
	size_t i, j, n;

	if (hlen < 16 || hlen > RADIUS_PASSWORD_MAX || hlen % 16)
		return -1;
	for (i = 0; i < hlen; i += 16) {
		md5_iov(b, secret, slen, prev, 16, NULL, 0, NULL, 0);
		for (j = 0; j < 16; j++)
			out[i + j] = b[j] ^ hidden[i + j];
		prev = hidden + i;
	}
	OPENSSL_cleanse(b, sizeof(b));
	for (n = hlen; n > 0 && out[n - 1] == 0; n--)
		;
	return (int)n;
}

int radius_pkt_add_password(struct radius_pkt *p, const uint8_t *secret, size_t slen,
			    const void *pw, size_t pwlen)
{
	uint8_t h[RADIUS_PASSWORD_MAX];
	int r;
	if (pwlen < 1 || pwlen > RADIUS_PASSWORD_MAX)
		return RADIUS_E_SPACE;
	size_t n = radius_password_hide(h, pw, pwlen, secret, slen, p->buf + 4);
	r = radius_pkt_add(p, RADIUS_A_USER_PASSWORD, h, n);
	OPENSSL_cleanse(h, sizeof(h));
	return r;
}

int radius_pkt_finish(struct radius_pkt *p, const uint8_t *secret, size_t slen)
{
	static const uint8_t zero[16];
	uint8_t mac[16];

	if (p->buf[0] == RADIUS_ACCOUNTING_REQUEST) {
		/* RFC 2866 §3: MD5(Code+Id+Length+16 zero octets+attributes+secret) */
		memset(p->buf + 4, 0, 16);
		return md5_iov(p->buf + 4, p->buf, p->len, secret, slen, NULL, 0, NULL, 0);
	}
	/* RFC 3579 §3.2: HMAC-MD5 over the packet with the MA value zeroed. */
	if (radius_pkt_add(p, RADIUS_A_MESSAGE_AUTHENTICATOR, zero, 16))
		return RADIUS_E_SPACE;
	if (hmac_md5(mac, secret, slen, p->buf, p->len))
		return RADIUS_E_SPACE;
	memcpy(p->buf + p->len - 16, mac, 16);
	(void)zero;
	return 0;
}

int radius_pkt_check(const uint8_t *pkt, size_t len)
{
	size_t plen, off;
	if (len < RADIUS_HDR_LEN)
		return RADIUS_E_MALFORMED;
	plen = get16(pkt + 2);
	if (plen < RADIUS_HDR_LEN || plen > len || plen > RADIUS_MAX_LEN)
		return RADIUS_E_MALFORMED;
	for (off = RADIUS_HDR_LEN; off < plen;) {
		if (plen - off < 2 || pkt[off + 1] < 2 || pkt[off + 1] > plen - off)
			return RADIUS_E_MALFORMED;
		off += pkt[off + 1];
	}
	return (int)plen;
}

/* Offset of the single Message-Authenticator: 0 none, -1 malformed/duplicate. */
static long find_msg_auth(const uint8_t *pkt, size_t plen)
{
	long found = 0;
	for (size_t off = RADIUS_HDR_LEN; off < plen; off += pkt[off + 1]) {
		if (pkt[off] != RADIUS_A_MESSAGE_AUTHENTICATOR)
			continue;
		if (pkt[off + 1] != 18 || found)
			return -1;
		found = (long)off;
	}
	return found;
}

/* HMAC-MD5 of a reply as RFC 3579 §3.2 defines it: authenticator field set
 * to the Request Authenticator, MA value zeroed. */
static int reply_msg_auth(uint8_t mac[16], const uint8_t *pkt, size_t plen, long ma_off,
			  const uint8_t req_auth[16], const uint8_t *secret, size_t slen)
{
	uint8_t tmp[RADIUS_MAX_LEN];
	memcpy(tmp, pkt, plen);
	memcpy(tmp + 4, req_auth, 16);
	memset(tmp + ma_off + 2, 0, 16);
	return hmac_md5(mac, secret, slen, tmp, plen);
}

/* The Message-Authenticator at ma (0 = none) against auth (the request's
 * authenticator): 0, or the radius_err. */
static int check_msg_auth(const uint8_t *pkt, int plen, long ma, const uint8_t *auth, const uint8_t *secret,
			  size_t slen)
{
	uint8_t want[16];
	if (!ma)
		return RADIUS_E_NO_MSG_AUTH;
	if (reply_msg_auth(want, pkt, (size_t)plen, ma, auth, secret, slen) || CRYPTO_memcmp(want, pkt + ma + 2, 16))
		return RADIUS_E_MSG_AUTH;
	return 0;
}

int radius_reply_verify(const uint8_t *pkt, size_t len, const uint8_t req_auth[RADIUS_AUTH_LEN],
			const uint8_t *secret, size_t slen, bool require_msg_auth)
{
	uint8_t want[16];
	int plen = radius_pkt_check(pkt, len);
	long ma;

	if (plen < 0)
		return plen;
	ma = find_msg_auth(pkt, (size_t)plen);
	if (ma < 0)
		return RADIUS_E_MALFORMED;
	/* Response Authenticator: MD5(Code+Id+Length+RequestAuth+Attributes+Secret) */
	if (md5_iov(want, pkt, 4, req_auth, 16, pkt + 20, (size_t)plen - 20, secret, slen) ||
	    CRYPTO_memcmp(want, pkt + 4, 16))
		return RADIUS_E_RESP_AUTH;
	if (!ma && !require_msg_auth)
		return plen;
	int rc = check_msg_auth(pkt, plen, ma, req_auth, secret, slen);
	return rc ? rc : plen;
}

int radius_request_verify(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t slen)
{
	int plen = radius_pkt_check(pkt, len);
	long ma;
	if (plen < 0)
		return plen;
	ma = find_msg_auth(pkt, (size_t)plen);
	if (ma < 0)
		return RADIUS_E_MALFORMED;
	int rc = check_msg_auth(pkt, plen, ma, pkt + 4, secret, slen);
	return rc ? rc : plen;
}

int radius_reply_sign(uint8_t *pkt, size_t len, const uint8_t req_auth[RADIUS_AUTH_LEN],
		      const uint8_t *secret, size_t slen)
{
	int plen = radius_pkt_check(pkt, len);
	long ma;
	if (plen < 0)
		return plen;
	ma = find_msg_auth(pkt, (size_t)plen);
	if (ma < 0)
		return RADIUS_E_MALFORMED;
	if (ma && reply_msg_auth(pkt + ma + 2, pkt, (size_t)plen, ma, req_auth, secret, slen))
		return RADIUS_E_SPACE;
	return md5_iov(pkt + 4, pkt, 4, req_auth, 16, pkt + 20, (size_t)plen - 20, secret, slen);
}

void radius_attr_iter_init(struct radius_attr_iter *it, const uint8_t *pkt, size_t len)
{
	it->pkt = pkt;
	it->off = RADIUS_HDR_LEN;
	it->end = len;
}

bool radius_attr_next(struct radius_attr_iter *it, uint8_t *type, const uint8_t **val,
		      size_t *vlen)
{
	/* re-checked here too: the iterator never reads past end */
	if (it->off + 2 > it->end || it->pkt[it->off + 1] < 2 ||
	    it->pkt[it->off + 1] > it->end - it->off)
		return false;
	*type = it->pkt[it->off];
	*val = it->pkt + it->off + 2;
	*vlen = it->pkt[it->off + 1] - 2u;
	it->off += it->pkt[it->off + 1];
	return true;
}

const uint8_t *radius_attr_find(const uint8_t *pkt, size_t len, uint8_t type, size_t *vlen)
{
	struct radius_attr_iter it;
	const uint8_t *v;
	uint8_t t;
	radius_attr_iter_init(&it, pkt, len);
	while (radius_attr_next(&it, &t, &v, vlen))
		if (t == type)
			return v;
	return NULL;
}

int radius_attr_concat(const uint8_t *pkt, size_t len, uint8_t type, uint8_t *out, size_t outmax)
{
	struct radius_attr_iter it;
	const uint8_t *v;
	size_t vl, n = 0;
	uint8_t t;
	radius_attr_iter_init(&it, pkt, len);
	while (radius_attr_next(&it, &t, &v, &vl)) {
		if (t != type)
			continue;
		if (vl > outmax - n)
			return -1;
		memcpy(out + n, v, vl);
		n += vl;
	}
	return (int)n;
}

bool radius_cisco_avpair_next(struct radius_attr_iter *it, char *out, size_t outmax)
{
	const uint8_t *v;
	size_t vl;
	uint8_t t;
	while (radius_attr_next(it, &t, &v, &vl)) {
		/* vendor(4) + vtype(1) + vlen(1) + value; one sub-attribute as Cisco sends */
		if (t != RADIUS_A_VENDOR_SPECIFIC || vl < 6 || v[0] || v[1] || v[2] ||
		    v[3] != RADIUS_VENDOR_CISCO || v[4] != RADIUS_CISCO_AVPAIR || v[5] < 2 ||
		    v[5] > vl - 4)
			continue;
		size_t n = v[5] - 2u;
		if (n + 1 > outmax)
			continue;
		memcpy(out, v + 6, n);
		out[n] = 0;
		return true;
	}
	return false;
}
