/* show crypto ikev2 proposal|policy|profile|authorization policy [NAME]
 * (layouts: show-formats.md §7). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "running-config/store.h"
#include "ikev2_cmds.h"

/* ---------- proposals ---------- */
static const char *enc_name(const char *k)
{
	static const char *const t[][2] = {
		{ "aes-cbc-128", "AES-CBC-128" }, { "aes-cbc-192", "AES-CBC-192" }, { "aes-cbc-256", "AES-CBC-256" },
		{ "aes-gcm-128", "AES-GCM-128" }, { "aes-gcm-256", "AES-GCM-256" }, { "3des", "3DES" }, { "des", "DES" },
		{ "chacha20-poly1305", "CHACHA20-POLY1305" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(k, t[i][0]) == 0)
			return t[i][1];
	return k;
}

static const char *integ_name(const char *k)
{
	if (strcmp(k, "sha1") == 0) return "SHA96";
	if (strcmp(k, "md5") == 0) return "MD596";
	if (strcmp(k, "sha256") == 0) return "SHA256";
	if (strcmp(k, "sha384") == 0) return "SHA384";
	if (strcmp(k, "sha512") == 0) return "SHA512";
	return k;
}

static const char *prf_name(const char *k)
{
	if (strcmp(k, "sha1") == 0) return "SHA1";
	if (strcmp(k, "md5") == 0) return "MD5";
	return integ_name(k);
}

static const char *group_name(const char *k)
{
	static const char *const t[][2] = {
		{ "1", "DH_GROUP_768_MODP/Group 1" }, { "2", "DH_GROUP_1024_MODP/Group 2" },
		{ "5", "DH_GROUP_1536_MODP/Group 5" }, { "14", "DH_GROUP_2048_MODP/Group 14" },
		{ "15", "DH_GROUP_3072_MODP/Group 15" }, { "16", "DH_GROUP_4096_MODP/Group 16" },
		{ "19", "DH_GROUP_256_ECP/Group 19" }, { "20", "DH_GROUP_384_ECP/Group 20" },
		{ "21", "DH_GROUP_521_ECP/Group 21" }, { "24", "DH_GROUP_2048_256_MODP/Group 24" },
		{ "31", "DH_GROUP_CURVE25519/Group 31" },  /* flexd addition, no IOS name known */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(k, t[i][0]) == 0)
			return t[i][1];
	return k;
}

/* Appends " NAME" for each algorithm of that kind; returns how many. */
static int alg_line(struct buf *b, const char *prop, const char *kind, const char *(*disp)(const char *))
{
	sqlite3_stmt *st = db_query("SELECT alg FROM ikev2_proposal_alg WHERE proposal=? AND kind=? ORDER BY seq",
				    "ss", prop, kind);
	int n = 0;
	while (st && db_row(st)) {
		buf_printf(b, "%s%s", n ? " " : "", disp(db_col_text(st, 0)));
		n++;
	}
	return n;
}

static void show_one_proposal(struct buf *b, const char *name)
{
	buf_printf(b, " IKEv2 proposal: %s \n", name);
	buf_puts(b, "     Encryption : ");
	alg_line(b, name, "encryption", enc_name);
	buf_puts(b, "\n     Integrity  : ");
	alg_line(b, name, "integrity", integ_name);
	buf_puts(b, "\n     PRF        : ");
	if (!alg_line(b, name, "prf", prf_name))
		alg_line(b, name, "integrity", prf_name);   /* PRF defaults to the integrity algorithms */
	buf_puts(b, "\n     DH Group   : ");
	alg_line(b, name, "group", group_name);
	buf_puts(b, "\n");
}

int ik_show_proposal(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	struct buf b = BUF_INIT;
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_proposal WHERE disabled=0 ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		if (!want || strcmp(want, name) == 0)
			show_one_proposal(&b, name);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}

/* ---------- policies ---------- */
int ik_show_policy(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	struct buf b = BUF_INIT;
	char name[256], fvrf[256];
	sqlite3_stmt *st = db_query("SELECT name, fvrf FROM ikev2_policy WHERE disabled=0 ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		snprintf(fvrf, sizeof fvrf, "%s", db_col_null(st, 1) ? "global" : db_col_text(st, 1));
		if (want && strcmp(want, name))
			continue;
		buf_printf(&b, " IKEv2 policy : %s\n", name);
		/* IOS's own spacing differs between `any` and a VRF */
		if (strcmp(fvrf, "any") == 0)
			buf_puts(&b, "      Match fvrf : any\n");
		else
			buf_printf(&b, "      Match fvrf  : %s\n", fvrf);
		sqlite3_stmt *l = db_query("SELECT address FROM ikev2_policy_local WHERE policy=? ORDER BY seq", "s", name);
		int n = 0;
		while (l && db_row(l)) {
			buf_printf(&b, "      Match address local : %s \n", db_col_text(l, 0));
			n++;
		}
		if (!n)
			buf_puts(&b, "      Match address local : any \n");
		sqlite3_stmt *p = db_query("SELECT proposal FROM ikev2_policy_proposal WHERE policy=? ORDER BY seq", "s", name);
		while (p && db_row(p))
			buf_printf(&b, "      Proposal    : %s \n", db_col_text(p, 0));
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}

/* ---------- authorization policies ---------- */
int ik_show_author(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	struct buf b = BUF_INIT;
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_author_policy WHERE disabled=0 ORDER BY smart DESC, name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		if (want && strcmp(want, name))
			continue;
		buf_printf(&b, "IKEv2 Authorization Policy : %s\n", name);
		ik_render_author_body(&b, name, "  ", true);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}

/* ---------- profiles ---------- */
/* "a, b, c" of one column of a child table, or "none". */
static void joined(struct buf *b, sqlite3_stmt *st, const char *sep)
{
	int n = 0;
	while (st && db_row(st))
		buf_printf(b, "%s%s", n++ ? sep : "", db_col_text(st, 0));
	if (!n)
		buf_puts(b, "none");
}

static void show_one_profile(struct buf *b, const char *name)
{
	sqlite3_stmt *st = db_query(
		"SELECT shutdown, match_fvrf, id_local_kind, id_local_value, auth_local, keyring_kind, keyring_name,"  /* 0-6 */
		" lifetime, dpd_interval, dpd_retry, dpd_mode, nat_keepalive, ivrf, vtemplate, vtemplate_auto,"     /* 7-14 */
		" aaa_authen_anyconnect, aaa_authen_eap, aaa_authen_list"                                          /* 15-17 */
		" FROM ikev2_profile WHERE name=?", "s", name);
	if (!st || !db_row(st))
		return;
	char c[18][256];
	bool null[18];
	for (int i = 0; i < 18; i++) {
		null[i] = db_col_null(st, i);
		snprintf(c[i], sizeof c[i], "%s", db_col_text(st, i));
	}
	db_done(st);

	buf_printf(b, "IKEv2 profile: %s\n", name);
	buf_printf(b, " Shutdown : %s\n", strcmp(c[0], "1") == 0 ? "Yes" : "No");
	buf_puts(b, " Ref Count: 1\n");
	buf_puts(b, " Match criteria: \n");
	buf_printf(b, "  Fvrf: %s\n", null[1] ? "global" : c[1]);
	buf_puts(b, "  Local address/interface: ");
	joined(b, db_query("SELECT value FROM ikev2_profile_match_local WHERE profile=? ORDER BY seq", "s", name), ", ");
	buf_puts(b, "\n  Identities: ");
	sqlite3_stmt *id = db_query("SELECT kind, value, mask FROM ikev2_profile_match_id WHERE profile=? ORDER BY seq",
				    "s", name);
	int n = 0;
	while (id && db_row(id)) {
		buf_printf(b, "%s   %s", n++ ? "\n" : "\n", db_col_text(id, 0));
		if (*db_col_text(id, 1))
			buf_printf(b, " %s", db_col_text(id, 1));
		if (!db_col_null(id, 2))
			buf_printf(b, " %s", db_col_text(id, 2));
	}
	if (!n)
		buf_puts(b, "none");
	buf_puts(b, "\n  Certificate maps: ");
	joined(b, db_query("SELECT map FROM ikev2_profile_match_cert WHERE profile=? ORDER BY seq", "s", name), ", ");
	buf_printf(b, "\n Local identity: %s%s%s\n", null[2] ? "none" : c[2], null[3] ? "" : " ", c[3]);
	buf_puts(b, " Remote identity: none\n");
	buf_printf(b, " Local authentication method: %s\n", null[4] ? "none" : c[4]);
	buf_puts(b, " Remote authentication method(s): ");
	joined(b, db_query("SELECT method FROM ikev2_profile_auth_remote WHERE profile=? ORDER BY CASE method"
			   " WHEN 'pre-share' THEN 0 WHEN 'rsa-sig' THEN 1 WHEN 'ecdsa-sig' THEN 2 WHEN 'eap' THEN 3"
			   " ELSE 4 END", "s", name), ", ");
	buf_puts(b, "\n EAP options: ");
	sqlite3_stmt *eap = db_query("SELECT query_identity, timeout FROM ikev2_profile_auth_remote"
				     " WHERE profile=? AND method='eap'", "s", name);
	if (eap && db_row(eap)) {
		bool q = db_col_int(eap, 0);
		if (q)
			buf_puts(b, "query-identity");
		if (!db_col_null(eap, 1))
			buf_printf(b, "%stimeout %s", q ? ", " : "", db_col_text(eap, 1));
		else if (!q)
			buf_puts(b, "none");
		db_done(eap);
	} else {
		buf_puts(b, "none");
	}
	buf_printf(b, "\n Keyring: %s%s%s\n", null[5] ? "none" : c[6], (!null[5] && strcmp(c[5], "aaa") == 0) ? " (aaa)" : "", "");
	buf_puts(b, " Trustpoint(s): ");
	joined(b, db_query("SELECT trustpoint FROM ikev2_profile_trustpoint WHERE profile=? ORDER BY seq", "s", name), ", ");
	buf_printf(b, "\n Lifetime: %s seconds\n", null[7] ? "86400" : c[7]);
	if (null[8])
		buf_puts(b, " DPD: disabled\n");
	else
		buf_printf(b, " DPD: interval %s, retry-interval %s, %s\n", c[8], c[9], c[10]);
	if (null[11])
		buf_puts(b, " NAT-keepalive: disabled\n");
	else
		buf_printf(b, " NAT-keepalive: %s seconds\n", c[11]);
	buf_printf(b, " Ivrf: %s\n", null[12] ? "none" : c[12]);
	buf_printf(b, " Virtual-template: %s\n", null[13] ? "none" : c[13]);
	buf_printf(b, " mode auto: %s\n", strcmp(c[14], "1") == 0 ? "enabled" : "none");
	buf_printf(b, " AAA AnyConnect EAP authentication mlist: %s\n", null[15] ? "none" : c[15]);
	buf_printf(b, " AAA EAP authentication mlist: %s\n", null[16] ? "none" : c[16]);
	buf_printf(b, " AAA authentication mlist: %s\n", null[17] ? "none" : c[17]);
	buf_puts(b, " AAA Accounting: ");
	joined(b, db_query("SELECT list FROM ikev2_profile_acct WHERE profile=? ORDER BY method", "s", name), ", ");
	buf_puts(b, "\n AAA group authorization: ");
	joined(b, db_query("SELECT list || COALESCE(', ' || aaa_name, '') FROM ikev2_profile_authz"
			   " WHERE profile=? AND kind='group' ORDER BY method", "s", name), "; ");
	buf_puts(b, "\n AAA user authorization: ");
	joined(b, db_query("SELECT CASE WHEN cached THEN 'cached' ELSE list || COALESCE(', ' || aaa_name, '') END"
			   " FROM ikev2_profile_authz WHERE profile=? AND kind='user' ORDER BY method, cached DESC", "s", name), "; ");
	buf_puts(b, "\n");
}

int ik_show_profile(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	struct buf b = BUF_INIT;
	char name[256];
	sqlite3_stmt *st = db_query("SELECT name FROM ikev2_profile ORDER BY name", NULL);
	while (st && db_row(st)) {
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		if (!want || strcmp(want, name) == 0)
			show_one_profile(&b, name);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
