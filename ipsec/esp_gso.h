/*
 * Outbound offloads of the TUN (the mirror of esp_gro.c).  flexd offers the
 * kernel TUN_F_CSUM and TUN_F_TSO4: a read may then hand over a packet whose
 * checksum is left partial (virtio header flag NEEDS_CSUM), or a TCP/IPv4
 * "super-packet" of up to 64 KB (gso_type TCPV4) that stands for many
 * segments of gso_size payload octets.  One read instead of dozens, and the
 * kernel skips cutting them; flexd cuts them here, just before ESP, since
 * each segment must become an ESP packet of its own.
 *
 *   if (esp_gso_begin(&it, vnet, pkt, len) < 0) drop;   // validated; csum completed
 *   if (!it.segs) send pkt as it is;                     // no GSO
 *   else while ((n = esp_gso_next(&it, out, cap)) > 0) send out;
 *
 * Segments follow what the kernel's own TCP segmentation writes: IP total
 * length, ID + i and header checksum; TCP sequence + i * gso_size; FIN and
 * PSH only on the last, CWR only on the first; full TCP checksums.
 */
#ifndef FLEXD_IPSEC_ESP_GSO_H
#define FLEXD_IPSEC_ESP_GSO_H

#include <stddef.h>
#include <stdint.h>

struct esp_gso_iter {
	const uint8_t *pkt;
	size_t len, hlen, mss, off;  /* off: next payload octet */
	unsigned segs, i;            /* segs 0: not a GSO packet */
};

/* vnet: the 10-octet virtio_net_hdr before pkt (len octets).  Completes a
 * partial checksum in place.  Returns the number of packets it stands for
 * (1 for a plain one, it.segs for GSO) or -1 when the header or packet is
 * malformed or a kind not offered (dropped by the caller). */
int esp_gso_begin(struct esp_gso_iter *it, const uint8_t *vnet, uint8_t *pkt, size_t len);
/* Write the next segment into out (cap octets); its length, 0 when all are
 * done, -1 when out is too small. */
long esp_gso_next(struct esp_gso_iter *it, uint8_t *out, size_t cap);

#endif
