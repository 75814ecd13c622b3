/* crypto ikev2 proposal NAME and its (config-ikev2-proposal) commands. */
#include <stdio.h>
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

/* Printed on entering a proposal that is not complete yet (IOS wording,
 * trailing space included). */
static void proposal_warning(struct vty *v)
{
	vty_out(v, "IKEv2 proposal MUST either have a set of an encryption algorithm other than aes-gcm,"
		   " an integrity algorithm and a DH group configured or \n"
		   " encryption algorithm aes-gcm, a prf algorithm and a DH group configured\n");
}

static int proposal_delete(struct vty *v, const char *name)
{
	char policy[256];
	if (db_get_text(policy, sizeof policy,
			"SELECT policy FROM ikev2_policy_proposal WHERE proposal=? ORDER BY policy LIMIT 1",
			"s", name))
		return vty_error(v, "IKEv2 proposal %s is in use by IKEv2 policy %s", name, policy);
	if (db_exec("DELETE FROM ikev2_proposal WHERE name=?", "s", name))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* crypto ikev2 proposal NAME */
int ik_cmd_proposal(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	bool smart = strcmp(name, "default") == 0;

	if (a->no || a->dflt) {
		if (!smart)
			return proposal_delete(v, name);
		/* the smart default: `no` disables it, `default` restores it */
		if (ik_proposal_restore_default())
			return ik_dberr(v);
		if (a->no && db_exec("UPDATE ikev2_proposal SET disabled=1 WHERE name='default'", NULL))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (smart) {
		if (db_exists("SELECT 1 FROM ikev2_proposal WHERE name='default' AND disabled=1", NULL) &&
		    ik_proposal_restore_default())
			return ik_dberr(v);
	} else if (db_exec("INSERT OR IGNORE INTO ikev2_proposal(name) VALUES(?)", "s", name)) {
		return ik_dberr(v);
	}
	if (!ik_proposal_complete(name))
		proposal_warning(v);
	vty_enter(v, MODE_IKEV2_PROPOSAL, name, NULL);
	return CMD_SUCCESS;
}

/* `default crypto ikev2 proposal` restores the smart default;
 * `no crypto ikev2 proposal` disables it. */
int ik_cmd_proposal_all(struct vty *v, const struct cmd_args *a)
{
	if (ik_proposal_restore_default())
		return ik_dberr(v);
	if (a->no && db_exec("UPDATE ikev2_proposal SET disabled=1 WHERE name='default'", NULL))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* encryption|integrity|prf|group ALG... : the list replaces the previous one;
 * `no KIND ALG...` removes those, `no KIND` all of them. */
int ik_cmd_prop_alg(struct vty *v, const struct cmd_args *a)
{
	const char *prop = vty_key(v, 0);
	const char *kind = has(a, "encryption") ? "encryption" : has(a, "integrity") ? "integrity"
			 : has(a, "prf") ? "prf" : "group";
	int n = arg_count(a, "ALG");

	if (a->no || a->dflt) {
		if (n == 0 || a->dflt) {
			if (db_exec("DELETE FROM ikev2_proposal_alg WHERE proposal=? AND kind=?", "ss", prop, kind))
				return ik_dberr(v);
		} else {
			for (int i = 0; i < n; i++)
				if (db_exec("DELETE FROM ikev2_proposal_alg WHERE proposal=? AND kind=? AND alg=?",
					    "sss", prop, kind, arg_nth(a, "ALG", i)))
					return ik_dberr(v);
		}
	} else {
		if (db_exec("DELETE FROM ikev2_proposal_alg WHERE proposal=? AND kind=?", "ss", prop, kind))
			return ik_dberr(v);
		int seq = 0;
		for (int i = 0; i < n; i++) {
			const char *alg = arg_nth(a, "ALG", i);
			bool dup = false;
			for (int j = 0; j < i; j++)
				dup = dup || strcmp(alg, arg_nth(a, "ALG", j)) == 0;
			if (dup)
				continue;
			if (db_exec("INSERT INTO ikev2_proposal_alg(proposal, kind, seq, alg) VALUES(?,?,?,?)",
				    "ssds", prop, kind, seq++, alg))
				return ik_dberr(v);
		}
	}
	if (db_exec("UPDATE ikev2_proposal SET changed=1 WHERE name=?", "s", prop))
		return ik_dberr(v);
	return CMD_SUCCESS;
}
