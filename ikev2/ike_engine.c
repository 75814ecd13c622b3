/*
 * The IKEv2 responder: datagrams in, exchanges dispatched (IKE_SA_INIT in
 * ike_init.c, IKE_AUTH in ike_auth.c, INFORMATIONAL in ike_info.c), the SA
 * table, message-id window and retransmission cache (RFC 7296 §2.1-2.3).
 */
#include "ike_sa.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_acct.h"
#include "base/log.h"
#include "base/workpool.h"
#include "ike_author.h"
#include "ike_debug.h"
#include "ike_conf.h"
#include "ike_frag.h"
#include "ike_cookie.h"
#include "ike_auth_steps.h"
#include "ike_select.h"
#include "ike_socket.h"
#include "interface/vaccess.h"
#include "ipsec/esp_dp.h"
#include "msg.h"

static uint32_t next_id = 1;
struct ike_stats ike_stats;

const struct ike_stats *ike_engine_stats(void) { return &ike_stats; }

long long ike_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void ike_sa_free(struct ike_sa *s)
{
	aaa_acct_ike_down(s, AAA_TERM_NAS_REQUEST); /* accounting Stop, unless sent already */
	if (!s->busy)
		vaccess_sa_gone(s); /* its Virtual-Access and host routes (not on an IKE SA rekey) */
	ike_sa_unlink(s); /* from every index, if in the table */
	if (s->busy) {
		/* a worker still computes its keys: ike_init.c frees it after */
		s->doomed = true;
		return;
	}
	ike_auth_release(s); /* pending EAP/authorization cancelled first */
	ike_rekey_free(s);
	ike_rekey_ike_free(s);
	ike_child_free_all(s);
	ike_author_free(s);
	ike_frag_rx_free(s->frag_rx);
	free(s->last_resp);
	ikev2_sk_free(s->sk_out);
	ikev2_sk_free(s->sk_in);
	ikev2_ike_keys_wipe(&s->keys);
	free(s->init_req);
	free(s->init_resp);
	free(s->dpd_req);
	free(s);
}

uint32_t ike_sa_next_id(void) { return next_id++; }

/* ---------- protected exchanges ---------- */

void ike_log_down(const struct ike_sa *s)
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
	struct ike_sa *next;
	for (struct ike_sa *s = ike_sa_first(); s; s = next) {
		next = s->next;
		char l[64], r[64];
		sockaddr_ip(&s->local, l, sizeof l);
		sockaddr_ip(&s->peer, r, sizeof r);
		if ((local && strcmp(local, l) != 0) || (remote && strcmp(remote, r) != 0))
			continue;
		if (s->state == IKE_SA_ESTABLISHED)
			ike_send_delete(s);
		aaa_acct_ike_down(s, AAA_TERM_ADMIN_RESET);
		ike_log_down(s);
		ike_sa_remove(s);
		n++;
	}
	return n;
}

/* A request inside an IKE SA: message ID window of one, retransmissions
 * answered from the cached response, decryption, then the exchange. */
static void handle_protected(const struct ike_dgram *d, struct ikev2_msg *m)
{
	struct ike_sa *s = ike_sa_find(m->hdr.spi_i, m->hdr.spi_r);
	if (!s || s->busy) {  /* busy: no keys yet, and we have not answered */
		ike_stats.dropped_unsupported++;
		return;
	}
	if (s->auth_pending && m->hdr.msgid == s->auth_msgid) {
		/* an IKE_AUTH step is pending: nothing to resend yet */
		ike_stats.dropped_pending++;
		ike_debug(IKE_DBG_INTERNAL, s, "Retransmitted request %u while its answer is pending: dropped",
			  m->hdr.msgid);
		return;
	}
	if (m->hdr.msgid + 1 == s->next_msgid && s->last_resp) {
		/* RFC 7383 §2.6.1: of a fragmented request only fragment 1 asks again */
		if (!m->sk.frag || m->sk.frag_num == 1) {
			ike_debug(IKE_DBG_INTERNAL, s, "Retransmitted request %u: resending the response",
				  m->hdr.msgid);
			ike_send_cached(s, d);
		}
		return;
	}
	if (m->hdr.msgid != s->next_msgid) {
		ike_stats.dropped_unsupported++; /* out of window */
		return;
	}
	static uint8_t plain[65536];
	size_t inner_len;
	uint8_t first = m->sk.next;
	if (m->sk.frag) {
		/* RFC 7383: each fragment checked alone, the message once all are in */
		enum ike_frag_rc rc = ike_frag_rx_add(&s->frag_rx, s->sk_in, d->data, m, plain, sizeof plain,
						      &inner_len, &first);
		if (rc == IKE_FRAG_BAD || rc == IKE_FRAG_LIMIT)
			ike_stats.dropped_malformed++;
		if (rc != IKE_FRAG_DONE)
			return;
		ike_debug(IKE_DBG_INTERNAL, s, "Fragments of message %u reassembled: %u fragments, %zu bytes",
			  m->hdr.msgid, m->sk.frag_total, inner_len);
	} else if (ikev2_sk_decrypt(s->sk_in, d->data, m->sk.aad_len, m->sk.body.p, m->sk.body.len, plain,
				    sizeof plain, &inner_len) != 0) {
		ike_stats.dropped_malformed++; /* bad integrity: dropped silently (§2.21.2) */
		return;
	}
	struct ikev2_perr e = ikev2_msg_parse_inner(m, first, plain, inner_len);
	if (e.notify) {
		/* authentic (it decrypted) but malformed: answered with the
		 * error, protected, so the peer stops retrying (RFC 7296 §3.10.1:
		 * INVALID_SYNTAX only for a message with a valid checksum); an
		 * IKE_AUTH that cannot be read ends the half-open SA (§2.21.2) */
		ike_stats.dropped_malformed++;
		ike_debug(IKE_DBG_ERROR, s, "Failed to parse the decrypted message (%s): sending %s", e.why ? e.why : "?",
			  e.notify == IKEV2_N_INVALID_SYNTAX ? "INVALID_SYNTAX" : "UNSUPPORTED_CRITICAL_PAYLOAD");
		s->next_msgid = m->hdr.msgid + 1;
		uint8_t inner[64];
		struct ikev2_writer w;
		ikev2_w_init_inner(&w, inner, sizeof inner);
		/* UNSUPPORTED_CRITICAL_PAYLOAD carries the payload type (§3.10.1) */
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, e.notify, &e.payload,
			       e.notify == IKEV2_N_INVALID_SYNTAX ? 0 : 1);
		size_t n;
		if (ikev2_w_finish(&w, &n) == 0)
			ike_send_protected(s, m->hdr.exchange, m->hdr.msgid, inner, n, w.first);
		if (m->hdr.exchange == IKEV2_EXCH_IKE_AUTH && s->state == IKE_SA_HALF_OPEN) {
			char ip[64];
			log_msg(LOG_SEV_NOTICE, "IKEV2", "AUTH_FAILED", "IKE_AUTH from peer %s malformed: answered %s",
				sockaddr_ip(&d->peer, ip, sizeof ip),
				e.notify == IKEV2_N_INVALID_SYNTAX ? "INVALID_SYNTAX" : "UNSUPPORTED_CRITICAL_PAYLOAD");
			ike_sa_remove(s);
		}
		return;
	}
	ike_debug_inner(s, false, &m->hdr, m->sk.next, plain, inner_len);
	s->last_rx = ike_now_s();
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
		ike_sa_sync(s); /* state and pool address set there */
		if (s->state == IKE_SA_ESTABLISHED)
			ike_debug(IKE_DBG_INTERNAL, s, "IKE_AUTH done: state READY");
		else if (s->auth_failed)
			ike_debug(IKE_DBG_ERROR, s, "IKE_AUTH: authentication failed, deleting the SA");
		if (s->auth_failed)
			ike_sa_remove(s);
		break;
	case IKEV2_EXCH_CREATE_CHILD_SA: ike_create_child_handle(s, d, m); break;
	case IKEV2_EXCH_INFORMATIONAL:
		if (m->ndel > 0 && m->del[0].proto == IKEV2_PROTO_IKE)
			ike_debug(IKE_DBG_INTERNAL, s, "Delete of the IKE SA received: state DELETE");
		ike_info_handle(s, d, m);
		break;
	default:
		ike_stats.dropped_unsupported++;
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
		ike_stats.dropped_malformed++;
		return;
	}
	ike_debug_packet(NULL, false, &d->local, &d->peer, d->data, d->len);
	if (m.hdr.flags & IKEV2_FLAG_R) {
		ike_response(d, &m); /* answers to our requests (ike_dpd.c) */
		return;
	}
	if (m.hdr.exchange == IKEV2_EXCH_IKE_SA_INIT && m.hdr.spi_r == 0 && m.hdr.msgid == 0) {
		ike_init_handle(d, &m);
		return;
	}
	if (m.seen & ((1ull << (IKEV2_PL_SK - 32)) | (1ull << (IKEV2_PL_SKF - 32)))) {
		handle_protected(d, &m);
		return;
	}
	ike_stats.dropped_unsupported++;
}

int ike_engine_start(uint16_t port, uint16_t natt_port)
{
	ike_dpd_start();
	/* DH and key derivation on worker threads, one per core */
	if (workpool_start(0) != 0)
		log_msg(LOG_SEV_WARNING, "IKEV2", "WORKERS", "No crypto worker threads: computing inline");
	return ike_socket_open(port, natt_port, on_datagram, esp_dp_rx);
}

void ike_engine_stop(void)
{
	workpool_stop(); /* finishes what is queued: nothing is busy after */
	ike_socket_close();
	ike_cookie_reset();
	ike_dpd_stop();
	ike_sa_remove_all();
}
