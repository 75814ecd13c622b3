/*
 * IKE SAs held by the responder, and the IKEv2 engine's entry points.
 */
#ifndef FLEXD_IKE_SA_H
#define FLEXD_IKE_SA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "crypto.h"

enum ike_sa_state {
	IKE_SA_HALF_OPEN,     /* IKE_SA_INIT answered, waiting for IKE_AUTH */
	IKE_SA_ESTABLISHED,
};

struct ike_sa {
	struct ike_sa *next;
	uint32_t id;                       /* Tunnel-id in the shows */
	uint64_t spi_i, spi_r;
	enum ike_sa_state state;
	struct sockaddr_storage peer, local;
	bool natt;                         /* talking on 4500 */
	bool nat_peer, nat_local;          /* NAT detected in front of them / us */
	struct ikev2_suite suite;
	struct ikev2_ike_keys keys;
	struct ikev2_sk_dir *sk_out, *sk_in;
	uint8_t ni[256], nr[32];
	size_t ni_len, nr_len;
	uint8_t *init_req, *init_resp;     /* the IKE_SA_INIT messages, for AUTH */
	size_t init_req_len, init_resp_len;
	long long created;                 /* seconds, monotonic */
	long long established;
	/* IKE_AUTH and after */
	uint32_t next_msgid;               /* the request id we expect next */
	uint8_t *last_resp;                /* our last response, for retransmits */
	size_t last_resp_len;
	char profile[64];
	char peer_id[256];                 /* printable IDi */
	char local_id[256];
	uint32_t assigned;                 /* host order, 0 = none */
	uint32_t child_spi_in, child_spi_out;  /* ESP SPIs: ours (inbound), theirs */
	uint16_t child_encr, child_keylen, child_integ;
	bool auth_failed;                  /* AUTHENTICATION_FAILED sent: goes away */
	uint32_t own_msgid;                /* ids of the requests we send */
};

/* Answer an IKE_AUTH request (ike_auth.c). */
struct ike_dgram;
struct ikev2_msg;
void ike_auth_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m);
/* Encrypt an inner payload chain into a response and send it (kept for
 * retransmission). */
int ike_send_protected(struct ike_sa *s, uint8_t exchange, uint32_t msgid, const uint8_t *inner,
		       size_t inner_len, uint8_t first);
/* Tell the peer the IKE SA is gone (INFORMATIONAL Delete), no retries. */
int ike_send_delete(struct ike_sa *s);
/* clear crypto ikev2 sa / clear crypto session: delete (and tell) every SA
 * matching the addresses (NULL = any); returns how many went. */
int ike_clear(const char *local, const char *remote);
/* Is this address assigned to an SA already? */
bool ike_addr_in_use(uint32_t addr);

/* Start the engine: bind the IKE ports (0 = 500/4500). */
int ike_engine_start(uint16_t port, uint16_t natt_port);
void ike_engine_stop(void);

struct ike_sa *ike_sa_find(uint64_t spi_i, uint64_t spi_r);
/* A half-open SA for a retransmitted IKE_SA_INIT: same SPIi from the same peer. */
struct ike_sa *ike_sa_find_init(uint64_t spi_i, const struct sockaddr_storage *peer);
struct ike_sa *ike_sa_first(void);
int ike_sa_count(enum ike_sa_state st);

struct ike_stats {
	unsigned long in_requests, in_accepted, in_rejected;
	unsigned long dropped_malformed, dropped_unsupported;
	unsigned long no_proposal, invalid_ke;
};
const struct ike_stats *ike_engine_stats(void);

#endif
