/* show running-config: the crypto ikev2 section, in IOS order.  Smart
 * defaults are printed only when changed (their block) or disabled
 * (`no crypto ikev2 ... default`). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "running-config/sections.h"
#include "running-config/store.h"
#include "ikev2_cmds.h"

/* ---------- name manglers ---------- */
static void render_manglers(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name, fqdn, email, dn, eap FROM ikev2_name_mangler ORDER BY name", NULL);
	while (st && db_row(st)) {
		buf_printf(b, "crypto ikev2 name-mangler %s\n", db_col_text(st, 0));
		if (!db_col_null(st, 1))
			buf_printf(b, " fqdn %s\n", db_col_text(st, 1));
		if (!db_col_null(st, 2))
			buf_printf(b, " email %s\n", db_col_text(st, 2));
		if (!db_col_null(st, 3))
			buf_printf(b, " dn %s\n", db_col_text(st, 3));
		if (!db_col_null(st, 4))
			buf_printf(b, " eap %s\n", db_col_text(st, 4));
		buf_puts(b, "!\n");
	}
}

/* ---------- authorization policies ---------- */
static void au_list(struct buf *b, const char *name, const char *kind, const char *ind, const char *word)
{
	sqlite3_stmt *st = db_query("SELECT value FROM ikev2_author_list WHERE policy=? AND kind=? ORDER BY seq",
				    "ss", name, kind);
	while (st && db_row(st)) {
		const char *val = db_col_text(st, 0);
		buf_printf(b, "%s%s%s%s\n", ind, word, *val ? " " : "", val);
	}
}

/* The attribute lines of one authorization policy.  `show`: the layout of
 * show crypto ikev2 authorization policy (route accept any with its values). */
void ik_render_author_body(struct buf *b, const char *name, const char *ind, bool show)
{
	sqlite3_stmt *st = db_query(
		"SELECT pool, dhcp_server, dhcp_giaddr, dhcp_timeout, netmask, dns1, dns2, wins1, wins2,"       /* 0-8 */
		" ipv6_pool, ipv6_dns1, ipv6_dns2, ipv6_prefix, def_domain, banner, config_url, config_version," /* 9-16 */
		" include_local_lan, pfs, smartcard_removal_disconnect, session_lifetime, flow_limit,"           /* 17-21 */
		" mobileopt_server, mobileopt_port, attr_list, route_acl, route_acl_ipv6, route_accept_any,"     /* 22-27 */
		" route_accept_tag, route_accept_distance, route_accept_map"                                     /* 28-30 */
		" FROM ikev2_author_policy WHERE name=?", "s", name);
	if (!st || !db_row(st))
		return;
#define T(i) db_col_text(st, i)
#define N(i) db_col_null(st, i)
	if (!N(0)) buf_printf(b, "%spool %s\n", ind, T(0));
	if (!N(1)) buf_printf(b, "%sdhcp server %s\n", ind, T(1));
	if (!N(2)) buf_printf(b, "%sdhcp giaddr %s\n", ind, T(2));
	if (!N(3)) buf_printf(b, "%sdhcp timeout %s\n", ind, T(3));
	if (!N(4)) buf_printf(b, "%snetmask %s\n", ind, T(4));
	if (!N(5)) buf_printf(b, "%sdns %s%s%s\n", ind, T(5), N(6) ? "" : " ", T(6));
	if (!N(7)) buf_printf(b, "%swins %s%s%s\n", ind, T(7), N(8) ? "" : " ", T(8));
	if (!N(9)) buf_printf(b, "%sipv6 pool %s\n", ind, T(9));
	if (!N(10)) buf_printf(b, "%sipv6 dns %s%s%s\n", ind, T(10), N(11) ? "" : " ", T(11));
	if (!N(12)) buf_printf(b, "%sipv6 prefix %s\n", ind, T(12));
	/* copy what the list helpers would clobber: they use other statements */
	char rest[8][256];
	bool has_[8];
	int idx[8] = { 13, 14, 15, 16, 22, 23, 24, 25 };
	for (int i = 0; i < 8; i++) {
		has_[i] = !N(idx[i]);
		snprintf(rest[i], sizeof rest[i], "%s", T(idx[i]));
	}
	int ill = (int)db_col_int(st, 17), pfs = (int)db_col_int(st, 18), scr = (int)db_col_int(st, 19);
	bool sl = !N(20), fl = !N(21), acl6 = !N(26), any = db_col_int(st, 27) != 0;
	char slv[32], flv[32], acl6v[256], tag[32], dist[32], map[256];
	snprintf(slv, sizeof slv, "%s", T(20));
	snprintf(flv, sizeof flv, "%s", T(21));
	snprintf(acl6v, sizeof acl6v, "%s", T(26));
	bool has_tag = !N(28), has_dist = !N(29), has_map = !N(30);
	snprintf(tag, sizeof tag, "%s", T(28));
	snprintf(dist, sizeof dist, "%s", T(29));
	snprintf(map, sizeof map, "%s", T(30));
	db_done(st);

	au_list(b, name, "split-dns", ind, "split-dns");
	if (has_[0]) buf_printf(b, "%sdef-domain %s\n", ind, rest[0]);
	au_list(b, name, "backup-gateway", ind, "backup-gateway");
	if (has_[1]) buf_printf(b, "%sbanner %s\n", ind, rest[1]);
	if (has_[2]) buf_printf(b, "%sconfiguration url %s\n", ind, rest[2]);
	if (has_[3]) buf_printf(b, "%sconfiguration version %s\n", ind, rest[3]);
	if (ill) buf_printf(b, "%sinclude-local-lan\n", ind);
	if (pfs) buf_printf(b, "%spfs\n", ind);
	if (scr) buf_printf(b, "%ssmartcard-removal-disconnect\n", ind);
	if (sl) buf_printf(b, "%ssession-lifetime %s\n", ind, slv);
	if (fl) buf_printf(b, "%sipsec flow-limit %s\n", ind, flv);
	if (has_[4]) buf_printf(b, "%smobileopt-serv %s%s%s\n", ind, rest[4], has_[5] ? " port " : "", has_[5] ? rest[5] : "");
	if (has_[6]) buf_printf(b, "%saaa attribute list %s\n", ind, rest[6]);
	au_list(b, name, "route-if", ind, "route set interface");
	if (has_[7]) buf_printf(b, "%sroute set access-list %s\n", ind, rest[7]);
	if (acl6) buf_printf(b, "%sroute set access-list ipv6 %s\n", ind, acl6v);

	sqlite3_stmt *rt = db_query("SELECT kind, family, prefix, mask, next_hop, vrf, tag, distance"
				    " FROM ikev2_author_route WHERE policy=? ORDER BY kind DESC, seq", "s", name);
	while (rt && db_row(rt)) {
		buf_printf(b, "%sroute set %s %s %s", ind, db_col_text(rt, 0), db_col_text(rt, 1), db_col_text(rt, 2));
		if (*db_col_text(rt, 3))
			buf_printf(b, " %s", db_col_text(rt, 3));
		if (!db_col_null(rt, 4)) buf_printf(b, " next-hop %s", db_col_text(rt, 4));
		if (!db_col_null(rt, 5)) buf_printf(b, " vrf %s", db_col_text(rt, 5));
		if (!db_col_null(rt, 6)) buf_printf(b, " tag %s", db_col_text(rt, 6));
		if (!db_col_null(rt, 7)) buf_printf(b, " distance %s", db_col_text(rt, 7));
		buf_puts(b, "\n");
	}
	if (any) {
		if (show)
			buf_printf(b, "%sroute accept any tag : %s distance : %s\n", ind,
				   has_tag ? tag : "1", has_dist ? dist : "1");
		else
			buf_printf(b, "%sroute accept any%s%s%s%s\n", ind, has_tag ? " tag " : "", has_tag ? tag : "",
				   has_dist ? " distance " : "", has_dist ? dist : "");
	}
	if (has_map) buf_printf(b, "%sroute accept route-map %s\n", ind, map);
#undef T
#undef N
}

/* Smart-default objects: nothing while unchanged, `no ... default` when
 * disabled, the block when changed. */
static void render_authors(struct buf *b)
{
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name, smart, changed, disabled FROM ikev2_author_policy"
				    " ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		bool smart = db_col_int(st, 1), changed = db_col_int(st, 2), disabled = db_col_int(st, 3);
		if (smart && disabled) {
			buf_puts(b, "no crypto ikev2 authorization policy default\n!\n");
			continue;
		}
		if (smart && !changed)
			continue;
		buf_printf(b, "crypto ikev2 authorization policy %s\n", name);
		ik_render_author_body(b, name, " ", false);
		buf_puts(b, "!\n");
	}
}

/* ---------- proposals and policies ---------- */
static void prop_kind(struct buf *b, const char *name, const char *kind)
{
	sqlite3_stmt *st = db_query("SELECT alg FROM ikev2_proposal_alg WHERE proposal=? AND kind=? ORDER BY seq",
				    "ss", name, kind);
	bool first = true;
	while (st && db_row(st)) {
		if (first)
			buf_printf(b, " %s", kind);
		buf_printf(b, " %s", db_col_text(st, 0));
		first = false;
	}
	if (!first)
		buf_puts(b, "\n");
}

/* A disabled smart default proposal that a rendered policy still names
 * ("proposal default") is rendered after the policies, so that the pasted
 * configuration attaches it before disabling it. */
static bool default_proposal_late(void)
{
	return db_exists("SELECT 1 FROM ikev2_proposal WHERE name='default' AND smart=1 AND disabled=1", NULL) &&
	       db_exists("SELECT 1 FROM ikev2_policy_proposal pp JOIN ikev2_policy p ON p.name=pp.policy"
			 " WHERE pp.proposal='default' AND p.disabled=0 AND (p.smart=0 OR p.changed=1)", NULL);
}

static void render_proposals(struct buf *b)
{
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name, smart, changed, disabled FROM ikev2_proposal ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		bool smart = db_col_int(st, 1), changed = db_col_int(st, 2), disabled = db_col_int(st, 3);
		if (smart && disabled) {
			if (!default_proposal_late())
				buf_puts(b, "no crypto ikev2 proposal default\n!\n");
			continue;
		}
		if (smart && !changed)
			continue;
		buf_printf(b, "crypto ikev2 proposal %s\n", name);
		prop_kind(b, name, "encryption");
		prop_kind(b, name, "integrity");
		prop_kind(b, name, "prf");
		prop_kind(b, name, "group");
		buf_puts(b, "!\n");
	}
}

static void render_policies(struct buf *b)
{
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name, smart, changed, disabled, fvrf, inbound_only FROM ikev2_policy"
				    " ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		bool smart = db_col_int(st, 1), changed = db_col_int(st, 2), disabled = db_col_int(st, 3);
		if (smart && disabled) {
			buf_puts(b, "no crypto ikev2 policy default\n!\n");
			continue;
		}
		if (smart && !changed)
			continue;
		buf_printf(b, "crypto ikev2 policy %s\n", name);
		if (!db_col_null(st, 4))
			buf_printf(b, " match fvrf %s\n", db_col_text(st, 4));
		sqlite3_stmt *l = db_query("SELECT address FROM ikev2_policy_local WHERE policy=? ORDER BY seq", "s", name);
		while (l && db_row(l))
			buf_printf(b, " match address local %s\n", db_col_text(l, 0));
		if (db_col_int(st, 5))
			buf_puts(b, " match inbound-only\n");
		sqlite3_stmt *p = db_query("SELECT proposal FROM ikev2_policy_proposal WHERE policy=? ORDER BY seq", "s", name);
		while (p && db_row(p))
			buf_printf(b, " proposal %s\n", db_col_text(p, 0));
		buf_puts(b, "!\n");
	}
	if (default_proposal_late())
		buf_puts(b, "no crypto ikev2 proposal default\n!\n");
}

/* ---------- keyrings ---------- */
static void render_keyrings(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_keyring ORDER BY name", NULL);
	while (st && db_row(st)) {
		buf_printf(b, "crypto ikev2 keyring %s\n", db_col_text(st, 0));
		sqlite3_stmt *p = db_query(
			"SELECT name, description, address, mask, hostname, id_kind, id_value, psk_type, psk,"
			" psk_local_type, psk_local, psk_remote_type, psk_remote, psk_hex"
			" FROM ikev2_keyring_peer WHERE keyring=? ORDER BY seq", "s", db_col_text(st, 0));
		while (p && db_row(p)) {
			buf_printf(b, " peer %s\n", db_col_text(p, 0));
			if (!db_col_null(p, 1))
				buf_printf(b, "  description %s\n", db_col_text(p, 1));
			if (!db_col_null(p, 2))
				buf_printf(b, "  address %s%s%s\n", db_col_text(p, 2), db_col_null(p, 3) ? "" : " ",
					   db_col_text(p, 3));
			if (!db_col_null(p, 4))
				buf_printf(b, "  hostname %s\n", db_col_text(p, 4));
			if (!db_col_null(p, 5))
				buf_printf(b, "  identity %s %s\n", db_col_text(p, 5), db_col_text(p, 6));
			if (!db_col_null(p, 8)) {
				buf_puts(b, "  pre-shared-key ");
				ik_key_print(b, db_col_int(p, 7), db_col_text(p, 8));
				buf_puts(b, "\n");
			}
			if (!db_col_null(p, 10)) {
				buf_puts(b, "  pre-shared-key local ");
				ik_key_print(b, db_col_int(p, 9), db_col_text(p, 10));
				buf_puts(b, "\n");
			}
			if (!db_col_null(p, 12)) {
				buf_puts(b, "  pre-shared-key remote ");
				ik_key_print(b, db_col_int(p, 11), db_col_text(p, 12));
				buf_puts(b, "\n");
			}
			if (!db_col_null(p, 13))
				buf_printf(b, "  pre-shared-key hex %s\n", db_col_text(p, 13));
			buf_puts(b, " !\n");
		}
		buf_puts(b, "!\n");
	}
}

/* ---------- profiles ---------- */
static void profile_children(struct buf *b, const char *name)
{
	sqlite3_stmt *st;

	st = db_query("SELECT kind, value FROM ikev2_profile_match_local WHERE profile=? ORDER BY seq", "s", name);
	while (st && db_row(st))
		buf_printf(b, " match address local %s%s\n",
			   strcmp(db_col_text(st, 0), "interface") == 0 ? "interface " : "", db_col_text(st, 1));
	st = db_query("SELECT map FROM ikev2_profile_match_cert WHERE profile=? ORDER BY seq", "s", name);
	while (st && db_row(st))
		buf_printf(b, " match certificate %s\n", db_col_text(st, 0));
	st = db_query("SELECT kind, value, mask FROM ikev2_profile_match_id WHERE profile=? ORDER BY seq", "s", name);
	while (st && db_row(st)) {
		if (strcmp(db_col_text(st, 0), "any") == 0) {
			buf_puts(b, " match identity remote any\n");
			continue;
		}
		buf_printf(b, " match identity remote %s %s", db_col_text(st, 0), db_col_text(st, 1));
		if (!db_col_null(st, 2))
			buf_printf(b, " %s", db_col_text(st, 2));
		buf_puts(b, "\n");
	}
}

static void profile_auth_remote(struct buf *b, const char *name)
{
	sqlite3_stmt *st = db_query(
		"SELECT method, key_type, key, query_identity, timeout, cert_request FROM ikev2_profile_auth_remote"
		" WHERE profile=? ORDER BY CASE method WHEN 'pre-share' THEN 0 WHEN 'rsa-sig' THEN 1"
		" WHEN 'ecdsa-sig' THEN 2 WHEN 'eap' THEN 3 ELSE 4 END", "s", name);
	while (st && db_row(st)) {
		const char *m = db_col_text(st, 0);
		buf_printf(b, " authentication remote %s", m);
		if (strcmp(m, "pre-share") == 0 && !db_col_null(st, 2)) {
			buf_puts(b, " key ");
			ik_key_print(b, db_col_int(st, 1), db_col_text(st, 2));
		} else if (strcmp(m, "eap") == 0) {
			if (db_col_int(st, 3))
				buf_puts(b, " query-identity");
			if (!db_col_null(st, 4))
				buf_printf(b, " timeout %s", db_col_text(st, 4));
		} else if (strcmp(m, "anyconnect-eap") == 0) {
			buf_printf(b, " aggregate%s", db_col_int(st, 5) ? " cert-request" : "");
		}
		buf_puts(b, "\n");
	}
}

static void profile_aaa(struct buf *b, const char *name)
{
	sqlite3_stmt *st = db_query(
		"SELECT kind, method, override, cached, list, aaa_name, name_local, mangler, pw_type, pw"
		" FROM ikev2_profile_authz WHERE profile=? ORDER BY kind, CASE method WHEN 'eap' THEN 0"
		" WHEN 'anyconnect-eap' THEN 1 WHEN 'cert' THEN 2 WHEN 'psk' THEN 3 ELSE 4 END, cached DESC", "s", name);
	while (st && db_row(st)) {
		buf_printf(b, " aaa authorization %s%s %s", db_col_text(st, 0), db_col_int(st, 2) ? " override" : "",
			   db_col_text(st, 1));
		if (db_col_int(st, 3)) {
			buf_puts(b, " cached\n");
			continue;
		}
		buf_printf(b, " list %s", db_col_text(st, 4));
		if (!db_col_null(st, 5))
			buf_printf(b, " %s%s", db_col_text(st, 5), db_col_int(st, 6) ? " local" : "");
		if (!db_col_null(st, 7))
			buf_printf(b, " name-mangler %s", db_col_text(st, 7));
		if (!db_col_null(st, 9)) {
			buf_puts(b, " password ");
			ik_key_print(b, db_col_int(st, 8), db_col_text(st, 9));
		}
		buf_puts(b, "\n");
	}
	st = db_query("SELECT method, list FROM ikev2_profile_acct WHERE profile=? ORDER BY CASE method WHEN 'eap'"
		      " THEN 0 WHEN 'anyconnect-eap' THEN 1 WHEN 'cert' THEN 2 WHEN 'psk' THEN 3 ELSE 4 END", "s", name);
	while (st && db_row(st))
		buf_printf(b, " aaa accounting %s %s\n", db_col_text(st, 0), db_col_text(st, 1));
}

static void render_profiles(struct buf *b)
{
	char name[256];
	sqlite3_stmt *st = db_query(
		"SELECT name, description, match_fvrf, match_inbound_only, id_local_kind, id_local_value,"       /* 0-5 */
		" auth_local, auth_local_key_type, auth_local_key, auth_local_eap, auth_local_eap_user,"         /* 6-10 */
		" auth_local_eap_pw_type, auth_local_eap_pw, keyring_kind, keyring_name, keyring_mangler,"      /* 11-15 */
		" keyring_pw_type, keyring_pw, lifetime, lifetime_cert, dpd_interval, dpd_retry, dpd_mode,"     /* 16-22 */
		" nat_keepalive, nat_force_encap, ivrf, vtemplate, vtemplate_auto, aaa_authen_eap,"            /* 23-28 */
		" aaa_authen_anyconnect, aaa_authen_list, reconnect, reconnect_timeout, anyconnect_profile,"    /* 29-33 */
		" cfg_request, cfg_set_accept, cfg_set_send, redirect_auth, initial_contact_force, dynamic,"    /* 34-39 */
		" shutdown FROM ikev2_profile ORDER BY name", NULL);                                            /* 40 */
#define T(i) db_col_text(st, i)
#define N(i) db_col_null(st, i)
#define I(i) db_col_int(st, i)
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", T(0));
		buf_printf(b, "crypto ikev2 profile %s\n", name);
		if (!N(1)) buf_printf(b, " description %s\n", T(1));
		if (!N(2)) buf_printf(b, " match fvrf %s\n", T(2));
		profile_children(b, name);
		if (I(3)) buf_puts(b, " match inbound-only\n");
		if (!N(4)) buf_printf(b, " identity local %s%s%s\n", T(4), N(5) ? "" : " ", T(5));
		profile_auth_remote(b, name);
		if (!N(6)) {
			buf_printf(b, " authentication local %s", T(6));
			if (!N(8)) {
				buf_puts(b, " key ");
				ik_key_print(b, I(7), T(8));
			}
			if (!N(9)) buf_printf(b, " %s", T(9));
			if (!N(10)) {
				buf_printf(b, " username %s password ", T(10));
				ik_key_print(b, I(11), T(12));
			}
			buf_puts(b, "\n");
		}
		if (!N(13)) {
			buf_printf(b, " keyring %s %s", T(13), T(14));
			if (!N(15)) buf_printf(b, " name-mangler %s", T(15));
			if (!N(17)) {
				buf_puts(b, " password ");
				ik_key_print(b, I(16), T(17));
			}
			buf_puts(b, "\n");
		}
		sqlite3_stmt *tp = db_query("SELECT trustpoint, usage FROM ikev2_profile_trustpoint WHERE profile=? ORDER BY seq",
					    "s", name);
		while (tp && db_row(tp))
			buf_printf(b, " pki trustpoint %s%s%s\n", db_col_text(tp, 0), db_col_null(tp, 1) ? "" : " ",
				   db_col_text(tp, 1));
		if (!N(18)) buf_printf(b, " lifetime %s\n", T(18));
		if (I(19)) buf_puts(b, " lifetime certificate\n");
		if (!N(20)) buf_printf(b, " dpd %s %s %s\n", T(20), T(21), T(22));
		if (!N(23)) buf_printf(b, " nat keepalive %s\n", T(23));
		if (I(24)) buf_puts(b, " nat force-encap\n");
		if (!N(25)) buf_printf(b, " ivrf %s\n", T(25));
		if (!N(28)) buf_printf(b, " aaa authentication eap %s\n", T(28));
		if (!N(29)) buf_printf(b, " aaa authentication anyconnect-eap %s\n", T(29));
		if (!N(30)) buf_printf(b, " aaa authentication list %s\n", T(30));
		profile_aaa(b, name);
		if (!N(26)) buf_printf(b, " virtual-template %s%s\n", T(26), I(27) ? " mode auto" : "");
		if (I(31)) {
			if (!N(32))
				buf_printf(b, " reconnect timeout %s\n", T(32));
			else
				buf_puts(b, " reconnect\n");
		}
		if (!N(33)) buf_printf(b, " anyconnect profile %s\n", T(33));
		if (!I(34)) buf_puts(b, " no config-exchange request\n");
		if (!I(35)) buf_puts(b, " no config-exchange set accept\n");
		if (!I(36)) buf_puts(b, " no config-exchange set send\n");
		if (I(37)) buf_puts(b, " redirect gateway auth\n");
		if (I(38)) buf_puts(b, " initial-contact force\n");
		if (I(39)) buf_puts(b, " dynamic\n");
		if (I(40)) buf_puts(b, " shutdown\n");
		buf_puts(b, "!\n");
	}
#undef T
#undef N
#undef I
}

/* ---------- one-line globals ---------- */
static void render_globals(struct buf *b)
{
	size_t start = b->len;
	sqlite3_stmt *st = db_query(
		"SELECT http_url_cert, dpd_interval, dpd_retry, dpd_mode, nat_keepalive, window, cookie_challenge,"
		" max_sa, max_nego, max_nego_dir, queue_sa_init, fragmentation, frag_mtu, redirect_gateway,"
		" redirect_client, redirect_max, diagnose_error, cert_cache, disconnect_revoked, cts_sgt,"
		" max_nego_in, max_nego_out"
		" FROM ikev2_global WHERE id=1", NULL);
	if (st && db_row(st)) {
#define T(i) db_col_text(st, i)
#define N(i) db_col_null(st, i)
#define I(i) db_col_int(st, i)
		if (!N(1)) buf_printf(b, "crypto ikev2 dpd %s %s %s\n", T(1), T(2), T(3));
		if (!N(4)) buf_printf(b, "crypto ikev2 nat keepalive %s\n", T(4));
		if (!N(5)) buf_printf(b, "crypto ikev2 window %s\n", T(5));
		if (!N(6)) buf_printf(b, "crypto ikev2 cookie-challenge %s\n", T(6));
		if (!N(7)) buf_printf(b, "crypto ikev2 limit max-sa %s\n", T(7));
		if (!N(8)) buf_printf(b, "crypto ikev2 limit max-in-negotiation-sa %s%s%s\n", T(8), N(9) ? "" : " ", T(9));
		/* incoming before outgoing, as the command's syntax lists them
		 * (IOS's order with both configured: unverified) */
		if (!N(20)) buf_printf(b, "crypto ikev2 limit max-in-negotiation-sa %s incoming\n", T(20));
		if (!N(21)) buf_printf(b, "crypto ikev2 limit max-in-negotiation-sa %s outgoing\n", T(21));
		if (!N(10)) buf_printf(b, "crypto ikev2 limit queue sa-init %s\n", T(10));
		if (I(11)) buf_printf(b, "crypto ikev2 fragmentation%s%s\n", N(12) ? "" : " mtu ", T(12));
		if (!N(13)) buf_printf(b, "crypto ikev2 redirect gateway %s\n", T(13));
		if (I(14)) buf_printf(b, "crypto ikev2 redirect client%s%s\n", N(15) ? "" : " max-redirects ", T(15));
		if (!N(16)) buf_printf(b, "crypto ikev2 diagnose error %s\n", T(16));
		if (!N(17)) buf_printf(b, "crypto ikev2 certificate-cache %s\n", T(17));
		if (I(18)) buf_puts(b, "crypto ikev2 disconnect-revoked-peers\n");
		if (I(19)) buf_puts(b, "crypto ikev2 cts sgt\n");
		if (!I(0)) buf_puts(b, "no crypto ikev2 http-url cert\n");
		db_done(st);
#undef T
#undef N
#undef I
	}
	st = db_query("SELECT num, active, key FROM ikev2_reconnect_key ORDER BY num", NULL);
	while (st && db_row(st))
		buf_printf(b, "crypto ikev2 reconnect key %s%s %s\n", db_col_text(st, 0),
			   db_col_int(st, 1) ? " active" : "", db_col_text(st, 2));
	if (b->len != start)
		buf_puts(b, "!\n");
}

/* ---------- FlexVPN clients and the cluster ---------- */
static void render_flexvpn(struct buf *b)
{
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name, peer_reactivate, client_connect, client_inside, connect_mode,"
				    " connect_track, connect_track_state, backup_group FROM ikev2_flexvpn ORDER BY name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		buf_printf(b, "crypto ikev2 client flexvpn %s\n", name);
		sqlite3_stmt *p = db_query("SELECT num, address, fqdn, dynamic, ipv6, track, track_state"
					   " FROM ikev2_flexvpn_peer WHERE client=? ORDER BY num", "s", name);
		while (p && db_row(p)) {
			buf_printf(b, " peer %s ", db_col_text(p, 0));
			if (!db_col_null(p, 1))
				buf_puts(b, db_col_text(p, 1));
			else
				buf_printf(b, "fqdn %s%s%s", db_col_text(p, 2), db_col_int(p, 3) ? " dynamic" : "",
					   db_col_int(p, 4) ? " ipv6" : "");
			if (!db_col_null(p, 5))
				buf_printf(b, " track %s%s%s", db_col_text(p, 5), db_col_null(p, 6) ? "" : " ", db_col_text(p, 6));
			buf_puts(b, "\n");
		}
		if (db_col_int(st, 1))
			buf_puts(b, " peer reactivate\n");
		sqlite3_stmt *s = db_query("SELECT num, ifname, track FROM ikev2_flexvpn_source WHERE client=? ORDER BY num",
					   "s", name);
		while (s && db_row(s))
			buf_printf(b, " source %s %s%s%s\n", db_col_text(s, 0), db_col_text(s, 1),
				   db_col_null(s, 2) ? "" : " track ", db_col_text(s, 2));
		if (!db_col_null(st, 2))
			buf_printf(b, " client connect %s\n", db_col_text(st, 2));
		if (!db_col_null(st, 3))
			buf_printf(b, " client inside %s\n", db_col_text(st, 3));
		if (!db_col_null(st, 4)) {
			if (strcmp(db_col_text(st, 4), "track") == 0)
				buf_printf(b, " connect track %s%s%s\n", db_col_text(st, 5), db_col_null(st, 6) ? "" : " ",
					   db_col_text(st, 6));
			else
				buf_printf(b, " connect %s\n", db_col_text(st, 4));
		}
		if (!db_col_null(st, 7))
			buf_printf(b, " backup group %s\n", db_col_text(st, 7));
		buf_puts(b, "!\n");
	}
}

static void render_cluster(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT standby_group, slave_max_session, slave_hello, slave_priority, slave_update,"
				    " master_overload, weight_crypto, weight_system, holdtime, port, fqdn, shutdown"
				    " FROM ikev2_cluster", NULL);
	if (!st || !db_row(st))
		return;
	static const char *const fmt[] = {
		" standby-group %s\n", " slave max-session %s\n", " slave hello %s\n", " slave priority %s\n",
		" slave update %s\n", " master overload-limit %s\n", " master weight crypto-load %s\n",
		" master weight system-load %s\n", " holdtime %s\n", " port %s\n", " fqdn %s\n",
	};
	buf_puts(b, "crypto ikev2 cluster\n");
	for (int i = 0; i < 11; i++)
		if (!db_col_null(st, i))
			buf_printf(b, fmt[i], db_col_text(st, i));
	if (!db_col_int(st, 11))
		buf_puts(b, " no shutdown\n");
	buf_puts(b, "!\n");
	db_done(st);
}

void ikev2_render(struct buf *b)
{
	render_manglers(b);
	render_authors(b);
	render_proposals(b);
	render_policies(b);
	render_keyrings(b);
	render_profiles(b);
	render_globals(b);
	render_flexvpn(b);
	render_cluster(b);
}
