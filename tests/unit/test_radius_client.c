/*
 * aaa/radius_client over real UDP sockets on 127.0.0.1: a small RADIUS
 * server on the same event loop (built from the codec) answers per user
 * name. Accept/Reject, wrong secret / missing Message-Authenticator / wrong
 * source dropped and counted then timeout, 1,000 requests pending at once,
 * a silent server timing out after timeout x (retransmit+1) while a live
 * one answers meanwhile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "aaa/radius_client.h"
#include "base/loop.h"

#define SECRET "testing123"
#define NHOLD 1000

static int srv_fd, alt_fd, silent_fd;
static struct sockaddr_in srv_addr, silent_addr;
static unsigned srv_requests, srv_bad_msg_auth;
/* held requests for the concurrency test: answered once NHOLD are in */
static struct held {
	uint8_t pkt[RADIUS_MAX_LEN];
	size_t len;
	struct sockaddr_in from;
} *held;
static unsigned nheld;

static int udp_bind(struct sockaddr_in *a)
{
	socklen_t l = sizeof(*a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int rcv = 4 << 20; /* 1,000 requests arrive in one burst */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	assert_int_equal(bind(fd, (struct sockaddr *)a, sizeof(*a)), 0);
	getsockname(fd, (struct sockaddr *)a, &l);
	return fd;
}

static void answer(int fd, const uint8_t *rq, size_t len, const struct sockaddr_in *to,
		   const char *secret, bool with_ma)
{
	static const uint8_t z[16];
	struct radius_pkt p;
	char user[64] = "", pw[129] = "";
	size_t vl;
	const uint8_t *v = radius_attr_find(rq, len, RADIUS_A_USER_NAME, &vl);
	uint8_t code = RADIUS_ACCESS_REJECT;

	if (v && vl < sizeof(user))
		memcpy(user, v, vl);
	v = radius_attr_find(rq, len, RADIUS_A_USER_PASSWORD, &vl);
	if (v) {
		int n = radius_password_unhide((uint8_t *)pw, v, vl, (const uint8_t *)SECRET,
					       strlen(SECRET), rq + 4);
		if (n >= 0)
			pw[n] = 0;
	}
	if (!strcmp(pw, "alice-pw"))
		code = RADIUS_ACCESS_ACCEPT;
	radius_pkt_init(&p, code, rq[1], NULL);
	radius_pkt_add_str(&p, RADIUS_A_REPLY_MESSAGE, "hello");
	if (with_ma)
		radius_pkt_add(&p, RADIUS_A_MESSAGE_AUTHENTICATOR, z, 16);
	radius_reply_sign(p.buf, p.len, rq + 4, (const uint8_t *)secret, strlen(secret));
	sendto(fd, p.buf, p.len, 0, (const struct sockaddr *)to, sizeof(*to));
}

static void on_server(int fd, uint32_t ev, void *data)
{
	uint8_t b[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n;
	(void)ev;
	(void)data;
	while ((n = recvfrom(fd, b, sizeof(b), 0, (struct sockaddr *)&from, &fl)) > 0) {
		size_t ul;
		char user[64] = "";
		srv_requests++;
		if (radius_request_verify(b, (size_t)n, (const uint8_t *)SECRET,
					  strlen(SECRET)) < 0) {
			srv_bad_msg_auth++;
			continue;
		}
		const uint8_t *u = radius_attr_find(b, (size_t)n, RADIUS_A_USER_NAME, &ul);
		if (u && ul < sizeof(user))
			memcpy(user, u, ul);
		if (!strcmp(user, "wrongsecret"))
			answer(fd, b, (size_t)n, &from, "not-the-secret", true);
		else if (!strcmp(user, "nomsgauth"))
			answer(fd, b, (size_t)n, &from, SECRET, false);
		else if (!strcmp(user, "badsource"))
			answer(alt_fd, b, (size_t)n, &from, SECRET, true);
		else if (!strcmp(user, "hold")) {
			memcpy(held[nheld].pkt, b, (size_t)n);
			held[nheld].len = (size_t)n;
			held[nheld].from = from;
			if (++nheld == NHOLD)
				for (unsigned i = 0; i < NHOLD; i++)
					answer(fd, held[i].pkt, held[i].len, &held[i].from, SECRET,
					       true);
		} else
			answer(fd, b, (size_t)n, &from, SECRET, true);
		fl = sizeof(from);
	}
}

struct result {
	int done;
	enum radius_result res;
	uint8_t code;
	uint64_t at;
};
static unsigned outstanding;

static void done(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct result *r = ctx;
	r->done++;
	r->res = res;
	r->code = res == RADIUS_R_REPLY && len ? rep[0] : 0;
	r->at = loop_now_ms();
	if (--outstanding == 0)
		loop_stop();
}

static struct radius_server *server(const struct sockaddr_in *a, unsigned timeout_ms,
				    unsigned retransmit)
{
	struct radius_server_cfg c = { .addr = *a, .timeout_ms = timeout_ms,
				       .retransmit = retransmit };
	memcpy(c.secret, SECRET, strlen(SECRET));
	c.secret_len = strlen(SECRET);
	return radius_server_new(&c);
}

static void ask(struct radius_server *s, const char *user, const char *pw, struct result *r)
{
	struct radius_req *q = radius_req_new(s, RADIUS_ACCESS_REQUEST);
	assert_non_null(q);
	assert_int_equal(radius_pkt_add_str(radius_req_pkt(q), RADIUS_A_USER_NAME, user), 0);
	assert_int_equal(radius_req_add_password(q, pw, strlen(pw)), 0);
	assert_int_equal(radius_req_send(q, done, r), 0);
	outstanding++;
}

static int setup(void **st)
{
	(void)st;
	static bool once;
	struct sockaddr_in alt;
	if (!once) {
		assert_int_equal(loop_init(), 0);
		once = true;
	}
	srv_fd = udp_bind(&srv_addr);
	alt_fd = udp_bind(&alt);
	silent_fd = udp_bind(&silent_addr); /* bound, never read: no ICMP, no reply */
	assert_int_equal(loop_add_fd(srv_fd, false, on_server, NULL), 0);
	srv_requests = srv_bad_msg_auth = 0;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	loop_del_fd(srv_fd);
	close(srv_fd);
	close(alt_fd);
	close(silent_fd);
	return 0;
}

static void accept_reject(void **st)
{
	(void)st;
	struct result a = { 0 }, b = { 0 };
	struct radius_server *s = server(&srv_addr, 2000, 1);
	ask(s, "alice", "alice-pw", &a);
	ask(s, "alice", "wrong", &b);
	loop_run();
	assert_int_equal(a.done, 1);
	assert_int_equal(a.res, RADIUS_R_REPLY);
	assert_int_equal(a.code, RADIUS_ACCESS_ACCEPT);
	assert_int_equal(b.res, RADIUS_R_REPLY);
	assert_int_equal(b.code, RADIUS_ACCESS_REJECT);
	const struct radius_stats *x = radius_server_stats(s);
	assert_int_equal(x->accepts, 1);
	assert_int_equal(x->rejects, 1);
	assert_int_equal(x->pending, 0);
	assert_int_equal(x->retransmits, 0);
	assert_int_equal(srv_bad_msg_auth, 0); /* every request carried a valid MA */
	radius_server_free(s);
}

/* Each bad reply is dropped and counted (one per send), never delivered. */
static void bad_replies_dropped(void **st)
{
	(void)st;
	struct result r[3] = { 0 };
	struct radius_server *s = server(&srv_addr, 200, 1);
	ask(s, "wrongsecret", "alice-pw", &r[0]);
	ask(s, "nomsgauth", "alice-pw", &r[1]);
	ask(s, "badsource", "alice-pw", &r[2]);
	loop_run();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].done, 1);
		assert_int_equal(r[i].res, RADIUS_R_TIMEOUT);
	}
	const struct radius_stats *x = radius_server_stats(s);
	assert_int_equal(srv_requests, 6); /* 3 x (1 + retransmit 1) */
	assert_int_equal(x->retransmits, 3);
	assert_int_equal(x->drop_bad_auth, 2); /* wrong secret, 2 sends */
	assert_int_equal(x->drop_no_msg_auth, 2);
	assert_int_equal(x->drop_bad_source, 2);
	assert_int_equal(x->accepts, 0);
	assert_int_equal(x->timeouts, 3);
	radius_server_free(s);
}

/* 1,000 requests pending together: the server answers none until it holds
 * all of them; more than 256 need more source ports. */
static void thousand_pending(void **st)
{
	(void)st;
	struct result *r = calloc(NHOLD, sizeof(*r));
	held = calloc(NHOLD, sizeof(*held));
	nheld = 0;
	struct radius_server *s = server(&srv_addr, 10000, 0);
	for (int i = 0; i < NHOLD; i++)
		ask(s, "hold", "alice-pw", &r[i]);
	assert_int_equal(radius_server_stats(s)->pending, NHOLD);
	assert_int_equal(radius_server_stats(s)->sockets, 4);
	loop_run();
	assert_int_equal(nheld, NHOLD);
	for (int i = 0; i < NHOLD; i++) {
		assert_int_equal(r[i].done, 1);
		assert_int_equal(r[i].code, RADIUS_ACCESS_ACCEPT);
	}
	assert_int_equal(radius_server_stats(s)->accepts, NHOLD);
	assert_int_equal(radius_server_stats(s)->timeouts, 0);
	/* an id is free again: the 1,001st works on the same sockets */
	struct result one = { 0 };
	ask(s, "alice", "alice-pw", &one);
	loop_run();
	assert_int_equal(one.code, RADIUS_ACCESS_ACCEPT);
	assert_int_equal(radius_server_stats(s)->sockets, 4);
	radius_server_free(s);
	free(r);
	free(held);
	held = NULL;
}

/* Silent server: timeout 300 ms x (retransmit 2 + 1) = 900 ms; the live
 * server's answer arrives meanwhile, long before. */
static void silent_server_times_out(void **st)
{
	(void)st;
	struct result dead = { 0 }, live = { 0 };
	struct radius_server *d = server(&silent_addr, 300, 2);
	struct radius_server *l = server(&srv_addr, 300, 2);
	uint64_t t0 = loop_now_ms();
	ask(d, "alice", "alice-pw", &dead);
	ask(l, "alice", "alice-pw", &live);
	loop_run();
	assert_int_equal(live.code, RADIUS_ACCESS_ACCEPT);
	assert_true(live.at - t0 < 100);
	assert_int_equal(dead.res, RADIUS_R_TIMEOUT);
	assert_true(dead.at - t0 >= 900);
	assert_true(dead.at - t0 < 900 + 150);
	assert_int_equal(radius_server_stats(d)->transmits, 3);
	assert_int_equal(radius_server_stats(d)->timeouts, 1);
	assert_false(radius_server_is_dead(d)); /* no dead-criteria configured */
	radius_server_free(d);
	radius_server_free(l);
}

/* dead-criteria tries 3 time 0.5 s, deadtime 1 s: the silent server is
 * dead after its third unanswered send ran out, alive again after
 * deadtime; the live one never; a slow-but-in-time answer resets it. */
static void dead_criteria(void **st)
{
	(void)st;
	struct result dead = { 0 }, live = { 0 };
	struct radius_server_cfg c = { .addr = silent_addr, .timeout_ms = 200, .retransmit = 2,
				       .dead_tries = 3, .dead_time_ms = 500, .deadtime_ms = 1000 };
	memcpy(c.secret, SECRET, strlen(SECRET));
	c.secret_len = strlen(SECRET);
	struct radius_server *d = radius_server_new(&c);
	c.addr = srv_addr;
	struct radius_server *l = radius_server_new(&c);
	ask(d, "alice", "alice-pw", &dead);
	ask(l, "alice", "alice-pw", &live);
	/* within the first timeout, nothing is dead */
	assert_false(radius_server_is_dead(d));
	loop_run();
	assert_int_equal(dead.res, RADIUS_R_TIMEOUT);
	assert_true(radius_server_is_dead(d));
	assert_int_equal(radius_server_stats(d)->dead_marks, 1);
	assert_false(radius_server_is_dead(l));
	usleep(1100 * 1000);
	assert_false(radius_server_is_dead(d)); /* deadtime over */
	radius_server_free(d);
	radius_server_free(l);
}

/* Removing a server completes what is pending, once, as cancelled. */
static void free_cancels(void **st)
{
	(void)st;
	struct result r = { 0 };
	struct radius_server *d = server(&silent_addr, 300, 2);
	ask(d, "alice", "alice-pw", &r);
	radius_server_free(d);
	assert_int_equal(r.done, 1);
	assert_int_equal(r.res, RADIUS_R_CANCELLED);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test_setup_teardown(accept_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_replies_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(thousand_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(silent_server_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(dead_criteria, setup, teardown),
		cmocka_unit_test_setup_teardown(free_cancels, setup, teardown),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
