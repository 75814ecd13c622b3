/* Helpers the ikev2 command files share: completeness checks, smart-default
 * restore, secrets and interface names. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "interface/ifname.h"
#include "system/system.h"
#include "running-config/store.h"
#include "ikev2_cmds.h"

int ik_dberr(struct vty *v)
{
	return vty_error(v, "%s", store_errmsg());
}

static int alg_count(const char *name, const char *kind)
{
	long long n = 0;
	db_get_int(&n, "SELECT COUNT(*) FROM ikev2_proposal_alg WHERE proposal=? AND kind=?",
		   "ss", name, kind);
	return (int)n;
}

/* Non-GCM ciphers need integrity, GCM ones a PRF; both need a DH group. */
bool ik_proposal_complete(const char *name)
{
	long long cbc = 0, gcm = 0;
	db_get_int(&cbc, "SELECT COUNT(*) FROM ikev2_proposal_alg WHERE proposal=? AND kind='encryption'"
		   " AND alg NOT LIKE 'aes-gcm%' AND alg != 'chacha20-poly1305'", "s", name);
	db_get_int(&gcm, "SELECT COUNT(*) FROM ikev2_proposal_alg WHERE proposal=? AND kind='encryption'"
		   " AND (alg LIKE 'aes-gcm%' OR alg = 'chacha20-poly1305')", "s", name);
	if (cbc + gcm == 0 || alg_count(name, "group") == 0)
		return false;
	if (cbc && alg_count(name, "integrity") == 0)
		return false;
	if (!cbc && alg_count(name, "prf") == 0)
		return false;
	return true;
}

bool ik_proposal_usable(const char *name)
{
	return db_exists("SELECT 1 FROM ikev2_proposal WHERE name=? AND disabled=0", "s", name)
	       && ik_proposal_complete(name);
}

bool ik_policy_has_complete_proposal(const char *name)
{
	sqlite3_stmt *st = db_query("SELECT proposal FROM ikev2_policy_proposal WHERE policy=? ORDER BY seq",
				    "s", name);
	char prop[256];
	bool ok = false;
	while (st && db_row(st)) {
		snprintf(prop, sizeof prop, "%s", db_col_text(st, 0));
		/* the checks below run other statements: copy first */
		if (ik_proposal_usable(prop)) {
			ok = true;
			db_done(st);
			break;
		}
	}
	return ok;
}

int ik_proposal_restore_default(void)
{
	if (db_exec("INSERT OR IGNORE INTO ikev2_proposal(name, smart) VALUES('default', 1)", NULL) ||
	    db_exec("UPDATE ikev2_proposal SET smart=1, changed=0, disabled=0 WHERE name='default'", NULL) ||
	    db_exec("DELETE FROM ikev2_proposal_alg WHERE proposal='default'", NULL) ||
	    db_exec("INSERT INTO ikev2_proposal_alg(proposal, kind, seq, alg) VALUES"
		    " ('default','encryption',0,'aes-cbc-256'),"
		    " ('default','integrity',0,'sha512'), ('default','integrity',1,'sha384'),"
		    " ('default','group',0,'19'), ('default','group',1,'14'),"
		    " ('default','group',2,'21'), ('default','group',3,'5')", NULL))
		return -1;
	return 0;
}

int ik_policy_restore_default(void)
{
	if (db_exec("INSERT OR IGNORE INTO ikev2_policy(name, smart) VALUES('default', 1)", NULL) ||
	    db_exec("UPDATE ikev2_policy SET smart=1, changed=0, disabled=0, fvrf='any', inbound_only=0"
		    " WHERE name='default'", NULL) ||
	    db_exec("DELETE FROM ikev2_policy_proposal WHERE policy='default'", NULL) ||
	    db_exec("DELETE FROM ikev2_policy_local WHERE policy='default'", NULL) ||
	    db_exec("INSERT INTO ikev2_policy_proposal(policy, seq, proposal) VALUES('default', 0, 'default')", NULL))
		return -1;
	return 0;
}

int ik_author_restore_default(void)
{
	/* simplest faithful reset: drop the row (children cascade) and re-create it */
	if (db_exec("DELETE FROM ikev2_author_policy WHERE name='default'", NULL) ||
	    db_exec("INSERT INTO ikev2_author_policy(name, smart, route_accept_any) VALUES('default', 1, 1)", NULL) ||
	    db_exec("INSERT INTO ikev2_author_list(policy, kind, seq, value) VALUES('default', 'route-if', 0, '')", NULL))
		return -1;
	return 0;
}

int ik_key_type(const struct cmd_args *a, const char *name6)
{
	return has(a, name6) ? 6 : 0;
}

void ik_key_print(struct buf *b, long long type, const char *key)
{
	if (type == 6)
		buf_printf(b, "6 %s", key);
	else
		buf_puts(b, key);
}

void ik_ifname(const struct cmd_args *a, char *out, size_t len)
{
	const char *name = arg(a, "IFNAME");
	const char *num = arg(a, "IFNUM");
	if (!name)
		name = "";
	if (ifname_canonical(name, num, out, len))
		return;
	snprintf(out, len, "%s%s", name, num ? num : "");
}

/* The alias `match fvrif` is matched as a free word: any other word there
 * is what IOS calls invalid input, with the caret under it. */
bool ik_is_fvrif(struct vty *v, const struct cmd_args *a)
{
	const char *w = arg(a, "FVRIF");
	if (w && strcasecmp(w, "fvrif") == 0)
		return true;
	const char *line = a->line ? a->line : "";
	const char *at = w ? strstr(line, w) : NULL;
	int col = (int)(strlen(sys_hostname()) + strlen(mode_prompt_suffix(vty_mode(v))) + 1);
	col += at ? (int)(at - line) : 0;
	if (a->no || a->dflt)
		col += a->no ? 3 : 8;
	vty_out(v, "%*s^\n", col, "");
	vty_out(v, "%% Invalid input detected at '^' marker.\n\n");
	return false;
}
