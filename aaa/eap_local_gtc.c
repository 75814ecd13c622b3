/*
 * EAP-GTC server (RFC 3748 §5.6): a prompt, the peer answers with the
 * password itself (protected by IKE's SK), checked like a login - so it
 * serves every `username` secret type, hashed ones (5, 8, 9) included.
 * Cisco-style peers may answer "RESPONSE=user\0password"; the part after
 * the NUL is the password then.  No keys: AUTH from SK_p.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "aaa/eap_local.h"

static const char prompt[] = "Password:";

static int gtc_start(struct eap_local_ctx *c, uint8_t *out, size_t cap)
{
	(void)c;
	if (cap < sizeof prompt - 1)
		return -1;
	memcpy(out, prompt, sizeof prompt - 1);
	return (int)(sizeof prompt - 1);
}

static enum eap_m_res gtc_input(struct eap_local_ctx *c, uint8_t resp_id, const uint8_t *in, size_t len,
				uint8_t *out, size_t cap, size_t *olen)
{
	(void)resp_id, (void)out, (void)cap, (void)olen;
	static const char tag[] = "RESPONSE=";
	if (len > sizeof tag - 1 && memcmp(in, tag, sizeof tag - 1) == 0) {
		const uint8_t *nul = memchr(in, 0, len);
		if (!nul) {
			snprintf(c->why, sizeof c->why, "EAP-GTC: malformed RESPONSE= answer");
			return EAP_M_FAILURE;
		}
		len -= (size_t)(nul + 1 - in);
		in = nul + 1;
	}
	if (len == 0 || len > EAP_LOCAL_PW_MAX || memchr(in, 0, len)) {
		snprintf(c->why, sizeof c->why, "EAP-GTC: malformed Response");
		return EAP_M_FAILURE;
	}
	char pw[EAP_LOCAL_PW_MAX + 1];
	memcpy(pw, in, len);
	pw[len] = 0;
	bool ok = eap_local_cred_check(c->cred, pw);
	OPENSSL_cleanse(pw, sizeof pw);
	if (!ok) {
		snprintf(c->why, sizeof c->why, "EAP-GTC: wrong password");
		return EAP_M_FAILURE;
	}
	return EAP_M_SUCCESS;
}

const struct eap_local_method eap_local_gtc = {
	.type = EAP_T_GTC,
	.name = "EAP-GTC",
	.needs_plain = false,
	.start = gtc_start,
	.input = gtc_input,
};
