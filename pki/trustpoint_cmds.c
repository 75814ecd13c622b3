/* crypto pki trustpoint NAME and (ca-trustpoint) */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "ipsec/ipsec_util.h"
#include "interface/ifname.h"
#include "pki_cmds.h"
#include "running-config/store.h"

static int done(struct vty *v, int rc)
{
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "pki");
	return CMD_SUCCESS;
}

static bool clearing(const struct cmd_args *a)
{
	return a->no || a->dflt;
}

int pki_cmd_trustpoint(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (clearing(a)) {
		/* its certificates go with it (IOS asks first; keys stay) */
		int rc = db_exec("DELETE FROM pki_certificate WHERE trustpoint = ?", "s", name) ||
			 db_exec("DELETE FROM pki_trustpoint_revocation WHERE trustpoint = ?", "s", name) ||
			 db_exec("DELETE FROM pki_trustpoint WHERE name = ?", "s", name);
		return done(v, rc);
	}
	if (done(v, db_exec("INSERT OR IGNORE INTO pki_trustpoint(name) VALUES (?)", "s", name)))
		return CMD_ERROR;
	vty_enter(v, MODE_PKI_TRUSTPOINT, name, NULL);
	return CMD_SUCCESS;
}

int pki_cmd_tp_enrollment(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	if (clearing(a))
		return done(v, db_exec("UPDATE pki_trustpoint SET enrollment = NULL, enrollment_url = NULL,"
				       " enrollment_pem = 0 WHERE name = ?", "s", tp));
	const char *mode = has(a, "url") ? "url" : has(a, "terminal") ? "terminal"
			 : has(a, "selfsigned") ? "selfsigned" : "pkcs12";
	return done(v, db_exec("UPDATE pki_trustpoint SET enrollment = ?, enrollment_url = ?,"
			       " enrollment_pem = ? WHERE name = ?", "ssds",
			       mode, arg(a, "URL"), has(a, "pem") ? 1 : 0, tp));
}

static int set_text(struct vty *v, const struct cmd_args *a, const char *sql, const char *val)
{
	return done(v, db_exec(sql, "ss", clearing(a) ? NULL : val, vty_key(v, 0)));
}

int pki_cmd_tp_usage(struct vty *v, const struct cmd_args *a)
{
	const char *u = has(a, "ike") ? "ike" : has(a, "ssl-client") ? "ssl-client" : "ssl-server";
	return set_text(v, a, "UPDATE pki_trustpoint SET usage = ? WHERE name = ?", u);
}

int pki_cmd_tp_serial_number(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	if (clearing(a))
		return done(v, db_exec("UPDATE pki_trustpoint SET serial_number = NULL WHERE name = ?", "s", tp));
	return done(v, db_exec("UPDATE pki_trustpoint SET serial_number = ? WHERE name = ?", "ds",
			       has(a, "none") ? 0 : 1, tp));
}

int pki_cmd_tp_fqdn(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE pki_trustpoint SET fqdn = ? WHERE name = ?", arg(a, "WORD"));
}

int pki_cmd_tp_ip_address(struct vty *v, const struct cmd_args *a)
{
	const char *w = arg(a, "WORD");
	char val[64] = "";
	if (!clearing(a)) {
		struct in_addr ia;
		if (strcmp(w, "none") == 0 || inet_pton(AF_INET, w, &ia) == 1)
			snprintf(val, sizeof val, "%s", w);
		else if (!ifname_canonical(w, NULL, val, sizeof val))
			return cli_caret_error(v, a, arg_index(a, "WORD"));
	}
	return set_text(v, a, "UPDATE pki_trustpoint SET ip_address = ? WHERE name = ?", val);
}

int pki_cmd_tp_subject_name(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE pki_trustpoint SET subject_name = ? WHERE name = ?", arg(a, "LINE"));
}

int pki_cmd_tp_subject_alt_name(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE pki_trustpoint SET subject_alt_name = ? WHERE name = ?", arg(a, "LINE"));
}

int pki_cmd_tp_revocation_check(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	int rc = db_exec("DELETE FROM pki_trustpoint_revocation WHERE trustpoint = ?", "s", tp);
	if (clearing(a) || rc)
		return done(v, rc);
	int seq = 0, first = arg_index(a, "revocation-check") + 1;
	/* "revocation-check crl" alone is the default: stored as no rows */
	if (first == a->n - 1 && strcmp(a->v[first].value, "crl") == 0)
		return done(v, rc);
	for (int i = first; i < a->n && !rc; i++) {
		const char *m = a->v[i].value;
		if (db_exists("SELECT 1 FROM pki_trustpoint_revocation WHERE trustpoint = ? AND method = ?",
			      "ss", tp, m))
			continue;
		rc = db_exec("INSERT INTO pki_trustpoint_revocation(trustpoint, seq, method) VALUES (?, ?, ?)",
			     "sds", tp, ++seq, m);
	}
	return done(v, rc);
}

static int store_rsakeypair(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	if (clearing(a))
		return done(v, db_exec("UPDATE pki_trustpoint SET rsakeypair = NULL, rsa_modulus = NULL,"
				       " rsa_enc_modulus = NULL WHERE name = ?", "s", tp));
	int rc = db_exec("UPDATE pki_trustpoint SET rsakeypair = ?, rsa_modulus = NULL,"
			 " rsa_enc_modulus = NULL WHERE name = ?", "ss", arg(a, "WORD"), tp);
	if (!rc && has(a, "size"))
		rc = db_exec("UPDATE pki_trustpoint SET rsa_modulus = ? WHERE name = ?", "is",
			     arg_int(a, "size", 2048), tp);
	if (!rc && has(a, "encsize"))
		rc = db_exec("UPDATE pki_trustpoint SET rsa_enc_modulus = ? WHERE name = ?", "is",
			     arg_int(a, "encsize", 2048), tp);
	return done(v, rc);
}

int pki_cmd_tp_rsakeypair(struct vty *v, const struct cmd_args *a)
{
	return store_rsakeypair(v, a);
}

/* Seed 000 writes `rsa-keypair LABEL`: not IOS syntax; stored as rsakeypair. */
int pki_cmd_tp_rsa_keypair_alias(struct vty *v, const struct cmd_args *a)
{
	const char *label = arg(a, "WORD");
	if (clearing(a))
		vty_note(v, "\"rsa-keypair\" is read as \"rsakeypair\"");
	else if (has(a, "encsize"))
		vty_note(v, "\"rsa-keypair\" is read as \"rsakeypair %s %s %s\"", label,
			 arg(a, "size"), arg(a, "encsize"));
	else if (has(a, "size"))
		vty_note(v, "\"rsa-keypair\" is read as \"rsakeypair %s %s\"", label, arg(a, "size"));
	else
		vty_note(v, "\"rsa-keypair\" is read as \"rsakeypair %s\"", label);
	return store_rsakeypair(v, a);
}

int pki_cmd_tp_eckeypair(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE pki_trustpoint SET eckeypair = ? WHERE name = ?", arg(a, "WORD"));
}

int pki_cmd_tp_auto_enroll(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	int rc = db_exec("UPDATE pki_trustpoint SET auto_enroll = ?, auto_enroll_pct = NULL,"
			 " auto_enroll_regen = ? WHERE name = ?", "dds",
			 clearing(a) ? 0 : 1, (!clearing(a) && has(a, "regenerate")) ? 1 : 0, tp);
	if (!rc && !clearing(a) && has(a, "<1-100>"))
		rc = db_exec("UPDATE pki_trustpoint SET auto_enroll_pct = ? WHERE name = ?", "is",
			     arg_int(a, "<1-100>", 0), tp);
	return done(v, rc);
}

int pki_cmd_tp_password(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	if (clearing(a))
		return done(v, db_exec("UPDATE pki_trustpoint SET password = NULL, password_type = NULL"
				       " WHERE name = ?", "s", tp));
	const char *type = arg(a, "type");
	if (type && strcmp(type, "7") == 0) {
		char plain[256];

		if (!secret_type7_decode(arg(a, "WORD"), plain, sizeof plain))
			return vty_error(v, "Invalid encrypted password: %s", arg(a, "WORD"));
	}
	int rc = db_exec("UPDATE pki_trustpoint SET password = ?, password_type = NULL WHERE name = ?",
			 "ss", arg(a, "WORD"), tp);
	if (!rc && type)
		rc = db_exec("UPDATE pki_trustpoint SET password_type = ? WHERE name = ?", "is",
			     (long long)(type[0] - '0'), tp);
	return done(v, rc);
}

int pki_cmd_tp_hash(struct vty *v, const struct cmd_args *a)
{
	static const char *const algs[] = { "md5", "sha1", "sha256", "sha384", "sha512" };
	const char *h = NULL;
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++)
		if (has(a, algs[i]))
			h = algs[i];
	return set_text(v, a, "UPDATE pki_trustpoint SET hash = ? WHERE name = ?", h);
}
