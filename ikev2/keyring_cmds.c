/* crypto ikev2 keyring NAME, its peers and the peer commands. */
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

/* crypto ikev2 keyring NAME */
int ik_cmd_keyring(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ikev2_keyring WHERE name=?", "s", name))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT OR IGNORE INTO ikev2_keyring(name) VALUES(?)", "s", name))
		return ik_dberr(v);
	vty_enter(v, MODE_IKEV2_KEYRING, name, NULL);
	return CMD_SUCCESS;
}

/* peer NAME (in a keyring; also from a peer, which implicitly exits) */
int ik_cmd_kr_peer(struct vty *v, const struct cmd_args *a)
{
	const char *kr = vty_key(v, 0);
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ikev2_keyring_peer WHERE keyring=? AND name=?", "ss", kr, name))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT OR IGNORE INTO ikev2_keyring_peer(keyring, name, seq)"
		    " SELECT ?1, ?2, COALESCE(MAX(seq)+1, 0) FROM ikev2_keyring_peer WHERE keyring=?1",
		    "ss", kr, name))
		return ik_dberr(v);
	vty_enter(v, MODE_IKEV2_KEYRING_PEER, kr, name);
	return CMD_SUCCESS;
}

/* description LINE */
int ik_cmd_peer_description(struct vty *v, const struct cmd_args *a)
{
	const char *d = (a->no || a->dflt) ? NULL : arg(a, "LINE");
	if (db_exec("UPDATE ikev2_keyring_peer SET description=? WHERE keyring=? AND name=?",
		    "sss", d, vty_key(v, 0), vty_key(v, 1)))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* address {A.B.C.D [MASK] | X:X::X:X/M} */
int ik_cmd_peer_address(struct vty *v, const struct cmd_args *a)
{
	const char *addr = arg(a, "A.B.C.D");
	const char *mask = arg(a, "MASK");
	if (!addr)
		addr = arg(a, "X:X::X:X/M");
	if (a->no || a->dflt)
		addr = mask = NULL;
	if (db_exec("UPDATE ikev2_keyring_peer SET address=?, mask=? WHERE keyring=? AND name=?",
		    "ssss", addr, mask, vty_key(v, 0), vty_key(v, 1)))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* hostname WORD */
int ik_cmd_peer_hostname(struct vty *v, const struct cmd_args *a)
{
	const char *h = (a->no || a->dflt) ? NULL : arg(a, "WORD");
	if (db_exec("UPDATE ikev2_keyring_peer SET hostname=? WHERE keyring=? AND name=?",
		    "sss", h, vty_key(v, 0), vty_key(v, 1)))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* identity {address A.B.C.D | fqdn [domain] WORD | email [domain] WORD | key-id WORD} */
int ik_cmd_peer_identity(struct vty *v, const struct cmd_args *a)
{
	const char *kind = NULL, *val = NULL;
	if (!(a->no || a->dflt)) {
		bool dom = has(a, "domain");
		if (has(a, "address")) {
			kind = "address";
			val = arg(a, "A.B.C.D");
		} else if (has(a, "fqdn")) {
			kind = dom ? "fqdn domain" : "fqdn";
		} else if (has(a, "email")) {
			kind = dom ? "email domain" : "email";
		} else {
			kind = "key-id";
		}
		if (!val)
			val = arg(a, "WORD");
	}
	if (db_exec("UPDATE ikev2_keyring_peer SET id_kind=?, id_value=? WHERE keyring=? AND name=?",
		    "ssss", kind, val, vty_key(v, 0), vty_key(v, 1)))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* pre-shared-key [local|remote] [0|6] KEY  |  pre-shared-key hex HEX */
int ik_cmd_peer_psk(struct vty *v, const struct cmd_args *a)
{
	const char *kr = vty_key(v, 0), *peer = vty_key(v, 1);
	bool clear = a->no || a->dflt;
	const char *key = clear ? NULL : arg(a, "KEY");
	int type = ik_key_type(a, "6");
	int rc;

	if (has(a, "hex"))
		rc = db_exec("UPDATE ikev2_keyring_peer SET psk_hex=? WHERE keyring=? AND name=?",
			     "sss", clear ? NULL : arg(a, "HEX"), kr, peer);
	else if (has(a, "local"))
		rc = db_exec("UPDATE ikev2_keyring_peer SET psk_local_type=?, psk_local=? WHERE keyring=? AND name=?",
			     "dsss", type, key, kr, peer);
	else if (has(a, "remote"))
		rc = db_exec("UPDATE ikev2_keyring_peer SET psk_remote_type=?, psk_remote=? WHERE keyring=? AND name=?",
			     "dsss", type, key, kr, peer);
	else if (clear)   /* `no pre-shared-key`: every key of the peer */
		rc = db_exec("UPDATE ikev2_keyring_peer SET psk=NULL, psk_type=NULL, psk_local=NULL,"
			     " psk_local_type=NULL, psk_remote=NULL, psk_remote_type=NULL, psk_hex=NULL"
			     " WHERE keyring=? AND name=?", "ss", kr, peer);
	else
		rc = db_exec("UPDATE ikev2_keyring_peer SET psk_type=?, psk=? WHERE keyring=? AND name=?",
			     "dsss", type, key, kr, peer);
	if (rc)
		return ik_dberr(v);
	return CMD_SUCCESS;
}
