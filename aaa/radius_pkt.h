/*
 * RADIUS packet codec (RFC 2865, 2866, 2869, 3579): build requests with
 * User-Password hiding, Vendor-Specific, long attributes split in 253-byte
 * pieces and Message-Authenticator; validate replies (structure, Response
 * Authenticator, Message-Authenticator required: BlastRADIUS).
 * Pure functions, no I/O.
 */
#ifndef FLEXD_RADIUS_PKT_H
#define FLEXD_RADIUS_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RADIUS_HDR_LEN 20
#define RADIUS_MAX_LEN 4096
#define RADIUS_AUTH_LEN 16
#define RADIUS_ATTR_MAX 253 /* value bytes in one attribute */
#define RADIUS_PASSWORD_MAX 128

enum radius_code {
	RADIUS_ACCESS_REQUEST = 1,
	RADIUS_ACCESS_ACCEPT = 2,
	RADIUS_ACCESS_REJECT = 3,
	RADIUS_ACCOUNTING_REQUEST = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE = 11,
};

enum radius_attr_type {
	RADIUS_A_USER_NAME = 1,
	RADIUS_A_USER_PASSWORD = 2,
	RADIUS_A_NAS_IP_ADDRESS = 4,
	RADIUS_A_NAS_PORT = 5,
	RADIUS_A_SERVICE_TYPE = 6,
	RADIUS_A_FRAMED_IP_ADDRESS = 8,
	RADIUS_A_REPLY_MESSAGE = 18,
	RADIUS_A_STATE = 24,
	RADIUS_A_CLASS = 25,
	RADIUS_A_VENDOR_SPECIFIC = 26,
	RADIUS_A_SESSION_TIMEOUT = 27,
	RADIUS_A_NAS_IDENTIFIER = 32,
	RADIUS_A_ACCT_STATUS_TYPE = 40,
	RADIUS_A_ACCT_SESSION_ID = 44,
	RADIUS_A_EAP_MESSAGE = 79,
	RADIUS_A_MESSAGE_AUTHENTICATOR = 80,
};

#define RADIUS_VENDOR_CISCO 9
#define RADIUS_CISCO_AVPAIR 1

/* Why a reply was refused (negative results of radius_reply_verify). */
enum radius_err {
	RADIUS_E_MALFORMED = -1, /* length/attribute structure */
	RADIUS_E_RESP_AUTH = -2, /* Response Authenticator mismatch */
	RADIUS_E_NO_MSG_AUTH = -3, /* Message-Authenticator missing */
	RADIUS_E_MSG_AUTH = -4, /* Message-Authenticator wrong */
	RADIUS_E_SPACE = -5, /* packet full / value too long */
};

struct radius_pkt {
	uint8_t buf[RADIUS_MAX_LEN];
	size_t len;
};

/* Header with code, id and the (request) authenticator; no attributes. */
void radius_pkt_init(struct radius_pkt *p, uint8_t code, uint8_t id,
		     const uint8_t auth[RADIUS_AUTH_LEN]);
/* One attribute, value 0..253 bytes. 0 or RADIUS_E_SPACE. */
int radius_pkt_add(struct radius_pkt *p, uint8_t type, const void *val, size_t len);
int radius_pkt_add_u32(struct radius_pkt *p, uint8_t type, uint32_t v);
int radius_pkt_add_str(struct radius_pkt *p, uint8_t type, const char *s);
/* A value of any length split into consecutive 253-byte attributes
 * (EAP-Message, RFC 3579 §3.1). */
int radius_pkt_add_split(struct radius_pkt *p, uint8_t type, const void *val, size_t len);
/* Vendor-Specific: vendor id, vendor type, value (RFC 2865 §5.26). */
int radius_pkt_add_vsa(struct radius_pkt *p, uint32_t vendor, uint8_t vtype,
		       const void *val, size_t len);
int radius_pkt_add_cisco_avpair(struct radius_pkt *p, const char *avpair);
/* User-Password hidden with the secret and the packet's authenticator
 * (RFC 2865 §5.2); 1..128 bytes. */
int radius_pkt_add_password(struct radius_pkt *p, const uint8_t *secret, size_t slen,
			    const void *pw, size_t pwlen);
/* Finish an Access-Request: append Message-Authenticator and sign it.
 * Finish an Accounting-Request: compute its Request Authenticator. */
int radius_pkt_finish(struct radius_pkt *p, const uint8_t *secret, size_t slen);

/* The hiding itself: out gets ceil(pwlen/16)*16 bytes (16..128). */
size_t radius_password_hide(uint8_t *out, const void *pw, size_t pwlen,
			    const uint8_t *secret, size_t slen,
			    const uint8_t auth[RADIUS_AUTH_LEN]);
/* Inverse (server side, tests): plaintext without trailing NULs; -1 bad len. */
int radius_password_unhide(uint8_t *out, const uint8_t *hidden, size_t hlen,
			   const uint8_t *secret, size_t slen,
			   const uint8_t auth[RADIUS_AUTH_LEN]);

/* Structure check of any packet: header length within len and >= 20, every
 * attribute length >= 2 and inside the packet. Returns the packet length
 * (octets past it are padding, RFC 2865 §3) or RADIUS_E_MALFORMED. */
int radius_pkt_check(const uint8_t *pkt, size_t len);
/* Verify a reply to the request whose authenticator is req_auth:
 * structure, Response Authenticator, Message-Authenticator (required when
 * require_msg_auth). Returns the packet length or a radius_err. */
int radius_reply_verify(const uint8_t *pkt, size_t len, const uint8_t req_auth[RADIUS_AUTH_LEN],
			const uint8_t *secret, size_t slen, bool require_msg_auth);
/* Server side of an Access-Request: its Message-Authenticator present and
 * right (RFC 3579 §3.2). Returns the packet length or a radius_err. */
int radius_request_verify(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t slen);
/* Compute the Response Authenticator (and Message-Authenticator when the
 * packet has one) of a reply in place: the server side, for tests. */
int radius_reply_sign(uint8_t *pkt, size_t len, const uint8_t req_auth[RADIUS_AUTH_LEN],
		      const uint8_t *secret, size_t slen);

/* Attribute walk over a checked packet. */
struct radius_attr_iter {
	const uint8_t *pkt;
	size_t off, end;
};
void radius_attr_iter_init(struct radius_attr_iter *it, const uint8_t *pkt, size_t len);
bool radius_attr_next(struct radius_attr_iter *it, uint8_t *type, const uint8_t **val,
		      size_t *vlen);
/* First attribute of a type; NULL when absent. */
const uint8_t *radius_attr_find(const uint8_t *pkt, size_t len, uint8_t type, size_t *vlen);
/* All attributes of a type concatenated (EAP-Message); -1 when out is too small. */
int radius_attr_concat(const uint8_t *pkt, size_t len, uint8_t type, uint8_t *out, size_t outmax);
/* Cisco-AVPair strings one by one: pass *it initialised; NUL-terminated into out. */
bool radius_cisco_avpair_next(struct radius_attr_iter *it, char *out, size_t outmax);

#endif
