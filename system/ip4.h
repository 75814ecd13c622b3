/* IPv4 text helpers shared by system/ and interface/. */
#ifndef FLEXD_IP4_H
#define FLEXD_IP4_H

#include <stdbool.h>
#include <stdint.h>

/* Dotted quad to host-order value; false when malformed. */
bool ip4_parse(const char *s, uint32_t *out);
/* Host-order value to dotted quad (buf of 16 bytes); returns buf. */
const char *ip4_fmt(uint32_t v, char *buf);
/* Is m a netmask (ones then zeros)? */
bool ip4_mask_ok(uint32_t m);
/* Prefix length of a contiguous mask. */
int ip4_mask_len(uint32_t m);
/* Canonical dotted text of s into buf (16 bytes); false when malformed. */
bool ip4_canon(const char *s, char *buf);

#endif
