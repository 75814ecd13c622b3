/*
 * The Internet checksum (RFC 1071) for the data plane's TCP coalescing and
 * segmentation (esp_gro.c, esp_gso.c): sums of big-endian 16-bit words,
 * added up in a uint64_t and folded at the end.  Eight octets per step: the
 * sum does not depend on byte order (RFC 1071 §2(B)), so native loads are
 * summed and the folded result swapped once.
 */
#ifndef FLEXD_IPSEC_INET_CSUM_H
#define FLEXD_IPSEC_INET_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* s plus the sum of the len octets at p (an odd last octet is the high
 * half of a word), not folded. */
uint64_t inet_sum(const uint8_t *p, size_t len, uint64_t s);
/* Fold a sum to 16 bits (not inverted). */
uint16_t inet_fold(uint64_t s);

#endif
