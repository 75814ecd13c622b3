/*
 * An EAP peer for PEAPv0 with inner EAP-MSCHAPv2 (draft-kamath-pppext-
 * peapv0-00, [MS-PEAP]), for ac-client -E peap: the test client that
 * proves flexd's EAP relay with a PEAP-speaking RADIUS server.
 *
 *   peap_peer.c   outer EAP (Identity, Nak), PEAP framing (flags L/M/S,
 *                 version, fragmentation and reassembly), TLS 1.2 over
 *                 OpenSSL memory BIOs, the MSK
 *   peap_inner.c  the tunnelled conversation: compressed EAP headers,
 *                 EAP-MSCHAPv2 peer (RFC 2759), the Result TLV
 */
#ifndef FLEXD_PEAP_PEER_H
#define FLEXD_PEAP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEAP_FRAG_MAX  1000       /* TLS bytes we put in one EAP-PEAP packet */
#define PEAP_MSG_MAX   65536      /* largest reassembled TLS message accepted */
#define PEAP_EAP_MAX   (PEAP_FRAG_MAX + 64)
#define PEAP_MSK_LEN   64

struct peap_peer;

struct peap_peer_conf {
	const char *identity;     /* outer and inner EAP identity, MSCHAPv2 user */
	const char *password;
	const char *cafile;       /* the CA the RADIUS server's certificate must chain to */
	const char *server_name;  /* its expected DNS name / CN (NULL: not checked) */
	size_t frag;              /* handshake bytes per fragment of ours: 16..PEAP_FRAG_MAX, 0 = the max */
	void (*say)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

enum peap_step { PEAP_REPLY, PEAP_ERROR };

struct peap_peer *peap_peer_new(const struct peap_peer_conf *c);
/* One EAP Request (code 1) in; the Response to send in out (cap at least
 * PEAP_EAP_MAX).  PEAP_ERROR with *why set on anything malformed or
 * refused (the caller gives up: a test tool, not a product). */
enum peap_step peap_peer_request(struct peap_peer *p, const uint8_t *req, size_t len, uint8_t *out, size_t cap,
				 size_t *out_len, const char **why);
/* After the outer EAP-Success: true when the tunnel carried a Result TLV
 * success that we answered with success, and msk holds the 64-octet MSK
 * (TLS-PRF(master, "client EAP encryption", client.random|server.random)). */
bool peap_peer_done(struct peap_peer *p, uint8_t msk[PEAP_MSK_LEN], const char **why);
void peap_peer_free(struct peap_peer *p);

/* ---- peap_inner.c: the tunnelled EAP (plaintext inside TLS) ---- */
struct peap_inner {
	const char *identity, *password;
	void (*say)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
	uint8_t nt_hash[16], nt_resp[24], chal_hash[8];
	bool responded;    /* we sent an MSCHAPv2 Response */
	bool server_ok;    /* the server's authenticator response verified */
	bool mschap_fail;  /* the server sent an MSCHAPv2 Failure */
	int result;        /* Result TLV status we answered: 0 none, 1 success, 2 failure */
};
/* One tunnelled packet in (as read from TLS), the packet to write back
 * into TLS in out.  0, or -1 with *why. */
int peap_inner_packet(struct peap_inner *in, const uint8_t *pkt, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len, const char **why);
void peap_inner_wipe(struct peap_inner *in);

#endif
