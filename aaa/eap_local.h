/*
 * flexd's own EAP server methods (aaa/eap_local*.c), behind eap_server.h's
 * eap_local_new: the conversation (eap_local.c: Identity, method choice,
 * legacy Nak, Success/Failure) and one file per method, each a small
 * state machine over the method's type-data:
 *   EAP-MD5       RFC 3748 §5.4 (RFC 1994 CHAP response), no MSK
 *   EAP-GTC       RFC 3748 §5.6 (the password in the clear, inside IKE), no MSK
 *   EAP-MSCHAPv2  draft-kamath-pppext-eap-mschapv2-02, RFC 2759; MSK from
 *                 RFC 3079 keys as Windows and strongSwan lay it out.
 */
#ifndef FLEXD_EAP_LOCAL_H
#define FLEXD_EAP_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	EAP_CODE_REQUEST = 1,
	EAP_CODE_RESPONSE = 2,
	EAP_CODE_SUCCESS = 3,
	EAP_CODE_FAILURE = 4,
};

enum {
	EAP_T_IDENTITY = 1,
	EAP_T_NAK = 3,
	EAP_T_MD5 = 4,
	EAP_T_GTC = 6,
	EAP_T_MSCHAPV2 = 26,
	EAP_T_EXPANDED = 254,
};

#define EAP_HDR_LEN 4
#define EAP_LOCAL_PW_MAX 128

/* A `username` entry as the methods see it. */
struct eap_local_cred {
	char user[65];
	bool found;
	bool plain_ok;                 /* type 0/7: the plaintext is known */
	char plain[EAP_LOCAL_PW_MAX + 1];
	int type;                      /* IOS type 0, 5, 7, 8, 9; -1 = nopassword */
	char stored[256];              /* the stored form (hashed types) */
};

/* What a method keeps during one conversation. */
struct eap_local_ctx {
	const char *identity;          /* the EAP identity (the user looked up) */
	const struct eap_local_cred *cred;
	uint8_t id;                    /* Identifier of the Request outstanding */
	uint8_t chal[16];              /* MD5 / MSCHAPv2 authenticator challenge */
	int phase;                     /* method private */
	uint8_t msk[64];
	size_t msk_len;
	char why[192];                 /* FAILURE: for the log (never a secret) */
};

enum eap_m_res {
	EAP_M_REQUEST, /* out holds the next Request's type-data */
	EAP_M_SUCCESS, /* send EAP-Success (msk set by key-generating methods) */
	EAP_M_FAILURE, /* send EAP-Failure (why set) */
};

struct eap_local_method {
	uint8_t type;
	const char *name;
	bool needs_plain;              /* needs the password in the clear (type 0/7) */
	/* The first Request's type-data (after the Type octet) into out:
	 * its length, or -1. */
	int (*start)(struct eap_local_ctx *c, uint8_t *out, size_t cap);
	/* A Response's type-data (after the Type octet; id already checked). */
	enum eap_m_res (*input)(struct eap_local_ctx *c, uint8_t resp_id, const uint8_t *in, size_t len,
				uint8_t *out, size_t cap, size_t *olen);
};

extern const struct eap_local_method eap_local_md5, eap_local_gtc, eap_local_mschapv2;

/* The method of an EAP type we serve, NULL otherwise. */
const struct eap_local_method *eap_local_method_by_type(uint8_t type);

/* Password check of a credential (constant time where it matters). */
bool eap_local_cred_check(const struct eap_local_cred *cred, const char *pw);
/* Fill cred from the `username` entry named user. */
void eap_local_cred_load(struct eap_local_cred *cred, const char *user);
void eap_local_cred_wipe(struct eap_local_cred *cred);

/* ---- MSCHAPv2 / MPPE primitives (RFC 2759 §8, RFC 3079 §3), for the tests ---- */
void mschapv2_nt_hash(const char *pw, uint8_t hash[16]);               /* MD4(UTF-16LE(pw)) */
void mschapv2_challenge_hash(const uint8_t peer[16], const uint8_t auth[16], const char *user,
			     size_t user_len, uint8_t out[8]);
void mschapv2_challenge_response(const uint8_t chal[8], const uint8_t hash[16], uint8_t out[24]);
/* "S=" + 40 upper-case hex digits + NUL (43 octets) */
void mschapv2_auth_response(const uint8_t hash[16], const uint8_t nt_resp[24], const uint8_t chal[8],
			    char out[43]);
void mppe_master_key(const uint8_t hash[16], const uint8_t nt_resp[24], uint8_t out[16]);
/* GetAsymmetricStartKey, 16 octets: send = the server's send key */
void mppe_start_key(const uint8_t master[16], bool send, bool server, uint8_t out[16]);
/* The 64-octet EAP-MSCHAPv2 MSK: the key derived with RFC 3079's
 * "client send / server receive" magic, then the other, then 32 zeros. */
void mschapv2_msk(const uint8_t hash[16], const uint8_t nt_resp[24], uint8_t msk[64]);

#endif
