/*
 * RADIUS client transport: see radius_client.h.
 *
 * Timing: one sweep timer per server, armed only while requests are pending,
 * every RADIUS_TICK_MS; it retransmits or times out what is due. One timer
 * per request would not fit base/loop's fixed timer table (1,024 slots for
 * the whole daemon) and 1,000 requests are scanned in microseconds.
 */
#include "aaa/radius_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "aaa/aaa_debug.h"
#include "base/loop.h"

#define RADIUS_TICK_MS 50

struct rsock {
	struct radius_server *srv;
	int fd;
	unsigned port; /* our source port, host order (debug lines) */
	unsigned used;
	uint8_t next_id;
	struct radius_req *slot[256];
};

struct radius_req {
	struct radius_server *srv;
	struct rsock *sock;
	uint8_t id;
	bool sent;
	unsigned sends;
	uint64_t deadline;
	radius_done_fn fn;
	void *ctx;
	struct radius_pkt pkt;
};

struct radius_server {
	struct radius_server_cfg cfg;
	struct rsock *socks[RADIUS_MAX_SOCKS];
	unsigned nsocks;
	uint64_t timer;
	unsigned unanswered; /* sends in a row without a valid reply */
	uint64_t first_unanswered_ms, dead_until_ms;
	struct radius_stats st;
};

static void on_readable(int fd, uint32_t events, void *data);
static void on_tick(void *data);

struct radius_server *radius_server_new(const struct radius_server_cfg *cfg)
{
	struct radius_server *s;
	if (cfg->secret_len > RADIUS_SECRET_MAX || !cfg->timeout_ms)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s)
		s->cfg = *cfg;
	return s;
}

const struct radius_stats *radius_server_stats(const struct radius_server *s)
{
	return &s->st;
}

void radius_server_count_error(struct radius_server *s)
{
	if (s)
		s->st.server_errors++;
}

struct radius_server *radius_req_server(const struct radius_req *r)
{
	return r->srv;
}

static struct rsock *sock_open(struct radius_server *s)
{
	struct sockaddr_in src = { .sin_family = AF_INET, .sin_addr = s->cfg.source };
	struct rsock *k;
	int fd;

	if (s->nsocks == RADIUS_MAX_SOCKS)
		return NULL;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	/* up to 256 replies may arrive together (best effort: rmem_max caps it) */
	int rcv = 1 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	/* an ephemeral source port (bound so the source address is fixed) */
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		close(fd);
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k || loop_add_fd(fd, false, on_readable, k) < 0) {
		free(k);
		close(fd);
		return NULL;
	}
	k->srv = s;
	k->fd = fd;
	struct sockaddr_in bound;
	socklen_t bl = sizeof(bound);
	if (getsockname(fd, (struct sockaddr *)&bound, &bl) == 0)
		k->port = ntohs(bound.sin_port);
	RAND_bytes(&k->next_id, 1);
	s->socks[s->nsocks++] = k;
	s->st.sockets = s->nsocks;
	return k;
}

/* Free id on the least loaded open socket, or a new socket. */
static struct rsock *sock_with_room(struct radius_server *s)
{
	struct rsock *best = NULL;
	for (unsigned i = 0; i < s->nsocks; i++)
		if (s->socks[i]->used < 256 && (!best || s->socks[i]->used < best->used))
			best = s->socks[i];
	return best ? best : sock_open(s);
}

struct radius_req *radius_req_new(struct radius_server *s, uint8_t code)
{
	struct rsock *k = sock_with_room(s);
	struct radius_req *r;
	uint8_t auth[RADIUS_AUTH_LEN];

	if (!k || !(r = calloc(1, sizeof(*r))))
		return NULL;
	/* ids round-robin: a late reply to a freed id meets a new
	 * authenticator much later, and fails verification anyway */
	while (k->slot[k->next_id])
		k->next_id++;
	r->id = k->next_id++;
	r->srv = s;
	r->sock = k;
	k->slot[r->id] = r;
	k->used++;
	s->st.pending++;
	if (RAND_bytes(auth, sizeof(auth)) != 1) {
		radius_req_cancel(r);
		return NULL;
	}
	radius_pkt_init(&r->pkt, code, r->id, auth);
	return r;
}

struct radius_pkt *radius_req_pkt(struct radius_req *r)
{
	return &r->pkt;
}

const uint8_t *radius_req_secret(const struct radius_req *r, size_t *len)
{
	*len = r->srv->cfg.secret_len;
	return r->srv->cfg.secret;
}

int radius_req_add_password(struct radius_req *r, const void *pw, size_t len)
{
	return radius_pkt_add_password(&r->pkt, r->srv->cfg.secret, r->srv->cfg.secret_len, pw,
				       len);
}

static void detach(struct radius_req *r)
{
	struct radius_server *s = r->srv;
	r->sock->slot[r->id] = NULL;
	r->sock->used--;
	s->st.pending--;
	if (!s->st.pending && s->timer) {
		loop_cancel(s->timer);
		s->timer = 0;
	}
}

void radius_req_cancel(struct radius_req *r)
{
	detach(r);
	OPENSSL_cleanse(&r->pkt, sizeof(r->pkt)); /* hidden password */
	free(r);
}

static void complete(struct radius_req *r, enum radius_result res, const uint8_t *rep,
		     size_t len)
{
	radius_done_fn fn = r->fn;
	void *ctx = r->ctx;
	radius_req_cancel(r);
	fn(ctx, res, rep, len);
}

static void transmit(struct radius_req *r)
{
	struct radius_server *s = r->srv;
	radius_debug_packet(true, &s->cfg.addr, r->sock->port, r->pkt.buf, r->pkt.len);
	ssize_t n = sendto(r->sock->fd, r->pkt.buf, r->pkt.len, 0,
			   (const struct sockaddr *)&s->cfg.addr, sizeof(s->cfg.addr));
	r->sends++;
	s->st.transmits++;
	if (r->sends > 1)
		s->st.retransmits++;
	if (n != (ssize_t)r->pkt.len)
		s->st.send_errors++; /* the next retransmission tries again */
	r->deadline = loop_now_ms() + s->cfg.timeout_ms;
	if (!s->unanswered++)
		s->first_unanswered_ms = loop_now_ms();
}

/* dead-criteria, checked whenever a send's wait ran out */
static void check_dead(struct radius_server *s, uint64_t now)
{
	if (!s->cfg.dead_tries || !s->cfg.deadtime_ms || now < s->dead_until_ms)
		return;
	if (s->unanswered >= s->cfg.dead_tries &&
	    now - s->first_unanswered_ms >= s->cfg.dead_time_ms) {
		s->dead_until_ms = now + s->cfg.deadtime_ms;
		s->st.dead_marks++;
	}
}

bool radius_server_is_dead(const struct radius_server *s)
{
	return s->dead_until_ms && loop_now_ms() < s->dead_until_ms;
}

int radius_req_send(struct radius_req *r, radius_done_fn fn, void *ctx)
{
	struct radius_server *s = r->srv;
	int rc = radius_pkt_finish(&r->pkt, s->cfg.secret, s->cfg.secret_len);
	if (rc)
		return rc;
	r->fn = fn;
	r->ctx = ctx;
	r->sent = true;
	s->st.requests++;
	transmit(r);
	if (!s->timer)
		s->timer = loop_timer(RADIUS_TICK_MS, on_tick, s);
	return 0;
}

static void on_tick(void *data)
{
	struct radius_server *s = data;
	uint64_t now = loop_now_ms();

	s->timer = 0;
	for (unsigned i = 0; i < s->nsocks; i++) {
		struct rsock *k = s->socks[i];
		for (unsigned id = 0; id < 256 && k->used; id++) {
			struct radius_req *r = k->slot[id];
			if (!r || !r->sent || now < r->deadline)
				continue;
			check_dead(s, now);
			char ip[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &s->cfg.addr.sin_addr, ip, sizeof ip);
			if (r->sends <= s->cfg.retransmit) {
				aaa_debug(AAA_DBG_RADIUS_AUTH | AAA_DBG_RADIUS_ACCT, "RADIUS: Retransmit to (%s:%u) for id %u/%u",
					  ip, ntohs(s->cfg.addr.sin_port), k->port, r->id);
				transmit(r);
			} else {
				aaa_debug(AAA_DBG_RADIUS_AUTH | AAA_DBG_RADIUS_ACCT,
					  "RADIUS: No response from (%s:%u) for id %u/%u", ip, ntohs(s->cfg.addr.sin_port),
					  k->port, r->id);
				s->st.timeouts++;
				complete(r, RADIUS_R_TIMEOUT, NULL, 0);
			}
		}
	}
	if (s->st.pending && !s->timer)
		s->timer = loop_timer(RADIUS_TICK_MS, on_tick, s);
}

static bool code_answers(uint8_t req, uint8_t rep)
{
	if (req == RADIUS_ACCESS_REQUEST)
		return rep == RADIUS_ACCESS_ACCEPT || rep == RADIUS_ACCESS_REJECT ||
		       rep == RADIUS_ACCESS_CHALLENGE;
	if (req == RADIUS_ACCOUNTING_REQUEST)
		return rep == RADIUS_ACCOUNTING_RESPONSE;
	return false;
}

static void handle_reply(struct rsock *k, const uint8_t *b, size_t n,
			 const struct sockaddr_in *from)
{
	struct radius_server *s = k->srv;
	struct radius_req *r;
	int v;

	if (from->sin_family != AF_INET || from->sin_addr.s_addr != s->cfg.addr.sin_addr.s_addr ||
	    from->sin_port != s->cfg.addr.sin_port) {
		s->st.drop_bad_source++;
		return;
	}
	if (n < RADIUS_HDR_LEN) {
		s->st.drop_malformed++;
		return;
	}
	r = k->slot[b[1]];
	if (!r || !r->sent) {
		s->st.drop_unknown_id++;
		return;
	}
	if (!code_answers(r->pkt.buf[0], b[0])) {
		s->st.drop_malformed++;
		return;
	}
	/* BlastRADIUS: Access-* replies must carry a valid Message-Authenticator */
	v = radius_reply_verify(b, n, r->pkt.buf + 4, s->cfg.secret, s->cfg.secret_len,
				r->pkt.buf[0] == RADIUS_ACCESS_REQUEST);
	if (v == RADIUS_E_MALFORMED) {
		s->st.drop_malformed++;
		return;
	}
	if (v == RADIUS_E_NO_MSG_AUTH) {
		s->st.drop_no_msg_auth++;
		aaa_debug(AAA_DBG_RADIUS_AUTH, "RADIUS: Response (%u) dropped: no Message-Authenticator", b[1]);
		return;
	}
	if (v < 0) {
		s->st.drop_bad_auth++;
		aaa_debug(AAA_DBG_RADIUS_AUTH | AAA_DBG_RADIUS_ACCT,
			  "RADIUS: Response (%u) dropped: bad Response or Message-Authenticator", b[1]);
		return;
	}
	radius_debug_packet(false, &s->cfg.addr, k->port, b, (size_t)v);
	s->unanswered = 0;
	s->dead_until_ms = 0;
	switch (b[0]) {
	case RADIUS_ACCESS_ACCEPT: s->st.accepts++; break;
	case RADIUS_ACCESS_REJECT: s->st.rejects++; break;
	case RADIUS_ACCESS_CHALLENGE: s->st.challenges++; break;
	default: s->st.acct_responses++; break;
	}
	complete(r, RADIUS_R_REPLY, b, (size_t)v);
}

static void on_readable(int fd, uint32_t events, void *data)
{
	struct rsock *k = data;
	uint8_t b[RADIUS_MAX_LEN];
	(void)events;
	/* bounded: the loop must get back to other fds */
	for (int i = 0; i < 64; i++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, b, sizeof(b), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return; /* EAGAIN, or an ICMP error queued on the socket */
		if (fl < sizeof(from)) {
			k->srv->st.drop_bad_source++;
			continue;
		}
		handle_reply(k, b, (size_t)n, &from);
	}
}

void radius_server_free(struct radius_server *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->nsocks; i++) {
		struct rsock *k = s->socks[i];
		for (unsigned id = 0; id < 256; id++) {
			struct radius_req *r = k->slot[id];
			if (!r)
				continue;
			if (r->sent)
				complete(r, RADIUS_R_CANCELLED, NULL, 0);
			else
				radius_req_cancel(r);
		}
	}
	if (s->timer)
		loop_cancel(s->timer);
	for (unsigned i = 0; i < s->nsocks; i++) {
		loop_del_fd(s->socks[i]->fd);
		close(s->socks[i]->fd);
		free(s->socks[i]);
	}
	OPENSSL_cleanse(s->cfg.secret, sizeof(s->cfg.secret));
	free(s);
}
