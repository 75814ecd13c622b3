/*
 * aaa/aaa_author_attrs.c and aaa_author_mangle.c: Cisco-AVPair and RADIUS
 * attribute parsing (good, malformed, hostile), RFC 2868 Tunnel-Password,
 * the merge precedence table of seed 002 (explicit user > cached user >
 * group; group override), interface-config order, the eap name-mangler.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "aaa/aaa_author.h"
#include "aaa/radius_pkt.h"

static uint32_t ip(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return ntohl(a.s_addr);
}

static void test_avpairs(void **st)
{
	(void)st;
	struct aaa_attrs a;
	memset(&a, 0, sizeof a);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:addr-pool=Eng-pool"), 1);
	assert_string_equal(a.pool, "Eng-pool");
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:ipv6-addr-pool=V6"), 1);
	assert_string_equal(a.pool6, "V6");
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:dns-servers=10.0.1.1 10.0.1.2"), 1);
	assert_int_equal(a.ndns, 2);
	assert_int_equal(a.dns[0], ip("10.0.1.1"));
	assert_int_equal(a.dns[1], ip("10.0.1.2"));
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:wins-servers=10.0.1.3"), 1);
	assert_int_equal(a.nwins, 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:ipv6-dns-servers-addr=2001:db8::53"), 1);
	assert_int_equal(a.ndns6, 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:prefix-len=64"), 1);
	assert_int_equal(a.ipv6_prefix, 64);
	/* routes: prefix (host bits cleared), remote ipv4/ipv6, interface, access-list */
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=prefix 10.10.1.7/24"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=remote ipv4 172.16.0.0 255.240.0.0"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=remote ipv6 2001:db8:1::/48"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=interface"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=interface Loopback1"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:route-set=access-list SPLIT"), 1);
	assert_true(a.has_routes);
	assert_int_equal(a.nsubnets, 3);
	assert_int_equal(a.subnets[0].family, 4);
	uint8_t want[4] = { 10, 10, 1, 0 };
	assert_memory_equal(a.subnets[0].addr, want, 4);
	assert_int_equal(a.subnets[0].mask, 0xffffff00u);
	assert_int_equal(a.subnets[1].mask, 0xfff00000u);
	assert_int_equal(a.subnets[2].family, 6);
	assert_int_equal(a.subnets[2].plen, 48);
	assert_int_equal(a.nroute_ifs, 2);
	assert_string_equal(a.route_ifs[0], "");
	assert_string_equal(a.route_ifs[1], "Loopback1");
	assert_string_equal(a.route_acl, "SPLIT");
	/* Unity attributes: split-dns and backup-gateway add up */
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:split-dns=corp.example"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:split-dns=lab.example"), 1);
	assert_string_equal(a.split_dns, "corp.example,lab.example");
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:default-domain=example.com"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:banner=Welcome !"), 1);
	assert_string_equal(a.banner, "Welcome !");
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:backup-gateway=gw2.example"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:ipsec-backup-gateway=gw3.example"), 1);
	assert_string_equal(a.backup_gw, "gw2.example,gw3.example");
	/* PSKs and interface-config ('*' = optional attribute) */
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:ikev2-password-local=mine"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:ikev2-password-remote*theirs"), 1);
	assert_string_equal(a.psk_local, "mine");
	assert_string_equal(a.psk_remote, "theirs");
	assert_int_equal(aaa_attrs_avpair(&a, "ip:interface-config=vrf forwarding Eng-vrf"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ip:interface-config=ip unnumbered Loopback1"), 1);
	assert_int_equal(a.nifcfg, 2);
	assert_string_equal(a.ifcfg[1], "ip unnumbered Loopback1");
	/* not ours: ignored, not counted */
	assert_int_equal(aaa_attrs_avpair(&a, "ipsec:pfs=1"), 0);
	assert_int_equal(aaa_attrs_avpair(&a, "audit-session-id=abc"), 0);
	assert_int_equal(aaa_attrs_avpair(&a, "shell:priv-lvl=15"), 0);
	assert_int_equal(a.bad, 0);
	aaa_attrs_wipe(&a);
	assert_string_equal(a.psk_local, "");
}

static void test_avpairs_malformed(void **st)
{
	(void)st;
	static const char *const bad[] = {
		"ipsec:addr-pool",                        /* no value separator */
		"=x", ":=x",
		"ipsec:addr-pool=",                       /* empty */
		"ipsec:addr-pool=two words",
		"ipsec:dns-servers=10.0.0.300",
		"ipsec:dns-servers=1.1.1.1 2.2.2.2 3.3.3.3", /* more than two */
		"ipsec:dns-servers=",
		"ipsec:wins-servers=fe80::1",             /* wrong family */
		"ipsec:prefix-len=129", "ipsec:prefix-len=x",
		"ipsec:route-set=prefix 10.0.0.0/33", "ipsec:route-set=prefix 10.0.0.0",
		"ipsec:route-set=remote ipv4 10.0.0.0 255.0.255.0", /* non-contiguous mask */
		"ipsec:route-set=remote ipv4 10.0.0.0",
		"ipsec:route-set=bogus", "ipsec:route-set=",
		"ipsec:route-set=interface a b c d e",
		"ipsec:banner=bell\a",                     /* control character */
		"ipsec:ikev2-password-local=",
		"averyveryveryverylongprotocolname:x=1",
	};
	struct aaa_attrs a;
	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned before = a.bad;
		assert_int_equal(aaa_attrs_avpair(&a, bad[i]), -1);
		assert_int_equal(a.bad, before + 1);
	}
	/* nothing was taken from any of them */
	assert_string_equal(a.pool, "");
	assert_int_equal(a.ndns, 0);
	assert_int_equal(a.nwins, 0);
	assert_int_equal(a.ipv6_prefix, 0);
	assert_int_equal(a.nsubnets, 0);
	assert_false(a.has_routes);
	assert_string_equal(a.banner, "");
	/* a value too long for its field; 17 interface-config lines: the 17th dropped */
	char big[600];
	memset(big, 'x', sizeof big);
	memcpy(big, "ipsec:banner=", 13);
	big[sizeof big - 1] = '\0';
	assert_int_equal(aaa_attrs_avpair(&a, big), -1);
	for (int i = 0; i < AAA_MAX_IFCFG; i++)
		assert_int_equal(aaa_attrs_avpair(&a, "ip:interface-config=ip mtu 1400"), 1);
	assert_int_equal(aaa_attrs_avpair(&a, "ip:interface-config=ip mtu 1300"), -1);
	assert_int_equal(a.nifcfg, AAA_MAX_IFCFG);
}

/* RFC 2868 §3.5, the server's side, written here independently. */
static size_t tunnel_pw_hide(uint8_t *out, const char *pw, const uint8_t *secret, size_t slen,
			     const uint8_t req_auth[16])
{
	uint8_t plain[64] = { 0 };
	size_t n = strlen(pw);
	plain[0] = (uint8_t)n;
	memcpy(plain + 1, pw, n);
	size_t total = (n + 1 + 15) / 16 * 16;
	out[0] = 0;        /* tag */
	out[1] = 0x81;     /* salt, high bit set */
	out[2] = 0x23;
	const uint8_t *prev = NULL;
	for (size_t off = 0; off < total; off += 16) {
		uint8_t b[16];
		EVP_MD_CTX *x = EVP_MD_CTX_new();
		EVP_DigestInit_ex(x, EVP_md5(), NULL);
		EVP_DigestUpdate(x, secret, slen);
		if (prev)
			EVP_DigestUpdate(x, prev, 16);
		else {
			EVP_DigestUpdate(x, req_auth, 16);
			EVP_DigestUpdate(x, out + 1, 2);
		}
		EVP_DigestFinal_ex(x, b, NULL);
		EVP_MD_CTX_free(x);
		for (int i = 0; i < 16; i++)
			out[3 + off + i] = plain[off + i] ^ b[i];
		prev = out + 3 + off;
	}
	return 3 + total;
}

static void add_avpair(struct radius_pkt *p, const char *s)
{
	assert_int_equal(radius_pkt_add_cisco_avpair(p, s), 0);
}

static void test_radius_reply(void **st)
{
	(void)st;
	static const uint8_t secret[] = "s3cr3t", req_auth[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct radius_pkt p;
	radius_pkt_init(&p, RADIUS_ACCESS_ACCEPT, 7, NULL);
	assert_int_equal(radius_pkt_add_u32(&p, 8, ip("10.0.1.101")), 0);   /* Framed-IP-Address */
	assert_int_equal(radius_pkt_add_u32(&p, 9, 0xffffffffu), 0);        /* Framed-IP-Netmask */
	assert_int_equal(radius_pkt_add_str(&p, 88, "FPOOL"), 0);           /* Framed-Pool */
	uint8_t tp[64];
	size_t tl = tunnel_pw_hide(tp, "psk-from-radius", secret, 6, req_auth);
	assert_int_equal(radius_pkt_add(&p, 69, tp, tl), 0);
	add_avpair(&p, "ipsec:dns-servers=10.2.2.2");
	add_avpair(&p, "ipsec:route-set=prefix 10.9.0.0/16");
	add_avpair(&p, "ip:interface-config=ip mtu 1000");
	add_avpair(&p, "ipsec:dns-servers=999.1.1.1");                    /* malformed: counted */
	/* another vendor's VSA: not read */
	assert_int_equal(radius_pkt_add_vsa(&p, 311, 1, "ipsec:addr-pool=MS", 18), 0);
	struct aaa_attrs a;
	memset(&a, 0, sizeof a);
	aaa_attrs_from_radius(&a, p.buf, p.len, true, secret, 6, req_auth);
	assert_true(a.found);
	assert_true(a.has_framed_ip);
	assert_int_equal(a.framed_ip, ip("10.0.1.101"));
	assert_true(a.has_netmask);
	assert_string_equal(a.pool, "FPOOL");
	assert_string_equal(a.tunnel_pw, "psk-from-radius");
	assert_int_equal(a.ndns, 1);
	assert_int_equal(a.nsubnets, 1);
	assert_int_equal(a.nifcfg, 1);
	assert_int_equal(a.bad, 1);
	/* the wrong secret gives garbage: its length octet or characters do not fit */
	struct aaa_attrs w;
	memset(&w, 0, sizeof w);
	aaa_attrs_from_radius(&w, p.buf, p.len, true, (const uint8_t *)"other", 5, req_auth);
	assert_string_not_equal(w.tunnel_pw, "psk-from-radius");
	/* no secret (cached attributes): not decoded, not counted */
	memset(&w, 0, sizeof w);
	aaa_attrs_from_radius(&w, p.buf + RADIUS_HDR_LEN, p.len - RADIUS_HDR_LEN, false, NULL, 0, NULL);
	assert_string_equal(w.tunnel_pw, "");
	assert_string_equal(w.pool, "FPOOL");
	assert_int_equal(w.bad, 1);
	/* Framed-IP-Address 255.255.255.254 ("NAS picks") is no address */
	radius_pkt_init(&p, RADIUS_ACCESS_ACCEPT, 8, NULL);
	assert_int_equal(radius_pkt_add_u32(&p, 8, 0xfffffffeu), 0);
	memset(&w, 0, sizeof w);
	aaa_attrs_from_radius(&w, p.buf, p.len, true, NULL, 0, NULL);
	assert_false(w.has_framed_ip);
}

static void test_radius_hostile(void **st)
{
	(void)st;
	struct aaa_attrs a;
	/* Framed-IP-Address of 3 octets, Tunnel-Password too short, a Cisco
	 * VSA whose inner length runs past the attribute, an AVPair with an
	 * embedded NUL, an empty one */
	static const uint8_t tlv[] = {
		8, 5, 10, 0, 1,
		69, 6, 0, 0x80, 1, 2,
		26, 14, 0, 0, 0, 9, 1, 20, 'i', 'p', 's', 'e', 'c', ':',
		26, 13, 0, 0, 0, 9, 1, 7, 'a', ':', 0, '=', 'b',
		26, 8, 0, 0, 0, 9, 1, 2,
	};
	memset(&a, 0, sizeof a);
	aaa_attrs_from_radius(&a, tlv, sizeof tlv, false, (const uint8_t *)"k", 1, (const uint8_t *)"0123456789abcdef");
	assert_false(a.has_framed_ip);
	assert_string_equal(a.tunnel_pw, "");
	assert_int_equal(a.bad, 5);
	/* an outer attribute that runs past the end stops the walk, counted */
	static const uint8_t cut[] = { 88, 4, 'P', 'O', 26, 40, 0, 0 };
	memset(&a, 0, sizeof a);
	aaa_attrs_from_radius(&a, cut, sizeof cut, false, NULL, 0, NULL);
	assert_string_equal(a.pool, "PO");
	assert_int_equal(a.bad, 1);
}

/* The seed 002 "Attributes - Merging" picture, then group override. */
static void test_precedence(void **st)
{
	(void)st;
	struct aaa_attrs cached, user, group, out;
	memset(&cached, 0, sizeof cached);
	memset(&user, 0, sizeof user);
	memset(&group, 0, sizeof group);
	cached.found = user.found = group.found = true;
	aaa_attrs_avpair(&cached, "ipsec:dns-servers=10.2.2.2");
	cached.has_framed_ip = true;
	cached.framed_ip = ip("10.0.0.101");
	user.has_framed_ip = true;
	user.framed_ip = ip("10.0.0.102");
	aaa_attrs_avpair(&group, "ipsec:dns-servers=10.2.2.3");
	aaa_attrs_avpair(&group, "ipsec:banner=Welcome !");
	aaa_attrs_avpair(&group, "ipsec:addr-pool=GPOOL");
	aaa_attrs_avpair(&group, "ip:interface-config=ip mtu 1000");
	aaa_attrs_avpair(&user, "ip:interface-config=ip mtu 1200");
	aaa_attrs_avpair(&cached, "ip:interface-config=ip mtu 1100");

	aaa_attrs_final(&out, &group, &cached, &user, false);
	assert_int_equal(out.framed_ip, ip("10.0.0.102"));   /* explicit user over cached */
	assert_int_equal(out.ndns, 1);
	assert_int_equal(out.dns[0], ip("10.2.2.2"));        /* merged user over group */
	assert_string_equal(out.banner, "Welcome !");        /* only the group has it */
	assert_string_equal(out.pool, "GPOOL");
	/* interface-config: group, implicit (cached), user; the last line wins on the box */
	assert_int_equal(out.nifcfg, 3);
	assert_string_equal(out.ifcfg[0], "ip mtu 1000");
	assert_string_equal(out.ifcfg[1], "ip mtu 1100");
	assert_string_equal(out.ifcfg[2], "ip mtu 1200");

	aaa_attrs_final(&out, &group, &cached, &user, true);
	assert_int_equal(out.framed_ip, ip("10.0.0.102"));   /* the group has none */
	assert_int_equal(out.dns[0], ip("10.2.2.3"));        /* group override */
	assert_string_equal(out.ifcfg[0], "ip mtu 1100");    /* implicit, user, group */
	assert_string_equal(out.ifcfg[1], "ip mtu 1200");
	assert_string_equal(out.ifcfg[2], "ip mtu 1000");

	/* a source that did not answer (found false) adds nothing; NULLs allowed */
	struct aaa_attrs none;
	memset(&none, 0, sizeof none);
	aaa_attrs_avpair(&none, "ipsec:addr-pool=NOPE");
	aaa_attrs_final(&out, &group, &none, NULL, false);
	assert_string_equal(out.pool, "GPOOL");
	aaa_attrs_final(&out, NULL, NULL, NULL, false);
	assert_false(out.found);

	/* routes move as one set: the user's prefix replaces the group's ACL and interface */
	struct aaa_attrs g2, u2;
	memset(&g2, 0, sizeof g2);
	memset(&u2, 0, sizeof u2);
	g2.found = u2.found = true;
	aaa_attrs_avpair(&g2, "ipsec:route-set=access-list SPLIT");
	aaa_attrs_avpair(&g2, "ipsec:route-set=interface");
	aaa_attrs_avpair(&u2, "ipsec:route-set=prefix 10.1.0.0/16");
	aaa_attrs_final(&out, &g2, NULL, &u2, false);
	assert_int_equal(out.nsubnets, 1);
	assert_string_equal(out.route_acl, "");
	assert_int_equal(out.nroute_ifs, 0);
	aaa_attrs_final(&out, &g2, NULL, &u2, true);
	assert_int_equal(out.nsubnets, 0);
	assert_string_equal(out.route_acl, "SPLIT");
	assert_int_equal(out.nroute_ifs, 1);
}

static void test_mangle_eap(void **st)
{
	(void)st;
	char out[64];
	assert_true(aaa_author_mangle_eap("all", "joe@cisco", out, sizeof out));
	assert_string_equal(out, "joe@cisco");
	assert_true(aaa_author_mangle_eap("prefix delimiter @", "joe@cisco", out, sizeof out));
	assert_string_equal(out, "joe");
	assert_true(aaa_author_mangle_eap("suffix delimiter @", "joe@cisco", out, sizeof out));
	assert_string_equal(out, "cisco");
	assert_true(aaa_author_mangle_eap("prefix delimiter .", "host.example.com", out, sizeof out));
	assert_string_equal(out, "host");
	assert_true(aaa_author_mangle_eap("suffix delimiter .", "host.example.com", out, sizeof out));
	assert_string_equal(out, "example.com");
	assert_true(aaa_author_mangle_eap("prefix delimiter \\", "CORP\\joe", out, sizeof out));
	assert_string_equal(out, "CORP");
	assert_true(aaa_author_mangle_eap("suffix delimiter \\", "CORP\\joe", out, sizeof out));
	assert_string_equal(out, "joe");
	assert_true(aaa_author_mangle_eap("dn common-name", "CN=joe,OU=Eng,O=Example", out, sizeof out));
	assert_string_equal(out, "joe");
	assert_true(aaa_author_mangle_eap("dn organization-unit", "/C=US/O=Example/OU=Eng/CN=joe", out, sizeof out));
	assert_string_equal(out, "Eng");
	assert_true(aaa_author_mangle_eap("dn organization", "CN=joe,OU=Eng,O=Example", out, sizeof out));
	assert_string_equal(out, "Example");
	/* rules that do not apply */
	assert_false(aaa_author_mangle_eap("prefix delimiter @", "joe", out, sizeof out));
	assert_false(aaa_author_mangle_eap("suffix delimiter @", "joe@", out, sizeof out));   /* empty */
	assert_false(aaa_author_mangle_eap("prefix delimiter @", "@cisco", out, sizeof out));
	assert_false(aaa_author_mangle_eap("dn state", "CN=joe,OU=Eng", out, sizeof out));
	assert_false(aaa_author_mangle_eap("dn bogus", "CN=joe", out, sizeof out));
	assert_false(aaa_author_mangle_eap("all", "two words", out, sizeof out));
	assert_false(aaa_author_mangle_eap("all", "", out, sizeof out));
	assert_false(aaa_author_mangle_eap("bogus", "joe", out, sizeof out));
	assert_false(aaa_author_mangle_eap(NULL, "joe", out, sizeof out));
	assert_false(aaa_author_mangle_eap("all", "joe@cisco", out, 4));   /* does not fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_avpairs),
		cmocka_unit_test(test_avpairs_malformed),
		cmocka_unit_test(test_radius_reply),
		cmocka_unit_test(test_radius_hostile),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_mangle_eap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
