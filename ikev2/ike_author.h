/*
 * Authorization of PSK and certificate peers (local AAA): the IKEv2
 * authorization policy attributes the CFG_REPLY carries, which policy
 * applies, and the pure helpers behind it (name mangling, ACL entry to
 * subnet, user/group merge, selector narrowing).
 */
#ifndef FLEXD_IKE_AUTHOR_H
#define FLEXD_IKE_AUTHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

#include "aaa/aaa_author.h"

#define IKE_AUTHOR_MAX_SUBNETS AAA_MAX_SUBNETS   /* INTERNAL_IP4/6_SUBNET entries sent at most */

/* Cisco Unity private attribute numbers (anyconnect-eap.md §6). */
enum {
	IKE_CFG_UNITY_BANNER = 28672,
	IKE_CFG_UNITY_DEF_DOMAIN = 28674,
	IKE_CFG_UNITY_SPLITDNS_NAME = 28675,
	IKE_CFG_UNITY_BACKUP_SERVERS = 28681,
};

/* The attributes themselves: struct aaa_attrs (aaa/aaa_author.h). */

/* An ACL entry's address and wildcard as a subnet: false when the
 * wildcard is not contiguous (IOS cannot send it as a route either). */
bool ike_author_wc_subnet(uint32_t addr, uint32_t wildcard, uint32_t *net, uint32_t *mask);

/* Name mangler (`crypto ikev2 name-mangler`): the name derived from a
 * peer identity (IKEv2 ID type and data) by the mangler's rules (fqdn:
 * all|hostname|domain, email: all|username|domain, dn: common-name|...;
 * NULL = no rule for that type).  false when no rule fits the identity
 * or the field is absent. */
bool ike_author_mangle(const char *fqdn_rule, const char *email_rule, const char *dn_rule, int id_type,
		       const uint8_t *id, size_t id_len, char *out, size_t out_len);

/* Traffic selectors of a Child SA for a remote-access peer (IOS dVTI):
 * per address family the initiator proposed in TSi, TSi = its assigned
 * address (or the first selector it proposed of that family when it got
 * none) and TSr = the whole family.  v4 = host order, 0 = none; v6 NULL =
 * none.  Writes at most 2 pairs, IPv4 first; returns how many. */
unsigned ike_author_narrow(uint32_t v4, const uint8_t *v6, const struct ikev2_ts_list *tsi,
			   struct ikev2_ts out_i[2], struct ikev2_ts out_r[2]);

/* ---- ike_author.c / ike_author_run.c: the authorization step ---- */
struct ike_sa;
/* One `crypto ikev2 authorization policy`'s attributes (with its aaa
 * attribute list's interface-config lines); false when it does not exist. */
bool ike_author_policy(const char *name, const char *profile, struct aaa_attrs *a);
/* RADIUS route-set access-list / interface entries turned into subnets. */
void ike_author_resolve(struct aaa_attrs *a, const char *profile);

/* ok false: authorization failed (logged); the caller ends the session. */
typedef void (*ike_author_done_fn)(struct ike_sa *s, bool ok);
/* Authorize s (profile chosen, peer authenticated) for its method ("psk",
 * "cert", "eap", "anyconnect-eap"): IDi (type, data) and the EAP identity
 * (or NULL) for names; cached: the attributes the authentication left
 * (`user METHOD cached`), or NULL.  The merged attributes go to s->authz;
 * done is called once, maybe from inside this call. */
void ike_author_start(struct ike_sa *s, const char *method, uint8_t id_type, const uint8_t *id, size_t id_len,
		      const char *eap_id, const struct aaa_attrs *cached, ike_author_done_fn done);
/* Forget a pending authorization of s (done is not called). */
void ike_author_cancel_job(struct ike_sa *s);
/* Replace s->authz (takes a; NULL frees). */
void ike_author_set(struct ike_sa *s, struct aaa_attrs *a);
/* The interface-config lines authorized for s's Virtual-Access (aaa
 * attribute list / ip:interface-config), in the order to apply them after
 * the Virtual-Template's: group, cached, user (with group override:
 * cached, user, group).  Pointers valid while s->authz is.  How many. */
size_t ike_author_ifcfg(const struct ike_sa *s, const char **out, size_t max);
/* Everything of s's authorization, at SA free. */
void ike_author_free(struct ike_sa *s);
/* `crypto ikev2 name-mangler M` on a peer: its eap rule on the EAP
 * identity when given, else its rule for IDi's type. */
bool ike_author_mangle_name(const char *mangler, uint8_t id_type, const uint8_t *id, size_t id_len,
			    const char *eap_id, char *out, size_t len);

/* ---- ike_keyring_aaa.c: `keyring aaa LIST [name-mangler M]` ---- */
struct ike_conf_id;
/* keyring aaa configured in s's profile and the profile's own keys do not
 * cover the peer: its keys must be fetched first. */
bool ike_keyring_aaa_wanted(const struct ike_sa *s, const struct ike_conf_id *peer_id);
/* Fetch the peer's pre-shared keys into s->keyring_attrs; done(s, ok) once,
 * maybe from inside; ok false (logged): no key. */
void ike_keyring_aaa_start(struct ike_sa *s, uint8_t id_type, const uint8_t *id, size_t id_len,
			   ike_author_done_fn done);
void ike_keyring_aaa_cancel(struct ike_sa *s);
void ike_keyring_aaa_free(struct ike_sa *s);
/* The keys for s's peer: the profile's / local keyring's (ike_conf_psk),
 * else what the AAA keyring fetched. */
bool ike_psk_for(const struct ike_sa *s, const struct ike_conf_id *peer_id, char *local, size_t llen, char *remote,
		 size_t rlen);

/* Engines without the asynchronous step: authorize now (local methods). */
void ike_author_sync(struct ike_sa *s, const struct ikev2_msg *m);

#endif
