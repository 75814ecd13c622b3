/*
 * The ESP data plane of flexd (issue 5): the engine's ESP SA table and
 * the TUN device.  Every Child SA the IKE engine makes gets an esp_sa
 * (esp_dp_child_up, from ike_child.c), dropped when the child is freed
 * (esp_dp_child_down).  Inbound: UDP-4500 ESP (the esp_rx hook of
 * ike_socket_open) -> SPI hash -> esp_decap -> inner source checked
 * against the child's initiator selectors -> TUN.  Outbound: a packet
 * read from the TUN -> the IKE SA holding its destination as pool address
 * -> its newest Child SA -> esp_encap -> ike_send_esp.
 */
#ifndef FLEXD_IPSEC_ESP_DP_H
#define FLEXD_IPSEC_ESP_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ike_child;

void esp_dp_child_up(const struct ike_child *c);
void esp_dp_child_down(const struct ike_child *c);
/* The esp_rx hook: data at the SPI. */
void esp_dp_rx(const uint8_t *data, size_t len, const struct sockaddr_storage *peer,
	       const struct sockaddr_storage *local);
/* Create the TUN device (IFF_TUN|IFF_NO_PI) and watch it on the loop.
 * Only flexd calls it.  Returns the fd or -1 (logged). */
int esp_dp_tun_open(const char *name);
void esp_dp_tun_close(void);
/* Inner bytes decrypted (in) and encrypted (out) with this child's ESP
 * SA, for volume lifetimes; false (zeros) when it has none. */
bool esp_dp_child_bytes(const struct ike_child *c, uint64_t *in, uint64_t *out);
/* Number of ESP SAs in the table. */
unsigned esp_dp_count(void);
/* The ESP counters of a Child SA (NULL: it has no ESP SA). */
struct esp_stats;
const struct esp_stats *esp_dp_child_stats(const struct ike_child *c);

struct esp_dp_stats {
	unsigned long rx_no_sa, rx_dropped, rx_bad_selector, rx_no_tun, rx_ok;
	unsigned long tx_ok, tx_no_sa, tx_dropped, tx_short, tx_send_err;
};
const struct esp_dp_stats *esp_dp_stats(void);
/* One ESP SA's counters by our inbound SPI (accounting); NULL: none. */
struct esp_stats;
const struct esp_stats *esp_dp_sa_stats(uint32_t spi_in);

/* One Child SA's ESP SA and the data plane's own counters for it (the
 * ESP layer's are in esp_sa_stats(sa): packets, bytes, drops by reason).
 * false when the child has no ESP SA (transform not supported). */
struct esp_sa;
struct esp_dp_sa_info {
	const struct esp_sa *sa;
	unsigned long tx_encap_failed;  /* esp_encap refused it (also in the SA's drops[]) */
	unsigned long tx_send_err;      /* the UDP send failed (known per SA only when a send
					 * batch held this SA's packets alone; else global only) */
	unsigned long rx_bad_selector;  /* decapsulated; inner source outside the child's TSi */
	unsigned long rx_tun_err;       /* not written to the TUN (none, or write failed; GRO's
					 * merged writes: global rx_dropped only) */
	uint64_t last_rx_ms, last_tx_ms; /* loop_now_ms() clock of the last packet each way; 0 = never */
};
bool esp_dp_sa_info(const struct ike_child *c, struct esp_dp_sa_info *out);

#endif
