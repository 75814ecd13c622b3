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

#define IKE_AUTHOR_MAX_SUBNETS 24   /* INTERNAL_IP4/6_SUBNET entries sent at most */

/* Cisco Unity private attribute numbers (anyconnect-eap.md §6). */
enum {
	IKE_CFG_UNITY_BANNER = 28672,
	IKE_CFG_UNITY_DEF_DOMAIN = 28674,
	IKE_CFG_UNITY_SPLITDNS_NAME = 28675,
	IKE_CFG_UNITY_BACKUP_SERVERS = 28681,
};

/* A split-tunnel subnet: family 4 (addr[0..3], mask) or 6 (addr, plen). */
struct ike_subnet {
	uint8_t family;
	uint8_t addr[16];
	uint32_t mask;       /* IPv4, host order */
	uint8_t plen;        /* IPv6 */
};

/* The attributes of one authorization policy (or of the merge of the
 * user's and the group's); empty string / zero count = not set. */
struct ike_author {
	bool found;
	char pool[64], pool6[64];
	bool has_netmask;
	uint32_t netmask;                 /* host order */
	uint32_t dns[2], wins[2];         /* host order */
	int ndns, nwins;
	uint8_t dns6[2][16];
	int ndns6;
	int ipv6_prefix;                  /* 0 = the pool's assigned length */
	struct ike_subnet subnets[IKE_AUTHOR_MAX_SUBNETS];
	int nsubnets;                     /* route set access-list|interface|remote, in that order */
	char def_domain[128];
	char split_dns[256];              /* comma separated */
	char backup_gw[256];              /* comma separated */
	char banner[400];
};

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

/* Attribute precedence: every attribute set in `high` replaces the one in
 * `low` (lists as a whole). */
void ike_author_merge(struct ike_author *low, const struct ike_author *high);

/* Traffic selectors of a Child SA for a remote-access peer (IOS dVTI):
 * per address family the initiator proposed in TSi, TSi = its assigned
 * address (or the first selector it proposed of that family when it got
 * none) and TSr = the whole family.  v4 = host order, 0 = none; v6 NULL =
 * none.  Writes at most 2 pairs, IPv4 first; returns how many. */
unsigned ike_author_narrow(uint32_t v4, const uint8_t *v6, const struct ikev2_ts_list *tsi,
			   struct ikev2_ts out_i[2], struct ikev2_ts out_r[2]);

#endif
