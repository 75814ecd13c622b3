/*
 * IKE SAs held by the responder, and the IKEv2 engine's entry points.
 */
#ifndef FLEXD_IKE_SA_H
#define FLEXD_IKE_SA_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "crypto.h"
#include "msg.h"

enum ike_sa_state {
	IKE_SA_HALF_OPEN,     /* IKE_SA_INIT answered, waiting for IKE_AUTH */
	IKE_SA_ESTABLISHED,
	IKE_SA_REKEYED,       /* replaced by a rekey: waits for the peer's Delete */
};

/* IKE SPIs on the wire are 8 octets, network order. */
static inline void ike_put64(uint8_t out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

static inline uint64_t ike_get64(const uint8_t p[8])
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* A Child SA (ESP) held under its IKE SA.  SPIs in host order: spi_in is
 * ours (the peer sends with it), spi_out theirs. */
struct ike_child {
	struct ike_child *next;
	uint32_t spi_in, spi_out;
	uint16_t encr, keylen, integ;      /* IANA transform ids, bits */
	bool esn;
	uint16_t pfs_group;                /* 0 = no PFS */
	struct ikev2_child_keys keys;      /* §2.17 order: ei/ai initiator->responder */
	struct ikev2_ts ts_i, ts_r;        /* narrowed selectors, initiator's / ours */
	struct ikev2_ts ts_i2, ts_r2;      /* dual stack: the IPv6 pair (ts2 set) */
	bool ts2;
	long long created;                 /* seconds, monotonic */
	int lifetime;                      /* seconds */
	bool rekeyed;                      /* replaced by a newer one (waits for its Delete) */
	/* the anti-replay window its ESP SA gets (ipsec/ipsec_sa_policy.h,
	 * set when it is made); replay_set false = the default 64 */
	bool replay_set;
	uint16_t replay_window;            /* bits, 0 = replay checking off */
	/* lifetimes and our own rekey (ike_rekey_child.c; read on the first
	 * tick after it is made: life_read) */
	bool life_read;
	bool no_rekey;                     /* our rekey refused for good: it runs to hard expiry */
	int soft;                          /* s after created: flexd starts the rekey */
	uint64_t life_bytes, soft_bytes;   /* volume lifetime (hard, rekey), 0 = none */
	/* ESP transport mode: USE_TRANSPORT_MODE accepted (RFC 7296 §1.3.1,
	 * ike_child_mode.c); selectors = the two outer addresses */
	bool transport;
};

#define IKE_SA_MAX_CERTREQ 8

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
	uint8_t *last_resp;                /* our last response, for retransmits (RFC 7383
					    * fragments: all of them back to back; ike_send_cached) */
	size_t last_resp_len;
	char profile[64];
	char peer_id[256];                 /* printable IDi */
	char local_id[256];
	uint32_t assigned;                 /* host order, 0 = none */
	uint8_t assigned6[16];             /* IPv6 pool address */
	uint8_t assigned6_len;             /* its pool block length, 0 = none */
	struct ike_child *children;        /* newest first */
	bool auth_failed;                  /* AUTHENTICATION_FAILED sent: goes away */
	bool busy;                         /* a worker computes its keys (ike_init.c) */
	bool doomed;                       /* removed while busy: freed when the worker is done */
	bool teardown;                     /* refused after IKE_AUTH (no address): its Delete (dpd_req)
	                                    * resent by ike_dpd.c until answered, then it goes */
	uint32_t own_msgid;                /* ids of the requests we send */
	/* IKE SA rekey (ike_create_child.c): a new SA (new Tunnel-id) keeps
	 * the session; the old one goes when the peer deletes it, or at
	 * retire_at at the latest. */
	uint32_t session_id;               /* 0 = id (never rekeyed) */
	long long retire_at;               /* IKE_SA_REKEYED: monotonic seconds */
	/* certificate authentication (ike_auth_cert.c) */
	uint8_t peer_hashes;               /* bit h: SIGNATURE_HASH_ALGORITHMS id h offered */
	uint8_t n_peer_certreq;            /* CA key hashes from the peer's CERTREQs */
	uint8_t peer_certreq[IKE_SA_MAX_CERTREQ][20];
	char auth_sign[8], auth_verify[16]; /* "PSK", "RSA", "ECDSA" for the shows; "" = none */
	/* authorization (ike_author_run.c): the merged attributes (CFG_REPLY,
	 * interface-config lines for the Virtual-Access), a pending fetch */
	struct aaa_attrs *authz;
	struct ike_author_job *authz_job;
	/* keyring aaa (ike_keyring_aaa.c): the answer with the PSKs, a pending fetch */
	struct aaa_attrs *keyring_attrs;
	struct ike_keyring_job *keyring_job;
	bool frag_peer;                    /* peer sent IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383) */
	uint8_t peer_vids;                 /* Cisco vendor IDs it sent (IKE_VID_*, ike_vendor.h) */
	struct ike_frag_rx *frag_rx;       /* a request in reassembly (ike_frag.c) */
	/* liveness and lifetime (ike_dpd.c) */
	long long last_rx;                 /* last message from the peer, monotonic s */
	bool conf_read;                    /* the fields below taken from the profile */
	int lifetime;                      /* IKE SA lifetime, s (profile, default 86400) */
	int dpd_interval, dpd_retry;       /* 0 = no DPD */
	bool dpd_periodic;
	uint8_t *dpd_req;                  /* our outstanding liveness request */
	size_t dpd_req_len;
	uint32_t dpd_msgid;
	int dpd_tries;                     /* retransmissions sent so far */
	long long dpd_sent;                /* when last (re)sent */
	long long dpd_last;                /* when the last check was started */
	/* the SA table's indexes (ike_sa_table.c): only it writes these */
	struct ike_sa **t_pprev;           /* in the list of all SAs (->next) */
	struct ike_sa *t_next_r, *t_next_i;/* hash chains: by spi_r, by spi_i */
	struct ike_sa *t_next_a4, *t_next_a6; /* hash chains: by assigned, assigned6 */
	struct ike_sa *t_st_next, **t_st_pprev; /* the list of SAs in t_state */
	bool t_in;                         /* in the table */
	enum ike_sa_state t_state;         /* the state it is counted under */
	uint32_t t_a4;                     /* the addresses it is indexed under */
	uint8_t t_a6[16], t_a6len;
	uint8_t t_src[16], t_src_fam;      /* half-open: the source it is counted under */
	/* IKE_AUTH in steps (ike_auth.c, ike_eap.c): identity/profile, the
	 * peer's authentication (PSK/cert at once, or EAP rounds), authorization
	 * (ike_auth_author.c), finish.  The first request's decrypted inner
	 * payloads are kept until the finish step parses them again. */
	uint8_t *auth_req;                 /* inner chain of IKE_AUTH #1, NULL = none kept */
	size_t auth_req_len;
	uint8_t auth_req_first;            /* its first payload type */
	bool auth_pending;                 /* a step waits (EAP backend, authorization): a
	                                    * retransmission of auth_msgid is dropped */
	uint32_t auth_msgid;               /* the request the pending step will answer */
	long long auth_deadline;           /* monotonic s: IKE_AUTH unfinished by then ends */
	uint8_t *auth_idr;                 /* our IDr body (EAP: AUTH in the last response) */
	size_t auth_idr_len;
	/* EAP (ike_eap.c) */
	struct eap_server *eap;            /* the conversation (aaa/eap_server.h) */
	uint8_t eap_state;                 /* 0 none, 1 running, 2 succeeded (AUTH next) */
	bool eap_first;                    /* no response sent yet: the next carries IDr/AUTH */
	uint8_t eap_last_id;               /* Identifier of the peer's last EAP Response */
	uint8_t eap_msk[64];
	size_t eap_msk_len;                /* 0: AUTH with SK_p (RFC 7296 §2.16) */
	char eap_id[256];                  /* the peer's EAP identity ("Remote EAP id") */
	char eap_cert[256];                /* AnyConnect cert-request: the client certificate's
	                                    * subject, verified in EAP (ike_eap_cert.c) */
	uint8_t *eap_attrs;                /* RADIUS Access-Accept attributes (TLVs), for authorization */
	size_t eap_attrs_len;
	/* requests of ours beyond DPD (ike_rekey_child.c): Child SA rekey and
	 * Delete; NAT keepalives (ike_natka.c) */
	struct ike_rekey *rekey;           /* NULL = none outstanding or pending */
	struct ike_rekey_ike *rekey_ike;   /* our IKE SA rekey outstanding (ike_rekey_ike.c) */
	int ike_soft;                      /* s after established: our IKE SA rekey (0 = not drawn) */
	bool orig_initiator;               /* we rekeyed it: our messages carry the I flag */
	long long natka_last;              /* last NAT keepalive sent */
	long long natka_gen;               /* config generation natka_* were read at (0 = never) */
	int natka_interval;                /* s, 0 = none */
	bool natka_force;                  /* profile `nat force-encap` */
};

/* The Session-id of the shows: stays the same across IKE SA rekeys. */
static inline uint32_t ike_sa_session_id(const struct ike_sa *s)
{
	return s->session_id ? s->session_id : s->id;
}

struct ike_dgram;

/* Answer an IKE_SA_INIT request (ike_init.c). */
void ike_init_handle(const struct ike_dgram *d, const struct ikev2_msg *m);
/* Answer an IKE_AUTH request (ike_auth.c). */
void ike_auth_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m);
/* Answer an INFORMATIONAL request (ike_info.c): liveness, Delete. */
void ike_info_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m);

/* ike_send.c: encrypt an inner payload chain into a response and send it
 * (kept for retransmission). */
int ike_send_protected(struct ike_sa *s, uint8_t exchange, uint32_t msgid, const uint8_t *inner,
		       size_t inner_len, uint8_t first);
/* Resend the cached last response (every fragment of it). */
void ike_send_cached(struct ike_sa *s, const struct ike_dgram *d);
/* RFC 7383 for `show crypto ikev2 sa detailed`: the MTU our messages to
 * this SA are fragmented at, 0 when `crypto ikev2 fragmentation` is not
 * configured (then nothing is fragmented; we still reassemble).  Whether
 * the peer supports it: s->frag_peer. */
int ike_frag_mtu(const struct ike_sa *s);
/* A response carrying one notify (no data). */
void ike_send_notify(struct ike_sa *s, uint8_t exchange, uint32_t msgid, uint16_t type);
/* Tell the peer the IKE SA is gone (INFORMATIONAL Delete), no retries. */
int ike_send_delete(struct ike_sa *s);
/* Tell the peer these ESP SAs are gone (INFORMATIONAL Delete of our
 * inbound SPIs, network order, 4 octets each, at most 256), no retries. */
int ike_send_delete_child(struct ike_sa *s, const uint8_t *spis, uint16_t nspi);
/* A liveness check (empty INFORMATIONAL request), kept in s->dpd_req. */
int ike_send_dpd(struct ike_sa *s);
/* The IKE SA's Delete as a request kept in s->dpd_req (s->dpd_msgid) for
 * retransmission by ike_dpd.c (s->teardown). */
int ike_send_delete_kept(struct ike_sa *s);

/* A request of ours with the next own message id (*msgid), kept in
 * *keep (malloc'd, replaced) for retransmission with ike_send. */
int ike_send_request(struct ike_sa *s, uint8_t exchange, const uint8_t *inner, size_t inner_len, uint8_t first,
		     uint32_t *msgid, uint8_t **keep, size_t *keep_len);

/* ike_author.c: answer a CFG_REQUEST from the profile's authorization
 * (pool address, DNS, ...) into w.  0, or the notify to send instead of
 * the Child SA (INTERNAL_ADDRESS_FAILURE). */
uint16_t ike_author_reply(struct ike_sa *s, const struct ikev2_msg *m, struct ikev2_writer *w);
/* The Child SA's selectors narrowed to s's assigned addresses (IPv4 pair
 * first, then IPv6; see ike_author_narrow).  Number of pairs, 0 = none
 * acceptable (TS_UNACCEPTABLE). */
unsigned ike_author_ts(const struct ike_sa *s, const struct ikev2_msg *m, struct ikev2_ts out_i[2],
		       struct ikev2_ts out_r[2]);

/* ike_child.c: choose a Child SA from the request's SA/TS payloads (the
 * IPsec profile bound to s->profile), derive its keys from SK_d and the
 * nonces (gir: PFS shared secret or NULL), write SA, TSi, TSr into w and
 * keep it on s.  0, or the notify to answer with instead
 * (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE). */
uint16_t ike_child_respond(struct ike_sa *s, const struct ikev2_msg *m, const uint8_t *ni, size_t ni_len,
			   const uint8_t *nr, size_t nr_len, const uint8_t *gir, size_t gir_len,
			   struct ikev2_writer *w);

/* PFS for CREATE_CHILD_SA from the IPsec profile (`set pfs [groupN]`). */
struct ike_pfs {
	bool negotiate;    /* false: IKE_AUTH, DH transforms are ignored */
	bool required;     /* `set pfs` configured */
	uint16_t group;    /* `set pfs groupN`, 0 = any group we support */
};
void ike_pfs_policy(const char *profile, struct ike_pfs *out);
/* ike_pfs.c (pure): may proposal pr of offer be taken as far as DH goes,
 * and with which group (*dh, 0 = no PFS)?  A group the initiator's KE
 * (ke_group, 0 = no KE) already uses is preferred (no INVALID_KE round). */
bool ike_pfs_choose(const struct ike_pfs *pfs, const struct ikev2_sa *offer, const struct ikev2_proposal *pr,
		    uint16_t ke_group, uint16_t *dh);

/* A CREATE_CHILD_SA Child SA request (ike_child_create). */
struct ike_child_req {
	const uint8_t *ni, *nr;
	size_t ni_len, nr_len;
	const uint8_t *gir;        /* internal: PFS g^ir */
	size_t gir_len;
	bool create_child;         /* set by ike_child_create: Nr and KEr follow SA */
	uint16_t want_group;       /* out, with INVALID_KE_PAYLOAD */
	struct ike_child *made;    /* out: the new Child SA */
	const struct ike_child *rekey_of; /* CREATE_CHILD_SA rekey: the old one (its mode stays) */
};
/* A Child SA from CREATE_CHILD_SA (§1.3.1, §1.3.3): SA, Nr, [KEr], TSi,
 * TSr written into w.  0, or the notify to answer with instead
 * (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD with rq->want_group,
 * TS_UNACCEPTABLE, ...). */
uint16_t ike_child_create(struct ike_sa *s, const struct ikev2_msg *m, struct ike_child_req *rq,
			  struct ikev2_writer *w);
/* REKEY_SA (§1.3.3): the Child SA a rekey request names by the SPI the
 * initiator receives with (our spi_out); NULL and *err set when the
 * notify is malformed (INVALID_SYNTAX) or the SA unknown (CHILD_SA_NOT_FOUND).
 * Pure. */
struct ike_child *ike_child_rekey_target(struct ike_sa *s, const struct ikev2_notify *n, uint16_t *err);
/* INFORMATIONAL Delete of ESP SAs (§1.4.1): remove each pair the peer
 * names (by its inbound SPI = our spi_out) and put our inbound SPIs of
 * those pairs into ours (network order, 4 octets each, at most cap).
 * Unknown SPIs are ignored.  Returns how many were deleted.  Pure. */
unsigned ike_child_delete(struct ike_sa *s, const struct ikev2_delete *d, uint8_t *ours, unsigned cap);

/* CREATE_CHILD_SA as responder (ike_create_child.c): new Child SA, Child
 * SA rekey, IKE SA rekey. */
void ike_create_child_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m);

/* Our CREATE_CHILD_SA offer from the profile's transform sets (one ESP
 * proposal each, SPI spi, DH group dh when PFS): number of proposals. */
unsigned ike_child_offer(const char *profile, uint16_t dh, uint32_t spi, struct ikev2_sa *out);
/* The IPsec profile bound to this IKEv2 profile ("default" if none). */
void ike_child_ipsec_profile(const char *profile, char *ipsec, size_t len);

struct ike_child *ike_child_by_spi(struct ike_sa *s, uint32_t spi, bool inbound);
/* Unlink and wipe one Child SA (NULL-safe). */
void ike_child_remove(struct ike_sa *s, struct ike_child *c);
void ike_child_free_all(struct ike_sa *s);
/* clear crypto ikev2 sa / clear crypto session: delete (and tell) every SA
 * matching the addresses (NULL = any); returns how many went. */
int ike_clear(const char *local, const char *remote);
/* Is this address assigned to an SA already? */
bool ike_addr_in_use(uint32_t addr);

/* The SA table (ike_engine.c). */
void ike_sa_insert(struct ike_sa *s);
void ike_sa_remove(struct ike_sa *s);  /* unlink and free */
void ike_sa_free(struct ike_sa *s);    /* free one not (or no longer) in the table */
uint32_t ike_sa_next_id(void);
long long ike_now_s(void);             /* monotonic seconds */
/* The %CRYPTO-5-IKEV2_SESSION_STATUS down line for an established SA. */
void ike_log_down(const struct ike_sa *s);

/* ike_dpd.c: the engine's one-second tick (DPD, lifetime); responses to
 * our own requests (flag R) handed over by on_datagram. */
void ike_dpd_start(void);
void ike_dpd_stop(void);
void ike_response(const struct ike_dgram *d, struct ikev2_msg *m);
/* Profile values (lifetime, DPD) the SA runs with, read once. */
void ike_sa_conf(struct ike_sa *s);
/* ike_rekey_child.c: Child SA lifetimes and the rekeys flexd starts
 * (RFC 7296 §1.3.3, §2.8, collisions §2.8.1), then the Delete of the old
 * pair.  ike_rekey_tick from the 1 s tick; ike_rekey_response when a
 * response matches ike_rekey_msgid; ike_rekey_busy: a request of ours is
 * outstanding (DPD waits); ike_rekey_peer_rekeyed from the responder side
 * when the peer rekeyed `old` into `made` (collision check); freed with
 * the IKE SA. */
bool ike_rekey_tick(struct ike_sa *s, long long now); /* false: the SA went */
bool ike_rekey_busy(const struct ike_sa *s);
bool ike_rekey_msgid(const struct ike_sa *s, uint32_t msgid);
void ike_rekey_response(struct ike_sa *s, struct ikev2_msg *m);
void ike_rekey_peer_rekeyed(struct ike_sa *s, const struct ike_child *old, const struct ike_child *made,
			    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len);
void ike_rekey_free(struct ike_sa *s);
/* No request of ours outstanding and no Delete waiting to go. */
bool ike_rekey_idle(const struct ike_sa *s);
/* ike_rekey_ike.c: the IKE SA rekey flexd starts at the soft lifetime
 * (same shape: tick, response by message id, free). */
bool ike_rekey_ike_tick(struct ike_sa *s, long long now); /* false: the SA went */
bool ike_rekey_ike_msgid(const struct ike_sa *s, uint32_t msgid);
void ike_rekey_ike_response(struct ike_sa *s, struct ikev2_msg *m);
void ike_rekey_ike_free(struct ike_sa *s);
/* ike_create_child.c: the new IKE SA n takes over s's session (peer,
 * identities, address, children); s becomes IKE_SA_REKEYED. */
void ike_sa_take_over(struct ike_sa *n, struct ike_sa *s);
/* ike_natka.c: NAT keepalives (RFC 3948 §2.3) from the 1 s tick. */
void ike_natka_tick(struct ike_sa *s, long long now);
/* ike_dpd.c: decrypt and parse a response of ours in place (m's inner
 * payloads); false: dropped (counted). */
bool ike_response_open(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m);
/* The SA holding this pool address (NULL: none). */
const struct ike_sa *ike_sa_by_addr(uint32_t addr);

/* Start the engine: bind the IKE ports (0 = 500/4500). */
int ike_engine_start(uint16_t port, uint16_t natt_port);
void ike_engine_stop(void);

/* The SA table (ike_sa_table.c): hash indexes by SPI and pool address,
 * counters per state; ike_sa_first()/->next still walks all SAs.  State
 * and pool addresses change through these setters (or fields set
 * directly, then ike_sa_sync) so the indexes follow. */
void ike_sa_set_state(struct ike_sa *s, enum ike_sa_state st);
void ike_sa_set_assigned(struct ike_sa *s, uint32_t addr);
void ike_sa_set_assigned6(struct ike_sa *s, const uint8_t a[16], uint8_t len); /* len 0 = none */
void ike_sa_sync(struct ike_sa *s);
int ike_sa_total(void);
/* Half-open SAs created from this IP address (any port): a hash of counts. */
int ike_sa_half_open_from(const struct sockaddr_storage *peer);
/* The first SA in state st (then ->t_st_next). */
struct ike_sa *ike_sa_first_in(enum ike_sa_state st);
/* Remove half-open SAs created more than max_age s before now. */
int ike_sa_prune_half_open(long long now, long long max_age);
/* An SA holding an IPv6 pool address in a's first block_len bits. */
const struct ike_sa *ike_sa_by_addr6(const uint8_t a[16], int block_len);
/* The SA whose assigned IPv6 block holds address a (data plane, per packet:
 * one hash probe per block length in use). */
const struct ike_sa *ike_sa_by_dst6(const uint8_t a[16]);
void ike_sa_remove_all(void);
/* Out of the table and every index (ike_sa_free does it first). */
void ike_sa_unlink(struct ike_sa *s);

struct ike_sa *ike_sa_find(uint64_t spi_i, uint64_t spi_r);
/* A half-open SA for a retransmitted IKE_SA_INIT: same SPIi from the same peer. */
struct ike_sa *ike_sa_find_init(uint64_t spi_i, const struct sockaddr_storage *peer);
struct ike_sa *ike_sa_first(void);
int ike_sa_count(enum ike_sa_state st);

struct ike_stats {
	unsigned long in_requests, in_accepted, in_rejected;
	unsigned long dropped_malformed, dropped_unsupported;
	unsigned long no_proposal, invalid_ke;
	unsigned long dropped_pending;     /* retransmitted IKE_AUTH while a step was pending */
};
const struct ike_stats *ike_engine_stats(void);
extern struct ike_stats ike_stats;

#endif
