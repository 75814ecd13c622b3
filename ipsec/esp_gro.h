/*
 * Inbound TCP coalescing for the TUN (GRO in userspace).  With
 * IFF_VNET_HDR every TUN write starts with a struct virtio_net_hdr; a run
 * of decapsulated TCP/IPv4 segments of one flow (contiguous, same size,
 * same headers but for the sequence number) is written as ONE super-packet
 * with gso_type TCPV4, so the kernel forwards one skb instead of dozens and
 * cuts it (or hands it to a GRO-capable receiver) as late as possible.
 * Anything else is written as it is, behind a zero header.
 *
 *   esp_gro_add(g, ip, len);   // per decapsulated packet
 *   esp_gro_flush(g);          // at the end of each receive batch
 *
 * Every segment's TCP checksum is verified before it is merged (the
 * super-packet's checksum is recomputed by the kernel, so a bad one must
 * not be laundered); a segment that fails goes out as it is.
 */
#ifndef FLEXD_IPSEC_ESP_GRO_H
#define FLEXD_IPSEC_ESP_GRO_H

#include <stddef.h>
#include <stdint.h>

#define ESP_GRO_VNET_LEN 10   /* struct virtio_net_hdr */

struct esp_gro_stats {
	unsigned long writes, merged, write_err;   /* merged: segments appended to a super-packet */
};

struct esp_gro;
/* fd: a TUN opened with IFF_VNET_HDR (header size 10). */
struct esp_gro *esp_gro_new(int fd);
void esp_gro_free(struct esp_gro *g);
/* Hand every write to fn instead (the TUN writer thread, tun_io.c): it
 * returns 0, or -1 when the write is lost; segs = packets in it. */
struct iovec;
typedef int (*esp_gro_sink_fn)(void *ctx, const struct iovec *iov, int iovcnt, unsigned segs);
void esp_gro_set_sink(struct esp_gro *g, esp_gro_sink_fn fn, void *ctx);
/* Queue an inner IPv4/IPv6 packet; returns 0, or -1 when a write failed
 * (the packets of the failed write are counted in write_err). */
int esp_gro_add(struct esp_gro *g, const uint8_t *ip, size_t len);
int esp_gro_flush(struct esp_gro *g);
const struct esp_gro_stats *esp_gro_stats(const struct esp_gro *g);

#endif
