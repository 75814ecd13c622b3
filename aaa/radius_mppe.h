/*
 * MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 §2.4.2, §2.4.3): the
 * Vendor-Specific (Microsoft, 311) attributes a RADIUS server returns with
 * the keys of an EAP method; the EAP MSK is Recv-Key || Send-Key (RFC 5216
 * §2.3 for EAP-TLS).  Pure functions.
 */
#ifndef FLEXD_RADIUS_MPPE_H
#define FLEXD_RADIUS_MPPE_H

#include <stddef.h>
#include <stdint.h>

#define RADIUS_VENDOR_MICROSOFT 311
#define RADIUS_MS_MPPE_SEND_KEY 16
#define RADIUS_MS_MPPE_RECV_KEY 17

/* Decrypt one attribute value (Salt(2) | String) with the shared secret and
 * the Access-Request's Request Authenticator.  The key into key (at most
 * cap octets); its length, or -1 when the value is malformed (salt without
 * its high bit, String not a multiple of 16, Key-Length beyond the
 * String or cap). */
int radius_mppe_decrypt(const uint8_t *val, size_t len, const uint8_t *secret, size_t slen,
			const uint8_t req_auth[16], uint8_t *key, size_t cap);

/* Encrypt (the server's side, for tests): out gets 2 + 16*k octets;
 * returns that length, -1 when out is too small or keylen > 239. */
int radius_mppe_encrypt(const uint8_t *key, size_t keylen, uint16_t salt, const uint8_t *secret,
			size_t slen, const uint8_t req_auth[16], uint8_t *out, size_t cap);

/* The MSK from a verified Access-Accept: Recv-Key || Send-Key, each as
 * long as the server made it (32 octets for TLS methods, 64 in all; 16 for
 * MSCHAPv2, as FreeRADIUS and strongSwan's eap-radius agree).  Returns the
 * length, or 0 when either key is absent or malformed (up to 32 each). */
size_t radius_mppe_msk(const uint8_t *pkt, size_t len, const uint8_t *secret, size_t slen,
		       const uint8_t req_auth[16], uint8_t msk[64]);

#endif
