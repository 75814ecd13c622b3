/* crypto ikev2 policy NAME and its (config-ikev2-policy) commands. */
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

static int touched(struct vty *v, const char *pol)
{
	if (db_exec("UPDATE ikev2_policy SET changed=1 WHERE name=?", "s", pol))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* crypto ikev2 policy NAME */
int ik_cmd_policy(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	bool smart = strcmp(name, "default") == 0;

	if (a->no || a->dflt) {
		if (!smart) {
			if (db_exec("DELETE FROM ikev2_policy WHERE name=?", "s", name))
				return ik_dberr(v);
			return CMD_SUCCESS;
		}
		if (ik_policy_restore_default())
			return ik_dberr(v);
		if (a->no && db_exec("UPDATE ikev2_policy SET disabled=1 WHERE name='default'", NULL))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (smart) {
		if (db_exists("SELECT 1 FROM ikev2_policy WHERE name='default' AND disabled=1", NULL) &&
		    ik_policy_restore_default())
			return ik_dberr(v);
	} else if (db_exec("INSERT OR IGNORE INTO ikev2_policy(name) VALUES(?)", "s", name)) {
		return ik_dberr(v);
	}
	if (!ik_policy_has_complete_proposal(name))
		vty_out(v, "IKEv2 policy MUST have atleast one complete proposal attached \n");
	vty_enter(v, MODE_IKEV2_POLICY, name, NULL);
	return CMD_SUCCESS;
}

/* `default crypto ikev2 policy` / `no crypto ikev2 policy` */
int ik_cmd_policy_all(struct vty *v, const struct cmd_args *a)
{
	if (ik_policy_restore_default())
		return ik_dberr(v);
	if (a->no && db_exec("UPDATE ikev2_policy SET disabled=1 WHERE name='default'", NULL))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* proposal NAME: only an existing, complete proposal may be attached. */
int ik_cmd_pol_proposal(struct vty *v, const struct cmd_args *a)
{
	const char *pol = vty_key(v, 0);
	const char *prop = arg(a, "NAME");

	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ikev2_policy_proposal WHERE policy=? AND proposal=?", "ss", pol, prop))
			return ik_dberr(v);
		return touched(v, pol);
	}
	if (!db_exists("SELECT 1 FROM ikev2_proposal WHERE name=? AND disabled=0", "s", prop))
		return vty_error(v, "IKEv2 proposal %s does not exist", prop);
	if (!ik_proposal_complete(prop))
		return vty_error(v, "IKEv2 proposal %s is incomplete", prop);
	if (db_exec("INSERT OR IGNORE INTO ikev2_policy_proposal(policy, seq, proposal)"
		    " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2 FROM ikev2_policy_proposal WHERE policy=?1",
		    "ss", pol, prop))
		return ik_dberr(v);
	return touched(v, pol);
}

static int set_fvrf(struct vty *v, const struct cmd_args *a)
{
	const char *pol = vty_key(v, 0);
	const char *vrf = has(a, "any") ? "any" : arg(a, "NAME");
	if (a->no || a->dflt)
		vrf = NULL;
	if (db_exec("UPDATE ikev2_policy SET fvrf=? WHERE name=?", "ss", vrf, pol))
		return ik_dberr(v);
	return touched(v, pol);
}

/* match fvrf {any|NAME} */
int ik_cmd_pol_fvrf(struct vty *v, const struct cmd_args *a)
{
	return set_fvrf(v, a);
}

/* match fvrif ... : seed 000's typo, stored as match fvrf */
int ik_cmd_pol_fvrif(struct vty *v, const struct cmd_args *a)
{
	const char *vrf = has(a, "any") ? "any" : arg(a, "NAME");
	if (!ik_is_fvrif(v, a))
		return CMD_ERROR;
	vty_note(v, "\"match fvrif\" is taken as \"%smatch fvrf%s%s\"",
		 a->no ? "no " : a->dflt ? "default " : "", vrf ? " " : "", vrf ? vrf : "");
	return set_fvrf(v, a);
}

/* match address local ADDRESS (repeatable) */
int ik_cmd_pol_local(struct vty *v, const struct cmd_args *a)
{
	const char *pol = vty_key(v, 0);
	const char *addr = arg(a, "A.B.C.D");
	if (!addr)
		addr = arg(a, "X:X::X:X");
	if (a->no || a->dflt) {
		if (addr ? db_exec("DELETE FROM ikev2_policy_local WHERE policy=? AND address=?", "ss", pol, addr)
			 : db_exec("DELETE FROM ikev2_policy_local WHERE policy=?", "s", pol))
			return ik_dberr(v);
		return touched(v, pol);
	}
	if (db_exec("INSERT OR IGNORE INTO ikev2_policy_local(policy, seq, address)"
		    " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2 FROM ikev2_policy_local WHERE policy=?1",
		    "ss", pol, addr))
		return ik_dberr(v);
	return touched(v, pol);
}

/* match inbound-only */
int ik_cmd_pol_inbound(struct vty *v, const struct cmd_args *a)
{
	const char *pol = vty_key(v, 0);
	if (db_exec("UPDATE ikev2_policy SET inbound_only=? WHERE name=?", "ds", !(a->no || a->dflt), pol))
		return ik_dberr(v);
	return touched(v, pol);
}
