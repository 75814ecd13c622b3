/*
 * `debug crypto ikev2 [packet|internal|error]`: IOS-style debug lines
 * through base/log.h (the log buffer and `terminal monitor` vtys).
 * Never given keys, secrets or decrypted key material: only headers,
 * payload types, notify names and state names.
 */
#ifndef FLEXD_IKE_DEBUG_H
#define FLEXD_IKE_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ike_sa;
struct ikev2_hdr;

enum ike_debug_kind {
	IKE_DBG_PACKET = 1,    /* messages in and out, payload lists */
	IKE_DBG_INTERNAL = 2,  /* state changes */
	IKE_DBG_ERROR = 4,     /* failures */
	IKE_DBG_DEFAULT = 8,   /* plain `debug crypto ikev2`: all of the above */
};

extern unsigned ike_debug_flags;

struct vty;
/* For `show debugging` and `undebug all` (cli/debug_cmds.c). */
void ike_debug_show(struct vty *v);
void ike_debug_off(void);

/* Is this kind switched on? (cheap: callers may test before formatting) */
bool ike_debug_on(enum ike_debug_kind kind);

/* One line "IKEv2:(SESSION ID = n,SA ID = 1):text" (s may be NULL). */
void ike_debug(enum ike_debug_kind kind, const struct ike_sa *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A whole message received (out = false) or sent: addresses, SPIs,
 * message id, exchange, and the payload list (ENCR for protected ones).
 * s NULL: looked up by the SPIs. */
void ike_debug_packet(const struct ike_sa *s, bool out, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *peer, const uint8_t *msg, size_t len);

/* The decrypted contents of a protected message: its payload list. */
void ike_debug_inner(const struct ike_sa *s, bool out, const struct ikev2_hdr *h, uint8_t first,
		     const uint8_t *inner, size_t len);

#endif
