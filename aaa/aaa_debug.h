/*
 * `debug radius [authentication|accounting]` and `debug aaa
 * authentication|authorization|accounting`: IOS-style lines through
 * base/log.h.  RADIUS packets are dumped attribute by attribute as IOS
 * does, with every secret masked (User-Password, Tunnel-Password, the
 * MS-MPPE keys, CHAP and EAP key material print as `*`).
 */
#ifndef FLEXD_AAA_DEBUG_H
#define FLEXD_AAA_DEBUG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vty;

enum aaa_debug_kind {
	AAA_DBG_RADIUS_AUTH = 1,  /* Access-* packets */
	AAA_DBG_RADIUS_ACCT = 2,  /* Accounting-* packets */
	AAA_DBG_AUTHEN = 4,       /* debug aaa authentication */
	AAA_DBG_AUTHOR = 8,       /* debug aaa authorization */
	AAA_DBG_ACCT = 16,        /* debug aaa accounting */
};

extern unsigned aaa_debug_flags;

static inline bool aaa_debug_on(unsigned kind)
{
	return (aaa_debug_flags & kind) != 0;
}

void aaa_debug(unsigned kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A packet sent to (out) or received from server srv on our source port
 * sport: the header line and one line per attribute. */
void radius_debug_packet(bool out, const struct sockaddr_in *srv, unsigned sport, const uint8_t *pkt,
			 size_t len);

/* For `show debugging` and `undebug all` (cli/debug_cmds.c). */
void aaa_debug_show(struct vty *v);
void aaa_debug_off(void);

#endif
