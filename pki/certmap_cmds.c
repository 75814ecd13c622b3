/* crypto pki certificate map NAME SEQ and (ca-certificate-map) */
#include <stdlib.h>
#include <string.h>

#include "ipsec/ipsec_util.h"
#include "pki_cmds.h"
#include "running-config/store.h"

static int done(struct vty *v, int rc)
{
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "pki");
	return CMD_SUCCESS;
}

int pki_cmd_cert_map(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	long long seq = arg_int(a, "<1-65535>", 1);
	if (a->no || a->dflt) {
		int rc = db_exec("DELETE FROM pki_cert_map_rule WHERE map = ? AND map_seq = ?", "si", name, seq) ||
			 db_exec("DELETE FROM pki_cert_map WHERE name = ? AND seq = ?", "si", name, seq);
		return done(v, rc);
	}
	if (done(v, db_exec("INSERT OR IGNORE INTO pki_cert_map(name, seq) VALUES (?, ?)", "si", name, seq)))
		return CMD_ERROR;
	vty_enter(v, MODE_PKI_CERT_MAP, name, arg(a, "<1-65535>"));
	return CMD_SUCCESS;
}

/* FIELD OP VALUE; `no FIELD` drops every rule on that field,
 * `no FIELD OP VALUE` just that one. */
int pki_cmd_cert_map_rule(struct vty *v, const struct cmd_args *a)
{
	const char *map = vty_key(v, 0);
	long long mseq = strtoll(vty_key(v, 1), NULL, 10);
	static const char *const fields[] = {
		"alt-subject-name", "expires-on", "issuer-name", "name", "serial-number",
		"subject-name", "unstructured-subject-name", "valid-start",
	};
	static const char *const ops[] = { "eq", "ne", "co", "nc", "lt", "ge" };
	const char *field = NULL, *op = NULL;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (has(a, fields[i]))
			field = fields[i];
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (has(a, ops[i]))
			op = ops[i];
	if (!field)
		return CMD_ERROR;
	const char *value = arg(a, "LINE");
	if (a->no || a->dflt) {
		if (value)
			return done(v, db_exec("DELETE FROM pki_cert_map_rule WHERE map = ? AND map_seq = ?"
					       " AND field = ? AND op = ? AND value = ?", "sisss",
					       map, mseq, field, op, value));
		return done(v, db_exec("DELETE FROM pki_cert_map_rule WHERE map = ? AND map_seq = ?"
				       " AND field = ?", "sis", map, mseq, field));
	}
	if (db_exists("SELECT 1 FROM pki_cert_map_rule WHERE map = ? AND map_seq = ? AND field = ?"
		      " AND op = ? AND value = ?", "sisss", map, mseq, field, op, value))
		return CMD_SUCCESS;
	long long next = 0;
	db_get_int(&next, "SELECT coalesce(max(seq), 0) + 1 FROM pki_cert_map_rule"
		   " WHERE map = ? AND map_seq = ?", "si", map, mseq);
	return done(v, db_exec("INSERT INTO pki_cert_map_rule(map, map_seq, seq, field, op, value)"
			       " VALUES (?, ?, ?, ?, ?, ?)", "siisss", map, mseq, next, field, op, value));
}
