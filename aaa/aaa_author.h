/*
 * Authorization attributes (seeds 002, 004): one set of attributes for a
 * user or group, whichever source filled it - a local `crypto ikev2
 * authorization policy` (ikev2/ike_author.c), a RADIUS Access-Accept
 * (IETF attributes and Cisco-AVPairs), or the Access-Accept cached from
 * EAP - their merge by precedence, the EAP name-mangler rule, and the
 * asynchronous fetch through an `aaa authorization network LIST` method
 * list (aaa_author_fetch.c).
 *
 * Parse and merge are pure (aaa_author_attrs.c): the unit tests call them.
 */
#ifndef FLEXD_AAA_AUTHOR_H
#define FLEXD_AAA_AUTHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AAA_MAX_SUBNETS 24   /* split-tunnel subnets kept (CFG_REPLY sends at most these) */
#define AAA_MAX_ROUTE_IFS 4  /* route-set interface entries */
#define AAA_MAX_IFCFG 16     /* interface-config lines */
#define AAA_IFCFG_LEN 128
#define AAA_PSK_MAX 128

/* A split-tunnel subnet: family 4 (addr[0..3], mask) or 6 (addr, plen). */
struct aaa_subnet {
	uint8_t family;
	uint8_t addr[16];
	uint32_t mask;       /* IPv4, host order */
	uint8_t plen;        /* IPv6 */
};

/* Empty string / zero count / false flag = not set. */
struct aaa_attrs {
	bool found;                        /* some source answered for this name */
	bool has_framed_ip;
	uint32_t framed_ip;                /* Framed-IP-Address, host order */
	bool has_netmask;
	uint32_t netmask;                  /* Framed-IP-Netmask / netmask, host order */
	char pool[64], pool6[64];          /* Framed-Pool, ipsec:addr-pool / ipsec:ipv6-addr-pool */
	uint32_t dns[2], wins[2];          /* host order */
	int ndns, nwins;
	uint8_t dns6[2][16];
	int ndns6;
	int ipv6_prefix;                   /* ipsec:prefix-len; 0 = the pool's */
	/* split tunnel: the routes as a whole (one source's set replaces another's) */
	bool has_routes;
	struct aaa_subnet subnets[AAA_MAX_SUBNETS];
	int nsubnets;                      /* route-set prefix|remote, and resolved ones */
	char route_acl[64];                /* route-set access-list NAME, resolved by the caller */
	char route_ifs[AAA_MAX_ROUTE_IFS][64]; /* route-set interface [IF]; "" = the tunnel interface */
	int nroute_ifs;
	char def_domain[128];
	char split_dns[256];               /* comma separated */
	char backup_gw[256];               /* comma separated */
	char banner[400];
	/* ip:interface-config / aaa attribute list interface-config: applied to
	 * the Virtual-Access in order after the template */
	char ifcfg[AAA_MAX_IFCFG][AAA_IFCFG_LEN];
	int nifcfg;
	/* AAA-based PSK (never logged) */
	char psk_local[AAA_PSK_MAX + 1], psk_remote[AAA_PSK_MAX + 1], tunnel_pw[AAA_PSK_MAX + 1];
	unsigned bad;                      /* malformed attributes dropped (counted, not fatal) */
};

/* One Cisco-AVPair ("proto:attr=value" or "proto:attr*value") into a.
 * 1 taken, 0 not an authorization attribute flexd knows (ignored),
 * -1 malformed (a->bad counted). */
int aaa_attrs_avpair(struct aaa_attrs *a, const char *avpair);

/* The attributes of a RADIUS reply (a checked packet, radius_pkt.h) or of
 * bare RADIUS TLVs (the cached Access-Accept: pkt_hdr false).  Tunnel-
 * Password needs the shared secret and the request authenticator
 * (RFC 2868 §3.5); secret NULL = not decoded.  Sets a->found. */
void aaa_attrs_from_radius(struct aaa_attrs *a, const uint8_t *pkt, size_t len, bool pkt_hdr,
			   const uint8_t *secret, size_t slen, const uint8_t *req_auth);

/* Precedence: every attribute set in high replaces the one in low (lists
 * and the route set as a whole); interface-config lines add up, low's
 * first (applied in order, the later line wins, as IOS applies them). */
void aaa_attrs_merge(struct aaa_attrs *low, const struct aaa_attrs *high);

/* The final attribute set (seed 002 "Attributes - Merging"): the explicit
 * user's over the cached user's, that merged user set over the explicit
 * group's, unless `aaa authorization group override` (the group's win).
 * Any pointer may be NULL. */
void aaa_attrs_final(struct aaa_attrs *out, const struct aaa_attrs *group, const struct aaa_attrs *cached,
		     const struct aaa_attrs *user, bool group_override);

/* Wipe the secrets of a (before free or reuse). */
void aaa_attrs_wipe(struct aaa_attrs *a);

/* `crypto ikev2 name-mangler` eap rule on an EAP identity: "all", "dn
 * FIELD" (the identity as a text DN: CN=...,OU=...), "prefix delimiter X"
 * (the part before X), "suffix delimiter X" (the part after X).  false
 * when the rule does not apply (no delimiter, no such field). */
bool aaa_author_mangle_eap(const char *rule, const char *id, char *out, size_t out_len);

/* ---- fetch through an `aaa authorization network LIST` ---- */

enum aaa_author_result {
	AAA_AUTHOR_PASS,   /* attributes (possibly none) */
	AAA_AUTHOR_FAIL,   /* Access-Reject, or no method could answer */
};

/* Called once; a and why valid only during the call. */
typedef void (*aaa_author_fn)(void *ctx, enum aaa_author_result res, const struct aaa_attrs *a,
			      const char *why);
/* The local method: the caller's own database (the IKEv2 authorization
 * policy NAME).  false when there is no such policy. */
typedef bool (*aaa_author_local_fn)(void *ctx, const char *name, struct aaa_attrs *out);

struct aaa_author_req;

/* list: `aaa authorization network LIST` (NULL/"default": default).
 * Methods in order, the next one only when one cannot answer (no server
 * answered); `local` through local_fn.  The RADIUS request: User-Name =
 * name, User-Password = password (NULL: "cisco", as IOS), Service-Type
 * Outbound.  fn may run from inside this call (local method, no list);
 * returns NULL then, else a handle for aaa_author_cancel. */
struct aaa_author_req *aaa_author_fetch(const char *list, const char *name, const char *password,
					aaa_author_local_fn local_fn, aaa_author_fn fn, void *ctx);
/* Forget a pending request (fn is not called). */
void aaa_author_cancel(struct aaa_author_req *r);

#endif
