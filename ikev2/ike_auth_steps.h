/*
 * IKE_AUTH as a chain of steps that may each complete later
 * (ike_auth.c drives it):
 *   1. identity and profile (ike_auth_handle, at once);
 *   2. the peer's authentication: PSK/certificate at once, or EAP rounds
 *      (ike_eap.c) that end in ike_auth_peer_ok;
 *   3. authorization (ike_auth_author.c), done(s, ok) now or later;
 *   4. finish: our IDr/AUTH, CFG_REPLY, Child SA, send.
 * While a step waits, s->auth_pending is set and a retransmission of the
 * request (s->auth_msgid) is dropped and counted (ike_engine.c).  A step
 * that completes later runs from the event loop: it never sees a freed SA
 * because freeing the SA cancels whatever it waits on (ike_auth_release).
 */
#ifndef FLEXD_IKE_AUTH_STEPS_H
#define FLEXD_IKE_AUTH_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "ike_conf.h"
#include "ike_sa.h"
#include "msg.h"

/* Step 2 succeeded: authorize (step 3), then finish (step 4). */
void ike_auth_peer_ok(struct ike_sa *s);
/* Send AUTHENTICATION_FAILED for s->auth_msgid (plus an EAP Failure when
 * eap/eap_len given), log, and mark the SA failed: it goes at once when
 * the request is being handled, else at the next engine tick. */
void ike_auth_fail(struct ike_sa *s, const char *why, const uint8_t *eap, size_t eap_len);
/* Our IDr, [CERT], AUTH (`authentication local`) into w; our IDr body kept
 * in s->auth_idr (for the AUTH after EAP).  peer: the peer's IDi. */
int ike_auth_write_ours(struct ike_sa *s, const struct ike_conf_id *peer, const struct ike_conf_profile *p,
			struct ikev2_writer *w, char *why, size_t why_len);
/* Encrypt and send an inner chain as the response to s->auth_msgid. */
int ike_auth_send(struct ike_sa *s, struct ikev2_writer *w);
/* The kept first request parsed again (a static message: use at once). */
struct ikev2_msg *ike_auth_request(struct ike_sa *s);

/* ike_eap.c */
void ike_eap_start(struct ike_sa *s, const struct ike_conf_profile *p);
void ike_eap_handle(struct ike_sa *s, const struct ikev2_msg *m);

/* ike_eap_cert.c: eap_server_params.verify_cert for AnyConnect dual
 * authentication (ctx = the SA); sets s->eap_cert on success. */
int ike_eap_cert_verify(void *ctx, const uint8_t *pkcs7, size_t pkcs7_len, const uint8_t *sig, size_t sig_len,
			char *subject, size_t subject_len, char *why, size_t why_len);

/* ike_auth_author.c (step 3): calls done(s, ok) once, now or later (never
 * after ike_auth_author_cancel(s)). */
void ike_auth_authorize(struct ike_sa *s, void (*done)(struct ike_sa *s, bool ok));
void ike_auth_author_cancel(struct ike_sa *s);

/* Called by ike_sa_free: cancels pending work, frees what IKE_AUTH kept. */
void ike_auth_release(struct ike_sa *s);
/* The engine tick (ike_dpd.c) for a half-open SA: removes one whose
 * authentication failed from a later step, or whose IKE_AUTH/EAP ran past
 * its deadline.  true when s was removed. */
bool ike_auth_tick(struct ike_sa *s, long long now);

#endif
