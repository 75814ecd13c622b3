/*
 * Authorization for PSK and certificate peers (local AAA method) and the
 * CFG_REPLY built from it (RFC 7296 §3.15).
 *
 * Which policy: the profile's `aaa authorization group psk|cert list L
 * [POLICY | name-mangler M]` names a `crypto ikev2 authorization policy`
 * (no name: `default`; a mangler derives it from the peer identity), and
 * `aaa authorization user psk|cert list L [NAME | name-mangler M]` another
 * one (no name: the peer identity).  L must be an `aaa authorization
 * network L` list with the local method (or the line ends in `NAME
 * local`).  Attributes merge per attribute:
 * the user's win over the group's, unless `group override`.  `user ...
 * cached` adds nothing for PSK and certificate peers (no AAA
 * authentication ran to cache attributes).
 *
 * Sent: an IPv4 and/or IPv6 pool address for the families the peer asked
 * for, netmask, DNS, WINS, IPv6 DNS, split-tunnel subnets (route set
 * access-list, interface, remote) as INTERNAL_IP4/6_SUBNET, and the Cisco
 * Unity attributes def-domain, split-dns, banner, backup-gateway.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "ike_author.h"
#include "ike_conf.h"
#include "ike_pool.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "running-config/store.h"

static bool ip4(const char *s, uint32_t *out)
{
	struct in_addr a;
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return false;
	*out = ntohl(a.s_addr);
	return true;
}

static void add_subnet4(struct aaa_attrs *a, uint32_t net, uint32_t mask)
{
	if (a->nsubnets >= IKE_AUTHOR_MAX_SUBNETS)
		return;
	struct aaa_subnet *n = &a->subnets[a->nsubnets++];
	memset(n, 0, sizeof *n);
	n->family = 4;
	uint32_t be = htonl(net);
	memcpy(n->addr, &be, 4);
	n->mask = mask;
}

static void add_subnet6(struct aaa_attrs *a, const char *text)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", text);
	char *slash = strchr(buf, '/');
	int plen = 128;
	if (slash) {
		*slash = '\0';
		plen = atoi(slash + 1);
	}
	struct aaa_subnet n = { .family = 6, .plen = (uint8_t)plen };
	if (a->nsubnets >= IKE_AUTHOR_MAX_SUBNETS || plen < 0 || plen > 128 || inet_pton(AF_INET6, buf, n.addr) != 1)
		return;
	a->subnets[a->nsubnets++] = n;
}

/* route set access-list ACL: one subnet per permit entry (standard: the
 * source; extended: the source too, as IOS reads a split-tunnel ACL). */
static void acl_subnets(struct aaa_attrs *a, const char *acl)
{
	sqlite3_stmt *st = db_query("SELECT src, src_wc FROM sys_ace WHERE acl=? AND action='permit' ORDER BY seq",
				    "s", acl);
	while (db_row(st)) {
		uint32_t addr, wc, net, mask;
		if (ip4(db_col_text(st, 0), &addr) && ip4(db_col_text(st, 1), &wc) &&
		    ike_author_wc_subnet(addr, wc, &net, &mask))
			add_subnet4(a, net, mask);
	}
}

/* An interface's IPv4 address, through `ip unnumbered` (bounded). */
static bool if_addr4(const char *ifname, uint32_t *addr)
{
	char name[64];
	snprintf(name, sizeof name, "%s", ifname);
	for (int depth = 0; depth < 4; depth++) {
		sqlite3_stmt *st = db_query("SELECT ip_mode, ip_address, ip_unnumbered FROM if_interface WHERE name=?",
					    "s", name);
		if (!db_row(st))
			return false;
		const char *mode = db_col_text(st, 0);
		bool unnum = mode && strcmp(mode, "unnumbered") == 0;
		bool ok = !unnum && ip4(db_col_text(st, 1), addr);
		char next[64];
		snprintf(next, sizeof next, "%s", unnum ? db_col_text(st, 2) : "");
		db_done(st);
		if (!unnum)
			return ok;
		memcpy(name, next, sizeof name);
	}
	return false;
}

/* route set interface [IF]: the interface's address as a host route; no
 * name = the profile's virtual template (the Virtual-Access' address). */
static void if_subnets(struct aaa_attrs *a, const char *policy, const char *profile)
{
	char vt[64] = "";
	long long n = 0;
	if (db_get_int(&n, "SELECT vtemplate FROM ikev2_profile WHERE name=? AND vtemplate IS NOT NULL", "s",
		       profile) && n > 0)
		snprintf(vt, sizeof vt, "Virtual-Template%lld", n);
	sqlite3_stmt *st = db_query("SELECT value FROM ikev2_author_list WHERE policy=? AND kind='route-if' ORDER BY seq",
				    "s", policy);
	while (db_row(st)) {
		const char *ifn = db_col_text(st, 0);
		uint32_t addr;
		if (!*ifn)
			ifn = vt;
		if (*ifn && if_addr4(ifn, &addr))
			add_subnet4(a, addr, 0xffffffffu);
	}
}

static void join_list(char *out, size_t len, const char *policy, const char *kind)
{
	sqlite3_stmt *st = db_query("SELECT value FROM ikev2_author_list WHERE policy=? AND kind=? ORDER BY seq",
				    "ss", policy, kind);
	size_t o = 0;
	out[0] = '\0';
	while (db_row(st)) {
		const char *v = db_col_text(st, 0);
		size_t n = strlen(v);
		if (o + n + 2 > len)
			continue;
		if (o)
			out[o++] = ',';
		memcpy(out + o, v, n + 1);
		o += n;
	}
}

/* aaa attribute list NAME: its interface-config lines, in order. */
static void attr_list_lines(struct aaa_attrs *a, const char *list)
{
	sqlite3_stmt *st = db_query("SELECT value FROM aaa_attr WHERE list=? AND type='interface-config' ORDER BY seq",
				    "s", list);
	while (db_row(st))
		if (a->nifcfg < AAA_MAX_IFCFG && snprintf(a->ifcfg[a->nifcfg], AAA_IFCFG_LEN, "%s", db_col_text(st, 0)) <
		    AAA_IFCFG_LEN)
			a->nifcfg++;
}

/* One authorization policy's attributes; false when it does not exist. */
bool ike_author_policy(const char *name, const char *profile, struct aaa_attrs *a)
{
	memset(a, 0, sizeof *a);
	sqlite3_stmt *st = db_query("SELECT pool, netmask, dns1, dns2, wins1, wins2, ipv6_pool, ipv6_dns1, ipv6_dns2,"
				    " ipv6_prefix, route_acl, def_domain, banner, attr_list FROM ikev2_author_policy"
				    " WHERE name=? AND disabled=0", "s", name);
	if (!db_row(st))
		return false;
	a->found = true;
	snprintf(a->pool, sizeof a->pool, "%s", db_col_text(st, 0));
	a->has_netmask = ip4(db_col_text(st, 1), &a->netmask);
	for (int i = 2; i <= 3; i++)
		if (ip4(db_col_text(st, i), &a->dns[a->ndns]))
			a->ndns++;
	for (int i = 4; i <= 5; i++)
		if (ip4(db_col_text(st, i), &a->wins[a->nwins]))
			a->nwins++;
	snprintf(a->pool6, sizeof a->pool6, "%s", db_col_text(st, 6));
	for (int i = 7; i <= 8; i++)
		if (inet_pton(AF_INET6, db_col_text(st, i), a->dns6[a->ndns6]) == 1)
			a->ndns6++;
	a->ipv6_prefix = (int)db_col_int(st, 9);
	char acl[64];
	snprintf(acl, sizeof acl, "%s", db_col_text(st, 10));
	snprintf(a->def_domain, sizeof a->def_domain, "%s", db_col_text(st, 11));
	snprintf(a->banner, sizeof a->banner, "%s", db_col_text(st, 12));
	char attrs[64];
	snprintf(attrs, sizeof attrs, "%s", db_col_text(st, 13));
	db_done(st);
	if (attrs[0])
		attr_list_lines(a, attrs);
	if (acl[0])
		acl_subnets(a, acl);
	if_subnets(a, name, profile);
	st = db_query("SELECT family, prefix, mask FROM ikev2_author_route WHERE policy=? AND kind='remote' ORDER BY seq",
		      "s", name);
	while (db_row(st)) {
		uint32_t net, mask;
		if (strcmp(db_col_text(st, 0), "ipv6") == 0)
			add_subnet6(a, db_col_text(st, 1));
		else if (ip4(db_col_text(st, 1), &net) && ip4(db_col_text(st, 2), &mask))
			add_subnet4(a, net & mask, mask);
	}
	join_list(a->split_dns, sizeof a->split_dns, name, "split-dns");
	join_list(a->backup_gw, sizeof a->backup_gw, name, "backup-gateway");
	a->has_routes = a->nsubnets > 0;
	return true;
}

/* RADIUS route-set access-list / interface entries as subnets. */
void ike_author_resolve(struct aaa_attrs *a, const char *profile)
{
	if (a->route_acl[0])
		acl_subnets(a, a->route_acl);
	a->route_acl[0] = '\0';
	char vt[64] = "";
	long long n = 0;
	if (db_get_int(&n, "SELECT vtemplate FROM ikev2_profile WHERE name=? AND vtemplate IS NOT NULL", "s",
		       profile) && n > 0)
		snprintf(vt, sizeof vt, "Virtual-Template%lld", n);
	for (int i = 0; i < a->nroute_ifs; i++) {
		const char *ifn = a->route_ifs[i][0] ? a->route_ifs[i] : vt;
		uint32_t addr;
		if (*ifn && if_addr4(ifn, &addr))
			add_subnet4(a, addr, 0xffffffffu);
	}
	a->nroute_ifs = 0;
}

static bool requested(const struct ikev2_msg *m, uint16_t type)
{
	for (unsigned i = 0; i < m->cp.n; i++)
		if (m->cp.a[i].type == type)
			return true;
	return false;
}

/* Attribute values live here until the CP payload is written.  The
 * payload stays under a budget so that it always fits the IKE_AUTH
 * response with IDr, AUTH, SA and TS (ike_auth.c's buffer): what does not
 * fit is left out, least important (written last) first. */
#define CP_BUDGET 1024
struct reply {
	struct ikev2_cp_attr at[64];
	unsigned n;
	size_t bytes;
	uint8_t vals[IKE_AUTHOR_MAX_SUBNETS + 16][20];
	unsigned nv;
};

static void put(struct reply *r, uint16_t type, const void *val, size_t len)
{
	if (r->n >= sizeof r->at / sizeof r->at[0] || r->bytes + 4 + len > CP_BUDGET)
		return;
	r->bytes += 4 + len;
	const uint8_t *v = val;
	if (len <= sizeof r->vals[0] && r->nv < sizeof r->vals / sizeof r->vals[0]) {
		memcpy(r->vals[r->nv], val, len);
		v = r->vals[r->nv++];
	}
	r->at[r->n++] = (struct ikev2_cp_attr){ type, (uint16_t)len, len ? v : NULL };
}

static void put4(struct reply *r, uint16_t type, uint32_t host)
{
	uint32_t be = htonl(host);
	put(r, type, &be, 4);
}

static void put_str(struct reply *r, uint16_t type, const char *s)
{
	if (*s)
		put(r, type, s, strlen(s));   /* s outlives the reply (the caller's struct) */
}

uint16_t ike_author_reply(struct ike_sa *s, const struct ikev2_msg *m, struct ikev2_writer *w)
{
	if (!ikev2_msg_has(m, IKEV2_PL_CP) || m->cp.type != IKEV2_CFG_REQUEST)
		return 0;
	if (!s->authz)
		ike_author_sync(s, m);   /* the engine ran no authorization step */
	static const struct aaa_attrs none;
	const struct aaa_attrs *a = s->authz ? s->authz : &none;
	bool want4 = requested(m, IKEV2_CFG_INTERNAL_IP4_ADDRESS);
	bool want6 = requested(m, IKEV2_CFG_INTERNAL_IP6_ADDRESS);
	char ip[64];
	/* Framed-IP-Address: the user's own address, no pool involved */
	ike_sa_set_assigned(s, !want4 ? 0 : a->has_framed_ip ? a->framed_ip : a->pool[0] ? ike_pool_take4(a->pool) : 0);
	int alen = 0;
	uint8_t a6[16];
	ike_sa_set_assigned6(s, NULL, 0);
	if (want6 && a->pool6[0] && ike_pool_take6(a->pool6, a6, &alen))
		ike_sa_set_assigned6(s, a6, (uint8_t)alen);
	if (want4 && a->pool[0] && !a->has_framed_ip && !s->assigned)
		log_msg(LOG_SEV_ERR, "IKEV2", "ADDRESS", "No address available in pool %s for peer %s (%s)",
			a->pool, s->peer_id, sockaddr_ip(&s->peer, ip, sizeof ip));
	if (want6 && a->pool6[0] && !s->assigned6_len)
		log_msg(LOG_SEV_ERR, "IKEV2", "ADDRESS", "No address available in IPv6 pool %s for peer %s (%s)",
			a->pool6, s->peer_id, sockaddr_ip(&s->peer, ip, sizeof ip));
	/* RFC 7296 §3.15.4: no address for what was asked → no Child SA */
	if ((want4 || want6) && !s->assigned && !s->assigned6_len) {
		if (!a->pool[0] && !a->pool6[0] && !a->has_framed_ip)
			log_msg(LOG_SEV_ERR, "IKEV2", "ADDRESS", "No address pool authorized for peer %s (%s)",
				s->peer_id, sockaddr_ip(&s->peer, ip, sizeof ip));
		return IKEV2_N_INTERNAL_ADDRESS_FAILURE;
	}

	struct reply r = { .n = 0 };
	if (s->assigned) {
		put4(&r, IKEV2_CFG_INTERNAL_IP4_ADDRESS, s->assigned);
		if (a->has_netmask)
			put4(&r, IKEV2_CFG_INTERNAL_IP4_NETMASK, a->netmask);
	}
	if (s->assigned6_len) {
		uint8_t v[17];
		memcpy(v, s->assigned6, 16);
		v[16] = (uint8_t)(a->ipv6_prefix ? a->ipv6_prefix : s->assigned6_len);
		put(&r, IKEV2_CFG_INTERNAL_IP6_ADDRESS, v, 17);
	}
	for (int i = 0; i < a->ndns; i++)
		put4(&r, IKEV2_CFG_INTERNAL_IP4_DNS, a->dns[i]);
	for (int i = 0; i < a->ndns6; i++)
		put(&r, IKEV2_CFG_INTERNAL_IP6_DNS, a->dns6[i], 16);
	for (int i = 0; i < a->nwins; i++)
		put4(&r, IKEV2_CFG_INTERNAL_IP4_NBNS, a->wins[i]);
	for (int i = 0; i < a->nsubnets; i++) {
		const struct aaa_subnet *n = &a->subnets[i];
		uint8_t v[17];
		memcpy(v, n->addr, 16);
		if (n->family == 4) {
			uint32_t be = htonl(n->mask);
			memcpy(v + 4, &be, 4);
			put(&r, IKEV2_CFG_INTERNAL_IP4_SUBNET, v, 8);
		} else {
			v[16] = n->plen;
			put(&r, IKEV2_CFG_INTERNAL_IP6_SUBNET, v, 17);
		}
	}
	put_str(&r, IKE_CFG_UNITY_DEF_DOMAIN, a->def_domain);
	put_str(&r, IKE_CFG_UNITY_SPLITDNS_NAME, a->split_dns);
	put_str(&r, IKE_CFG_UNITY_BANNER, a->banner);
	put_str(&r, IKE_CFG_UNITY_BACKUP_SERVERS, a->backup_gw);
	ikev2_w_cp(w, IKEV2_CFG_REPLY, r.at, r.n);
	return 0;
}

unsigned ike_author_ts(const struct ike_sa *s, const struct ikev2_msg *m, struct ikev2_ts out_i[2],
		       struct ikev2_ts out_r[2])
{
	return ike_author_narrow(s->assigned, s->assigned6_len ? s->assigned6 : NULL, &m->tsi, out_i, out_r);
}
