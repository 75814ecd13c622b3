/*
 * Stateless IKE_SA_INIT cookies (RFC 7296 §2.6).  Under load the responder
 * answers a request with N(COOKIE) alone and keeps nothing; the initiator
 * sends its request again with the cookie as the first payload, which
 * proves that it receives at the address it claims.
 *
 *   cookie = version | HMAC-SHA256(secret[version], Ni | IPi | SPIi)
 *
 * The secret is random and replaced every IKE_COOKIE_ROTATE seconds; the
 * one before is still accepted, so a cookie is good for one to two periods
 * and a captured one cannot be replayed for long.
 */
#ifndef FLEXD_IKE_COOKIE_H
#define FLEXD_IKE_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define IKE_COOKIE_LEN 33     /* 1 version octet + 32 octets of HMAC-SHA256 */
#define IKE_COOKIE_ROTATE 60  /* seconds a secret is current */

/* The cookie for this request; now = monotonic seconds.  0, or -1 when
 * no random secret could be had. */
int ike_cookie_make(long long now, const uint8_t *ni, size_t ni_len, const struct sockaddr_storage *peer,
		    uint64_t spi_i, uint8_t out[IKE_COOKIE_LEN]);
/* Is this the cookie we gave for this Ni, source address and SPIi (under
 * the current or the previous secret)? */
bool ike_cookie_check(long long now, const uint8_t *cookie, size_t len, const uint8_t *ni, size_t ni_len,
		      const struct sockaddr_storage *peer, uint64_t spi_i);
/* Forget both secrets (tests; engine stop). */
void ike_cookie_reset(void);

#endif
