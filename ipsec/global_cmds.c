/* Global `crypto ipsec ...` settings (one row in ipsec_global). */
#include <stdlib.h>
#include <string.h>

#include "ipsec_cmds.h"
#include "running-config/store.h"

static int done(struct vty *v, int rc)
{
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}

int ipsec_cmd_sa_lifetime(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	if (has(a, "seconds"))
		return done(v, db_exec("UPDATE ipsec_global SET lifetime_seconds = ?", "i",
				       clear ? 3600 : arg_int(a, "<120-2592000>", 3600)));
	if (clear)
		return done(v, db_exec("UPDATE ipsec_global SET lifetime_kilobytes = 4608000,"
				       " lifetime_kb_disable = 0", ""));
	if (has(a, "disable"))
		return done(v, db_exec("UPDATE ipsec_global SET lifetime_kb_disable = 1", ""));
	return done(v, db_exec("UPDATE ipsec_global SET lifetime_kilobytes = ?, lifetime_kb_disable = 0",
			       "i", arg_int(a, "<2560-4294967295>", 4608000)));
}

int ipsec_cmd_sa_idle_time(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE ipsec_global SET idle_time = NULL", ""));
	return done(v, db_exec("UPDATE ipsec_global SET idle_time = ?", "i", arg_int(a, "<60-86400>", 300)));
}

int ipsec_cmd_sa_replay(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt) {
		/* `no ... replay disable` turns replay checking back on; `no ...
		 * window-size` restores 64 */
		if (has(a, "disable"))
			return done(v, db_exec("UPDATE ipsec_global SET replay_disable = 0", ""));
		return done(v, db_exec("UPDATE ipsec_global SET replay_window = 64", ""));
	}
	if (has(a, "disable"))
		return done(v, db_exec("UPDATE ipsec_global SET replay_disable = 1, replay_window = 64", ""));
	const char *ws = arg(a, "size");
	return done(v, db_exec("UPDATE ipsec_global SET replay_window = ?, replay_disable = 0", "i",
			       ws ? strtoll(ws, NULL, 10) : 64LL));
}

int ipsec_cmd_df_bit(struct vty *v, const struct cmd_args *a)
{
	const char *val = "copy";
	if (!(a->no || a->dflt))
		val = has(a, "clear") ? "clear" : has(a, "set") ? "set" : "copy";
	return done(v, db_exec("UPDATE ipsec_global SET df_bit = ?", "s", val));
}

int ipsec_cmd_fragmentation(struct vty *v, const struct cmd_args *a)
{
	const char *val = "before-encryption";
	if (!(a->no || a->dflt) && has(a, "after-encryption"))
		val = "after-encryption";
	return done(v, db_exec("UPDATE ipsec_global SET fragmentation = ?", "s", val));
}

int ipsec_cmd_nat_transparency(struct vty *v, const struct cmd_args *a)
{
	if (has(a, "udp-encapsulation"))
		/* on by default: `default` turns it on again, `no` off */
		return done(v, db_exec("UPDATE ipsec_global SET nat_udp_encap = ?", "d", a->no ? 0 : 1));
	return done(v, db_exec("UPDATE ipsec_global SET nat_spi_matching = ?", "d",
			       (a->no || a->dflt) ? 0 : 1));
}
