/*
 * The IKE sockets: UDP 500 and 4500 (RFC 3948: on 4500 IKE follows a
 * 4-byte zero non-ESP marker; anything else there is UDP-encapsulated ESP
 * or a one-byte NAT keepalive).  IPv4 and IPv6, the local address of each
 * datagram recovered with IP_PKTINFO so replies leave from where the
 * request arrived.
 */
#ifndef FLEXD_IKE_SOCKET_H
#define FLEXD_IKE_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ike_dgram {
	const uint8_t *data;          /* IKE message (marker stripped) */
	size_t len;
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
	bool natt;                    /* arrived on the 4500 socket */
};

typedef void (*ike_rx_fn)(const struct ike_dgram *d);
typedef void (*esp_rx_fn)(const uint8_t *data, size_t len, const struct sockaddr_storage *peer,
			  const struct sockaddr_storage *local);

/* Bind the IKE ports (0 = default 500/4500).  Failure is not fatal: the
 * reason is kept for `show crypto ikev2 stats` and logged, and binding is
 * tried again every IKE_SOCKET_RETRY_S until it works (or ike_socket_close). */
#define IKE_SOCKET_RETRY_S 10
int ike_socket_open(uint16_t port, uint16_t natt_port, ike_rx_fn ike_rx, esp_rx_fn esp_rx);
void ike_socket_close(void);
/* Why the sockets are not open ("" when they are, or were never asked for). */
const char *ike_socket_error(void);
uint16_t ike_socket_port(bool natt);

/* Send an IKE message from local to peer; natt: on the 4500 socket with
 * the non-ESP marker. */
int ike_send(const struct sockaddr_storage *local, const struct sockaddr_storage *peer, bool natt,
	     const uint8_t *data, size_t len);
/* Send UDP-encapsulated ESP (no marker) from the 4500 socket. */
int ike_send_esp(const struct sockaddr_storage *local, const struct sockaddr_storage *peer,
		 const uint8_t *data, size_t len);

/* Several UDP-encapsulated ESP datagrams from the 4500 socket, in one
 * sendmmsg per address family (the data plane's outbound batch).  At most
 * IKE_ESP_BATCH; returns how many were sent (the others counted in
 * tx_errors). */
#define IKE_ESP_BATCH 64
struct ike_esp_out {
	struct sockaddr_storage local, peer;
	const uint8_t *data;
	size_t len;
};
unsigned ike_send_esp_batch(const struct ike_esp_out *v, unsigned n);
/* The same on a socket of the caller's (all to one address family; the
 * bench's ESP client). */
unsigned ike_send_esp_batch_on(int fd, const struct ike_esp_out *v, unsigned n);
/* Called after each batch of datagrams read from the 4500 socket (the
 * data plane writes what it coalesced); NULL for none. */
void ike_socket_set_esp_flush(void (*fn)(void));

struct ike_socket_stats {
	unsigned long rx, tx, dropped_short, keepalives, esp_rx, esp_no_handler, tx_errors;
};
const struct ike_socket_stats *ike_socket_stats(void);

/* "A.B.C.D" / "X:X::X:X" and the port of an address. */
const char *sockaddr_ip(const struct sockaddr_storage *ss, char *buf, size_t len);
uint16_t sockaddr_port(const struct sockaddr_storage *ss);

#endif
