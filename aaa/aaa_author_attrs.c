/*
 * Authorization attributes from RADIUS (IETF attributes, Cisco-AVPairs,
 * RFC 2868 Tunnel-Password) and their merge by precedence.  Pure: no
 * database, no I/O.  Values are validated before use; a malformed one is
 * dropped and counted in a->bad, never fatal.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aaa/aaa_author.h"
#include "aaa/radius_pkt.h"

enum {
	A_FRAMED_IP_ADDRESS = 8,
	A_FRAMED_IP_NETMASK = 9,
	A_TUNNEL_PASSWORD = 69,
	A_FRAMED_POOL = 88,
};

/* A printable value fits out: no control characters, not empty. */
static bool take_text(char *out, size_t out_len, const char *v, size_t n)
{
	if (n == 0 || n >= out_len)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < ' ' || v[i] == 0x7f)
			return false;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

static bool ip4_n(const char *s, size_t n, uint32_t *out)
{
	char b[INET_ADDRSTRLEN];
	struct in_addr a;
	if (n == 0 || n >= sizeof b)
		return false;
	memcpy(b, s, n);
	b[n] = '\0';
	if (inet_pton(AF_INET, b, &a) != 1)
		return false;
	*out = ntohl(a.s_addr);
	return true;
}

/* Up to max space-separated addresses of a family; false when any is bad
 * or there are none.  The count is written only on success. */
static bool addr_list(const char *v, int family, void *out, int max, int *count)
{
	uint8_t tmp[2][16];
	int n = 0;
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		size_t l = strcspn(p, " ,");
		char b[INET6_ADDRSTRLEN];
		if (n >= max || n >= 2 || l >= sizeof b)
			return false;
		memcpy(b, p, l);
		b[l] = '\0';
		if (inet_pton(family, b, tmp[n]) != 1)
			return false;
		n++;
		p += l;
	}
	if (!n)
		return false;
	for (int i = 0; i < n; i++) {
		if (family == AF_INET) {
			uint32_t be;
			memcpy(&be, tmp[i], 4);
			((uint32_t *)out)[i] = ntohl(be);
		} else {
			memcpy(((uint8_t (*)[16])out)[i], tmp[i], 16);
		}
	}
	*count = n;
	return true;
}

/* "a,b" lists (split-dns, backup-gateway): each AVPair adds one entry. */
static bool append_csv(char *out, size_t out_len, const char *v)
{
	size_t o = strlen(out), n = strlen(v);
	char tmp[256];
	if (!take_text(tmp, sizeof tmp, v, n) || o + n + 2 > out_len)
		return false;
	if (o)
		out[o++] = ',';
	memcpy(out + o, tmp, n + 1);
	return true;
}

static bool add_subnet(struct aaa_attrs *a, const struct aaa_subnet *s)
{
	if (a->nsubnets >= AAA_MAX_SUBNETS)
		return false;
	a->subnets[a->nsubnets++] = *s;
	return true;
}

static bool mask_ok(uint32_t m)
{
	return (~m & (~m + 1)) == 0;  /* contiguous: ~m = 2^k - 1 */
}

/* "A.B.C.D/N" or "X:X::X/N" */
static bool parse_prefix(const char *v, struct aaa_subnet *s)
{
	char b[64];
	const char *slash = strchr(v, '/');
	if (!slash || (size_t)(slash - v) >= sizeof b)
		return false;
	memcpy(b, v, (size_t)(slash - v));
	b[slash - v] = '\0';
	char *end;
	long plen = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end)
		return false;
	memset(s, 0, sizeof *s);
	if (inet_pton(AF_INET, b, s->addr) == 1 && plen >= 0 && plen <= 32) {
		s->family = 4;
		s->mask = plen ? 0xffffffffu << (32 - plen) : 0;
		uint32_t be;
		memcpy(&be, s->addr, 4);
		be = htonl(ntohl(be) & s->mask);
		memcpy(s->addr, &be, 4);
		return true;
	}
	if (inet_pton(AF_INET6, b, s->addr) == 1 && plen >= 0 && plen <= 128) {
		s->family = 6;
		s->plen = (uint8_t)plen;
		return true;
	}
	return false;
}

/* ipsec:route-set=prefix P/L | remote ipv4 A M | remote ipv6 P/L |
 * interface [IF] | access-list [ipv6] NAME */
static int route_set(struct aaa_attrs *a, const char *v)
{
	char w[4][64];
	int n = 0;
	const char *p = v;
	while (*p && n < 4) {
		while (*p == ' ')
			p++;
		size_t l = strcspn(p, " ");
		if (!l)
			break;
		if (l >= sizeof w[0])
			return -1;
		memcpy(w[n], p, l);
		w[n++][l] = '\0';
		p += l;
	}
	while (*p == ' ')
		p++;
	if (*p || n == 0)
		return -1;   /* too many words */
	struct aaa_subnet s;
	bool ok = false;
	if (!strcmp(w[0], "prefix") && n == 2) {
		ok = parse_prefix(w[1], &s) && add_subnet(a, &s);
	} else if (!strcmp(w[0], "remote") && n == 4 && !strcmp(w[1], "ipv4")) {
		uint32_t net, mask;
		ok = ip4_n(w[2], strlen(w[2]), &net) && ip4_n(w[3], strlen(w[3]), &mask) && mask_ok(mask);
		if (ok) {
			memset(&s, 0, sizeof s);
			s.family = 4;
			s.mask = mask;
			uint32_t be = htonl(net & mask);
			memcpy(s.addr, &be, 4);
			ok = add_subnet(a, &s);
		}
	} else if (!strcmp(w[0], "remote") && n == 3 && !strcmp(w[1], "ipv6")) {
		ok = parse_prefix(w[2], &s) && s.family == 6 && add_subnet(a, &s);
	} else if (!strcmp(w[0], "interface") && n <= 2) {
		ok = a->nroute_ifs < AAA_MAX_ROUTE_IFS;
		if (ok)
			snprintf(a->route_ifs[a->nroute_ifs++], sizeof a->route_ifs[0], "%s", n == 2 ? w[1] : "");
	} else if (!strcmp(w[0], "access-list") && (n == 2 || (n == 3 && !strcmp(w[1], "ipv6")))) {
		if (n == 3)
			return 0;   /* IPv6 ACLs: not read by flexd's split tunnel yet */
		snprintf(a->route_acl, sizeof a->route_acl, "%s", w[1]);
		ok = true;
	}
	if (!ok)
		return -1;
	a->has_routes = true;
	return 1;
}

static bool take_psk(char *out, const char *v)
{
	return take_text(out, AAA_PSK_MAX + 1, v, strlen(v));
}

int aaa_attrs_avpair(struct aaa_attrs *a, const char *avpair)
{
	const char *colon = strchr(avpair, ':');
	size_t kl = strcspn(avpair, "=*");
	if (!avpair[kl] || kl == 0) {
		a->bad++;
		return -1;
	}
	if (!colon || colon > avpair + kl)
		return 0;   /* "attribute=value" without a protocol: none of ours */
	char proto[16], attr[48];
	size_t pl = (size_t)(colon - avpair), al = kl - pl - 1;
	if (pl == 0 || pl >= sizeof proto || al == 0 || al >= sizeof attr) {
		a->bad++;
		return -1;
	}
	memcpy(proto, avpair, pl);
	proto[pl] = '\0';
	memcpy(attr, colon + 1, al);
	attr[al] = '\0';
	const char *v = avpair + kl + 1;
	size_t vl = strlen(v);
	int rc = 1;
	bool ok = true;
	if (!strcmp(proto, "ip") && !strcmp(attr, "interface-config")) {
		ok = a->nifcfg < AAA_MAX_IFCFG && take_text(a->ifcfg[a->nifcfg], AAA_IFCFG_LEN, v, vl);
		if (ok)
			a->nifcfg++;
	} else if (strcmp(proto, "ipsec") != 0) {
		rc = 0;
	} else if (!strcmp(attr, "addr-pool")) {
		ok = !strchr(v, ' ') && take_text(a->pool, sizeof a->pool, v, vl);
	} else if (!strcmp(attr, "ipv6-addr-pool")) {
		ok = !strchr(v, ' ') && take_text(a->pool6, sizeof a->pool6, v, vl);
	} else if (!strcmp(attr, "dns-servers")) {
		ok = addr_list(v, AF_INET, a->dns, 2, &a->ndns);
	} else if (!strcmp(attr, "wins-servers")) {
		ok = addr_list(v, AF_INET, a->wins, 2, &a->nwins);
	} else if (!strcmp(attr, "ipv6-dns-servers-addr")) {
		ok = addr_list(v, AF_INET6, a->dns6, 2, &a->ndns6);
	} else if (!strcmp(attr, "prefix-len")) {
		char *end;
		long n = strtol(v, &end, 10);
		ok = vl && !*end && n >= 1 && n <= 128;
		if (ok)
			a->ipv6_prefix = (int)n;
	} else if (!strcmp(attr, "route-set")) {
		return route_set(a, v) < 0 ? (a->bad++, -1) : 1;
	} else if (!strcmp(attr, "split-dns")) {
		ok = append_csv(a->split_dns, sizeof a->split_dns, v);
	} else if (!strcmp(attr, "backup-gateway") || !strcmp(attr, "ipsec-backup-gateway")) {
		ok = append_csv(a->backup_gw, sizeof a->backup_gw, v);
	} else if (!strcmp(attr, "default-domain")) {
		ok = take_text(a->def_domain, sizeof a->def_domain, v, vl);
	} else if (!strcmp(attr, "banner")) {
		ok = take_text(a->banner, sizeof a->banner, v, vl);
	} else if (!strcmp(attr, "ikev2-password-local")) {
		ok = take_psk(a->psk_local, v);
	} else if (!strcmp(attr, "ikev2-password-remote")) {
		ok = take_psk(a->psk_remote, v);
	} else if (!strcmp(attr, "tunnel-password")) {
		ok = take_psk(a->tunnel_pw, v);
	} else {
		rc = 0;
	}
	if (!ok) {
		a->bad++;
		return -1;
	}
	return rc;
}

/* RFC 2868 §3.5: Tag, Salt (2, high bit set), then the string: b(1) =
 * MD5(S + R + Salt), b(i) = MD5(S + c(i-1)); the first plaintext octet is
 * the password length. */
static bool tunnel_password(struct aaa_attrs *a, const uint8_t *v, size_t vl, const uint8_t *secret, size_t slen,
			    const uint8_t *req_auth)
{
	if (vl < 3 + 16 || (vl - 3) % 16 != 0 || !(v[1] & 0x80))
		return false;
	uint8_t plain[256], b[16];
	size_t n = vl - 3;
	const uint8_t *prev = NULL;
	bool ok = true;
	for (size_t off = 0; off < n && ok; off += 16) {
		EVP_MD_CTX *x = EVP_MD_CTX_new();
		ok = x && EVP_DigestInit_ex(x, EVP_md5(), NULL) && EVP_DigestUpdate(x, secret, slen) &&
		     (prev ? EVP_DigestUpdate(x, prev, 16)
			   : EVP_DigestUpdate(x, req_auth, 16) && EVP_DigestUpdate(x, v + 1, 2)) &&
		     EVP_DigestFinal_ex(x, b, NULL);
		EVP_MD_CTX_free(x);
		for (size_t i = 0; i < 16 && ok; i++)
			plain[off + i] = v[3 + off + i] ^ b[i];
		prev = v + 3 + off;
	}
	ok = ok && plain[0] >= 1 && plain[0] <= n - 1 && plain[0] <= AAA_PSK_MAX &&
	     take_text(a->tunnel_pw, sizeof a->tunnel_pw, (const char *)plain + 1, plain[0]);
	OPENSSL_cleanse(plain, sizeof plain);
	OPENSSL_cleanse(b, sizeof b);
	return ok;
}

/* Cisco VSAs inside one Vendor-Specific value (several may share it). */
static void cisco_vsa(struct aaa_attrs *a, const uint8_t *v, size_t vl)
{
	if (vl < 4 || v[0] || v[1] || v[2] || v[3] != RADIUS_VENDOR_CISCO)
		return;   /* another vendor's: not ours to read */
	size_t off = 4;
	while (off < vl) {
		if (off + 2 > vl || v[off + 1] < 2 || v[off + 1] > vl - off) {
			a->bad++;
			return;
		}
		size_t l = v[off + 1] - 2u;
		if (v[off] == RADIUS_CISCO_AVPAIR) {
			char s[256];
			/* embedded NULs or an empty pair are malformed */
			if (l == 0 || memchr(v + off + 2, 0, l))
				a->bad++;
			else {
				memcpy(s, v + off + 2, l);
				s[l] = '\0';
				aaa_attrs_avpair(a, s);
			}
		}
		off += 2 + l;
	}
}

void aaa_attrs_from_radius(struct aaa_attrs *a, const uint8_t *pkt, size_t len, bool pkt_hdr,
			   const uint8_t *secret, size_t slen, const uint8_t *req_auth)
{
	struct radius_attr_iter it;
	radius_attr_iter_init(&it, pkt, len);
	if (!pkt_hdr)
		it.off = 0;
	a->found = true;
	uint8_t type;
	const uint8_t *v;
	size_t vl;
	while (radius_attr_next(&it, &type, &v, &vl)) {
		bool ok = true;
		switch (type) {
		case A_FRAMED_IP_ADDRESS:
			ok = vl == 4;
			if (ok) {
				uint32_t ip = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
				/* 255.255.255.254 = "NAS picks" (the pool), 255.255.255.255 = "user picks" */
				if (ip < 0xfffffffeu && ip != 0) {
					a->framed_ip = ip;
					a->has_framed_ip = true;
				}
			}
			break;
		case A_FRAMED_IP_NETMASK:
			ok = vl == 4;
			if (ok) {
				a->netmask = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
				a->has_netmask = true;
			}
			break;
		case A_FRAMED_POOL:
			ok = take_text(a->pool, sizeof a->pool, (const char *)v, vl);
			break;
		case A_TUNNEL_PASSWORD:
			if (secret && req_auth && !a->tunnel_pw[0])
				ok = tunnel_password(a, v, vl, secret, slen, req_auth);
			break;
		case RADIUS_A_VENDOR_SPECIFIC:
			cisco_vsa(a, v, vl);
			break;
		}
		if (!ok)
			a->bad++;
	}
	if (it.off != it.end)
		a->bad++;   /* a truncated attribute ended the walk */
}

void aaa_attrs_merge(struct aaa_attrs *low, const struct aaa_attrs *high)
{
	if (!high || !high->found)
		return;
	low->found = true;
#define TAKE_STR(f) do { if (high->f[0]) memcpy(low->f, high->f, sizeof low->f); } while (0)
	TAKE_STR(pool);
	TAKE_STR(pool6);
	TAKE_STR(def_domain);
	TAKE_STR(split_dns);
	TAKE_STR(backup_gw);
	TAKE_STR(banner);
	TAKE_STR(psk_local);
	TAKE_STR(psk_remote);
	TAKE_STR(tunnel_pw);
#undef TAKE_STR
	if (high->has_framed_ip) {
		low->has_framed_ip = true;
		low->framed_ip = high->framed_ip;
	}
	if (high->has_netmask) {
		low->has_netmask = true;
		low->netmask = high->netmask;
	}
	if (high->ndns) {
		memcpy(low->dns, high->dns, sizeof low->dns);
		low->ndns = high->ndns;
	}
	if (high->nwins) {
		memcpy(low->wins, high->wins, sizeof low->wins);
		low->nwins = high->nwins;
	}
	if (high->ndns6) {
		memcpy(low->dns6, high->dns6, sizeof low->dns6);
		low->ndns6 = high->ndns6;
	}
	if (high->ipv6_prefix)
		low->ipv6_prefix = high->ipv6_prefix;
	if (high->has_routes || high->nsubnets) {
		low->has_routes = true;
		memcpy(low->subnets, high->subnets, sizeof low->subnets);
		low->nsubnets = high->nsubnets;
		memcpy(low->route_acl, high->route_acl, sizeof low->route_acl);
		memcpy(low->route_ifs, high->route_ifs, sizeof low->route_ifs);
		low->nroute_ifs = high->nroute_ifs;
	}
	for (int i = 0; i < high->nifcfg && low->nifcfg < AAA_MAX_IFCFG; i++)
		memcpy(low->ifcfg[low->nifcfg++], high->ifcfg[i], AAA_IFCFG_LEN);
	low->bad += high->bad;
}

void aaa_attrs_final(struct aaa_attrs *out, const struct aaa_attrs *group, const struct aaa_attrs *cached,
		     const struct aaa_attrs *user, bool group_override)
{
	struct aaa_attrs *u = calloc(1, sizeof *u);
	memset(out, 0, sizeof *out);
	if (!u)
		return;
	aaa_attrs_merge(u, cached);
	aaa_attrs_merge(u, user);
	if (group_override) {
		aaa_attrs_merge(out, u);
		aaa_attrs_merge(out, group);
	} else {
		aaa_attrs_merge(out, group);
		aaa_attrs_merge(out, u);
	}
	aaa_attrs_wipe(u);
	free(u);
}

void aaa_attrs_wipe(struct aaa_attrs *a)
{
	OPENSSL_cleanse(a->psk_local, sizeof a->psk_local);
	OPENSSL_cleanse(a->psk_remote, sizeof a->psk_remote);
	OPENSSL_cleanse(a->tunnel_pw, sizeof a->tunnel_pw);
}
