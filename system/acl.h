/* IP access lists: shared by the commands, the renderer and the show. */
#ifndef FLEXD_ACL_H
#define FLEXD_ACL_H

#include <stdbool.h>

struct buf;

/* Port by number or IOS name for a protocol ("tcp"/"udp"); -1 if unknown. */
int acl_port_parse(const char *proto, const char *word);
/* IOS name of a port, or NULL (then print the number). */
const char *acl_port_name(const char *proto, int port);

/* One entry of sys_ace as text, without indent or sequence number:
 * "permit 10.0.0.0 0.0.0.255" (config form) or, with show=true for a
 * standard list, "permit 10.0.0.0, wildcard bits 0.0.0.255". */
void acl_ace_text(struct buf *b, const char *kind, bool show, const char *action,
		  const char *proto, const char *src, const char *src_wc, const char *src_op,
		  long long sp1, long long sp2, const char *dst, const char *dst_wc,
		  const char *dst_op, long long dp1, long long dp2, bool established, bool log);

#endif
