/*
 * Pool addresses for remote-access peers (`ip local pool`, `ipv6 local
 * pool`); in use = held by a live IKE SA.
 */
#ifndef FLEXD_IKE_POOL_H
#define FLEXD_IKE_POOL_H

#include <stdbool.h>
#include <stdint.h>

/* The first free IPv4 address of the pool (host order), 0 when none. */
uint32_t ike_pool_take4(const char *pool);
/* The first free block of the IPv6 pool: its address (::1 in the block,
 * or the address itself for /128 blocks) and the block length. */
bool ike_pool_take6(const char *pool, uint8_t out[16], int *assigned_len);
/* An IPv4 address left the SA table's index (ike_sa_table.c): handouts
 * may find it free again. */
void ike_pool_released4(uint32_t addr);
/* Does a live SA hold an address in the same /block_len as a? */
bool ike_addr6_in_use(const uint8_t a[16], int block_len);

#endif
