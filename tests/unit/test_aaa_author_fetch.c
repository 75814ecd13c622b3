/*
 * aaa/aaa_author_fetch.c against a RADIUS server on real UDP sockets
 * (127.0.0.1, answered on the same event loop, built from the codec) and
 * the servers/groups/method lists of an in-memory running-config:
 * what the Access-Request carries (User-Name, User-Password "cisco" or the
 * configured one, Service-Type Outbound, Message-Authenticator), the
 * Access-Accept's attributes, Access-Reject = failure, failover from a
 * silent server, the next method only when a group cannot answer, an
 * undefined list, cancel.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "aaa/aaa_author.h"
#include "aaa/radius_pkt.h"
#include "aaa/radius_servers.h"
#include "base/loop.h"
#include "running-config/store.h"

#define SECRET "s3cr3t"

static int live_fd, silent_fd;
static struct sockaddr_in live_addr, silent_addr;
static struct {
	unsigned requests, bad_ma;
	char user[64], pw[64];
	uint32_t service_type;
} seen;

static int udp_bind(struct sockaddr_in *a)
{
	socklen_t l = sizeof *a;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(a, 0, sizeof *a);
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)a, sizeof *a), 0);
	getsockname(fd, (struct sockaddr *)a, &l);
	return fd;
}

/* RFC 2868 Tunnel-Password, the server side */
static size_t tunnel_pw(uint8_t *out, const char *pw, const uint8_t req_auth[16])
{
	uint8_t plain[32] = { 0 }, b[16];
	plain[0] = (uint8_t)strlen(pw);
	memcpy(plain + 1, pw, strlen(pw));
	out[0] = 0;
	out[1] = 0x80;
	out[2] = 0x01;
	const uint8_t *prev = NULL;
	for (size_t off = 0; off < 32; off += 16) {
		EVP_MD_CTX *x = EVP_MD_CTX_new();
		EVP_DigestInit_ex(x, EVP_md5(), NULL);
		EVP_DigestUpdate(x, SECRET, strlen(SECRET));
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
	return 3 + 32;
}

static void on_live(int fd, uint32_t ev, void *data)
{
	(void)ev;
	(void)data;
	uint8_t b[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	ssize_t n;
	static const uint8_t z[16];
	while ((n = recvfrom(fd, b, sizeof b, 0, (struct sockaddr *)&from, &fl)) > 0) {
		seen.requests++;
		if (radius_request_verify(b, (size_t)n, (const uint8_t *)SECRET, strlen(SECRET)) < 0) {
			seen.bad_ma++;
			continue;
		}
		size_t vl;
		const uint8_t *v = radius_attr_find(b, (size_t)n, RADIUS_A_USER_NAME, &vl);
		memset(seen.user, 0, sizeof seen.user);
		if (v && vl < sizeof seen.user)
			memcpy(seen.user, v, vl);
		v = radius_attr_find(b, (size_t)n, RADIUS_A_USER_PASSWORD, &vl);
		memset(seen.pw, 0, sizeof seen.pw);
		if (v) {
			int l = radius_password_unhide((uint8_t *)seen.pw, v, vl, (const uint8_t *)SECRET, strlen(SECRET),
						       b + 4);
			if (l >= 0 && l < (int)sizeof seen.pw)
				seen.pw[l] = 0;
		}
		v = radius_attr_find(b, (size_t)n, RADIUS_A_SERVICE_TYPE, &vl);
		seen.service_type = v && vl == 4 ? (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | v[2] << 8 | v[3] : 0;
		struct radius_pkt p;
		bool reject = !strcmp(seen.user, "bob");
		radius_pkt_init(&p, reject ? RADIUS_ACCESS_REJECT : RADIUS_ACCESS_ACCEPT, b[1], NULL);
		if (!strcmp(seen.user, "grp-eng")) {
			radius_pkt_add_cisco_avpair(&p, "ipsec:addr-pool=ENG");
			radius_pkt_add_cisco_avpair(&p, "ipsec:dns-servers=10.0.1.1");
			radius_pkt_add_cisco_avpair(&p, "ipsec:route-set=prefix 10.9.0.0/16");
			radius_pkt_add_cisco_avpair(&p, "ip:interface-config=ip mtu 1000");
			uint8_t tp[64];
			size_t tl = tunnel_pw(tp, "the-psk", b + 4);
			radius_pkt_add(&p, 69, tp, tl);
		}
		radius_pkt_add(&p, RADIUS_A_MESSAGE_AUTHENTICATOR, z, 16);
		radius_reply_sign(p.buf, p.len, b + 4, (const uint8_t *)SECRET, strlen(SECRET));
		sendto(fd, p.buf, p.len, 0, (struct sockaddr *)&from, sizeof from);
		fl = sizeof from;
	}
}

static struct got {
	int calls;
	enum aaa_author_result res;
	struct aaa_attrs a;
	char why[160];
	bool stop;
} got;

static void done(void *ctx, enum aaa_author_result res, const struct aaa_attrs *a, const char *why)
{
	(void)ctx;
	got.calls++;
	got.res = res;
	got.a = *a;
	snprintf(got.why, sizeof got.why, "%s", why);
	if (got.stop)
		loop_stop();
}

static char local_name[64];
static bool local_fn(void *ctx, const char *name, struct aaa_attrs *out)
{
	(void)ctx;
	snprintf(local_name, sizeof local_name, "%s", name);
	if (strcmp(name, "IT"))
		return false;
	aaa_attrs_avpair(out, "ipsec:addr-pool=IT-pool");
	return true;
}

static void stop_cb(void *d)
{
	(void)d;
	loop_stop();
}

/* Start a fetch and run the loop until it answers (at most 10 s). */
static void fetch(const char *list, const char *name, const char *pw)
{
	memset(&got, 0, sizeof got);
	got.stop = true;
	struct aaa_author_req *r = aaa_author_fetch(list, name, pw, local_fn, done, NULL);
	if (got.calls) {
		assert_null(r);
		return;
	}
	assert_non_null(r);
	uint64_t t = loop_timer(10000, stop_cb, NULL);
	loop_run();
	loop_cancel(t);
	assert_int_equal(got.calls, 1);
}

static int setup(void **st)
{
	(void)st;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(store_open(":memory:"), 0);
	live_fd = udp_bind(&live_addr);
	silent_fd = udp_bind(&silent_addr);   /* bound, never read: no reply, no ICMP */
	assert_int_equal(loop_add_fd(live_fd, false, on_live, NULL), 0);
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO radius_server(name, addr, auth_port, acct_port, key, timeout, retransmit, seq)"
		 " VALUES('SILENT','127.0.0.1',%u,1646,'" SECRET "',1,0,0);"
		 "INSERT INTO radius_server(name, addr, auth_port, acct_port, key, timeout, retransmit, seq)"
		 " VALUES('LIVE','127.0.0.1',%u,1646,'" SECRET "',2,1,1);"
		 "INSERT INTO radius_group(name, seq) VALUES('G',0);"
		 "INSERT INTO radius_group_server(grp, seq, server) VALUES('G',0,'SILENT');"
		 "INSERT INTO radius_group_server(grp, seq, server) VALUES('G',1,'LIVE');"
		 "INSERT INTO radius_group(name, seq) VALUES('DEAD',1);"
		 "INSERT INTO radius_group_server(grp, seq, server) VALUES('DEAD',0,'SILENT');"
		 "INSERT INTO radius_group(name, seq) VALUES('EMPTY',2);"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(1,'authorization','network','L');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(1,0,'group','G');"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(2,'authorization','network','LL');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(2,0,'group','EMPTY');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(2,1,'local',NULL);"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(3,'authorization','network','D');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(3,0,'group','DEAD');"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(4,'authorization','network','default');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(4,0,'local',NULL);",
		 ntohs(silent_addr.sin_port), ntohs(live_addr.sin_port));
	assert_int_equal(db_script(sql), 0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	radius_servers_reset();
	loop_del_fd(live_fd);
	close(live_fd);
	close(silent_fd);
	return 0;
}

static void test_accept_with_failover(void **st)
{
	(void)st;
	memset(&seen, 0, sizeof seen);
	fetch("L", "grp-eng", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_PASS);
	assert_true(got.a.found);
	assert_string_equal(got.a.pool, "ENG");
	assert_int_equal(got.a.ndns, 1);
	assert_int_equal(got.a.nsubnets, 1);
	assert_int_equal(got.a.nifcfg, 1);
	assert_string_equal(got.a.tunnel_pw, "the-psk");
	/* what the server saw: IOS's fixed password, Service-Type Outbound */
	assert_int_equal(seen.requests, 1);
	assert_int_equal(seen.bad_ma, 0);
	assert_string_equal(seen.user, "grp-eng");
	assert_string_equal(seen.pw, "cisco");
	assert_int_equal(seen.service_type, 5);
	/* SILENT was tried first and failed over */
	size_t n = radius_servers_sync();
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		struct radius_entry *e = radius_servers_get(i);
		if (!strcmp(e->name, "SILENT")) {
			found = true;
			assert_true(e->failovers >= 1);
		}
	}
	assert_true(found);
}

static void test_password_and_reject(void **st)
{
	(void)st;
	fetch("L", "alice", "configured-pw");
	assert_int_equal(got.res, AAA_AUTHOR_PASS);
	assert_false(got.a.found && got.a.pool[0]);
	assert_string_equal(seen.pw, "configured-pw");
	fetch("L", "bob", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_FAIL);
	assert_non_null(strstr(got.why, "Access-Reject"));
}

static void test_methods(void **st)
{
	(void)st;
	/* a group without servers cannot answer: the next method (local) does */
	fetch("LL", "IT", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_PASS);
	assert_string_equal(local_name, "IT");
	assert_string_equal(got.a.pool, "IT-pool");
	/* local without such a policy: passes with nothing */
	fetch(NULL, "nobody", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_PASS);
	assert_false(got.a.found);
	/* only a silent server: failure after its timeout */
	fetch("D", "x", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_FAIL);
	assert_non_null(strstr(got.why, "no RADIUS server answered"));
	/* an undefined list fails at once */
	fetch("NOPE", "x", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_FAIL);
	assert_non_null(strstr(got.why, "not defined"));
	/* no usable name */
	fetch("L", "", NULL);
	assert_int_equal(got.res, AAA_AUTHOR_FAIL);
}

static void test_cancel(void **st)
{
	(void)st;
	memset(&got, 0, sizeof got);
	struct aaa_author_req *r = aaa_author_fetch("D", "x", NULL, NULL, done, NULL);
	assert_non_null(r);
	aaa_author_cancel(r);
	uint64_t t = loop_timer(1500, stop_cb, NULL);   /* past the server's timeout */
	loop_run();
	loop_cancel(t);
	assert_int_equal(got.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_with_failover),
		cmocka_unit_test(test_password_and_reject),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_cancel),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
