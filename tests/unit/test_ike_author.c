/* Authorization helpers (ikev2/ike_author_util.c): ACL entry to subnet,
 * name mangler, user/group merge, selector narrowing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <openssl/x509.h>

#include "ikev2/ike_author.h"

static void test_wc_subnet(void **state)
{
	(void)state;
	uint32_t net, mask;
	/* 10.10.0.0 0.0.0.255 -> 10.10.0.0/255.255.255.0 */
	assert_true(ike_author_wc_subnet(0x0a0a0000, 0x000000ff, &net, &mask));
	assert_int_equal(net, 0x0a0a0000);
	assert_int_equal(mask, 0xffffff00);
	/* host 10.10.0.5 */
	assert_true(ike_author_wc_subnet(0x0a0a0005, 0, &net, &mask));
	assert_int_equal(mask, 0xffffffff);
	/* any */
	assert_true(ike_author_wc_subnet(0, 0xffffffff, &net, &mask));
	assert_int_equal(mask, 0);
	assert_int_equal(net, 0);
	/* non-contiguous wildcards are no route */
	assert_false(ike_author_wc_subnet(0x0a000000, 0x00ff00ff, &net, &mask));
	assert_false(ike_author_wc_subnet(0x0a000000, 0x00000100, &net, &mask));
	/* 0.0.1.255 = /23; the address is masked */
	assert_true(ike_author_wc_subnet(0x0a0001ff, 0x000001ff, &net, &mask));
	assert_int_equal(mask, 0xfffffe00);
	assert_int_equal(net, 0x0a000000);
}

#define ID(s) (const uint8_t *)(s), strlen(s)

static void test_mangle_fqdn_email(void **state)
{
	(void)state;
	char out[64];
	assert_true(ike_author_mangle("hostname", NULL, NULL, IKEV2_ID_FQDN, ID("cl1.lab.example"), out, sizeof out));
	assert_string_equal(out, "cl1");
	assert_true(ike_author_mangle("domain", NULL, NULL, IKEV2_ID_FQDN, ID("cl1.lab.example"), out, sizeof out));
	assert_string_equal(out, "lab.example");
	assert_true(ike_author_mangle("all", NULL, NULL, IKEV2_ID_FQDN, ID("cl1.lab.example"), out, sizeof out));
	assert_string_equal(out, "cl1.lab.example");
	/* no domain part: no name */
	assert_false(ike_author_mangle("domain", NULL, NULL, IKEV2_ID_FQDN, ID("hostonly"), out, sizeof out));
	assert_true(ike_author_mangle(NULL, "username", NULL, IKEV2_ID_RFC822_ADDR, ID("joe@cisco.com"), out,
				      sizeof out));
	assert_string_equal(out, "joe");
	assert_true(ike_author_mangle(NULL, "domain", NULL, IKEV2_ID_RFC822_ADDR, ID("joe@cisco.com"), out,
				      sizeof out));
	assert_string_equal(out, "cisco.com");
	/* a rule for another type does not apply */
	assert_false(ike_author_mangle(NULL, "domain", NULL, IKEV2_ID_FQDN, ID("cl1.lab.example"), out, sizeof out));
	assert_false(ike_author_mangle("all", "all", "common-name", IKEV2_ID_IPV4_ADDR,
				       (const uint8_t *)"\xc0\x00\x02\x02", 4, out, sizeof out));
	/* spaces or control characters never make a policy name */
	assert_false(ike_author_mangle("all", NULL, NULL, IKEV2_ID_FQDN, ID("a b"), out, sizeof out));
	/* too long for the buffer */
	assert_false(ike_author_mangle("all", NULL, NULL, IKEV2_ID_FQDN, ID("cl1.lab.example"), out, 8));
}

static void test_mangle_dn(void **state)
{
	(void)state;
	X509_NAME *n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"CH", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"Lab", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_ASC, (const unsigned char *)"sales", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"cl1.lab.example", -1, -1, 0);
	unsigned char *der = NULL;
	int len = i2d_X509_NAME(n, &der);
	assert_true(len > 0);
	char out[64];
	assert_true(ike_author_mangle(NULL, NULL, "organization-unit", IKEV2_ID_DER_ASN1_DN, der, (size_t)len, out,
				      sizeof out));
	assert_string_equal(out, "sales");
	assert_true(ike_author_mangle(NULL, NULL, "common-name", IKEV2_ID_DER_ASN1_DN, der, (size_t)len, out,
				      sizeof out));
	assert_string_equal(out, "cl1.lab.example");
	assert_true(ike_author_mangle(NULL, NULL, "country", IKEV2_ID_DER_ASN1_DN, der, (size_t)len, out, sizeof out));
	assert_string_equal(out, "CH");
	/* absent field, truncated DER */
	assert_false(ike_author_mangle(NULL, NULL, "locality", IKEV2_ID_DER_ASN1_DN, der, (size_t)len, out,
				       sizeof out));
	assert_false(ike_author_mangle(NULL, NULL, "common-name", IKEV2_ID_DER_ASN1_DN, der, (size_t)len - 3, out,
				       sizeof out));
	assert_false(ike_author_mangle(NULL, NULL, "common-name", IKEV2_ID_DER_ASN1_DN, der, 0, out, sizeof out));
	OPENSSL_free(der);
	X509_NAME_free(n);
}

static void test_merge(void **state)
{
	(void)state;
	struct aaa_attrs grp, usr, out;
	memset(&grp, 0, sizeof grp);
	memset(&usr, 0, sizeof usr);
	grp.found = usr.found = true;
	strcpy(grp.pool, "GPOOL");
	grp.ndns = 1;
	grp.dns[0] = 0x0a0a0035;
	strcpy(grp.banner, "group banner");
	grp.nsubnets = 1;
	grp.subnets[0].family = 4;
	strcpy(usr.pool, "UPOOL");
	usr.nwins = 1;
	usr.wins[0] = 0x0a0a0036;
	/* user over group, per attribute */
	memset(&out, 0, sizeof out);
	aaa_attrs_merge(&out, &grp);
	aaa_attrs_merge(&out, &usr);
	assert_string_equal(out.pool, "UPOOL");
	assert_int_equal(out.ndns, 1);
	assert_int_equal(out.nwins, 1);
	assert_string_equal(out.banner, "group banner");
	assert_int_equal(out.nsubnets, 1);
	/* override: group over user */
	memset(&out, 0, sizeof out);
	aaa_attrs_merge(&out, &usr);
	aaa_attrs_merge(&out, &grp);
	assert_string_equal(out.pool, "GPOOL");
	assert_int_equal(out.nwins, 1);
	/* a policy not found adds nothing */
	struct aaa_attrs none;
	memset(&none, 0, sizeof none);
	strcpy(none.pool, "X");
	aaa_attrs_merge(&out, &none);
	assert_string_equal(out.pool, "GPOOL");
}

static struct ikev2_ts any_ts(uint8_t type)
{
	struct ikev2_ts t = { .type = type, .eport = 65535 };
	memset(t.end, 0xff, type == IKEV2_TS_IPV4_ADDR_RANGE ? 4 : 16);
	return t;
}

static void test_narrow(void **state)
{
	(void)state;
	struct ikev2_ts_list l = { .n = 2 };
	l.ts[0] = any_ts(IKEV2_TS_IPV4_ADDR_RANGE);
	l.ts[1] = any_ts(IKEV2_TS_IPV6_ADDR_RANGE);
	struct ikev2_ts ti[2], tr[2];
	uint8_t v6[16];
	inet_pton(AF_INET6, "2001:db8:99::1", v6);
	assert_int_equal(ike_author_narrow(0x0a630001, v6, &l, ti, tr), 2);
	assert_int_equal(ti[0].type, IKEV2_TS_IPV4_ADDR_RANGE);
	assert_memory_equal(ti[0].start, "\x0a\x63\x00\x01", 4);
	assert_memory_equal(ti[0].end, "\x0a\x63\x00\x01", 4);
	assert_memory_equal(tr[0].start, "\0\0\0\0", 4);
	assert_memory_equal(tr[0].end, "\xff\xff\xff\xff", 4);
	assert_int_equal(ti[1].type, IKEV2_TS_IPV6_ADDR_RANGE);
	assert_memory_equal(ti[1].start, v6, 16);
	assert_memory_equal(ti[1].end, v6, 16);
	assert_int_equal(tr[1].type, IKEV2_TS_IPV6_ADDR_RANGE);
	assert_int_equal(tr[1].end[15], 0xff);
	/* only IPv4 proposed: only the IPv4 pair, even with an IPv6 address */
	l.n = 1;
	assert_int_equal(ike_author_narrow(0x0a630001, v6, &l, ti, tr), 1);
	assert_int_equal(ti[0].type, IKEV2_TS_IPV4_ADDR_RANGE);
	/* no address: the initiator's own selector */
	l.ts[0].start[0] = 192;
	l.ts[0].end[0] = 192;
	assert_int_equal(ike_author_narrow(0, NULL, &l, ti, tr), 1);
	assert_int_equal(ti[0].start[0], 192);
	/* an assigned address outside every offered selector: unacceptable */
	assert_int_equal(ike_author_narrow(0x0a630001, NULL, &l, ti, tr), 0);
	/* ...but a second selector that holds it is taken */
	l.n = 2;
	l.ts[1] = any_ts(IKEV2_TS_IPV4_ADDR_RANGE);
	l.ts[1].start[0] = 10;
	l.ts[1].end[0] = 10;
	assert_int_equal(ike_author_narrow(0x0a630001, NULL, &l, ti, tr), 1);
	assert_memory_equal(ti[0].start, "\x0a\x63\x00\x01", 4);
	l.n = 1;
	/* nothing IPv4/IPv6 offered */
	l.ts[0].type = 9;
	assert_int_equal(ike_author_narrow(0x0a630001, v6, &l, ti, tr), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wc_subnet),
		cmocka_unit_test(test_mangle_fqdn_email),
		cmocka_unit_test(test_mangle_dn),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
