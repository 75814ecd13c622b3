/*
 * AAA-based pre-shared keys (seed 004): the profile's `keyring aaa LIST
 * [name-mangler M] [password PW]`.  Before the peer's AUTH is verified,
 * an authorization request through `aaa authorization network LIST` for
 * the peer identity (or the mangler's name of it) fetches the keys:
 * Tunnel-Password (symmetric) or ipsec:ikev2-password-remote (verifies
 * the peer) / ipsec:ikev2-password-local (our AUTH).  The whole answer
 * stays on the SA: `aaa authorization user psk cached` uses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base/log.h"
#include "ike_author.h"
#include "ike_conf.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "running-config/store.h"

struct ike_keyring_job {
	struct ike_sa *s;
	ike_author_done_fn done;
	struct aaa_author_req *req;
	bool in_fetch, fetch_done, ok;
};

bool ike_keyring_aaa_wanted(const struct ike_sa *s, const struct ike_conf_id *peer_id)
{
	if (!db_exists("SELECT 1 FROM ikev2_profile WHERE name=? AND keyring_kind='aaa'", "s", s->profile))
		return false;
	/* the profile's own `authentication local|remote pre-share key` both given: no lookup */
	char l[256], r[256];
	bool have = ike_conf_psk(s->profile, peer_id, &s->peer, l, sizeof l, r, sizeof r);
	OPENSSL_cleanse(l, sizeof l);
	OPENSSL_cleanse(r, sizeof r);
	return !have;
}

static void keyring_set(struct ike_sa *s, struct aaa_attrs *a)
{
	if (s->keyring_attrs) {
		aaa_attrs_wipe(s->keyring_attrs);
		free(s->keyring_attrs);
	}
	s->keyring_attrs = a;
}

static void finish(struct ike_keyring_job *j)
{
	struct ike_sa *s = j->s;
	ike_author_done_fn done = j->done;
	bool ok = j->ok;
	s->keyring_job = NULL;
	free(j);
	done(s, ok);
}

static void fetched(void *ctx, enum aaa_author_result res, const struct aaa_attrs *a, const char *why)
{
	struct ike_keyring_job *j = ctx;
	struct ike_sa *s = j->s;
	bool ok = res == AAA_AUTHOR_PASS && (a->tunnel_pw[0] || a->psk_remote[0]);
	char ip[64];
	if (ok) {
		struct aaa_attrs *c = malloc(sizeof *c);
		ok = c != NULL;
		if (c) {
			memcpy(c, a, sizeof *c);
			keyring_set(s, c);
		}
		ike_debug(IKE_DBG_INTERNAL, s, "Pre-shared key for '%s' from AAA (%s)", s->peer_id, why);
	} else {
		log_msg(LOG_SEV_NOTICE, "IKEV2", "AAA_PSK", "No pre-shared key from AAA for peer %s (%s): %s",
			sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id,
			res == AAA_AUTHOR_PASS ? "the answer carries none" : why);
	}
	j->ok = ok;
	j->req = NULL;
	if (j->in_fetch)
		j->fetch_done = true;   /* answered from inside aaa_author_fetch */
	else
		finish(j);
}

void ike_keyring_aaa_start(struct ike_sa *s, uint8_t id_type, const uint8_t *id, size_t id_len,
			   ike_author_done_fn done)
{
	ike_keyring_aaa_cancel(s);
	keyring_set(s, NULL);
	char list[64] = "", mangler[64] = "", pw[129] = "", name[256];
	long long pwt = 0;
	sqlite3_stmt *st = db_query("SELECT ifnull(keyring_name,''), ifnull(keyring_mangler,''),"
				    " ifnull(keyring_pw_type,0), ifnull(keyring_pw,'') FROM ikev2_profile WHERE name=?",
				    "s", s->profile);
	if (db_row(st)) {
		snprintf(list, sizeof list, "%s", db_col_text(st, 0));
		snprintf(mangler, sizeof mangler, "%s", db_col_text(st, 1));
		pwt = db_col_int(st, 2);
		if (pwt == 0)
			snprintf(pw, sizeof pw, "%s", db_col_text(st, 3));
		db_done(st);
	}
	/* no mangler: the full peer identity is the RADIUS lookup key */
	if (mangler[0] ? !ike_author_mangle_name(mangler, id_type, id, id_len, NULL, name, sizeof name)
		       : snprintf(name, sizeof name, "%s", s->peer_id) <= 0) {
		log_msg(LOG_SEV_WARNING, "IKEV2", "AAA_PSK", "Name mangler %s derives no name from %s", mangler,
			s->peer_id);
		OPENSSL_cleanse(pw, sizeof pw);
		done(s, false);
		return;
	}
	struct ike_keyring_job *j = calloc(1, sizeof *j);
	if (!j) {
		OPENSSL_cleanse(pw, sizeof pw);
		done(s, false);
		return;
	}
	j->s = s;
	j->done = done;
	j->in_fetch = true;
	s->keyring_job = j;
	ike_debug(IKE_DBG_INTERNAL, s, "Pre-shared key for '%s' asked through list %s", name, list);
	struct aaa_author_req *r = aaa_author_fetch(list, name, pw[0] ? pw : NULL, NULL, fetched, j);
	OPENSSL_cleanse(pw, sizeof pw);
	j->in_fetch = false;
	if (!j->fetch_done) {
		j->req = r;     /* fetched() reports later */
		return;
	}
	finish(j);
}

void ike_keyring_aaa_cancel(struct ike_sa *s)
{
	struct ike_keyring_job *j = s->keyring_job;
	if (!j)
		return;
	s->keyring_job = NULL;
	aaa_author_cancel(j->req);
	free(j);
}

void ike_keyring_aaa_free(struct ike_sa *s)
{
	ike_keyring_aaa_cancel(s);
	keyring_set(s, NULL);
}

bool ike_psk_for(const struct ike_sa *s, const struct ike_conf_id *peer_id, char *local, size_t llen, char *remote,
		 size_t rlen)
{
	if (ike_conf_psk(s->profile, peer_id, &s->peer, local, llen, remote, rlen))
		return true;
	const struct aaa_attrs *a = s->keyring_attrs;
	if (!a)
		return false;
	/* the profile's own `authentication ... pre-share key` still wins */
	if (!*local)
		snprintf(local, llen, "%s", a->psk_local[0] ? a->psk_local : a->tunnel_pw);
	if (!*remote)
		snprintf(remote, rlen, "%s", a->psk_remote[0] ? a->psk_remote : a->tunnel_pw);
	return *local && *remote;
}
