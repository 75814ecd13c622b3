/*
 * aaa/eap_chain.c: an EAP method list with two methods, over the real
 * local EAP server and the real RADIUS pass-through, against a RADIUS
 * server on 127.0.0.1 UDP (answered on the same event loop, built from the
 * codec) and a bound socket that never answers.  The next method only on
 * an error (unknown local user, no server answered), never after a reject
 * (wrong local password, Access-Reject); the EAP identity asked once and
 * replayed to the next method.  An Access-Challenge without EAP-Message:
 * a counted, logged failure.
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

#include "aaa/aaa_debug.h"
#include "aaa/eap_local.h"
#include "aaa/eap_server.h"
#include "aaa/radius_pkt.h"
#include "aaa/radius_servers.h"
#include "base/log.h"
#include "base/loop.h"
#include "running-config/store.h"

#define SECRET "s3cr3t"

static int live_fd, silent_fd;
static struct sockaddr_in live_addr, silent_addr;
static struct {
	unsigned requests;
	char user[64];
	uint8_t eap[300];
	size_t eap_len;
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

/* "rad" is accepted (EAP-Success), anyone else rejected (EAP-Failure). */
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
		if (radius_request_verify(b, (size_t)n, (const uint8_t *)SECRET, strlen(SECRET)) < 0)
			continue;
		size_t vl;
		const uint8_t *v = radius_attr_find(b, (size_t)n, RADIUS_A_USER_NAME, &vl);
		memset(seen.user, 0, sizeof seen.user);
		if (v && vl < sizeof seen.user)
			memcpy(seen.user, v, vl);
		int el = radius_attr_concat(b, (size_t)n, RADIUS_A_EAP_MESSAGE, seen.eap, sizeof seen.eap);
		seen.eap_len = el > 0 ? (size_t)el : 0;
		bool ok = strcmp(seen.user, "rad") == 0;
		struct radius_pkt p;
		if (strcmp(seen.user, "gtc") == 0 && seen.eap_len >= 5 && seen.eap[4] == 1) {
			/* Identity -> a GTC Request in a Challenge */
			radius_pkt_init(&p, RADIUS_ACCESS_CHALLENGE, b[1], NULL);
			uint8_t e[] = { 1, (uint8_t)(seen.eap[1] + 1), 0, 10, 6, 'P', 'a', 's', 's', ':' };
			radius_pkt_add(&p, RADIUS_A_EAP_MESSAGE, e, sizeof e);
			radius_pkt_add_str(&p, RADIUS_A_STATE, "st2");
			radius_pkt_add(&p, RADIUS_A_MESSAGE_AUTHENTICATOR, z, 16);
			radius_reply_sign(p.buf, p.len, b + 4, (const uint8_t *)SECRET, strlen(SECRET));
			sendto(fd, p.buf, p.len, 0, (struct sockaddr *)&from, sizeof from);
			fl = sizeof from;
			continue;
		}
		ok = ok || (strcmp(seen.user, "gtc") == 0 && seen.eap_len >= 5 && seen.eap[4] == 6);
		if (strcmp(seen.user, "nochal") == 0) {
			/* a Challenge with State and Reply-Message but no EAP-Message */
			radius_pkt_init(&p, RADIUS_ACCESS_CHALLENGE, b[1], NULL);
			radius_pkt_add_str(&p, RADIUS_A_STATE, "st1");
			radius_pkt_add_str(&p, RADIUS_A_REPLY_MESSAGE, "Enter passcode");
			radius_pkt_add(&p, RADIUS_A_MESSAGE_AUTHENTICATOR, z, 16);
			radius_reply_sign(p.buf, p.len, b + 4, (const uint8_t *)SECRET, strlen(SECRET));
			sendto(fd, p.buf, p.len, 0, (struct sockaddr *)&from, sizeof from);
			fl = sizeof from;
			continue;
		}
		radius_pkt_init(&p, ok ? RADIUS_ACCESS_ACCEPT : RADIUS_ACCESS_REJECT, b[1], NULL);
		uint8_t e[4] = { ok ? 3 : 4, seen.eap_len > 1 ? seen.eap[1] : 0, 0, 4 };
		radius_pkt_add(&p, RADIUS_A_EAP_MESSAGE, e, 4);
		radius_pkt_add(&p, RADIUS_A_MESSAGE_AUTHENTICATOR, z, 16);
		radius_reply_sign(p.buf, p.len, b + 4, (const uint8_t *)SECRET, strlen(SECRET));
		sendto(fd, p.buf, p.len, 0, (struct sockaddr *)&from, sizeof from);
		fl = sizeof from;
	}
}

static struct rec {
	int calls;
	enum eap_status st;
	bool error;
	uint8_t pkt[1100];
	size_t len;
	char why[900];
	char identity[256];
	bool stop;
} x;

static void on_result(void *ctx, const struct eap_result *r)
{
	(void)ctx;
	x.calls++;
	x.st = r->st;
	x.error = r->error;
	assert_true(r->eap_len <= sizeof x.pkt);
	if (r->eap_len)
		memcpy(x.pkt, r->eap, r->eap_len);
	x.len = r->eap_len;
	snprintf(x.why, sizeof x.why, "%s", r->why ? r->why : "");
	snprintf(x.identity, sizeof x.identity, "%s", r->identity ? r->identity : "");
	if (x.stop)
		loop_stop();
}

static void stop_cb(void *d)
{
	(void)d;
	loop_stop();
}

/* Wait (at most 10 s) for one more result. */
static void wait_result(int before)
{
	if (x.calls > before)
		return;
	x.stop = true;
	uint64_t t = loop_timer(10000, stop_cb, NULL);
	loop_run();
	loop_cancel(t);
	x.stop = false;
	assert_int_equal(x.calls, before + 1);
}

static struct eap_server *start(const char *list, bool query, const char *ike_id)
{
	memset(&x, 0, sizeof x);
	memset(&seen, 0, sizeof seen);
	struct eap_server_params p = { .list = list, .ike_id = ike_id, .query_identity = query, .timeout_s = 90,
				       .session_id = 7 };
	char why[256];
	struct eap_server *es = eap_server_new(false, &p, on_result, NULL, why, sizeof why);
	assert_non_null(es);
	eap_server_input(es, NULL, 0);
	wait_result(0);
	return es;
}

/* The peer's Response of type t to the Request in x; waits for the answer. */
static void respond(struct eap_server *es, uint8_t t, const void *data, size_t n)
{
	uint8_t p[300];
	p[0] = EAP_CODE_RESPONSE;
	p[1] = x.pkt[1];
	p[2] = (uint8_t)((n + 5) >> 8);
	p[3] = (uint8_t)(n + 5);
	p[4] = t;
	memcpy(p + 5, data, n);
	int before = x.calls;
	eap_server_input(es, p, n + 5);
	wait_result(before);
}

static void identity(struct eap_server *es, const char *who)
{
	assert_int_equal(x.st, EAP_ST_CONTINUE);
	assert_int_equal(x.pkt[0], EAP_CODE_REQUEST);
	assert_int_equal(x.pkt[4], EAP_T_IDENTITY);
	respond(es, EAP_T_IDENTITY, who, strlen(who));
}

static int setup(void **st)
{
	(void)st;
	assert_int_equal(loop_init(), 0);
	assert_int_equal(store_open(":memory:"), 0);
	live_fd = udp_bind(&live_addr);
	silent_fd = udp_bind(&silent_addr); /* bound, never read: no reply, no ICMP */
	assert_int_equal(loop_add_fd(live_fd, false, on_live, NULL), 0);
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO radius_server(name, addr, auth_port, acct_port, key, timeout, retransmit, seq)"
		 " VALUES('SILENT','127.0.0.1',%u,1646,'" SECRET "',1,0,0);"
		 "INSERT INTO radius_server(name, addr, auth_port, acct_port, key, timeout, retransmit, seq)"
		 " VALUES('LIVE','127.0.0.1',%u,1646,'" SECRET "',2,1,1);"
		 "INSERT INTO radius_group(name, seq) VALUES('G',0);"
		 "INSERT INTO radius_group_server(grp, seq, server) VALUES('G',0,'LIVE');"
		 "INSERT INTO radius_group(name, seq) VALUES('DEAD',1);"
		 "INSERT INTO radius_group_server(grp, seq, server) VALUES('DEAD',0,'SILENT');"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(1,'authentication','login','LR');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(1,0,'local',NULL);"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(1,1,'group','G');"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(2,'authentication','login','DL');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(2,0,'group','DEAD');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(2,1,'local',NULL);"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(3,'authentication','login','RL');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(3,0,'group','G');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(3,1,'local',NULL);"
		 "INSERT INTO aaa_method_list(id, kind, service, name) VALUES(4,'authentication','login','EN');"
		 "INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(4,0,'enable',NULL);"
		 "INSERT INTO aaa_user(name, kind, pw_type, pw, seq) VALUES('alice','password',0,'alice-pw',1);",
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
	store_close();
	return 0;
}

/* `local group G`: a local user is served locally, RADIUS never asked. */
static void test_local_user_stays_local(void **st)
{
	(void)st;
	struct eap_server *es = start("LR", true, "ignored");
	identity(es, "alice");
	assert_int_equal(x.st, EAP_ST_CONTINUE);
	assert_int_equal(x.pkt[4], EAP_T_MSCHAPV2); /* local's first method */
	/* Nak to MD5, then a wrong MD5 answer: a reject, final */
	uint8_t want = EAP_T_MD5;
	respond(es, EAP_T_NAK, &want, 1);
	assert_int_equal(x.pkt[4], EAP_T_MD5);
	uint8_t bad[17] = { 16 };
	respond(es, EAP_T_MD5, bad, sizeof bad);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_false(x.error);
	assert_non_null(strstr(x.why, "wrong password"));
	assert_int_equal(x.pkt[0], EAP_CODE_FAILURE);
	/* nothing went to RADIUS, even a moment later */
	uint64_t t = loop_timer(200, stop_cb, NULL);
	loop_run();
	loop_cancel(t);
	assert_int_equal(seen.requests, 0);
	assert_int_equal(x.calls, 4);
	eap_server_free(es);
}

/* `local group G`: not a local user -> RADIUS gets the identity the peer
 * already gave, as its EAP-Response/Identity; the peer is asked once. */
static void test_unknown_local_goes_to_radius(void **st)
{
	(void)st;
	struct eap_server *es = start("LR", true, "ignored");
	uint8_t qid = x.pkt[1];
	identity(es, "rad");
	assert_int_equal(seen.requests, 1);
	assert_string_equal(seen.user, "rad");
	const uint8_t want[] = { 2, qid, 0, 8, 1, 'r', 'a', 'd' };
	assert_int_equal(seen.eap_len, sizeof want);
	assert_memory_equal(seen.eap, want, sizeof want);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	assert_string_equal(x.identity, "rad");
	eap_server_free(es);

	/* Access-Reject: final (and nothing after it) */
	es = start("RL", true, "ignored");
	identity(es, "alice-at-radius");
	assert_int_equal(seen.requests, 1);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_false(x.error);
	assert_non_null(strstr(x.why, "Access-Reject"));
	assert_null(strstr(x.why, "local"));
	eap_server_free(es);
}

/* `group DEAD local`: no server answers -> local serves the user; an
 * unknown user errs at both and the reason names both. */
static void test_dead_group_goes_local(void **st)
{
	(void)st;
	struct eap_server *es = start("DL", true, "ignored");
	identity(es, "alice"); /* ~1 s: SILENT's timeout */
	assert_int_equal(x.st, EAP_ST_CONTINUE);
	assert_int_equal(x.pkt[0], EAP_CODE_REQUEST);
	assert_int_equal(x.pkt[4], EAP_T_MSCHAPV2);
	assert_string_equal(x.identity, "alice");
	eap_server_free(es);

	es = start("DL", true, "ignored");
	identity(es, "nobody");
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_non_null(strstr(x.why, "group DEAD: no RADIUS server of group DEAD answered"));
	assert_non_null(strstr(x.why, "nobody is not in the local user database"));
	eap_server_free(es);
}

/* Without query-identity every method takes IDi. */
static void test_ike_identity(void **st)
{
	(void)st;
	struct eap_server *es = start("LR", false, "rad");
	assert_int_equal(seen.requests, 1);
	assert_string_equal(seen.user, "rad");
	assert_int_equal(seen.eap[0], 2);
	assert_int_equal(seen.eap[4], 1);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	eap_server_free(es);
}

/* Malformed identity answers end it; a list without EAP methods is refused. */
static void test_bad_identity_and_list(void **st)
{
	(void)st;
	struct eap_server *es = start("LR", true, "x");
	uint8_t p[8] = { 2, (uint8_t)(x.pkt[1] + 1), 0, 8, 1, 'a', 'b', 'c' }; /* wrong id */
	eap_server_input(es, p, sizeof p);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);
	es = start("LR", true, "x");
	uint8_t q[8] = { 2, x.pkt[1], 0, 8, 1, 'a', 1, 'c' }; /* control octet */
	eap_server_input(es, q, sizeof q);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_input(es, q, 3); /* after the end: still one answer each */
	assert_int_equal(x.calls, 3);
	eap_server_free(es);
	es = start("LR", true, "x");
	uint8_t r[4] = { 2, x.pkt[1], 0, 4 }; /* truncated */
	eap_server_input(es, r, sizeof r);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);

	struct eap_server_params pp = { .list = "EN", .ike_id = "a", .query_identity = true };
	char why[256];
	assert_null(eap_server_new(false, &pp, on_result, NULL, why, sizeof why));
	assert_non_null(strstr(why, "no local or group method"));
	pp.list = "NOPE";
	assert_null(eap_server_new(false, &pp, on_result, NULL, why, sizeof why));
	assert_non_null(strstr(why, "not configured"));
}

static void find_line(const char *line, void *data)
{
	if (strstr(line, "%RADIUS-3-EAP_NO_REQUEST: RADIUS Access-Challenge without EAP-Message (group G) for EAP "
			 "identity nochal"))
		*(bool *)data = true;
}

/* An Access-Challenge without EAP-Message: EAP pass-through cannot go on.
 * A failure (not an error: `group G local` does not try local), an EAP
 * Failure for the peer, `server error` counted on the server, a log line. */
static void test_challenge_without_eap(void **st)
{
	(void)st;
	size_t n = radius_servers_sync();
	struct radius_entry *live = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(radius_servers_get(i)->name, "LIVE"))
			live = radius_servers_get(i);
	assert_non_null(live);
	uint64_t e0 = radius_server_stats(live->srv)->server_errors;
	struct eap_server *es = start("RL", true, "ignored");
	identity(es, "nochal");
	assert_int_equal(seen.requests, 1);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_false(x.error);
	assert_int_equal(x.len, 4);
	assert_int_equal(x.pkt[0], EAP_CODE_FAILURE);
	assert_non_null(strstr(x.why, "Access-Challenge without EAP-Message"));
	assert_null(strstr(x.why, "local"));
	assert_int_equal(radius_server_stats(live->srv)->server_errors, e0 + 1);
	assert_int_equal(radius_server_stats(live->srv)->challenges, 1);
	bool logged = false;
	log_foreach(find_line, &logged);
	assert_true(logged);
	eap_server_free(es);
}

static struct {
	int lines, identity, gtc_req, gtc_resp, state, leaks;
} dbg;

static void scan_debug(const char *line, void *data)
{
	(void)data;
	if (!strstr(line, "RADIUS:"))
		return;
	dbg.lines++;
	dbg.identity += strstr(line, "EAP Response id ") && strstr(line, " Identity \"gtc\"");
	dbg.gtc_req += strstr(line, "EAP Request id ") && strstr(line, " GTC") != NULL;
	dbg.gtc_resp += strstr(line, "EAP Response id ") && strstr(line, " GTC") != NULL;
	dbg.state += strstr(line, "RADIUS:  State") != NULL;
	/* the password "Xyzzy-pw" as text or hex (58 79 7A 7A 79) */
	dbg.leaks += strstr(line, "Xyzzy") || strstr(line, "58 79 7A 7A 79") || strstr(line, "58 79 7A") || strstr(line, "79 7A 7A 79 2D");
}

/* `debug radius`: EAP-Messages decoded, an EAP-GTC password never shown. */
static void test_debug_radius_eap(void **st)
{
	(void)st;
	log_clear();
	aaa_debug_flags |= AAA_DBG_RADIUS_AUTH;
	struct eap_server *es = start("RL", true, "ignored");
	identity(es, "gtc");
	assert_int_equal(x.st, EAP_ST_CONTINUE);
	assert_int_equal(x.pkt[4], EAP_T_GTC);
	respond(es, EAP_T_GTC, "Xyzzy-pw", 8);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	aaa_debug_flags &= ~(unsigned)AAA_DBG_RADIUS_AUTH;
	memset(&dbg, 0, sizeof dbg);
	log_foreach(scan_debug, NULL);
	assert_true(dbg.lines > 10);
	assert_int_equal(dbg.identity, 1);
	assert_int_equal(dbg.gtc_req, 1);
	assert_int_equal(dbg.gtc_resp, 1);
	assert_true(dbg.state >= 2); /* in the Challenge and echoed back */
	assert_int_equal(dbg.leaks, 0);
	eap_server_free(es);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_user_stays_local),
		cmocka_unit_test(test_unknown_local_goes_to_radius),
		cmocka_unit_test(test_dead_group_goes_local),
		cmocka_unit_test(test_ike_identity),
		cmocka_unit_test(test_bad_identity_and_list),
		cmocka_unit_test(test_challenge_without_eap),
		cmocka_unit_test(test_debug_radius_eap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
