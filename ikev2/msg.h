/*
 * IKEv2 message codec (RFC 7296 §3, RFC 7383 SKF): pure, no I/O, no
 * allocation.  Modelled on OpenBSD iked: every length is checked before
 * anything is read, each payload kind has one validator, and every list an
 * attacker controls is capped (SA/TS/CP lists beyond the cap are validated
 * but not stored, and flagged `truncated`; other lists beyond theirs are an
 * error).  struct ikev2_msg is about 16 KB: keep it static or on the heap.
 *
 * Parsing:
 *   struct ikev2_msg m;
 *   struct ikev2_perr e = ikev2_msg_parse(&m, dgram, len);   // marker stripped
 *   if (e.notify) { ...answer N(e.notify) (data: e.payload for
 *                   UNSUPPORTED_CRITICAL_PAYLOAD) or drop... }
 *   // IKE_AUTH/CREATE_CHILD_SA/INFORMATIONAL: m.sk is the SK (or SKF) payload.
 *   // Decrypt m.sk.body, strip padding, then:
 *   e = ikev2_msg_parse_inner(&m, m.sk.next, plain, plain_len);
 * The decoded forms point into the buffers given (datagram, plaintext): keep
 * those alive as long as the ikev2_msg is used.
 *
 * Building:
 *   struct ikev2_writer w;
 *   ikev2_w_init(&w, buf, sizeof(buf), &hdr);     // or ikev2_w_init_inner
 *   ikev2_w_sa(&w, &sa); ikev2_w_ke(&w, 19, pub, 64); ...
 *   if (ikev2_w_finish(&w, &len)) ...overflow or misuse...
 * Next-payload fields and lengths are chained automatically.
 */
#ifndef FLEXD_IKEV2_MSG_H
#define FLEXD_IKEV2_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKEV2_HDR_LEN     28
#define IKEV2_GENHDR_LEN  4
#define IKEV2_VERSION     0x20  /* major 2, minor 0 */

/* Caps on what one message may carry (beyond them: error or truncated). */
#define IKEV2_MAX_PAYLOADS   128  /* payloads in a message, outer + inner: error */
#define IKEV2_MAX_PROPOSALS  32   /* stored per SA payload: truncated */
#define IKEV2_MAX_XF_PER_PROP 64  /* per proposal: the proposal is not stored */
#define IKEV2_MAX_TRANSFORMS 256  /* stored per SA payload: truncated */
#define IKEV2_MAX_XF_ATTRS   16   /* attributes per transform: error */
#define IKEV2_MAX_TS         64   /* selectors stored per TS payload: truncated */
#define IKEV2_MAX_CP_ATTRS   64   /* attributes stored per CP payload: truncated */
#define IKEV2_MAX_NOTIFY     64   /* per message: error */
#define IKEV2_MAX_CERT       16   /* CERT payloads, and CERTREQ payloads: error */
#define IKEV2_MAX_VID        32   /* error */
#define IKEV2_MAX_DELETE     16   /* error */

enum ikev2_exchange {
	IKEV2_EXCH_IKE_SA_INIT = 34,
	IKEV2_EXCH_IKE_AUTH = 35,
	IKEV2_EXCH_CREATE_CHILD_SA = 36,
	IKEV2_EXCH_INFORMATIONAL = 37,
	IKEV2_EXCH_IKE_SESSION_RESUME = 38,
	IKEV2_EXCH_IKE_INTERMEDIATE = 43,
};

enum ikev2_hdr_flags {
	IKEV2_FLAG_I = 0x08,  /* sent by the original initiator */
	IKEV2_FLAG_V = 0x10,  /* sender can speak a higher major version */
	IKEV2_FLAG_R = 0x20,  /* response */
};

enum ikev2_payload_type {
	IKEV2_PL_NONE = 0,
	IKEV2_PL_SA = 33,
	IKEV2_PL_KE = 34,
	IKEV2_PL_IDI = 35,
	IKEV2_PL_IDR = 36,
	IKEV2_PL_CERT = 37,
	IKEV2_PL_CERTREQ = 38,
	IKEV2_PL_AUTH = 39,
	IKEV2_PL_NONCE = 40,
	IKEV2_PL_NOTIFY = 41,
	IKEV2_PL_DELETE = 42,
	IKEV2_PL_VENDOR = 43,
	IKEV2_PL_TSI = 44,
	IKEV2_PL_TSR = 45,
	IKEV2_PL_SK = 46,
	IKEV2_PL_CP = 47,
	IKEV2_PL_EAP = 48,
	IKEV2_PL_SKF = 53,
};

/* Notify message types (RFC 7296 §3.10.1 and extensions). */
enum ikev2_notify_type {
	IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	IKEV2_N_INVALID_IKE_SPI = 4,
	IKEV2_N_INVALID_MAJOR_VERSION = 5,
	IKEV2_N_INVALID_SYNTAX = 7,
	IKEV2_N_INVALID_MESSAGE_ID = 9,
	IKEV2_N_INVALID_SPI = 11,
	IKEV2_N_NO_PROPOSAL_CHOSEN = 14,
	IKEV2_N_INVALID_KE_PAYLOAD = 17,
	IKEV2_N_AUTHENTICATION_FAILED = 24,
	IKEV2_N_SINGLE_PAIR_REQUIRED = 34,
	IKEV2_N_NO_ADDITIONAL_SAS = 35,
	IKEV2_N_INTERNAL_ADDRESS_FAILURE = 36,
	IKEV2_N_FAILED_CP_REQUIRED = 37,
	IKEV2_N_TS_UNACCEPTABLE = 38,
	IKEV2_N_INVALID_SELECTORS = 39,
	IKEV2_N_UNACCEPTABLE_ADDRESSES = 40,
	IKEV2_N_UNEXPECTED_NAT_DETECTED = 41,
	IKEV2_N_TEMPORARY_FAILURE = 43,
	IKEV2_N_CHILD_SA_NOT_FOUND = 44,
	IKEV2_N_INITIAL_CONTACT = 16384,
	IKEV2_N_SET_WINDOW_SIZE = 16385,
	IKEV2_N_ADDITIONAL_TS_POSSIBLE = 16386,
	IKEV2_N_IPCOMP_SUPPORTED = 16387,
	IKEV2_N_NAT_DETECTION_SOURCE_IP = 16388,
	IKEV2_N_NAT_DETECTION_DESTINATION_IP = 16389,
	IKEV2_N_COOKIE = 16390,
	IKEV2_N_USE_TRANSPORT_MODE = 16391,
	IKEV2_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	IKEV2_N_REKEY_SA = 16393,
	IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	IKEV2_N_NON_FIRST_FRAGMENTS_ALSO = 16395,
	IKEV2_N_MOBIKE_SUPPORTED = 16396,
	IKEV2_N_MULTIPLE_AUTH_SUPPORTED = 16404,
	IKEV2_N_ANOTHER_AUTH_FOLLOWS = 16405,
	IKEV2_N_REDIRECT_SUPPORTED = 16406,
	IKEV2_N_REDIRECT = 16407,
	IKEV2_N_REDIRECTED_FROM = 16408,
	IKEV2_N_EAP_ONLY_AUTHENTICATION = 16417,
	IKEV2_N_CHILDLESS_IKEV2_SUPPORTED = 16418,
	IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	IKEV2_N_SIGNATURE_HASH_ALGORITHMS = 16431,
	IKEV2_N_USE_PPK = 16435,
	IKEV2_N_PPK_IDENTITY = 16436,
	IKEV2_N_NO_PPK_AUTH = 16437,
};

enum ikev2_proto {
	IKEV2_PROTO_NONE = 0, IKEV2_PROTO_IKE = 1, IKEV2_PROTO_AH = 2, IKEV2_PROTO_ESP = 3,
};

enum ikev2_xf_type {
	IKEV2_XF_ENCR = 1, IKEV2_XF_PRF = 2, IKEV2_XF_INTEG = 3, IKEV2_XF_DH = 4, IKEV2_XF_ESN = 5,
};
#define IKEV2_ATTR_KEY_LENGTH 14  /* the one transform attribute (TV format) */

enum ikev2_id_type {
	IKEV2_ID_IPV4_ADDR = 1, IKEV2_ID_FQDN = 2, IKEV2_ID_RFC822_ADDR = 3, IKEV2_ID_IPV6_ADDR = 5,
	IKEV2_ID_DER_ASN1_DN = 9, IKEV2_ID_DER_ASN1_GN = 10, IKEV2_ID_KEY_ID = 11, IKEV2_ID_NULL = 13,
};

enum ikev2_auth_method {
	IKEV2_AUTH_RSA_SIG = 1, IKEV2_AUTH_PSK = 2, IKEV2_AUTH_DSS = 3, IKEV2_AUTH_ECDSA_256 = 9,
	IKEV2_AUTH_ECDSA_384 = 10, IKEV2_AUTH_ECDSA_521 = 11, IKEV2_AUTH_DIGITAL_SIG = 14,
};

enum ikev2_cert_encoding {
	IKEV2_CERT_X509_SIG = 4, IKEV2_CERT_HASH_URL = 12, IKEV2_CERT_HASH_URL_BUNDLE = 13,
};

enum ikev2_ts_type { IKEV2_TS_IPV4_ADDR_RANGE = 7, IKEV2_TS_IPV6_ADDR_RANGE = 8 };

enum ikev2_cfg_type {
	IKEV2_CFG_REQUEST = 1, IKEV2_CFG_REPLY = 2, IKEV2_CFG_SET = 3, IKEV2_CFG_ACK = 4,
};

enum ikev2_cfg_attr {
	IKEV2_CFG_INTERNAL_IP4_ADDRESS = 1,
	IKEV2_CFG_INTERNAL_IP4_NETMASK = 2,
	IKEV2_CFG_INTERNAL_IP4_DNS = 3,
	IKEV2_CFG_INTERNAL_IP4_NBNS = 4,
	IKEV2_CFG_INTERNAL_ADDRESS_EXPIRY = 5,
	IKEV2_CFG_INTERNAL_IP4_DHCP = 6,
	IKEV2_CFG_APPLICATION_VERSION = 7,
	IKEV2_CFG_INTERNAL_IP6_ADDRESS = 8,
	IKEV2_CFG_INTERNAL_IP6_DNS = 10,
	IKEV2_CFG_INTERNAL_IP6_DHCP = 12,
	IKEV2_CFG_INTERNAL_IP4_SUBNET = 13,
	IKEV2_CFG_SUPPORTED_ATTRIBUTES = 14,
	IKEV2_CFG_INTERNAL_IP6_SUBNET = 15,
	IKEV2_CFG_INTERNAL_DNS_DOMAIN = 25,
};

enum ikev2_eap_code { IKEV2_EAP_REQUEST = 1, IKEV2_EAP_RESPONSE = 2, IKEV2_EAP_SUCCESS = 3,
		      IKEV2_EAP_FAILURE = 4 };

/* A run of bytes inside a parsed buffer (or, for building, the caller's). */
struct ikev2_span {
	const uint8_t *p;
	size_t len;
};

/* ---- decoded forms ---- */

struct ikev2_hdr {
	uint64_t spi_i, spi_r;  /* the 8 wire octets read big-endian */
	uint8_t next;           /* first payload type */
	uint8_t version;        /* major << 4 | minor */
	uint8_t exchange;
	uint8_t flags;          /* IKEV2_FLAG_*; reserved bits as received */
	uint32_t msgid;
	uint32_t length;
};

struct ikev2_transform {
	uint8_t type;           /* IKEV2_XF_* (others kept: the selector rejects the proposal) */
	uint16_t id;
	uint16_t keylen;        /* bits from the Key Length attribute, 0 = absent */
	bool unknown_attr;      /* has an attribute other than Key Length: unacceptable (§3.3.6) */
};

struct ikev2_proposal {
	uint8_t num;            /* proposal number, from 1 */
	uint8_t proto;          /* IKEV2_PROTO_IKE/AH/ESP */
	uint8_t spi_len;        /* 0 or 8 (IKE), 4 (AH/ESP) */
	uint8_t spi[8];
	uint16_t xf_first;      /* index of its first transform in ikev2_sa.xf */
	uint16_t nxf;
};

struct ikev2_sa {
	unsigned nprop;
	bool truncated;         /* proposals were left out (caps) */
	struct ikev2_proposal prop[IKEV2_MAX_PROPOSALS];
	unsigned nxf;
	struct ikev2_transform xf[IKEV2_MAX_TRANSFORMS];
};

struct ikev2_ke {
	uint16_t group;
	struct ikev2_span data;
};

struct ikev2_id {
	uint8_t type;
	struct ikev2_span data;
	struct ikev2_span body;  /* ID Type | RESERVED | data: what AUTH's prf() covers (§2.15) */
};

struct ikev2_cert {            /* CERT and CERTREQ */
	uint8_t encoding;
	struct ikev2_span data;  /* CERTREQ X.509: concatenated 20-byte SHA-1 key hashes */
};

struct ikev2_auth {
	uint8_t method;
	struct ikev2_span data;
	struct ikev2_span sig_alg;  /* method 14 (RFC 7427): AlgorithmIdentifier DER */
	struct ikev2_span sig;      /* method 14: the signature after it; else = data */
};

struct ikev2_notify {
	uint8_t proto;
	uint16_t type;
	struct ikev2_span spi;   /* 0, 4 or 8 octets */
	struct ikev2_span data;
	bool inner;              /* came from inside SK (authenticated) */
};

struct ikev2_delete {
	uint8_t proto;
	uint8_t spi_len;         /* 0 (IKE) or 4 (AH/ESP) */
	uint16_t nspi;
	struct ikev2_span spis;  /* nspi * spi_len octets */
};

struct ikev2_ts {
	uint8_t type;            /* IKEV2_TS_*; an unknown type is kept with zero fields */
	uint8_t proto;           /* IP protocol, 0 = any */
	uint16_t sport, eport;
	uint8_t start[16], end[16];  /* 4 octets used for IPv4 */
};

struct ikev2_ts_list {
	unsigned n;
	bool truncated;
	struct ikev2_ts ts[IKEV2_MAX_TS];
};

struct ikev2_cp_attr {
	uint16_t type;           /* the reserved top bit masked off */
	uint16_t len;
	const uint8_t *val;
};

struct ikev2_cp {
	uint8_t type;            /* IKEV2_CFG_* */
	unsigned n;
	bool truncated;
	struct ikev2_cp_attr a[IKEV2_MAX_CP_ATTRS];
};

struct ikev2_eap {
	uint8_t code, id;
	uint8_t type;            /* Request/Response only, else 0 */
	struct ikev2_span pkt;   /* the whole EAP packet (for RADIUS EAP-Message) */
	struct ikev2_span data;  /* Type-Data */
};

/* SK (RFC 7296 §3.14) or SKF (RFC 7383 §2.5): the encrypted body is
 * IV | ciphertext | ICV; sizes depend on the negotiated transforms. */
struct ikev2_sk {
	uint8_t next;            /* first inner payload type (0 in SKF fragments > 1) */
	bool frag;               /* SKF */
	uint16_t frag_num, frag_total;
	size_t off;              /* offset of its generic header in the datagram */
	size_t aad_len;          /* AEAD AAD = datagram[0 .. aad_len): header .. SK(F) header */
	struct ikev2_span body;  /* IV | ciphertext | ICV, up to the end of the datagram */
};

/* One payload in wire order (for debug output and ordering rules). */
struct ikev2_pl_ref {
	uint8_t type;
	bool critical;
	bool inner;
	bool known;              /* false: an unknown non-critical payload, skipped */
	uint16_t len;            /* including the generic header */
	size_t off;              /* of the generic header in its buffer */
};

struct ikev2_msg {
	struct ikev2_hdr hdr;
	struct ikev2_span raw;        /* the datagram */
	struct ikev2_span plain;      /* the inner chain given to parse_inner */
	unsigned npl;
	struct ikev2_pl_ref pl[IKEV2_MAX_PAYLOADS];
	uint64_t seen;                /* bit (type - 32) for each payload type present */

	/* at most one of each of these */
	struct ikev2_sa sa;
	struct ikev2_ke ke;
	struct ikev2_span nonce;
	struct ikev2_id idi, idr;
	struct ikev2_auth auth;
	struct ikev2_ts_list tsi, tsr;
	struct ikev2_cp cp;
	struct ikev2_eap eap;
	struct ikev2_sk sk;           /* SK or SKF */

	unsigned nnotify, ncert, ncertreq, nvid, ndel;
	struct ikev2_notify notify[IKEV2_MAX_NOTIFY];
	struct ikev2_cert cert[IKEV2_MAX_CERT];
	struct ikev2_cert certreq[IKEV2_MAX_CERT];
	struct ikev2_span vid[IKEV2_MAX_VID];
	struct ikev2_delete del[IKEV2_MAX_DELETE];
};

/* Parse result.  notify == 0: OK.  Otherwise the message is invalid and
 * notify is the error type to answer with (INVALID_SYNTAX,
 * UNSUPPORTED_CRITICAL_PAYLOAD, INVALID_MAJOR_VERSION); whether to answer
 * at all is the caller's call (RFC 7296 §2.21: before integrity is checked,
 * only an IKE_SA_INIT request earns an answer, else drop). */
struct ikev2_perr {
	uint16_t notify;
	uint8_t payload;    /* payload being parsed (0: IKE header); for
			     * UNSUPPORTED_CRITICAL_PAYLOAD the notify data */
	bool hdr_ok;        /* m->hdr was decoded: SPIs usable for an answer */
	size_t off;         /* offending octet, from the start of the buffer */
	const char *why;    /* static text for debug */
};

/* Parse a datagram (the caller strips the non-ESP marker).  Checks the
 * header (major version 2, length == len), walks the payload chain and
 * validates each payload.  Outside SK:
 *   - IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL, IKE_INTERMEDIATE: SK or SKF
 *     is required (last), preceded by nothing but Notify, Vendor ID or
 *     unknown non-critical payloads;
 *   - IKE_SA_INIT, IKE_SESSION_RESUME: no SK/SKF; only SA, KE, Nonce,
 *     CERTREQ, Notify, Vendor ID (and unknown non-critical);
 *   - other exchange types: the same, but SK/SKF allowed (last).
 * So ID, AUTH, CERT, CP, EAP, TS and Delete are only ever accepted inside. */
struct ikev2_perr ikev2_msg_parse(struct ikev2_msg *m, const uint8_t *pkt, size_t len);

/* Parse a decrypted inner chain (padding already removed) into m, after
 * ikev2_msg_parse: first = m->sk.next (for SKF, fragment 1's).  SK/SKF are
 * refused inside.  Singleton payloads count across outer and inner. */
struct ikev2_perr ikev2_msg_parse_inner(struct ikev2_msg *m, uint8_t first, const uint8_t *p,
					size_t len);

static inline bool ikev2_msg_has(const struct ikev2_msg *m, uint8_t type)
{
	return type > 32 && type < 96 && (m->seen >> (type - 32) & 1);
}

/* First notify of that type, or NULL. */
const struct ikev2_notify *ikev2_msg_notify(const struct ikev2_msg *m, uint16_t type);

/* Expected KE data length for a DH group, 0 when the group is unknown. */
size_t ikev2_ke_len(uint16_t group);

/* Split an SK/SKF body into IV | ciphertext | ICV for the negotiated
 * sizes; block > 1 requires the ciphertext to be a multiple of it.
 * -1 when the body cannot hold them (drop the message). */
int ikev2_sk_split(const struct ikev2_sk *sk, size_t iv_len, size_t icv_len, size_t block,
		   struct ikev2_span *iv, struct ikev2_span *ct, struct ikev2_span *icv);

/* Decrypted SK plaintext: inner payloads | padding | Pad Length.  Sets
 * *inner_len; -1 when the Pad Length is impossible. */
int ikev2_sk_unpad(const uint8_t *plain, size_t len, size_t *inner_len);

/* Padding to add after inner_len octets so that inner | pad | Pad Length is
 * a multiple of block (1 for AEAD ciphers that need none). */
size_t ikev2_sk_pad_len(size_t inner_len, size_t block);

/* ---- names, for debug output ---- */
const char *ikev2_payload_name(uint8_t type);     /* "SA", "KE", "N", ... ; NULL if unknown */
const char *ikev2_notify_name(uint16_t type);     /* "COOKIE", ... ; NULL if unknown */
const char *ikev2_exchange_name(uint8_t type);    /* "IKE_SA_INIT", ... ; NULL if unknown */

/* ---- building ---- */

struct ikev2_writer {
	uint8_t *buf;
	size_t cap, len;
	size_t np_off;      /* where the next payload's type goes; SIZE_MAX: into `first` */
	size_t hdr_off;     /* SIZE_MAX for an inner chain (no IKE header) */
	uint8_t first;      /* inner chain: type of its first payload (SK's next payload) */
	bool closed;        /* SK/SKF written: nothing may follow */
	bool failed;        /* sticky: overflow or invalid argument */
};

/* Where the caller puts the encryption of an SK/SKF payload, all offsets in
 * w->buf: after ikev2_w_finish, write IV at iv_off, ciphertext at ct_off,
 * then compute the ICV over [0, icv_off) (or AEAD with AAD [0, aad_len)). */
struct ikev2_sk_slot {
	size_t iv_off, ct_off, icv_off, aad_len, end;
};

/* Start a message: writes the 28-byte header (next payload and length are
 * filled in as payloads are appended and by ikev2_w_finish). */
void ikev2_w_init(struct ikev2_writer *w, uint8_t *buf, size_t cap, const struct ikev2_hdr *h);
/* Start an inner chain (SK plaintext): no header; w->first is its first type. */
void ikev2_w_init_inner(struct ikev2_writer *w, uint8_t *buf, size_t cap);
/* Set the header length; *len = bytes written.  -1 if anything failed. */
int ikev2_w_finish(struct ikev2_writer *w, size_t *len);

/* Any payload from its body (e.g. a relayed EAP packet, a test's odd one). */
void ikev2_w_payload(struct ikev2_writer *w, uint8_t type, bool critical, const void *body,
		     size_t len);
void ikev2_w_sa(struct ikev2_writer *w, const struct ikev2_sa *sa);
void ikev2_w_ke(struct ikev2_writer *w, uint16_t group, const void *data, size_t len);
void ikev2_w_nonce(struct ikev2_writer *w, const void *nonce, size_t len);
void ikev2_w_notify(struct ikev2_writer *w, uint8_t proto, const void *spi, uint8_t spi_len,
		    uint16_t type, const void *data, size_t len);
/* pltype IKEV2_PL_IDI or IKEV2_PL_IDR */
void ikev2_w_id(struct ikev2_writer *w, uint8_t pltype, uint8_t idtype, const void *data,
		size_t len);
void ikev2_w_auth(struct ikev2_writer *w, uint8_t method, const void *data, size_t len);
void ikev2_w_cert(struct ikev2_writer *w, uint8_t encoding, const void *data, size_t len);
void ikev2_w_certreq(struct ikev2_writer *w, uint8_t encoding, const void *data, size_t len);
/* pltype IKEV2_PL_TSI or IKEV2_PL_TSR */
void ikev2_w_ts(struct ikev2_writer *w, uint8_t pltype, const struct ikev2_ts *ts, unsigned n);
void ikev2_w_cp(struct ikev2_writer *w, uint8_t cfg_type, const struct ikev2_cp_attr *a,
		unsigned n);
/* An EAP packet built here: Request/Response carry type and data;
 * Success/Failure are 4 octets (type and data ignored). */
void ikev2_w_eap(struct ikev2_writer *w, uint8_t code, uint8_t id, uint8_t type, const void *data,
		 size_t len);
void ikev2_w_delete(struct ikev2_writer *w, uint8_t proto, uint8_t spi_len, const void *spis,
		    uint16_t nspi);
void ikev2_w_vendor(struct ikev2_writer *w, const void *vid, size_t len);
/* SK placeholder: must be last; inner_first = the inner chain's first type.
 * Reserves iv_len + ct_len + icv_len octets (zeroed). */
void ikev2_w_sk(struct ikev2_writer *w, uint8_t inner_first, size_t iv_len, size_t ct_len,
		size_t icv_len, struct ikev2_sk_slot *slot);
/* SKF placeholder (RFC 7383): inner_first only in fragment 1, else 0. */
void ikev2_w_skf(struct ikev2_writer *w, uint8_t inner_first, uint16_t frag_num,
		 uint16_t frag_total, size_t iv_len, size_t ct_len, size_t icv_len,
		 struct ikev2_sk_slot *slot);

#endif
