/* aaa/aaa_acct: the attributes of Start / Interim / Stop records (as IOS
 * lays them out) read back with the RADIUS codec; which lists account. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "aaa/aaa_acct.h"
#include "aaa/radius_pkt.h"
#include "running-config/flash.h"
#include "running-config/store.h"

static uint32_t u32_of(const struct radius_pkt *p, uint8_t type, int *found)
{
	size_t n;
	const uint8_t *v = radius_attr_find(p->buf, p->len, type, &n);
	*found = v && n == 4;
	return v && n == 4 ? (uint32_t)v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3] : 0;
}

static int has_u32(const struct radius_pkt *p, uint8_t type, uint32_t want)
{
	int f;
	uint32_t v = u32_of(p, type, &f);
	return f && v == want;
}

static int has_str(const struct radius_pkt *p, uint8_t type, const char *want)
{
	size_t n;
	const uint8_t *v = radius_attr_find(p->buf, p->len, type, &n);
	return v && n == strlen(want) && memcmp(v, want, n) == 0;
}

static int has_avpair(const struct radius_pkt *p, const char *want)
{
	struct radius_attr_iter it;
	char s[256];
	radius_attr_iter_init(&it, p->buf, p->len);
	while (radius_cisco_avpair_next(&it, s, sizeof s))
		if (!strcmp(s, want))
			return 1;
	return 0;
}

static struct aaa_acct_info info(void)
{
	struct aaa_acct_info in = { .key = 7, .list = "ACC", .user = "cl1.lab.example",
				    .phase1_id = "cl1.lab.example", .framed_ip = 0x0a630001 };
	struct sockaddr_in *a = (struct sockaddr_in *)&in.peer;
	a->sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.2", &a->sin_addr);
	return in;
}

static void build(struct radius_pkt *p, const struct aaa_acct_record *r)
{
	radius_pkt_init(p, RADIUS_ACCOUNTING_REQUEST, 1, (const uint8_t[RADIUS_AUTH_LEN]){ 0 });
	assert_int_equal(aaa_acct_build(p, r), 0);
	assert_int_equal(radius_pkt_check(p->buf, p->len), (int)p->len);
}

static void test_start(void **st)
{
	(void)st;
	struct aaa_acct_info in = info();
	struct aaa_acct_record r = { .status = AAA_ACCT_START, .acct_session_id = "0000001B", .info = &in };
	inet_pton(AF_INET, "192.0.2.1", &r.nas_ip);
	struct radius_pkt p;
	build(&p, &r);
	assert_true(has_str(&p, RADIUS_A_ACCT_SESSION_ID, "0000001B"));
	assert_true(has_str(&p, RADIUS_A_USER_NAME, "cl1.lab.example"));
	assert_true(has_str(&p, 31, "192.0.2.2"));
	assert_true(has_avpair(&p, "isakmp-phase1-id=cl1.lab.example"));
	assert_true(has_avpair(&p, "isakmp-initiator-ip=192.0.2.2"));
	assert_true(has_avpair(&p, "connect-progress=No Progress"));
	assert_true(has_u32(&p, RADIUS_A_FRAMED_IP_ADDRESS, 0x0a630001));
	assert_true(has_u32(&p, RADIUS_A_NAS_IP_ADDRESS, 0xc0000201));
	assert_true(has_u32(&p, RADIUS_A_ACCT_STATUS_TYPE, 1));
	assert_true(has_u32(&p, 45, 2)); /* Acct-Authentic Local, as IOS */
	assert_true(has_u32(&p, 41, 0));
	int f;
	u32_of(&p, 46, &f);
	assert_false(f); /* no time, counters or cause in a Start */
	u32_of(&p, 49, &f);
	assert_false(f);
}

static void test_stop(void **st)
{
	(void)st;
	struct aaa_acct_info in = info();
	in.framed_ip = 0;
	struct aaa_acct_counters c = { .in_octets = 13906, .out_octets = (5ULL << 32) + 11040, .in_pkts = 207,
				       .out_pkts = 92 };
	struct aaa_acct_record r = { .status = AAA_ACCT_STOP, .acct_session_id = "0000001B", .info = &in,
				     .session_time = 104, .counters = &c, .cause = AAA_TERM_USER_REQUEST };
	struct radius_pkt p;
	build(&p, &r);
	assert_true(has_u32(&p, RADIUS_A_ACCT_STATUS_TYPE, 2));
	assert_true(has_u32(&p, 46, 104));
	assert_true(has_u32(&p, 42, 13906));
	assert_true(has_u32(&p, 43, 11040));
	assert_true(has_u32(&p, 53, 5));   /* Acct-Output-Gigawords */
	assert_true(has_u32(&p, 47, 207));
	assert_true(has_u32(&p, 48, 92));
	assert_true(has_u32(&p, 49, 1));
	assert_true(has_avpair(&p, "disc-cause-ext=No Reason"));
	int f;
	u32_of(&p, RADIUS_A_FRAMED_IP_ADDRESS, &f);
	assert_false(f);
	u32_of(&p, RADIUS_A_NAS_IP_ADDRESS, &f);
	assert_false(f);
	u32_of(&p, 52, &f);
	assert_false(f);
	/* Interim: counters, no cause */
	r.status = AAA_ACCT_INTERIM;
	build(&p, &r);
	assert_true(has_u32(&p, RADIUS_A_ACCT_STATUS_TYPE, 3));
	assert_true(has_u32(&p, 42, 13906));
	u32_of(&p, 49, &f);
	assert_false(f);
}

static void test_lists(void **st)
{
	(void)st;
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_script("INSERT INTO aaa_method_list(id, kind, service, name, action) VALUES"
				   "(1, 'accounting', 'network', 'NONE', 'none'),"
				   "(2, 'authentication', 'login', 'LOGIN', NULL);"),
			 0);
	struct aaa_acct_info in = info();
	in.list = "MISSING";
	assert_int_equal(aaa_acct_start(&in), 1);
	in.list = "NONE";
	assert_int_equal(aaa_acct_start(&in), 1);
	in.list = "LOGIN";
	assert_int_equal(aaa_acct_start(&in), 1);
	assert_int_equal(aaa_acct_count(), 0);
	assert_false(aaa_acct_active(7));
	aaa_acct_stop(7, NULL, AAA_TERM_USER_REQUEST); /* unknown: ignored */
	store_close();
}

static unsigned long file_mark(const char *dir)
{
	char path[512], buf[32] = "";
	snprintf(path, sizeof path, "%s/.acct-session-id", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof buf, f))
		buf[0] = 0;
	fclose(f);
	return strtoul(buf, NULL, 10);
}

static void put_mark(const char *dir, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/.acct-session-id", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Acct-Session-Id numbers across "restarts" (the loaded mark forgotten):
 * never one again, the file written once per block of 1024. */
static void test_session_id_persists(void **st)
{
	(void)st;
	char dir[] = "/tmp/test-acct-sid-XXXXXX";
	assert_non_null(mkdtemp(dir));
	flash_set_dir(dir);
	aaa_acct_sid_reset();
	assert_int_equal(aaa_acct_sid_next(), 1);
	assert_int_equal(file_mark(dir), 1024);
	for (uint32_t i = 2; i <= 1024; i++)
		assert_int_equal(aaa_acct_sid_next(), i);
	assert_int_equal(file_mark(dir), 1024);
	assert_int_equal(aaa_acct_sid_next(), 1025); /* the next block */
	assert_int_equal(file_mark(dir), 2048);
	aaa_acct_sid_reset(); /* a restart (or a crash) */
	assert_int_equal(aaa_acct_sid_next(), 2049);
	assert_int_equal(file_mark(dir), 3072);
	put_mark(dir, "4294967295\n"); /* the top: wraps, never 0 */
	aaa_acct_sid_reset();
	assert_int_equal(aaa_acct_sid_next(), 1);
	put_mark(dir, "4294967000\n");
	aaa_acct_sid_reset();
	assert_int_equal(aaa_acct_sid_next(), 4294967001u);
	assert_int_equal(file_mark(dir), 4294967295ul);
	put_mark(dir, "garbage"); /* unreadable: from 1 */
	aaa_acct_sid_reset();
	assert_int_equal(aaa_acct_sid_next(), 1);
	char path[512];
	snprintf(path, sizeof path, "%s/.acct-session-id", dir);
	unlink(path);
	rmdir(dir);
	flash_set_dir("");
	aaa_acct_sid_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_session_id_persists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
