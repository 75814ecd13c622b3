/*
 * The authorization step of IKE_AUTH (seed 004 step 2): the profile's
 * `aaa authorization group|user METHOD list LIST [NAME [local] |
 * name-mangler M] [password PW]` lines for the peer's authentication
 * method (the method's own lines before `any` ones), each fetched through
 * its `aaa authorization network LIST` (aaa/aaa_author_fetch.c: local
 * policy or RADIUS), plus `user METHOD cached` (the attributes the
 * authentication left: EAP's Access-Accept, the AAA keyring's answer),
 * merged (aaa_attrs_final) into s->authz.  A failure (Access-Reject, no
 * server answered, no such list) ends the session even though the peer
 * authenticated.
 *
 * Names: NAME when given; else the mangler's output (eap rule on the EAP
 * identity, else fqdn/email/dn on IDi); else `default` for the group and
 * the EAP identity or IDi for the user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base/log.h"
#include "ike_author.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "running-config/store.h"

struct authz_line {
	bool present, name_local, override;
	char list[64], name[256], mangler[64], pw[129];
};

struct ike_author_job {
	struct ike_sa *s;
	ike_author_done_fn done;
	char method[16];
	uint8_t id_type;
	uint8_t id[512];
	size_t id_len;
	char eap_id[256];
	struct authz_line line[2];          /* group, user */
	struct aaa_attrs *got[2];           /* their answers */
	struct aaa_attrs *cached;
	int step;
	struct aaa_author_req *req;
	bool in_fetch, fetch_done, failed;
	char why[200];
};

static void job_free(struct ike_author_job *j)
{
	for (int i = 0; i < 2; i++)
		if (j->got[i]) {
			aaa_attrs_wipe(j->got[i]);
			free(j->got[i]);
		}
	if (j->cached) {
		aaa_attrs_wipe(j->cached);
		free(j->cached);
	}
	OPENSSL_cleanse(j, sizeof *j);
	free(j);
}

static void read_lines(struct ike_author_job *j, const char *profile, bool *want_cached)
{
	*want_cached = false;
	sqlite3_stmt *st = db_query("SELECT kind, override, cached, ifnull(list,''), ifnull(aaa_name,''),"
				    " ifnull(mangler,''), name_local, ifnull(pw_type,0), ifnull(pw,'')"
				    " FROM ikev2_profile_authz WHERE profile=? AND method IN (?, 'any')"
				    " ORDER BY method='any', kind",
				    "ss", profile, j->method);
	while (db_row(st)) {
		int k = strcmp(db_col_text(st, 0), "group") == 0 ? 0 : 1;
		if (db_col_int(st, 2)) {
			*want_cached = true;
			continue;
		}
		struct authz_line *l = &j->line[k];
		if (l->present)
			continue;
		l->present = true;
		l->override = db_col_int(st, 1) != 0;
		snprintf(l->list, sizeof l->list, "%s", db_col_text(st, 3));
		snprintf(l->name, sizeof l->name, "%s", db_col_text(st, 4));
		snprintf(l->mangler, sizeof l->mangler, "%s", db_col_text(st, 5));
		l->name_local = db_col_int(st, 6) != 0;
		/* type 6 needs the master key: not usable, IOS's "cisco" then */
		if (db_col_int(st, 7) == 0)
			snprintf(l->pw, sizeof l->pw, "%s", db_col_text(st, 8));
	}
}

/* `crypto ikev2 name-mangler M` on the peer: its eap rule on the EAP
 * identity when there is one, else its rule for IDi's type. */
bool ike_author_mangle_name(const char *mangler, uint8_t id_type, const uint8_t *id, size_t id_len,
				   const char *eap_id, char *out, size_t len)
{
	sqlite3_stmt *st = db_query("SELECT fqdn, email, dn, eap FROM ikev2_name_mangler WHERE name=?", "s", mangler);
	if (!db_row(st))
		return false;
	const char *r[4];
	for (int i = 0; i < 4; i++)
		r[i] = db_col_null(st, i) ? NULL : db_col_text(st, i);
	bool ok = eap_id && r[3] ? aaa_author_mangle_eap(r[3], eap_id, out, len)
				 : ike_author_mangle(r[0], r[1], r[2], id_type, id, id_len, out, len);
	db_done(st);
	return ok;
}

/* The name of one line; false when the mangler derives none. */
static bool line_name(const struct ike_author_job *j, int k, char *out, size_t len)
{
	const struct authz_line *l = &j->line[k];
	if (l->name[0]) {
		snprintf(out, len, "%s", l->name);
		return true;
	}
	if (l->mangler[0])
		return ike_author_mangle_name(l->mangler, j->id_type, j->id, j->id_len,
					      j->eap_id[0] ? j->eap_id : NULL, out, len);
	snprintf(out, len, "%s", k == 0 ? "default" : j->eap_id[0] ? j->eap_id : j->s->peer_id);
	return true;
}

static bool local_policy(void *ctx, const char *name, struct aaa_attrs *out)
{
	struct ike_author_job *j = ctx;
	return ike_author_policy(name, j->s->profile, out);
}

static void finish(struct ike_author_job *j)
{
	struct ike_sa *s = j->s;
	ike_author_done_fn done = j->done;
	bool ok = !j->failed;
	s->authz_job = NULL;
	if (ok) {
		struct aaa_attrs *a = calloc(1, sizeof *a);
		if (a) {
			bool ovr = j->line[0].override;
			aaa_attrs_final(a, j->got[0], j->cached, j->got[1], ovr);
			ike_author_resolve(a, s->profile);
			ike_author_set(s, a);
			if (a->bad)
				ike_debug(IKE_DBG_ERROR, s, "Authorization: %u malformed attribute(s) dropped", a->bad);
			for (int i = 0; i < a->nifcfg; i++)
				ike_debug(IKE_DBG_INTERNAL, s, "Virtual-Access interface-config: %s", a->ifcfg[i]);
		} else {
			ok = false;
			snprintf(j->why, sizeof j->why, "out of memory");
		}
	}
	if (!ok) {
		char ip[64];
		log_msg(LOG_SEV_NOTICE, "IKEV2", "AUTHOR_FAILED", "Authorization of peer %s (%s) failed: %s",
			sockaddr_ip(&s->peer, ip, sizeof ip), s->peer_id, j->why);
		ike_debug(IKE_DBG_ERROR, s, "Authorization failed: %s", j->why);
	}
	job_free(j);
	if (done)
		done(s, ok);
}

static void run(struct ike_author_job *j);

static void fetched(void *ctx, enum aaa_author_result res, const struct aaa_attrs *a, const char *why)
{
	struct ike_author_job *j = ctx;
	j->req = NULL;
	if (res != AAA_AUTHOR_PASS) {
		j->failed = true;
		snprintf(j->why, sizeof j->why, "%s authorization: %s", j->step == 0 ? "group" : "user", why);
	} else if (a->found && (j->got[j->step] = malloc(sizeof *a)) != NULL) {
		memcpy(j->got[j->step], a, sizeof *a);
	}
	ike_debug(IKE_DBG_INTERNAL, j->s, "%s authorization: %s", j->step == 0 ? "Group" : "User", why);
	j->step++;
	if (j->in_fetch) {
		j->fetch_done = true;   /* answered from inside aaa_author_fetch: run() goes on */
		return;
	}
	if (j->failed)
		finish(j);
	else
		run(j);
}

static void run(struct ike_author_job *j)
{
	while (j->step < 2 && !j->failed) {
		struct authz_line *l = &j->line[j->step];
		if (!l->present) {
			j->step++;
			continue;
		}
		char name[256];
		if (!line_name(j, j->step, name, sizeof name)) {
			/* IOS goes on without that line's attributes */
			log_msg(LOG_SEV_WARNING, "IKEV2", "AUTHOR", "Name mangler %s derives no name from %s",
				l->mangler, j->s->peer_id);
			j->step++;
			continue;
		}
		if (l->name_local) {
			/* `... list L NAME local`: the local policy NAME whatever L is */
			struct aaa_attrs *a = calloc(1, sizeof *a);
			if (a && ike_author_policy(name, j->s->profile, a))
				j->got[j->step] = a;
			else
				free(a);
			j->step++;
			continue;
		}
		ike_debug(IKE_DBG_INTERNAL, j->s, "%s authorization of '%s' through list %s",
			  j->step == 0 ? "Group" : "User", name, l->list);
		j->in_fetch = true;
		j->fetch_done = false;
		struct aaa_author_req *r = aaa_author_fetch(l->list, name, l->pw[0] ? l->pw : NULL, local_policy,
							    fetched, j);
		j->in_fetch = false;
		if (!j->fetch_done) {
			j->req = r;   /* a RADIUS answer will call fetched() */
			return;
		}
	}
	finish(j);
}

void ike_author_start(struct ike_sa *s, const char *method, uint8_t id_type, const uint8_t *id, size_t id_len,
		      const char *eap_id, const struct aaa_attrs *cached, ike_author_done_fn done)
{
	ike_author_cancel_job(s);
	struct ike_author_job *j = calloc(1, sizeof *j);
	if (!j) {
		if (done)
			done(s, false);
		return;
	}
	j->s = s;
	j->done = done;
	snprintf(j->method, sizeof j->method, "%s", method);
	j->id_type = id_type;
	j->id_len = id_len < sizeof j->id ? id_len : sizeof j->id;
	memcpy(j->id, id, j->id_len);
	snprintf(j->eap_id, sizeof j->eap_id, "%s", eap_id ? eap_id : "");
	bool want_cached;
	read_lines(j, s->profile, &want_cached);
	if (want_cached && cached && cached->found && (j->cached = malloc(sizeof *cached)) != NULL)
		memcpy(j->cached, cached, sizeof *cached);
	s->authz_job = j;
	run(j);
}

void ike_author_cancel_job(struct ike_sa *s)
{
	struct ike_author_job *j = s->authz_job;
	if (!j)
		return;
	s->authz_job = NULL;
	aaa_author_cancel(j->req);
	job_free(j);
}

void ike_author_set(struct ike_sa *s, struct aaa_attrs *a)
{
	if (s->authz) {
		aaa_attrs_wipe(s->authz);
		free(s->authz);
	}
	s->authz = a;
}

void ike_author_free(struct ike_sa *s)
{
	ike_author_cancel_job(s);
	ike_author_set(s, NULL);
	ike_keyring_aaa_free(s);
}

size_t ike_author_ifcfg(const struct ike_sa *s, const char **out, size_t max)
{
	size_t n = 0;
	for (int i = 0; s->authz && i < s->authz->nifcfg && n < max; i++)
		out[n++] = s->authz->ifcfg[i];
	return n;
}

/* The engine without an asynchronous authorization step (only local
 * methods can answer at once): run it now for a CFG_REQUEST. */
static void sync_done(struct ike_sa *s, bool ok)
{
	(void)s;
	(void)ok;
}

void ike_author_sync(struct ike_sa *s, const struct ikev2_msg *m)
{
	const char *method = m->auth.method == IKEV2_AUTH_PSK ? "psk" : "cert";
	ike_author_start(s, method, m->idi.type, m->idi.data.p, m->idi.data.len, NULL, s->keyring_attrs, sync_done);
	if (s->authz_job) {
		log_msg(LOG_SEV_WARNING, "IKEV2", "AUTHOR", "Authorization of %s needs RADIUS: not available in a"
			" synchronous IKE_AUTH", s->peer_id);
		ike_author_cancel_job(s);
	}
}
