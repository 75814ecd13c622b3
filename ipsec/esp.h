/*
 * ESP packet layer (RFC 4303 tunnel mode), pure and I/O-free like
 * ikev2/crypto_*.c: an SA object keyed once from the Child SA keys, that
 * turns an inner IPv4/IPv6 packet into an ESP packet and back.  No
 * allocation per packet; the caller owns every buffer.
 *
 *   struct esp_sa *sa = esp_sa_from_child(child, false, 64);  // responder
 *   uint8_t out[2048];
 *   ssize_t n = esp_encap(sa, ip, ip_len, ESP_NH_IPV4, out, sizeof out);
 *   size_t inner_len; uint8_t nh;
 *   enum esp_result r = esp_decap(sa, pkt, pkt_len, out, sizeof out, &inner_len, &nh);
 *   esp_sa_free(sa);
 *
 * An ESP packet here starts at the SPI: the IP header (or, with UDP
 * encapsulation, the IP and UDP headers: RFC 3948) is the socket's.
 * Ciphers: AES-GCM-16 128/256 (RFC 4106), AES-CBC 128/256 with
 * HMAC-SHA1-96 / SHA2-256-128 / SHA2-384-192 / SHA2-512-256, and
 * ChaCha20-Poly1305 (RFC 7634).
 */
#ifndef FLEXD_IPSEC_ESP_H
#define FLEXD_IPSEC_ESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ESP_HDR_LEN        8      /* SPI | sequence number */
#define ESP_NH_IPV4        4
#define ESP_NH_IPV6        41
#define ESP_NH_NONE        59     /* dummy packet (RFC 4303 §2.6): dropped silently */
#define ESP_REPLAY_DEFAULT 64
#define ESP_REPLAY_MAX     4096   /* bits; the window size N is 1..ESP_REPLAY_MAX (0 = off) */
#define ESP_MAX_OVERHEAD   (ESP_HDR_LEN + 16 + 15 + 2 + 32)  /* IV, pad, trailer, ICV */
#define ESP_MAX_PKT        65535  /* larger input is refused (ESP_DROP_SHORT: bad length) */

/* ---- anti-replay window (RFC 4303 §3.4.3, Appendix A; ESN Appendix A2) ---- */

struct esp_replay {
	unsigned size;                     /* window, bits; 0 = no replay check */
	bool esn;
	uint64_t top;                      /* highest authenticated sequence number; 0 = none */
	uint64_t bits[ESP_REPLAY_MAX / 64]; /* ring: bit (s mod ESP_REPLAY_MAX) for s in the window */
};

/* size: 0 (off) .. ESP_REPLAY_MAX; -1 when larger. */
int esp_replay_init(struct esp_replay *r, unsigned size, bool esn);
/* The full 64-bit sequence number of a packet whose 32 low bits are seq
 * (ESN: Appendix A2.2 inference from the window; else seq itself). */
uint64_t esp_replay_infer(const struct esp_replay *r, uint32_t seq);
/* 0 when seq64 is new and inside or ahead of the window, -1 when it is 0,
 * a duplicate or too old.  Does not change the window. */
int esp_replay_check(const struct esp_replay *r, uint64_t seq64);
/* Mark seq64 seen (after its ICV verified and esp_replay_check passed);
 * the window advances when seq64 is above it. */
void esp_replay_update(struct esp_replay *r, uint64_t seq64);

/* ---- SA ---- */

enum esp_result {
	ESP_OK = 0,
	ESP_DROP_SHORT,        /* bad length: too short, too long, or not whole blocks */
	ESP_DROP_SPI,          /* not this SA's SPI */
	ESP_DROP_AUTH,         /* ICV / AEAD tag mismatch */
	ESP_DROP_REPLAY,       /* duplicate or outside the window */
	ESP_DROP_PAD,          /* pad length too long or pad bytes not 1, 2, 3, ... */
	ESP_DROP_NEXTHDR,      /* next header neither 4 nor 41, or the inner IP version disagrees */
	ESP_DROP_DUMMY,        /* next header 59: a traffic-flow-confidentiality dummy */
	ESP_DROP_NOSPACE,      /* caller's output buffer too small */
	ESP_DROP_SEQ_EXHAUSTED,/* outbound: the sequence number would cycle (rekey needed) */
	ESP_DROP_CRYPTO,       /* an OpenSSL call failed */
	ESP_DROP__N
};

struct esp_stats {
	uint64_t enc_pkts, enc_bytes;      /* bytes: inner packets */
	uint64_t dec_pkts, dec_bytes;
	uint64_t drops[ESP_DROP__N];       /* by reason, both directions */
};

/* Keys as ikev2/crypto.h lays them out: ekey = ikev2_encr_keymat_len
 * octets (the 4-byte salt last for AEAD), akey = ikev2_integ_key_len. */
struct esp_sa_params {
	uint32_t spi_in, spi_out;          /* host order */
	uint16_t encr, keylen, integ;      /* IANA transform ids; keylen in bits */
	bool esn;
	unsigned replay_window;            /* bits, 0 = off; up to ESP_REPLAY_MAX */
	const uint8_t *ekey_in, *akey_in;
	const uint8_t *ekey_out, *akey_out;
	size_t e_len, a_len;
	uint64_t seq_out_start;            /* last sequence number sent (tests: near a wrap); 0 normally */
	uint64_t seq_in_start;             /* the window's top (tests: near a wrap); 0 normally */
	bool transport;                    /* transport mode: decap accepts any next header but 59
					    * (the payload is checked by ipsec/esp_transport.h) */
};

struct esp_sa;
struct ike_child;

bool esp_supported(uint16_t encr, uint16_t keylen_bits, uint16_t integ);
/* NULL on unsupported algorithms, bad key lengths or window, or no memory. */
struct esp_sa *esp_sa_new(const struct esp_sa_params *p);
/* From a negotiated Child SA: initiator says which side we are (a
 * responder decrypts with ei/ai and encrypts with er/ar). */
struct esp_sa *esp_sa_from_child(const struct ike_child *c, bool initiator, unsigned replay_window);
void esp_sa_free(struct esp_sa *sa);

/* Where the payload sits in an ESP packet (SPI, Seq, IV before it).
 * In place, with no copy: encapsulate an inner packet stored at
 * out + esp_inner_offset(sa) (the caller left that headroom), and
 * decapsulate into out = pkt + esp_inner_offset(sa).  Otherwise the
 * buffers must not overlap. */
size_t esp_inner_offset(const struct esp_sa *sa);
/* Largest ESP packet for an inner packet of inner_len octets. */
size_t esp_encap_len(const struct esp_sa *sa, size_t inner_len);
/* Encapsulate: out gets SPI..ICV.  Returns its length, or -(enum
 * esp_result) (counted in the stats). */
ssize_t esp_encap(struct esp_sa *sa, const uint8_t *inner, size_t inner_len, uint8_t next_hdr,
		  uint8_t *out, size_t out_cap);
/* Decapsulate pkt (SPI..ICV): every length is checked before it is used,
 * the ICV before anything else is trusted, then the replay window, the
 * padding and the next header.  On ESP_OK out holds the inner packet.
 * Anything else is counted in the stats. */
enum esp_result esp_decap(struct esp_sa *sa, const uint8_t *pkt, size_t len, uint8_t *out,
			  size_t out_cap, size_t *inner_len, uint8_t *next_hdr);

const struct esp_stats *esp_sa_stats(const struct esp_sa *sa);
uint32_t esp_sa_spi_in(const struct esp_sa *sa);
uint32_t esp_sa_spi_out(const struct esp_sa *sa);
uint64_t esp_sa_seq_out(const struct esp_sa *sa);     /* last sequence number sent */
const struct esp_replay *esp_sa_replay(const struct esp_sa *sa);
const char *esp_result_name(enum esp_result r);

/* ---- UDP encapsulation (RFC 3948) ----
 * On UDP 4500 the payload after the UDP header is one of: a NAT keepalive
 * (the single octet 0xFF), an IKE message behind the 4-octet non-ESP
 * marker (zeros), or an ESP packet (a non-zero SPI first). */
enum esp_udp_kind { ESP_UDP_INVALID, ESP_UDP_KEEPALIVE, ESP_UDP_IKE, ESP_UDP_ESP };
enum esp_udp_kind esp_udp_classify(const uint8_t *p, size_t len);
/* The SPI of an ESP packet (host order); 0 when len < ESP_HDR_LEN. */
uint32_t esp_peek_spi(const uint8_t *p, size_t len);
#define ESP_NATT_KEEPALIVE 0xff    /* payload of a NAT keepalive (RFC 3948 §2.3) */

#endif
