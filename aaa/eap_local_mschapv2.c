/*
 * EAP-MSCHAPv2 server (draft-kamath-pppext-eap-mschapv2-02) over the
 * MS-CHAP-V2 computations of RFC 2759 §8 and the MPPE keys of RFC 3079 §3.
 *
 * Exchange: Challenge (opcode 1) -> the peer's Response (2) -> our Success
 * Request "S=<authenticator response>" (3) -> the peer's Success Response
 * -> EAP-Success with the MSK.  A wrong NT-Response ends it with an
 * EAP-Failure at once (RFC 3748 §4.2 allows it at any point): an MS-CHAPv2
 * Failure Request (E=691 R=0) would make strongSwan abort the IKE SA on
 * its own (N(AUTH_FAILED)) before we could answer and log.
 *
 * MD4 and single DES exist only as OpenSSL's legacy low-level calls (the
 * EVP forms need the legacy provider), which is all MS-CHAPv2 needs.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/md4.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "aaa/eap_local.h"

/* ---------- RFC 2759 §8 ---------- */

void mschapv2_nt_hash(const char *pw, uint8_t hash[16])
{
	/* UTF-16LE of the (ASCII/Latin-1) password, at most 128 characters */
	uint8_t u[2 * EAP_LOCAL_PW_MAX];
	size_t n = strnlen(pw, EAP_LOCAL_PW_MAX);
	for (size_t i = 0; i < n; i++) {
		u[2 * i] = (uint8_t)pw[i];
		u[2 * i + 1] = 0;
	}
	MD4(u, 2 * n, hash);
	OPENSSL_cleanse(u, sizeof u);
}

void mschapv2_challenge_hash(const uint8_t peer[16], const uint8_t auth[16], const char *user, size_t user_len,
			     uint8_t out[8])
{
	SHA_CTX c;
	uint8_t d[SHA_DIGEST_LENGTH];
	SHA1_Init(&c);
	SHA1_Update(&c, peer, 16);
	SHA1_Update(&c, auth, 16);
	SHA1_Update(&c, user, user_len);
	SHA1_Final(d, &c);
	memcpy(out, d, 8);
}

/* 7 key octets -> an 8-octet DES key (parity bits left as they fall:
 * DES ignores them). */
static void des_key7(const uint8_t k[7], DES_cblock *out)
{
	uint8_t *o = *out;
	o[0] = k[0];
	o[1] = (uint8_t)(k[0] << 7 | k[1] >> 1);
	o[2] = (uint8_t)(k[1] << 6 | k[2] >> 2);
	o[3] = (uint8_t)(k[2] << 5 | k[3] >> 3);
	o[4] = (uint8_t)(k[3] << 4 | k[4] >> 4);
	o[5] = (uint8_t)(k[4] << 3 | k[5] >> 5);
	o[6] = (uint8_t)(k[5] << 2 | k[6] >> 6);
	o[7] = (uint8_t)(k[6] << 1);
}

void mschapv2_challenge_response(const uint8_t chal[8], const uint8_t hash[16], uint8_t out[24])
{
	uint8_t z[21] = { 0 };
	memcpy(z, hash, 16);
	for (int i = 0; i < 3; i++) {
		DES_cblock key, in, res;
		DES_key_schedule ks;
		des_key7(z + 7 * i, &key);
		DES_set_key_unchecked(&key, &ks);
		memcpy(in, chal, 8);
		DES_ecb_encrypt(&in, &res, &ks, DES_ENCRYPT);
		memcpy(out + 8 * i, res, 8);
		OPENSSL_cleanse(&ks, sizeof ks);
		OPENSSL_cleanse(key, sizeof key);
	}
	OPENSSL_cleanse(z, sizeof z);
}

static const char magic_sign[] = "Magic server to client signing constant";
static const char magic_pad[] = "Pad to make it do more than one iteration";

void mschapv2_auth_response(const uint8_t hash[16], const uint8_t nt_resp[24], const uint8_t chal[8], char out[43])
{
	uint8_t hh[16], d[SHA_DIGEST_LENGTH];
	MD4(hash, 16, hh);
	SHA_CTX c;
	SHA1_Init(&c);
	SHA1_Update(&c, hh, 16);
	SHA1_Update(&c, nt_resp, 24);
	SHA1_Update(&c, magic_sign, sizeof magic_sign - 1);
	SHA1_Final(d, &c);
	SHA1_Init(&c);
	SHA1_Update(&c, d, sizeof d);
	SHA1_Update(&c, chal, 8);
	SHA1_Update(&c, magic_pad, sizeof magic_pad - 1);
	SHA1_Final(d, &c);
	out[0] = 'S';
	out[1] = '=';
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 + 2 * i, 3, "%02X", d[i]);
	OPENSSL_cleanse(hh, sizeof hh);
}

/* ---------- RFC 3079 §3 ---------- */

static const char magic_master[] = "This is the MPPE Master Key";
static const char magic_client_send[] =
	"On the client side, this is the send key; on the server side, it is the receive key.";
static const char magic_client_recv[] =
	"On the client side, this is the receive key; on the server side, it is the send key.";

void mppe_master_key(const uint8_t hash[16], const uint8_t nt_resp[24], uint8_t out[16])
{
	uint8_t hh[16], d[SHA_DIGEST_LENGTH];
	MD4(hash, 16, hh);
	SHA_CTX c;
	SHA1_Init(&c);
	SHA1_Update(&c, hh, 16);
	SHA1_Update(&c, nt_resp, 24);
	SHA1_Update(&c, magic_master, sizeof magic_master - 1);
	SHA1_Final(d, &c);
	memcpy(out, d, 16);
	OPENSSL_cleanse(hh, sizeof hh);
	OPENSSL_cleanse(d, sizeof d);
}

void mppe_start_key(const uint8_t master[16], bool send, bool server, uint8_t out[16])
{
	static const uint8_t pad1[40] = { 0 };
	uint8_t pad2[40], d[SHA_DIGEST_LENGTH];
	memset(pad2, 0xf2, sizeof pad2);
	/* the client's send key is the server's receive key */
	const char *s = send == server ? magic_client_recv : magic_client_send;
	SHA_CTX c;
	SHA1_Init(&c);
	SHA1_Update(&c, master, 16);
	SHA1_Update(&c, pad1, sizeof pad1);
	SHA1_Update(&c, s, sizeof magic_client_send - 1);
	SHA1_Update(&c, pad2, sizeof pad2);
	SHA1_Final(d, &c);
	memcpy(out, d, 16);
	OPENSSL_cleanse(d, sizeof d);
}

void mschapv2_msk(const uint8_t hash[16], const uint8_t nt_resp[24], uint8_t msk[64])
{
	uint8_t master[16];
	mppe_master_key(hash, nt_resp, master);
	memset(msk, 0, 64);
	mppe_start_key(master, false, true, msk);      /* server receive = client send */
	mppe_start_key(master, true, true, msk + 16);  /* server send */
	OPENSSL_cleanse(master, sizeof master);
}

/* ---------- the EAP method ---------- */

#define OP_CHALLENGE 1
#define OP_RESPONSE 2
#define OP_SUCCESS 3
#define MS_HDR 4            /* opcode, MS-CHAPv2-ID, MS-Length */
#define RESPONSE_VALUE 49   /* peer challenge 16, reserved 8, NT-Response 24, flags 1 */
#define SERVER_NAME "flexd"

enum { PH_CHALLENGE, PH_SUCCESS_SENT };

/* Opcode, MS-CHAPv2-ID (the EAP Identifier, as Windows does) and
 * MS-Length = the EAP Length - 5 = type-data length. */
static void ms_hdr(uint8_t *out, uint8_t op, uint8_t msid, size_t tlen)
{
	out[0] = op;
	out[1] = msid;
	out[2] = (uint8_t)(tlen >> 8);
	out[3] = (uint8_t)tlen;
}

static int ms_start(struct eap_local_ctx *c, uint8_t *out, size_t cap)
{
	size_t n = MS_HDR + 1 + 16 + sizeof SERVER_NAME - 1;
	if (cap < n || RAND_bytes(c->chal, 16) != 1)
		return -1;
	ms_hdr(out, OP_CHALLENGE, c->id, n);
	out[MS_HDR] = 16;
	memcpy(out + MS_HDR + 1, c->chal, 16);
	memcpy(out + MS_HDR + 17, SERVER_NAME, sizeof SERVER_NAME - 1);
	c->phase = PH_CHALLENGE;
	return (int)n;
}

static enum eap_m_res fail(struct eap_local_ctx *c, const char *why)
{
	snprintf(c->why, sizeof c->why, "EAP-MSCHAPv2: %s", why);
	return EAP_M_FAILURE;
}

static enum eap_m_res ms_response(struct eap_local_ctx *c, uint8_t resp_id, const uint8_t *in, size_t len,
				  uint8_t *out, size_t cap, size_t *olen)
{
	if (len < MS_HDR + 1 + RESPONSE_VALUE || in[0] != OP_RESPONSE || in[MS_HDR] != RESPONSE_VALUE)
		return fail(c, "malformed Response");
	if (((size_t)in[2] << 8 | in[3]) != len || in[1] != c->id)
		return fail(c, "Response with a wrong MS-Length or MS-CHAPv2-ID");
	const uint8_t *peer_chal = in + MS_HDR + 1, *nt = peer_chal + 24;
	/* the name, domain part (DOMAIN\user) removed, goes into the hash */
	const char *name = (const char *)in + MS_HDR + 1 + RESPONSE_VALUE;
	size_t name_len = len - (MS_HDR + 1 + RESPONSE_VALUE);
	const char *bs = memchr(name, '\\', name_len);
	if (bs) {
		name_len -= (size_t)(bs + 1 - name);
		name = bs + 1;
	}
	uint8_t hash[16], ch[8], expect[24];
	mschapv2_nt_hash(c->cred->plain, hash);
	mschapv2_challenge_hash(peer_chal, c->chal, name, name_len, ch);
	mschapv2_challenge_response(ch, hash, expect);
	enum eap_m_res r = EAP_M_REQUEST;
	if (CRYPTO_memcmp(expect, nt, 24) != 0) {
		r = fail(c, "wrong password");
	} else {
		char s[43];
		mschapv2_auth_response(hash, nt, ch, s);
		static const char m[] = " M=Welcome";
		size_t n = MS_HDR + 42 + sizeof m - 1;
		if (cap < n) {
			r = fail(c, "no room");
		} else {
			ms_hdr(out, OP_SUCCESS, resp_id, n);
			memcpy(out + MS_HDR, s, 42);
			memcpy(out + MS_HDR + 42, m, sizeof m - 1);
			*olen = n;
			mschapv2_msk(hash, nt, c->msk);
			c->msk_len = 64;
			c->phase = PH_SUCCESS_SENT;
		}
	}
	OPENSSL_cleanse(hash, sizeof hash);
	return r;
}

static enum eap_m_res ms_input(struct eap_local_ctx *c, uint8_t resp_id, const uint8_t *in, size_t len, uint8_t *out,
			       size_t cap, size_t *olen)
{
	switch (c->phase) {
	case PH_CHALLENGE:
		return ms_response(c, resp_id, in, len, out, cap, olen);
	default:
		/* the peer verified our authenticator response: one octet, opcode 3 */
		if (len >= 1 && in[0] == OP_SUCCESS)
			return EAP_M_SUCCESS;
		OPENSSL_cleanse(c->msk, sizeof c->msk);
		c->msk_len = 0;
		return fail(c, "the peer did not accept our Success Request");
	}
}

const struct eap_local_method eap_local_mschapv2 = {
	.type = EAP_T_MSCHAPV2,
	.name = "EAP-MSCHAPv2",
	.needs_plain = true,
	.start = ms_start,
	.input = ms_input,
};
