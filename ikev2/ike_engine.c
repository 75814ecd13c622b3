/*
 * The IKEv2 responder: datagrams in, exchanges dispatched, SAs kept.
 * This first part answers IKE_SA_INIT (RFC 7296 §1.2): algorithm choice
 * against the IOS policy, INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, NAT
 * detection, key derivation.  IKE_AUTH and later exchanges come next.
 */
#include "ike_sa.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "ike_conf.h"
#include "ike_select.h"
#include "ike_socket.h"
#include "msg.h"

static struct ike_sa *sas;
static uint32_t next_id = 1;
static struct ike_stats stats;

const struct ike_stats *ike_engine_stats(void) { return &stats; }
struct ike_sa *ike_sa_first(void) { return sas; }

static long long now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct ike_sa *ike_sa_find(uint64_t spi_i, uint64_t spi_r)
{
	for (struct ike_sa *s = sas; s; s = s->next)
		if (s->spi_i == spi_i && s->spi_r == spi_r)
			return s;
	return NULL;
}

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
		return x->sin_addr.s_addr == y->sin_addr.s_addr && x->sin_port == y->sin_port;
	}
	const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
	return memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0 && x->sin6_port == y->sin6_port;
}

struct ike_sa *ike_sa_find_init(uint64_t spi_i, const struct sockaddr_storage *peer)
{
	for (struct ike_sa *s = sas; s; s = s->next)
		if (s->spi_i == spi_i && s->state == IKE_SA_HALF_OPEN && same_addr(&s->peer, peer))
			return s;
	return NULL;
}

int ike_sa_count(enum ike_sa_state st)
{
	int n = 0;
	for (struct ike_sa *s = sas; s; s = s->next)
		n += s->state == st;
	return n;
}

bool ike_addr_in_use(uint32_t addr)
{
	for (struct ike_sa *s = sas; s; s = s->next)
		if (s->assigned == addr)
			return true;
	return false;
}

static void sa_free(struct ike_sa *s)
{
	free(s->last_resp);
	ikev2_sk_free(s->sk_out);
	ikev2_sk_free(s->sk_in);
	ikev2_ike_keys_wipe(&s->keys);
	free(s->init_req);
	free(s->init_resp);
	free(s);
}

/* ---------- helpers ---------- */

static void put64(uint8_t out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

static void addr_bytes(const struct sockaddr_storage *ss, const uint8_t **p, size_t *len)
{
	if (ss->ss_family == AF_INET6) {
		*p = ((const struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
		*len = 16;
	} else {
		*p = (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr.s_addr;
		*len = 4;
	}
}

static void natd(uint64_t spi_i, uint64_t spi_r, const struct sockaddr_storage *ss, uint8_t out[20])
{
	uint8_t a[8], b[8];
	const uint8_t *ip;
	size_t iplen;
	put64(a, spi_i);
	put64(b, spi_r);
	addr_bytes(ss, &ip, &iplen);
	ikev2_natd_hash(a, b, ip, iplen, sockaddr_port(ss), out);
}

/* An unprotected IKE_SA_INIT response carrying one notify. */
static void send_init_error(const struct ike_dgram *d, const struct ikev2_msg *m, uint16_t type,
			    const void *data, size_t len)
{
	uint8_t buf[256];
	struct ikev2_hdr h = { .spi_i = m->hdr.spi_i, .spi_r = 0, .version = IKEV2_VERSION,
			       .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_R, .msgid = 0 };
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, sizeof buf, &h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, type, data, len);
	size_t n;
	if (ikev2_w_finish(&w, &n) == 0)
		ike_send(&d->local, &d->peer, d->natt, buf, n);
}

/* Half-open SAs that never saw IKE_AUTH go after this long, so a flood of
 * IKE_SA_INIT requests cannot hold memory forever. */
#define HALF_OPEN_LIFETIME 30

static void prune_half_open(void)
{
	long long now = now_s();
	for (struct ike_sa **pp = &sas; *pp;) {
		struct ike_sa *s = *pp;
		if (s->state == IKE_SA_HALF_OPEN && now - s->created > HALF_OPEN_LIFETIME) {
			*pp = s->next;
			sa_free(s);
		} else {
			pp = &s->next;
		}
	}
}

/* ---------- IKE_SA_INIT ---------- */

static void handle_init(const struct ike_dgram *d, const struct ikev2_msg *m)
{
	stats.in_requests++;
	prune_half_open();
	/* a retransmission: the same answer again (§2.1) */
	struct ike_sa *old = ike_sa_find_init(m->hdr.spi_i, &d->peer);
	if (old) {
		if (old->init_req_len == d->len && memcmp(old->init_req, d->data, d->len) == 0)
			ike_send(&d->local, &d->peer, d->natt, old->init_resp, old->init_resp_len);
		return;
	}
	if (!(m->seen & (1ull << (IKEV2_PL_SA - 32))) || !(m->seen & (1ull << (IKEV2_PL_KE - 32))) ||
	    !(m->seen & (1ull << (IKEV2_PL_NONCE - 32)))) {
		stats.dropped_malformed++;
		send_init_error(d, m, IKEV2_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	struct ike_conf_proposals ours;
	ike_conf_proposals(&d->local, &ours);
	struct ikev2_suite suite;
	uint8_t prop_num = 0;
	uint16_t want = 0;
	switch (ike_select(&m->sa, &ours, m->ke.group, &suite, &prop_num, &want)) {
	case SELECT_NO_PROPOSAL: {
		char ip[64];
		stats.no_proposal++;
		stats.in_rejected++;
		log_msg(LOG_SEV_NOTICE, "IKEV2", "NO_PROPOSAL", "No matching IKEv2 proposal for peer %s",
			sockaddr_ip(&d->peer, ip, sizeof ip));
		send_init_error(d, m, IKEV2_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	case SELECT_INVALID_KE: {
		uint8_t g[2] = { (uint8_t)(want >> 8), (uint8_t)want };
		stats.invalid_ke++;
		send_init_error(d, m, IKEV2_N_INVALID_KE_PAYLOAD, g, 2);
		return;
	}
	case SELECT_OK:
		break;
	}

	struct ike_sa *s = calloc(1, sizeof *s);
	if (!s)
		return;
	s->peer = d->peer;
	s->local = d->local;
	s->natt = d->natt;
	s->spi_i = m->hdr.spi_i;
	s->suite = suite;
	s->created = now_s();
	s->ni_len = m->nonce.len < sizeof s->ni ? m->nonce.len : sizeof s->ni;
	memcpy(s->ni, m->nonce.p, s->ni_len);
	s->nr_len = sizeof s->nr;
	struct ikev2_dh *dh = ikev2_dh_new(suite.dh);
	uint8_t gir[1024];
	size_t gir_len = 0;
	uint8_t spi[8];
	if (!dh || ikev2_random(spi, 8) || ikev2_random(s->nr, s->nr_len) ||
	    ikev2_dh_derive(dh, m->ke.data.p, m->ke.data.len, gir, sizeof gir, &gir_len)) {
		ikev2_dh_free(dh);
		free(s);
		stats.dropped_malformed++;
		send_init_error(d, m, IKEV2_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	s->spi_r = 0;
	for (int i = 0; i < 8; i++)
		s->spi_r = s->spi_r << 8 | spi[i];
	uint8_t spi_i8[8];
	put64(spi_i8, s->spi_i);
	int krc = ikev2_ike_keys_initial(&s->keys, &suite, gir, gir_len, s->ni, s->ni_len, s->nr, s->nr_len,
					 spi_i8, spi);
	ikev2_wipe(gir, gir_len);
	if (krc || ikev2_sk_pair(&s->keys, false, &s->sk_out, &s->sk_in)) {
		ikev2_dh_free(dh);
		sa_free(s);
		return;
	}

	/* NAT detection: did their view of the addresses change on the way? */
	const struct ikev2_notify *src = ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_SOURCE_IP);
	const struct ikev2_notify *dst = ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_DESTINATION_IP);
	uint8_t h[20];
	if (src) {
		natd(s->spi_i, 0, &d->peer, h);
		s->nat_peer = src->data.len != 20 || memcmp(h, src->data.p, 20) != 0;
	}
	if (dst) {
		natd(s->spi_i, 0, &d->local, h);
		s->nat_local = dst->data.len != 20 || memcmp(h, dst->data.p, 20) != 0;
	}

	/* the response: SA, KE, Nr, NAT-D, fragmentation and hash notifies */
	struct ikev2_sa chosen = { .nprop = 1, .nxf = 0 };
	chosen.prop[0] = (struct ikev2_proposal){ .num = prop_num, .proto = IKEV2_PROTO_IKE, .xf_first = 0 };
	chosen.xf[chosen.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = suite.encr,
							    .keylen = suite.encr_keylen };
	chosen.xf[chosen.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_PRF, .id = suite.prf };
	if (suite.integ)
		chosen.xf[chosen.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = suite.integ };
	chosen.xf[chosen.nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = suite.dh };
	chosen.prop[0].nxf = (uint16_t)chosen.nxf;

	uint8_t buf[2048];
	struct ikev2_hdr hdr = { .spi_i = s->spi_i, .spi_r = s->spi_r, .version = IKEV2_VERSION,
				 .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_R, .msgid = 0 };
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, sizeof buf, &hdr);
	ikev2_w_sa(&w, &chosen);
	size_t publen;
	const uint8_t *pub = ikev2_dh_public_ref(dh, &publen);
	ikev2_w_ke(&w, suite.dh, pub, publen);
	ikev2_w_nonce(&w, s->nr, s->nr_len);
	natd(s->spi_i, s->spi_r, &d->local, h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, h, 20);
	natd(s->spi_i, s->spi_r, &d->peer, h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, h, 20);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	static const uint8_t hashes[] = { 0, 2, 0, 3, 0, 4 }; /* SHA2-256/384/512 (RFC 7427) */
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, hashes, sizeof hashes);
	size_t n;
	int wrc = ikev2_w_finish(&w, &n);
	ikev2_dh_free(dh);
	if (wrc != 0) {
		sa_free(s);
		return;
	}
	s->init_req = malloc(d->len);
	s->init_resp = malloc(n);
	if (!s->init_req || !s->init_resp) {
		sa_free(s);
		return;
	}
	memcpy(s->init_req, d->data, d->len);
	s->init_req_len = d->len;
	memcpy(s->init_resp, buf, n);
	s->init_resp_len = n;
	s->id = next_id++;
	s->next_msgid = 1; /* IKE_AUTH comes next */
	s->state = IKE_SA_HALF_OPEN;
	s->next = sas;
	sas = s;
	stats.in_accepted++;
	ike_send(&d->local, &d->peer, d->natt, buf, n);
}

/* ---------- protected exchanges ---------- */

static void sa_remove(struct ike_sa *gone)
{
	for (struct ike_sa **pp = &sas; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			sa_free(gone);
			return;
		}
}

static void log_down(const struct ike_sa *s)
{
	char ip[64];
	if (s->state != IKE_SA_ESTABLISHED)
		return;
	log_msg(LOG_SEV_NOTICE, "CRYPTO", "IKEV2_SESSION_STATUS", "Crypto tunnel v2 is DOWN.  Peer %s:%u       Id: %s",
		sockaddr_ip(&s->peer, ip, sizeof ip), sockaddr_port(&s->peer), s->peer_id);
}

int ike_clear(const char *local, const char *remote)
{
	int n = 0;
	for (struct ike_sa **pp = &sas; *pp;) {
		struct ike_sa *s = *pp;
		char l[64], r[64];
		sockaddr_ip(&s->local, l, sizeof l);
		sockaddr_ip(&s->peer, r, sizeof r);
		if ((local && strcmp(local, l) != 0) || (remote && strcmp(remote, r) != 0)) {
			pp = &s->next;
			continue;
		}
		if (s->state == IKE_SA_ESTABLISHED)
			ike_send_delete(s);
		log_down(s);
		*pp = s->next;
		sa_free(s);
		n++;
	}
	return n;
}

/* A request inside an IKE SA: message ID window of one, retransmissions
 * answered from the cached response, decryption, then the exchange. */
static void handle_protected(const struct ike_dgram *d, struct ikev2_msg *m)
{
	struct ike_sa *s = ike_sa_find(m->hdr.spi_i, m->hdr.spi_r);
	if (!s) {
		stats.dropped_unsupported++;
		return;
	}
	if (m->hdr.msgid + 1 == s->next_msgid && s->last_resp) {
		ike_send(&d->local, &d->peer, d->natt, s->last_resp, s->last_resp_len);
		return;
	}
	if (m->hdr.msgid != s->next_msgid || m->sk.frag) {
		stats.dropped_unsupported++; /* out of window; fragments: not yet */
		return;
	}
	static uint8_t plain[65536];
	size_t inner_len;
	if (ikev2_sk_decrypt(s->sk_in, d->data, m->sk.aad_len, m->sk.body.p, m->sk.body.len, plain, sizeof plain,
			     &inner_len) != 0) {
		stats.dropped_malformed++; /* bad integrity: dropped silently (§2.21.2) */
		return;
	}
	struct ikev2_perr e = ikev2_msg_parse_inner(m, m->sk.next, plain, inner_len);
	if (e.notify) {
		stats.dropped_malformed++;
		return;
	}
	/* NAT-T: the peer moved to 4500 (RFC 7296 §2.23); answer where it is */
	s->peer = d->peer;
	s->local = d->local;
	s->natt = d->natt;
	s->next_msgid = m->hdr.msgid + 1;
	switch (m->hdr.exchange) {
	case IKEV2_EXCH_IKE_AUTH:
		if (s->state != IKE_SA_HALF_OPEN)
			break;
		ike_auth_handle(s, d, m);
		if (s->auth_failed)
			sa_remove(s);
		break;
	case IKEV2_EXCH_INFORMATIONAL: {
		/* liveness checks and deletes: an empty answer; a Delete of the
		 * IKE SA removes it (RFC 7296 §1.4.1) */
		uint8_t inner[8];
		struct ikev2_writer w;
		ikev2_w_init_inner(&w, inner, sizeof inner);
		size_t n = 0;
		ikev2_w_finish(&w, &n);
		ike_send_protected(s, IKEV2_EXCH_INFORMATIONAL, m->hdr.msgid, inner, n, IKEV2_PL_NONE);
		if (m->ndel > 0 && m->del[0].proto == IKEV2_PROTO_IKE) {
			log_down(s);
			sa_remove(s);
		}
		break;
	}
	default:
		stats.dropped_unsupported++;
		break;
	}
}

/* ---------- dispatch ---------- */

static void on_datagram(const struct ike_dgram *d)
{
	static struct ikev2_msg m; /* 16 KB: not on the stack */
	struct ikev2_perr e = ikev2_msg_parse(&m, d->data, d->len);
	if (e.notify) {
		/* a malformed request is dropped and counted, never answered
		 * before the peer is known (RFC 7296 §2.21) */
		stats.dropped_malformed++;
		return;
	}
	if (m.hdr.flags & IKEV2_FLAG_R)
		return; /* answers to our Delete need nothing more */
	if (m.hdr.exchange == IKEV2_EXCH_IKE_SA_INIT && m.hdr.spi_r == 0 && m.hdr.msgid == 0) {
		handle_init(d, &m);
		return;
	}
	if (m.seen & ((1ull << (IKEV2_PL_SK - 32)) | (1ull << (IKEV2_PL_SKF - 32)))) {
		handle_protected(d, &m);
		return;
	}
	stats.dropped_unsupported++;
}

int ike_engine_start(uint16_t port, uint16_t natt_port)
{
	return ike_socket_open(port, natt_port, on_datagram, NULL);
}

void ike_engine_stop(void)
{
	ike_socket_close();
	while (sas) {
		struct ike_sa *s = sas;
		sas = s->next;
		sa_free(s);
	}
}
