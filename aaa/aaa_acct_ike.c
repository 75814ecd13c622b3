/*
 * The IKEv2 engine's side of accounting: an established IKE SA is a
 * session, keyed by its Session-id (which an IKE SA rekey keeps), with
 * the list the profile's `aaa accounting psk|cert|eap|list LIST` names
 * for the method the peer authenticated with.  The engine calls
 * aaa_acct_ike_up when IKE_AUTH completes and aaa_acct_ike_down where an
 * IKE SA goes; a rekeyed (replaced) SA going away ends nothing.
 * Octets and packets: the live Child SAs' ESP counters (ipsec/esp_dp.c)
 * plus those of the Child SAs that went before (aaa_acct_ike_child_gone).
 */
#include <string.h>

#include "aaa/aaa_acct.h"
#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "running-config/store.h"

static void child_counters(const struct ike_child *c, struct aaa_acct_counters *out)
{
	const struct esp_stats *st = esp_dp_sa_stats(c->spi_in);
	if (!st)
		return;
	out->in_octets += st->dec_bytes;
	out->in_pkts += st->dec_pkts;
	out->out_octets += st->enc_bytes;
	out->out_pkts += st->enc_pkts;
}

static void sa_counters(const struct ike_sa *s, struct aaa_acct_counters *out)
{
	memset(out, 0, sizeof *out);
	for (const struct ike_child *c = s->children; c; c = c->next)
		child_counters(c, out);
}

void aaa_acct_ike_child_gone(const struct ike_sa *s, const struct ike_child *c)
{
	if (s->state != IKE_SA_ESTABLISHED || !aaa_acct_active(ike_sa_session_id(s)))
		return;
	struct aaa_acct_counters n = { 0 };
	child_counters(c, &n);
	aaa_acct_add(ike_sa_session_id(s), &n);
}

/* Interim-Updates: the live SA holding the session. */
static void counters_by_key(uint32_t key, struct aaa_acct_counters *out)
{
	memset(out, 0, sizeof *out);
	for (struct ike_sa *s = ike_sa_first_in(IKE_SA_ESTABLISHED); s; s = s->t_st_next)
		if (ike_sa_session_id(s) == key) {
			sa_counters(s, out);
			return;
		}
}

/* psk / eap / anyconnect-eap / cert by how the peer authenticated. */
static const char *method_of(const struct ike_sa *s)
{
	if (!strcmp(s->auth_verify, "PSK"))
		return "psk";
	if (!strcmp(s->auth_verify, "EAP"))
		return "eap";
	if (!strcmp(s->auth_verify, "AnyConnect-EAP"))
		return "anyconnect-eap";
	return "cert";
}

void aaa_acct_ike_up(const struct ike_sa *s)
{
	char list[64];
	if (s->state != IKE_SA_ESTABLISHED ||
	    !db_get_text(list, sizeof list, "SELECT list FROM ikev2_profile_acct WHERE profile = ? AND "
					    "method IN (?, 'list') ORDER BY method = 'list'", "ss", s->profile,
			 method_of(s)))
		return;
	aaa_acct_set_counters_fn(counters_by_key);
	/* User-Name: the EAP identity when EAP authenticated the peer (IOS) */
	struct aaa_acct_info info = { .key = ike_sa_session_id(s), .list = list,
				      .user = s->eap_id[0] ? s->eap_id : s->peer_id,
				      .phase1_id = s->peer_id, .peer = s->peer, .local = s->local,
				      .framed_ip = s->assigned };
	aaa_acct_start(&info);
}

void aaa_acct_ike_down(const struct ike_sa *s, int cause)
{
	if (s->state != IKE_SA_ESTABLISHED || !aaa_acct_active(ike_sa_session_id(s)))
		return;
	struct aaa_acct_counters c;
	sa_counters(s, &c);
	aaa_acct_stop(ike_sa_session_id(s), &c, (enum aaa_acct_cause)cause);
}
