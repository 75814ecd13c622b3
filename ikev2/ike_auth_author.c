/*
 * IKE_AUTH step 3, authorization of an authenticated peer
 * (ike_auth_steps.h): the profile's `aaa authorization group|user` lines
 * for the method the peer authenticated with, fetched and merged by
 * ike_author_run.c (local policies or RADIUS, asynchronously), with the
 * attributes the authentication left as `user METHOD cached`: the EAP
 * Access-Accept (s->eap_attrs) or the AAA keyring's answer.  done may
 * also be called later from the loop, but never after
 * ike_auth_author_cancel(s) (the SA is being freed).
 */
#include <stdlib.h>
#include <string.h>

#include "ike_auth_steps.h"
#include "ike_author.h"

void ike_auth_authorize(struct ike_sa *s, void (*done)(struct ike_sa *s, bool ok))
{
	struct ikev2_msg *m = ike_auth_request(s);
	if (!m) {
		done(s, false);
		return;
	}
	const char *method = m->auth.method == IKEV2_AUTH_PSK ? "psk" : "cert";
	if (s->eap_state) /* after EAP (ike_eap.c) */
		method = strcmp(s->auth_verify, "AnyConnect-EAP") == 0 ? "anyconnect-eap" : "eap";
	struct aaa_attrs *cached = NULL;
	if (s->eap_state && s->eap_attrs && s->eap_attrs_len && (cached = calloc(1, sizeof *cached)) != NULL)
		aaa_attrs_from_radius(cached, s->eap_attrs, s->eap_attrs_len, false, NULL, 0, NULL);
	ike_author_start(s, method, m->idi.type, m->idi.data.p, m->idi.data.len, s->eap_id[0] ? s->eap_id : NULL,
			 cached ? cached : s->keyring_attrs, done);
	if (cached) {
		aaa_attrs_wipe(cached);
		free(cached);
	}
}

void ike_auth_author_cancel(struct ike_sa *s)
{
	ike_author_cancel_job(s);
	ike_keyring_aaa_cancel(s);
}
