/* crypto ikev2 profile NAME and its (config-ikev2-profile) commands other
 * than the aaa ones (profile_aaa_cmds.c). */
#include <stdio.h>
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

/* Complete: a local and a remote authentication method, and a match. */
static bool profile_complete(const char *p)
{
	return db_exists("SELECT 1 FROM ikev2_profile WHERE name=? AND auth_local IS NOT NULL", "s", p) &&
	       db_exists("SELECT 1 FROM ikev2_profile_auth_remote WHERE profile=?", "s", p) &&
	       (db_exists("SELECT 1 FROM ikev2_profile_match_id WHERE profile=?", "s", p) ||
		db_exists("SELECT 1 FROM ikev2_profile_match_cert WHERE profile=?", "s", p));
}

/* crypto ikev2 profile NAME */
int ik_cmd_profile(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ikev2_profile WHERE name=?", "s", name))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT OR IGNORE INTO ikev2_profile(name, seq)"
		    " SELECT ?1, COALESCE(MAX(seq)+1, 0) FROM ikev2_profile", "s", name))
		return ik_dberr(v);
	if (!profile_complete(name))
		vty_out(v, "IKEv2 profile MUST have:\n"
			   "   1. A local and a remote authentication method.\n"
			   "   2. A match identity or a match certificate or match any statement.\n");
	vty_enter(v, MODE_IKEV2_PROFILE, name, NULL);
	return CMD_SUCCESS;
}

#define PROF vty_key(v, 0)

/* One text column of the profile: set, or cleared by no/default. */
static int set_text(struct vty *v, const char *sql, const char *val, const struct cmd_args *a)
{
	if (db_exec(sql, "ss", (a->no || a->dflt) ? NULL : val, PROF))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* description LINE */
int ik_cmd_prof_description(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, "UPDATE ikev2_profile SET description=? WHERE name=?", arg(a, "LINE"), a);
}

/* match identity remote {address ..|fqdn [domain] W|email [domain] W|key-id W|any} */
int ik_cmd_prof_match_id(struct vty *v, const struct cmd_args *a)
{
	bool dom = has(a, "domain");
	const char *kind, *val, *mask = arg(a, "MASK");
	if (has(a, "address")) {
		kind = "address";
		val = arg(a, "A.B.C.D");
		if (!val)
			val = arg(a, "X:X::X:X/M");
	} else if (has(a, "fqdn")) {
		kind = dom ? "fqdn domain" : "fqdn";
		val = arg(a, "WORD");
	} else if (has(a, "email")) {
		kind = dom ? "email domain" : "email";
		val = arg(a, "WORD");
	} else if (has(a, "key-id")) {
		kind = "key-id";
		val = arg(a, "WORD");
	} else if (has(a, "any")) {
		kind = "any";
		val = "";
	} else {
		kind = NULL;    /* `no match identity remote` */
		val = NULL;
	}
	if (a->no || a->dflt) {
		int rc;
		if (!kind)
			rc = db_exec("DELETE FROM ikev2_profile_match_id WHERE profile=?", "s", PROF);
		else if (!val)
			rc = db_exec("DELETE FROM ikev2_profile_match_id WHERE profile=? AND kind=?", "ss", PROF, kind);
		else
			rc = db_exec("DELETE FROM ikev2_profile_match_id WHERE profile=? AND kind=? AND value=?",
				     "sss", PROF, kind, val);
		return rc ? ik_dberr(v) : CMD_SUCCESS;
	}
	if (db_exec("INSERT INTO ikev2_profile_match_id(profile, seq, kind, value, mask)"
		    " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2, ?3, ?4 FROM ikev2_profile_match_id WHERE profile=?1"
		    " ON CONFLICT(profile, kind, value) DO UPDATE SET mask=excluded.mask",
		    "ssss", PROF, kind, val, mask))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* match certificate MAP */
int ik_cmd_prof_match_cert(struct vty *v, const struct cmd_args *a)
{
	const char *map = arg(a, "WORD");
	int rc;
	if (a->no || a->dflt)
		rc = map ? db_exec("DELETE FROM ikev2_profile_match_cert WHERE profile=? AND map=?", "ss", PROF, map)
			 : db_exec("DELETE FROM ikev2_profile_match_cert WHERE profile=?", "s", PROF);
	else
		rc = db_exec("INSERT OR IGNORE INTO ikev2_profile_match_cert(profile, seq, map)"
			     " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2 FROM ikev2_profile_match_cert WHERE profile=?1",
			     "ss", PROF, map);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* match fvrf {any|NAME} */
int ik_cmd_prof_match_fvrf(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, "UPDATE ikev2_profile SET match_fvrf=? WHERE name=?",
			has(a, "any") ? "any" : arg(a, "NAME"), a);
}

/* match fvrif ...: the seed typo, stored as match fvrf */
int ik_cmd_prof_match_fvrif(struct vty *v, const struct cmd_args *a)
{
	const char *vrf = has(a, "any") ? "any" : arg(a, "NAME");
	if (!ik_is_fvrif(v, a))
		return CMD_ERROR;
	vty_note(v, "\"match fvrif\" is taken as \"%smatch fvrf%s%s\"",
		 a->no ? "no " : a->dflt ? "default " : "", vrf ? " " : "", vrf ? vrf : "");
	return ik_cmd_prof_match_fvrf(v, a);
}

/* match address local {A.B.C.D | X:X::X:X | interface IF} */
int ik_cmd_prof_match_local(struct vty *v, const struct cmd_args *a)
{
	char ifn[64];
	const char *kind = "address", *val = arg(a, "A.B.C.D");
	if (!val)
		val = arg(a, "X:X::X:X");
	if (has(a, "interface")) {
		kind = "interface";
		ik_ifname(a, ifn, sizeof ifn);
		val = ifn;
	}
	int rc;
	if (a->no || a->dflt)
		rc = val ? db_exec("DELETE FROM ikev2_profile_match_local WHERE profile=? AND kind=? AND value=?",
				   "sss", PROF, kind, val)
			 : db_exec("DELETE FROM ikev2_profile_match_local WHERE profile=?", "s", PROF);
	else
		rc = db_exec("INSERT OR IGNORE INTO ikev2_profile_match_local(profile, seq, kind, value)"
			     " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2, ?3 FROM ikev2_profile_match_local WHERE profile=?1",
			     "sss", PROF, kind, val);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* match inbound-only */
int ik_cmd_prof_match_inbound(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE ikev2_profile SET match_inbound_only=? WHERE name=?", "ds", !(a->no || a->dflt), PROF))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* identity local {address A|dn|email W|fqdn W|key-id W} */
int ik_cmd_prof_identity(struct vty *v, const struct cmd_args *a)
{
	const char *kind = NULL, *val = NULL;
	if (!(a->no || a->dflt)) {
		kind = has(a, "address") ? "address" : has(a, "dn") ? "dn" : has(a, "email") ? "email"
		     : has(a, "fqdn") ? "fqdn" : "key-id";
		val = arg(a, "A.B.C.D");
		if (!val)
			val = arg(a, "X:X::X:X");
		if (!val)
			val = arg(a, "WORD");
	}
	if (db_exec("UPDATE ikev2_profile SET id_local_kind=?, id_local_value=? WHERE name=?", "sss", kind, val, PROF))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* With `reconnect`, no pre-shared key may be used in the profile. */
static bool reconnect_on(const char *p)
{
	return db_exists("SELECT 1 FROM ikev2_profile WHERE name=? AND reconnect=1", "s", p);
}

static int reconnect_refuse(struct vty *v)
{
	return vty_error(v, "Reconnect is configured: pre-shared key authentication, keyring and"
			    " psk authorization are not allowed in this profile");
}

static int auth_local(struct vty *v, const struct cmd_args *a, bool preshare)
{
	if (a->no || a->dflt) {
		if (db_exec("UPDATE ikev2_profile SET auth_local=NULL, auth_local_key_type=NULL, auth_local_key=NULL,"
			    " auth_local_eap=NULL, auth_local_eap_user=NULL, auth_local_eap_pw_type=NULL,"
			    " auth_local_eap_pw=NULL WHERE name=?", "s", PROF))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	const char *m = preshare ? "pre-share" : has(a, "rsa-sig") ? "rsa-sig" : has(a, "ecdsa-sig") ? "ecdsa-sig" : "eap";
	if (preshare && reconnect_on(PROF))
		return reconnect_refuse(v);
	const char *eapm = has(a, "gtc") ? "gtc" : has(a, "md5") ? "md5" : has(a, "mschapv2") ? "mschapv2" : NULL;
	const char *key = arg(a, "KEY");
	const char *pw = arg(a, "PW");
	if (db_exec("UPDATE ikev2_profile SET auth_local=?, auth_local_key_type=?, auth_local_key=?,"
		    " auth_local_eap=?, auth_local_eap_user=?, auth_local_eap_pw_type=?, auth_local_eap_pw=?"
		    " WHERE name=?", "sdsssdss", m, key ? ik_key_type(a, "6") : 0, key, eapm,
		    arg(a, "USER"), pw ? ik_key_type(a, "6") : 0, pw, PROF))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

static int auth_remote(struct vty *v, const struct cmd_args *a, bool preshare)
{
	const char *m = preshare ? "pre-share" : has(a, "rsa-sig") ? "rsa-sig" : has(a, "ecdsa-sig") ? "ecdsa-sig"
		      : has(a, "anyconnect-eap") ? "anyconnect-eap" : has(a, "eap") ? "eap" : NULL;
	if (a->no || a->dflt) {
		int rc;
		if (!m)
			rc = db_exec("DELETE FROM ikev2_profile_auth_remote WHERE profile=?", "s", PROF);
		else if (strcmp(m, "eap") == 0 && (has(a, "query-identity") || has(a, "timeout")))
			/* `no authentication remote eap query-identity|timeout`: just that option */
			rc = has(a, "query-identity")
			   ? db_exec("UPDATE ikev2_profile_auth_remote SET query_identity=0 WHERE profile=? AND method='eap'", "s", PROF)
			   : db_exec("UPDATE ikev2_profile_auth_remote SET timeout=NULL WHERE profile=? AND method='eap'", "s", PROF);
		else
			rc = db_exec("DELETE FROM ikev2_profile_auth_remote WHERE profile=? AND method=?", "ss", PROF, m);
		return rc ? ik_dberr(v) : CMD_SUCCESS;
	}
	if (preshare && reconnect_on(PROF))
		return reconnect_refuse(v);
	if (db_exec("INSERT OR IGNORE INTO ikev2_profile_auth_remote(profile, method) VALUES(?, ?)", "ss", PROF, m))
		return ik_dberr(v);
	int rc = 0;
	if (preshare) {
		const char *key = arg(a, "KEY");
		rc = db_exec("UPDATE ikev2_profile_auth_remote SET key_type=?, key=? WHERE profile=? AND method=?",
			     "dsss", key ? ik_key_type(a, "6") : 0, key, PROF, m);
	} else if (strcmp(m, "eap") == 0) {
		/* options given on separate lines add up (seed 004) */
		if (has(a, "query-identity"))
			rc = db_exec("UPDATE ikev2_profile_auth_remote SET query_identity=1 WHERE profile=? AND method='eap'",
				     "s", PROF);
		if (!rc && has(a, "timeout"))
			rc = db_exec("UPDATE ikev2_profile_auth_remote SET timeout=? WHERE profile=? AND method='eap'",
				     "is", arg_int(a, "<45-180>", 90), PROF);
	} else if (strcmp(m, "anyconnect-eap") == 0) {
		rc = db_exec("UPDATE ikev2_profile_auth_remote SET cert_request=? WHERE profile=? AND method=?",
			     "dss", has(a, "cert-request"), PROF, m);
	}
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* authentication local {pre-share [key ..]|rsa-sig|ecdsa-sig|eap ..} */
int ik_cmd_prof_auth_local(struct vty *v, const struct cmd_args *a)
{
	return auth_local(v, a, has(a, "pre-share"));
}

/* authentication remote {pre-share [key ..]|rsa-sig|ecdsa-sig|eap ..|anyconnect-eap aggregate ..} */
int ik_cmd_prof_auth_remote(struct vty *v, const struct cmd_args *a)
{
	return auth_remote(v, a, has(a, "pre-share"));
}

/* authentication {local|remote} pre-shared [key ..]: seed 002's spelling */
int ik_cmd_prof_auth_preshared(struct vty *v, const struct cmd_args *a)
{
	bool local = has(a, "local");
	const char *key = arg(a, "KEY");
	vty_note(v, "\"pre-shared\" is taken as \"%sauthentication %s pre-share%s%s%s\"",
		 a->no ? "no " : a->dflt ? "default " : "", local ? "local" : "remote",
		 key ? " key " : "", key && has(a, "6") ? "6 " : "", key ? key : "");
	return local ? auth_local(v, a, true) : auth_remote(v, a, true);
}

static int keyring_set(struct vty *v, const struct cmd_args *a, const char *kind, const char *name)
{
	if (a->no || a->dflt) {
		if (db_exec("UPDATE ikev2_profile SET keyring_kind=NULL, keyring_name=NULL, keyring_mangler=NULL,"
			    " keyring_pw_type=NULL, keyring_pw=NULL WHERE name=?", "s", PROF))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (reconnect_on(PROF))
		return reconnect_refuse(v);
	const char *pw = arg(a, "PW");
	if (db_exec("UPDATE ikev2_profile SET keyring_kind=?, keyring_name=?, keyring_mangler=?,"
		    " keyring_pw_type=?, keyring_pw=? WHERE name=?", "sssdss", kind, name,
		    arg(a, "MANGLER"), pw ? ik_key_type(a, "6") : 0, pw, PROF))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* keyring local NAME | keyring aaa LIST [name-mangler NM] [password [0|6] PW] */
int ik_cmd_prof_keyring(struct vty *v, const struct cmd_args *a)
{
	bool aaa = has(a, "aaa");
	return keyring_set(v, a, aaa ? "aaa" : "local", arg(a, "NAME"));
}

/* keyring aaa list NAME: seed 002's spelling of keyring aaa NAME */
int ik_cmd_prof_keyring_list(struct vty *v, const struct cmd_args *a)
{
	vty_note(v, "\"keyring aaa list %s\" is taken as \"keyring aaa %s\"", arg(a, "NAME"), arg(a, "NAME"));
	return keyring_set(v, a, "aaa", arg(a, "NAME"));
}

/* pki trustpoint TP [sign|verify] */
int ik_cmd_prof_trustpoint(struct vty *v, const struct cmd_args *a)
{
	const char *tp = arg(a, "WORD");
	const char *use = has(a, "sign") ? "sign" : has(a, "verify") ? "verify" : NULL;
	int rc;
	if (a->no || a->dflt)
		rc = tp ? db_exec("DELETE FROM ikev2_profile_trustpoint WHERE profile=? AND trustpoint=?", "ss", PROF, tp)
			: db_exec("DELETE FROM ikev2_profile_trustpoint WHERE profile=?", "s", PROF);
	else
		rc = db_exec("INSERT INTO ikev2_profile_trustpoint(profile, seq, trustpoint, usage)"
			     " SELECT ?1, COALESCE(MAX(seq)+1, 0), ?2, ?3 FROM ikev2_profile_trustpoint WHERE profile=?1"
			     " ON CONFLICT(profile, trustpoint) DO UPDATE SET usage=excluded.usage", "sss", PROF, tp, use);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* lifetime <120-86400> | lifetime certificate */
int ik_cmd_prof_lifetime(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	int rc;
	if (has(a, "certificate"))
		rc = db_exec("UPDATE ikev2_profile SET lifetime_cert=? WHERE name=?", "ds", !clear, PROF);
	else if (clear)
		rc = db_exec("UPDATE ikev2_profile SET lifetime=NULL WHERE name=?", "s", PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET lifetime=? WHERE name=?", "is",
			     arg_int(a, "<120-86400>", 86400), PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* dpd <10-3600> <2-60> {on-demand|periodic} */
int ik_cmd_prof_dpd(struct vty *v, const struct cmd_args *a)
{
	int rc;
	if (a->no || a->dflt)
		rc = db_exec("UPDATE ikev2_profile SET dpd_interval=NULL, dpd_retry=NULL, dpd_mode=NULL WHERE name=?",
			     "s", PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET dpd_interval=?, dpd_retry=?, dpd_mode=? WHERE name=?", "iiss",
			     arg_int(a, "<10-3600>", 0), arg_int(a, "<2-60>", 0),
			     has(a, "periodic") ? "periodic" : "on-demand", PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* nat keepalive <5-3600> | nat force-encap */
int ik_cmd_prof_nat(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	int rc;
	if (has(a, "force-encap"))
		rc = db_exec("UPDATE ikev2_profile SET nat_force_encap=? WHERE name=?", "ds", !clear, PROF);
	else if (clear)
		rc = db_exec("UPDATE ikev2_profile SET nat_keepalive=NULL WHERE name=?", "s", PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET nat_keepalive=? WHERE name=?", "is",
			     arg_int(a, "<5-3600>", 0), PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* ivrf NAME */
int ik_cmd_prof_ivrf(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, "UPDATE ikev2_profile SET ivrf=? WHERE name=?", arg(a, "WORD"), a);
}

/* virtual-template <1-4095> [mode auto] */
int ik_cmd_prof_vtemplate(struct vty *v, const struct cmd_args *a)
{
	int rc;
	if (a->no || a->dflt)
		rc = db_exec("UPDATE ikev2_profile SET vtemplate=NULL, vtemplate_auto=0 WHERE name=?", "s", PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET vtemplate=?, vtemplate_auto=? WHERE name=?", "ids",
			     arg_int(a, "<1-4095>", 1), has(a, "auto"), PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* anyconnect profile NAME */
int ik_cmd_prof_anyconnect(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, "UPDATE ikev2_profile SET anyconnect_profile=? WHERE name=?", arg(a, "WORD"), a);
}

/* reconnect [timeout <600-86400>] */
int ik_cmd_prof_reconnect(struct vty *v, const struct cmd_args *a)
{
	int rc;
	if (a->no || a->dflt) {
		rc = has(a, "timeout")
		   ? db_exec("UPDATE ikev2_profile SET reconnect_timeout=NULL WHERE name=?", "s", PROF)
		   : db_exec("UPDATE ikev2_profile SET reconnect=0, reconnect_timeout=NULL WHERE name=?", "s", PROF);
		return rc ? ik_dberr(v) : CMD_SUCCESS;
	}
	if (db_exists("SELECT 1 FROM ikev2_profile WHERE name=? AND (auth_local='pre-share' OR keyring_kind IS NOT NULL)",
		      "s", PROF) ||
	    db_exists("SELECT 1 FROM ikev2_profile_auth_remote WHERE profile=? AND method='pre-share'", "s", PROF) ||
	    db_exists("SELECT 1 FROM ikev2_profile_authz WHERE profile=? AND method='psk'", "s", PROF))
		return vty_error(v, "Reconnect cannot be configured with pre-shared key authentication,"
				    " a keyring or psk authorization in the profile");
	if (has(a, "timeout"))
		rc = db_exec("UPDATE ikev2_profile SET reconnect=1, reconnect_timeout=? WHERE name=?", "is",
			     arg_int(a, "<600-86400>", 1800), PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET reconnect=1 WHERE name=?", "s", PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* config-exchange request | config-exchange set {accept|send}: on by default */
int ik_cmd_prof_cfg_exchange(struct vty *v, const struct cmd_args *a)
{
	int on = a->no ? 0 : 1;   /* `default` turns it back on */
	int rc;
	if (has(a, "request"))
		rc = db_exec("UPDATE ikev2_profile SET cfg_request=? WHERE name=?", "ds", on, PROF);
	else if (has(a, "accept"))
		rc = db_exec("UPDATE ikev2_profile SET cfg_set_accept=? WHERE name=?", "ds", on, PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET cfg_set_send=? WHERE name=?", "ds", on, PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* redirect gateway auth | initial-contact force | dynamic | shutdown */
int ik_cmd_prof_flag(struct vty *v, const struct cmd_args *a)
{
	int on = !(a->no || a->dflt);
	int rc;
	if (has(a, "redirect"))
		rc = db_exec("UPDATE ikev2_profile SET redirect_auth=? WHERE name=?", "ds", on, PROF);
	else if (has(a, "initial-contact"))
		rc = db_exec("UPDATE ikev2_profile SET initial_contact_force=? WHERE name=?", "ds", on, PROF);
	else if (has(a, "dynamic"))
		rc = db_exec("UPDATE ikev2_profile SET dynamic=? WHERE name=?", "ds", on, PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET shutdown=? WHERE name=?", "ds", on, PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}
