/*
 * IKE_SA_INIT as responder (RFC 7296 §1.2): algorithm choice against the
 * IOS policy, INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, NAT detection
 * (§2.23), key derivation, fragmentation and signature-hash notifies,
 * CERTREQ naming the CAs of our verify trustpoints.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/workpool.h"
#include "ike_auth_cert.h"
#include "ike_conf.h"
#include "ike_limits.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_select.h"
#include "ike_socket.h"
#include "ike_vendor.h"
#include "msg.h"

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
	ike_put64(a, spi_i);
	ike_put64(b, spi_r);
	addr_bytes(ss, &ip, &iplen);
	ikev2_natd_hash(a, b, ip, iplen, sockaddr_port(ss), out);
}

/* An unprotected IKE_SA_INIT response carrying one notify. */
static void send_init_error_to(const struct sockaddr_storage *local, const struct sockaddr_storage *peer, bool natt,
			       uint64_t spi_i, uint16_t type, const void *data, size_t len)
{
	uint8_t buf[256];
	struct ikev2_hdr h = { .spi_i = spi_i, .spi_r = 0, .version = IKEV2_VERSION,
			       .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_R, .msgid = 0 };
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, sizeof buf, &h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, type, data, len);
	size_t n;
	if (ikev2_w_finish(&w, &n) == 0) {
		ike_debug_packet(NULL, true, local, peer, buf, n);
		ike_send(local, peer, natt, buf, n);
	}
}

static void send_init_error(const struct ike_dgram *d, const struct ikev2_msg *m, uint16_t type,
			    const void *data, size_t len)
{
	send_init_error_to(&d->local, &d->peer, d->natt, m->hdr.spi_i, type, data, len);
}

/* The Diffie-Hellman half of IKE_SA_INIT, done on a worker thread
 * (base/workpool.h): our key pair, g^ir, SKEYSEED and the seven keys.  The
 * SA waits in the table meanwhile (busy: nothing may free or use it); the
 * worker writes only into the job. */
struct init_job {
	struct work_job base;
	struct ike_sa *s;
	uint8_t prop_num;
	/* in (copies: the datagram is gone by then) */
	struct ikev2_suite suite;
	uint8_t peer_ke[1024];
	size_t peer_ke_len;
	uint8_t ni[256], nr[32], spi_i[8], spi_r[8];
	size_t ni_len;
	/* out */
	int rc;
	uint8_t pub[1024];
	size_t pub_len;
	struct ikev2_ike_keys keys;
	struct ikev2_sk_dir *sk_out, *sk_in;
};

static void init_work(struct work_job *wj)
{
	struct init_job *j = (struct init_job *)wj;
	j->rc = -1;
	struct ikev2_dh *dh = ikev2_dh_new(j->suite.dh);
	uint8_t gir[1024];
	size_t gir_len = 0;
	if (!dh || ikev2_dh_derive(dh, j->peer_ke, j->peer_ke_len, gir, sizeof gir, &gir_len) != 0) {
		ikev2_dh_free(dh);
		return;
	}
	const uint8_t *pub = ikev2_dh_public_ref(dh, &j->pub_len);
	if (!pub || j->pub_len > sizeof j->pub) {
		ikev2_dh_free(dh);
		ikev2_wipe(gir, gir_len);
		return;
	}
	memcpy(j->pub, pub, j->pub_len);
	ikev2_dh_free(dh);
	int krc = ikev2_ike_keys_initial(&j->keys, &j->suite, gir, gir_len, j->ni, j->ni_len, j->nr, sizeof j->nr,
					 j->spi_i, j->spi_r);
	ikev2_wipe(gir, gir_len);
	if (krc || ikev2_sk_pair(&j->keys, false, &j->sk_out, &j->sk_in))
		return;
	j->rc = 0;
}

static void init_respond(struct ike_sa *s, uint8_t prop_num, const uint8_t *pub, size_t publen);

static void init_done(struct work_job *wj)
{
	struct init_job *j = (struct init_job *)wj;
	struct ike_sa *s = j->s;
	s->busy = false;
	if (j->rc != 0 || s->doomed) {
		ikev2_sk_free(j->sk_out);
		ikev2_sk_free(j->sk_in);
		ikev2_ike_keys_wipe(&j->keys);
		bool failed = j->rc != 0;
		free(j);
		if (s->doomed) {       /* removed from the table meanwhile */
			ike_sa_free(s);
			return;
		}
		if (failed) {
			/* a KE value that is not a point/element of the group */
			ike_stats.dropped_malformed++;
			send_init_error_to(&s->local, &s->peer, s->natt, s->spi_i, IKEV2_N_INVALID_SYNTAX, NULL, 0);
		}
		ike_sa_remove(s);
		return;
	}
	s->keys = j->keys;
	s->sk_out = j->sk_out;
	s->sk_in = j->sk_in;
	init_respond(s, j->prop_num, j->pub, j->pub_len);
	ikev2_ike_keys_wipe(&j->keys);
	free(j);
}

void ike_init_handle(const struct ike_dgram *d, const struct ikev2_msg *m)
{
	ike_stats.in_requests++;
	/* a retransmission: the same answer again (§2.1) */
	struct ike_sa *old = ike_sa_find_init(m->hdr.spi_i, &d->peer);
	if (old) {
		/* (none yet while its keys are computed: the peer will ask again) */
		if (old->init_resp && old->init_req_len == d->len && memcmp(old->init_req, d->data, d->len) == 0) {
			ike_debug(IKE_DBG_INTERNAL, old, "Retransmitted IKE_SA_INIT request: resending the response");
			ike_send(&d->local, &d->peer, d->natt, old->init_resp, old->init_resp_len);
		}
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_SA) || !ikev2_msg_has(m, IKEV2_PL_KE) ||
	    !ikev2_msg_has(m, IKEV2_PL_NONCE)) {
		ike_stats.dropped_malformed++;
		ike_debug(IKE_DBG_ERROR, NULL, "IKE_SA_INIT request without SA, KE or Nonce: INVALID_SYNTAX");
		send_init_error(d, m, IKEV2_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	/* cookies and limits before any DH work (ike_limits.c) */
	uint8_t cookie[IKE_COOKIE_LEN];
	switch (ike_admit_init(d, m, cookie)) {
	case IKE_ADMIT_COOKIE:
		send_init_error(d, m, IKEV2_N_COOKIE, cookie, sizeof cookie);
		return;
	case IKE_ADMIT_DROP:
		return;
	case IKE_ADMIT_OK:
		break;
	}
	struct ikev2_suite suite;
	uint8_t prop_num = 0;
	uint16_t want = 0;
	switch (ike_select_ours(&d->local, m, &suite, &prop_num, &want)) {
	case SELECT_NO_PROPOSAL: {
		char ip[64];
		ike_stats.no_proposal++;
		ike_stats.in_rejected++;
		log_msg(LOG_SEV_NOTICE, "IKEV2", "NO_PROPOSAL", "No matching IKEv2 proposal for peer %s",
			sockaddr_ip(&d->peer, ip, sizeof ip));
		ike_debug(IKE_DBG_ERROR, NULL, "No proposal chosen for peer %s: NO_PROPOSAL_CHOSEN", ip);
		send_init_error(d, m, IKEV2_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	case SELECT_INVALID_KE: {
		uint8_t g[2] = { (uint8_t)(want >> 8), (uint8_t)want };
		ike_stats.invalid_ke++;
		ike_debug(IKE_DBG_ERROR, NULL, "KE group %u not the one chosen: INVALID_KE_PAYLOAD (group %u)",
			  m->ke.group, want);
		send_init_error(d, m, IKEV2_N_INVALID_KE_PAYLOAD, g, 2);
		return;
	}
	case SELECT_OK:
		break;
	}

	struct ike_sa *s = calloc(1, sizeof *s);
	struct init_job *j = calloc(1, sizeof *j);
	if (!s || !j || m->ke.data.len > sizeof j->peer_ke || !(s->init_req = malloc(d->len))) {
		free(s);
		free(j);
		ike_stats.dropped_malformed++;
		return;
	}
	memcpy(s->init_req, d->data, d->len);
	s->init_req_len = d->len;
	s->peer = d->peer;
	s->local = d->local;
	s->natt = d->natt;
	s->spi_i = m->hdr.spi_i;
	s->frag_peer = ikev2_msg_notify(m, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED) != NULL;
	s->peer_vids = ike_vendor_seen(m); /* an AnyConnect client: Cisco VIDs back */
	s->suite = suite;
	s->created = ike_now_s();
	ike_cert_note_peer(s, m);  /* its hash algorithms and CERTREQ, for our AUTH */
	s->ni_len = m->nonce.len < sizeof s->ni ? m->nonce.len : sizeof s->ni;
	memcpy(s->ni, m->nonce.p, s->ni_len);
	s->nr_len = sizeof s->nr;
	uint8_t spi[8];
	if (ikev2_random(spi, 8) || ikev2_random(s->nr, s->nr_len)) {
		ike_sa_free(s);
		free(j);
		return;
	}
	s->spi_r = ike_get64(spi);

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

	s->id = ike_sa_next_id();
	s->next_msgid = 1; /* IKE_AUTH comes next */
	s->state = IKE_SA_HALF_OPEN;
	s->busy = true;
	ike_sa_insert(s);
	*j = (struct init_job){ .base = { .work = init_work, .done = init_done }, .s = s, .prop_num = prop_num,
				.suite = suite, .peer_ke_len = m->ke.data.len, .ni_len = s->ni_len };
	memcpy(j->peer_ke, m->ke.data.p, m->ke.data.len);
	memcpy(j->ni, s->ni, s->ni_len);
	memcpy(j->nr, s->nr, sizeof j->nr);
	ike_put64(j->spi_i, s->spi_i);
	memcpy(j->spi_r, spi, 8);
	workpool_submit(&j->base);
}

/* The response, once the keys exist: SA, KE, Nr, CERTREQ, NAT-D,
 * fragmentation and hash notifies. */
static void init_respond(struct ike_sa *s, uint8_t prop_num, const uint8_t *pub, size_t publen)
{
	static struct ikev2_sa chosen; /* large; the engine thread alone answers */
	ike_select_answer(&s->suite, prop_num, NULL, 0, &chosen);

	uint8_t buf[2048], h[20];
	struct ikev2_hdr hdr = { .spi_i = s->spi_i, .spi_r = s->spi_r, .version = IKEV2_VERSION,
				 .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_R, .msgid = 0 };
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, sizeof buf, &hdr);
	ikev2_w_sa(&w, &chosen);
	ikev2_w_ke(&w, s->suite.dh, pub, publen);
	ikev2_w_nonce(&w, s->nr, s->nr_len);
	/* CERTREQ: the CAs we verify peers against (RFC 7296 §3.7) */
	uint8_t cas[20 * 16];
	size_t cas_len = ike_cert_req_ours(cas, sizeof cas);
	if (cas_len)
		ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, cas, cas_len);
	natd(s->spi_i, s->spi_r, &s->local, h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, h, 20);
	natd(s->spi_i, s->spi_r, &s->peer, h);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, h, 20);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	static const uint8_t hashes[] = { 0, 2, 0, 3, 0, 4 }; /* SHA2-256/384/512 (RFC 7427) */
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, hashes, sizeof hashes);
	ike_vendor_write(&w, s->peer_vids);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0 || !(s->init_resp = malloc(n))) {
		ike_sa_remove(s);
		return;
	}
	memcpy(s->init_resp, buf, n);
	s->init_resp_len = n;
	ike_stats.in_accepted++;
	ike_debug(IKE_DBG_INTERNAL, s, "SA created: state IN-NEG, waiting for IKE_AUTH (NAT %s)",
		  s->nat_peer || s->nat_local ? "detected" : "not detected");
	ike_debug_packet(s, true, &s->local, &s->peer, buf, n);
	ike_send(&s->local, &s->peer, s->natt, buf, n);
}
