/* show crypto pki trustpoints [status]: the configuration side.  No
 * certificates or keys exist before the PKI engine (issue 3). */
#include "pki_cmds.h"
#include "running-config/store.h"

int pki_cmd_show_trustpoints(struct vty *v, const struct cmd_args *a)
{
	bool status = has(a, "status");
	sqlite3_stmt *st = db_query("SELECT name FROM pki_trustpoint ORDER BY name", "");
	while (st && db_row(st)) {
		vty_out(v, "Trustpoint %s:\n", db_col_text(st, 0));
		if (!status) {
			vty_out(v, "    Not authenticated.\n\n");
			continue;
		}
		vty_out(v, "  Issuing CA certificate not configured.\n");
		vty_out(v, "  Router General Purpose certificate not configured.\n");
		vty_out(v, "  State:\n");
		vty_out(v, "    Keys generated ............. No\n");
		vty_out(v, "    Issuing CA authenticated ....... No\n");
		vty_out(v, "    Certificate request(s) ..... None\n\n");
	}
	return CMD_SUCCESS;
}
