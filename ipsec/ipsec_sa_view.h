/*
 * What the IPsec shows (`show crypto ipsec sa`, `show crypto session`)
 * print about a session's Child SAs, gathered once from the IKE SA, the
 * data plane (esp_dp_sa_info) and the ESP layer (esp_sa_stats): flows
 * (Child SAs with the same selectors, so a rekey's old and new pair
 * share one), counters by IOS's names, lifetimes left, names.
 */
#ifndef FLEXD_IPSEC_SA_VIEW_H
#define FLEXD_IPSEC_SA_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ike_sa;
struct ike_child;
struct ikev2_ts;
struct ipsec_sa_policy;

/* One Child SA's counters, by the names of IOS's classic `detail` block. */
struct ipsec_sa_counters {
	uint64_t encaps, decaps;            /* packets encrypted / decrypted and verified */
	uint64_t enc_bytes, dec_bytes;      /* inner octets */
	uint64_t encaps_failed, send_err;   /* outbound drops: esp_encap refused, UDP send failed */
	uint64_t rollover_send;             /* sequence number exhausted (in encaps_failed) */
	uint64_t invalid_sa, invalid_len, invalid_prot, invalid_identity;
	uint64_t verify_failed, replay_failed, decaps_failed, internal_rcv;
};
uint64_t ipsec_sa_send_errors(const struct ipsec_sa_counters *k);
uint64_t ipsec_sa_recv_errors(const struct ipsec_sa_counters *k);
void ipsec_sa_counters_add(struct ipsec_sa_counters *sum, const struct ipsec_sa_counters *k);
/* false when the child has no ESP SA in the data plane (all zero then). */
bool ipsec_sa_counters_of(const struct ike_child *c, struct ipsec_sa_counters *out);

/* A flow: the first child of a group with these selectors (newest first,
 * as on the IKE SA).  ipsec_flow_same: does c carry the same flow? */
bool ipsec_flow_same(const struct ike_child *a, const struct ike_child *b);
/* Is c the first (newest) child of its flow on s? */
bool ipsec_flow_first(const struct ike_sa *s, const struct ike_child *c);

/* "Virtual-Access<N>": the session's interface as the shows name it. */
void ipsec_sa_ifname(const struct ike_sa *s, char *out, size_t len);
/* A selector as IOS's ident: "0.0.0.0/0.0.0.0/0/0" (addr/mask/prot/port). */
void ipsec_ts_ident(const struct ikev2_ts *t, char *out, size_t len);
/* A selector as an IPSEC FLOW side: "host A.B.C.D" or "A.B.C.D/M.M.M.M". */
void ipsec_ts_flow(const struct ikev2_ts *t, char *out, size_t len);
/* The transform as `show crypto ipsec sa` spells it: "esp-gcm 256", "esp-256-aes esp-sha256-hmac". */
void ipsec_child_transform(const struct ike_child *c, char *out, size_t len);
/* Lifetime left: kilobytes (ceil of octets used) and seconds (>= 0). */
long long ipsec_life_kb_left(const struct ipsec_sa_policy *p, uint64_t bytes);
long long ipsec_life_sec_left(const struct ipsec_sa_policy *p, const struct ike_child *c);

#endif
