/*
 * EAP-MD5 server (RFC 3748 §5.4): a CHAP challenge (RFC 1994 §4.1), the
 * peer answers MD5(Identifier || password || challenge).  Needs the
 * password in the clear (`password 0|7`); derives no keys, so IKE's AUTH
 * comes from SK_p (RFC 7296 §2.16).
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/md5.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "aaa/eap_local.h"

#define SERVER_NAME "flexd"

static int md5_start(struct eap_local_ctx *c, uint8_t *out, size_t cap)
{
	size_t n = 1 + 16 + sizeof SERVER_NAME - 1;
	if (cap < n || RAND_bytes(c->chal, 16) != 1)
		return -1;
	out[0] = 16; /* Value-Size */
	memcpy(out + 1, c->chal, 16);
	memcpy(out + 17, SERVER_NAME, sizeof SERVER_NAME - 1);
	return (int)n;
}

static enum eap_m_res md5_input(struct eap_local_ctx *c, uint8_t resp_id, const uint8_t *in, size_t len,
				uint8_t *out, size_t cap, size_t *olen)
{
	(void)out, (void)cap, (void)olen;
	if (len < 17 || in[0] != 16) {
		snprintf(c->why, sizeof c->why, "EAP-MD5: malformed Response");
		return EAP_M_FAILURE;
	}
	const char *pw = c->cred->plain;
	uint8_t d[MD5_DIGEST_LENGTH];
	MD5_CTX m;
	MD5_Init(&m);
	MD5_Update(&m, &resp_id, 1);
	MD5_Update(&m, pw, strlen(pw));
	MD5_Update(&m, c->chal, 16);
	MD5_Final(d, &m);
	OPENSSL_cleanse(&m, sizeof m);
	bool ok = CRYPTO_memcmp(d, in + 1, 16) == 0;
	OPENSSL_cleanse(d, sizeof d);
	if (!ok) {
		snprintf(c->why, sizeof c->why, "EAP-MD5: wrong password");
		return EAP_M_FAILURE;
	}
	return EAP_M_SUCCESS;
}

const struct eap_local_method eap_local_md5 = {
	.type = EAP_T_MD5,
	.name = "EAP-MD5",
	.needs_plain = true,
	.start = md5_start,
	.input = md5_input,
};
