/* crypto vpn anyconnect profile, crypto ssl policy / profile */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "interface/ifname.h"
#include "ipsec/ipsec_util.h"
#include "pki_cmds.h"
#include "running-config/flash.h"
#include "running-config/store.h"

static int done(struct vty *v, int rc)
{
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "pki");
	return CMD_SUCCESS;
}

int pki_cmd_anyconnect_profile(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return done(v, db_exec("DELETE FROM pki_anyconnect_profile WHERE name = ?", "s", name));
	const char *url = arg(a, "URL");
	char path[4096];
	struct stat sb;
	if (!flash_path(url, path, sizeof path)) {
		vty_out(v, "%%Error opening %s (Invalid argument)\n", url);
		return CMD_ERROR;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		vty_out(v, "%%Error opening %s (No such file or directory)\n", url);
		return CMD_ERROR;
	}
	char why[128];
	if (pki_ac_profile_check(path, why, sizeof why) != 0) {
		vty_out(v, "%%Error: AnyConnect profile %s %s\n", url, why);
		return CMD_ERROR;
	}
	return done(v, db_exec("INSERT INTO pki_anyconnect_profile(name, url) VALUES (?, ?)"
			       " ON CONFLICT(name) DO UPDATE SET url = excluded.url", "ss", name, url));
}

int pki_cmd_ssl_policy(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return done(v, db_exec("DELETE FROM pki_ssl_policy WHERE name = ?", "s", name));
	if (done(v, db_exec("INSERT OR IGNORE INTO pki_ssl_policy(name) VALUES (?)", "s", name)))
		return CMD_ERROR;
	vty_enter(v, MODE_SSL_POLICY, name, NULL);
	return CMD_SUCCESS;
}

int pki_cmd_ssl_pol_trustpoint(struct vty *v, const struct cmd_args *a)
{
	const char *pol = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE pki_ssl_policy SET trustpoint = NULL, tp_sign = 0 WHERE name = ?",
				       "s", pol));
	return done(v, db_exec("UPDATE pki_ssl_policy SET trustpoint = ?, tp_sign = ? WHERE name = ?",
			       "sds", arg(a, "WORD"), has(a, "sign") ? 1 : 0, pol));
}

/* The policy listens on one local address: an address or an interface's. */
static int set_local(struct vty *v, const struct cmd_args *a, const char *addr, const char *ifname)
{
	const char *pol = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE pki_ssl_policy SET local_addr = NULL, local_if = NULL,"
				       " port = NULL WHERE name = ?", "s", pol));
	return done(v, db_exec("UPDATE pki_ssl_policy SET local_addr = ?, local_if = ?, port = ?"
			       " WHERE name = ?", "ssis", addr, ifname,
			       arg_int(a, "<1-65535>", 443), pol));
}

int pki_cmd_ssl_pol_address(struct vty *v, const struct cmd_args *a)
{
	return set_local(v, a, arg(a, "A.B.C.D"), NULL);
}

int pki_cmd_ssl_pol_interface(struct vty *v, const struct cmd_args *a)
{
	char ifname[64] = "";
	if (!(a->no || a->dflt) && !ifname_canonical(arg(a, "IF"), NULL, ifname, sizeof ifname))
		return cli_caret_error(v, a, arg_index(a, "IF"));
	return set_local(v, a, NULL, ifname);
}

int pki_cmd_ssl_pol_shutdown(struct vty *v, const struct cmd_args *a)
{
	return done(v, db_exec("UPDATE pki_ssl_policy SET shutdown = ? WHERE name = ?", "ds",
			       (a->no || a->dflt) ? 0 : 1, vty_key(v, 0)));
}

int pki_cmd_ssl_profile(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return done(v, db_exec("DELETE FROM pki_ssl_profile WHERE name = ?", "s", name));
	if (done(v, db_exec("INSERT OR IGNORE INTO pki_ssl_profile(name) VALUES (?)", "s", name)))
		return CMD_ERROR;
	vty_enter(v, MODE_SSL_PROFILE, name, NULL);
	return CMD_SUCCESS;
}

int pki_cmd_ssl_prof_match_policy(struct vty *v, const struct cmd_args *a)
{
	return done(v, db_exec("UPDATE pki_ssl_profile SET match_policy = ? WHERE name = ?", "ss",
			       (a->no || a->dflt) ? NULL : arg(a, "WORD"), vty_key(v, 0)));
}
