/* `crypto ipsec ...` in show running-config: globals, transform sets, profiles. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "running-config/sections.h"
#include "running-config/store.h"
#include "transform.h"

static void render_globals(struct buf *b)
{
	sqlite3_stmt *st = db_query(
		"SELECT lifetime_seconds, lifetime_kilobytes, lifetime_kb_disable, idle_time,"
		" replay_window, replay_disable, df_bit, fragmentation, nat_udp_encap, nat_spi_matching"
		" FROM ipsec_global WHERE id = 1", "");
	if (!st || !db_row(st))
		return;
	size_t start = b->len;
	if (db_col_int(st, 0) != 3600)
		buf_printf(b, "crypto ipsec security-association lifetime seconds %lld\n", db_col_int(st, 0));
	if (db_col_int(st, 2))
		buf_puts(b, "crypto ipsec security-association lifetime kilobytes disable\n");
	else if (db_col_int(st, 1) != 4608000)
		buf_printf(b, "crypto ipsec security-association lifetime kilobytes %lld\n", db_col_int(st, 1));
	if (!db_col_null(st, 3))
		buf_printf(b, "crypto ipsec security-association idle-time %lld\n", db_col_int(st, 3));
	if (db_col_int(st, 4) != 64)
		buf_printf(b, "crypto ipsec security-association replay window-size %lld\n", db_col_int(st, 4));
	if (db_col_int(st, 5))
		buf_puts(b, "crypto ipsec security-association replay disable\n");
	if (strcmp(db_col_text(st, 6), "copy") != 0)
		buf_printf(b, "crypto ipsec df-bit %s\n", db_col_text(st, 6));
	if (strcmp(db_col_text(st, 7), "before-encryption") != 0)
		buf_printf(b, "crypto ipsec fragmentation %s\n", db_col_text(st, 7));
	if (!db_col_int(st, 8))
		buf_puts(b, "no crypto ipsec nat-transparency udp-encapsulation\n");
	if (db_col_int(st, 9))
		buf_puts(b, "crypto ipsec nat-transparency spi-matching\n");
	db_done(st);
	if (b->len != start)
		buf_puts(b, "!\n");
}

static void render_transform_sets(struct buf *b)
{
	/* distinct statements may be stepped at the same time: ts_load runs
	 * its own query inside this loop */
	sqlite3_stmt *st = db_query("SELECT name FROM ipsec_transform_set"
				    " WHERE is_default = 0 ORDER BY name <> 'default', name", "");
	while (st && db_row(st)) {
		struct transform_set t;
		if (!ts_load(db_col_text(st, 0), &t))
			continue;
		if (t.disabled) {
			buf_printf(b, "no crypto ipsec transform-set %s\n!\n", t.name);
			continue;
		}
		buf_printf(b, "crypto ipsec transform-set %s ", t.name);
		ts_config_words(&t, b);
		buf_puts(b, "\n");
		if (strcmp(t.mode, "transport") == 0)
			buf_printf(b, " mode transport%s\n", t.mode_require ? " require" : "");
		else
			buf_puts(b, " mode tunnel\n");
		if (t.esn)
			buf_puts(b, " esn\n");
		buf_puts(b, "!\n");
	}
}

static void render_profile(struct buf *b, sqlite3_stmt *st)
{
	const char *name = db_col_text(st, 0);
	if (db_col_int(st, 20)) {
		buf_printf(b, "no crypto ipsec profile %s\n!\n", name);
		return;
	}
	buf_printf(b, "crypto ipsec profile %s\n", name);
	if (!db_col_null(st, 1))
		buf_printf(b, " description %s\n", db_col_text(st, 1));
	if (db_col_int(st, 8))
		buf_puts(b, " set security-association lifetime kilobytes disable\n");
	else if (!db_col_null(st, 7))
		buf_printf(b, " set security-association lifetime kilobytes %lld\n", db_col_int(st, 7));
	if (!db_col_null(st, 6))
		buf_printf(b, " set security-association lifetime seconds %lld\n", db_col_int(st, 6));
	if (!db_col_null(st, 9))
		buf_printf(b, " set security-association lifetime days %lld\n", db_col_int(st, 9));
	if (!db_col_null(st, 10))
		buf_printf(b, " set security-association idle-time %lld%s\n", db_col_int(st, 10),
			   db_col_int(st, 11) ? " default" : "");
	if (db_col_int(st, 12))
		buf_puts(b, " set security-association replay disable\n");
	else if (!db_col_null(st, 13))
		buf_printf(b, " set security-association replay window-size %lld\n", db_col_int(st, 13));

	struct buf ts = BUF_INIT;
	sqlite3_stmt *q = db_query("SELECT transform_set FROM ipsec_profile_transform"
				   " WHERE profile = ? ORDER BY seq", "s", name);
	while (q && db_row(q))
		buf_printf(&ts, "%s ", db_col_text(q, 0));
	if (ts.len)
		buf_printf(b, " set transform-set %s\n", buf_str(&ts));
	else if (strcmp(name, "default") == 0)
		buf_puts(b, " no set transform-set\n");   /* differs from the smart default */
	buf_free(&ts);

	if (db_col_int(st, 4))
		buf_printf(b, " set pfs%s%s\n", db_col_null(st, 5) ? "" : " ", db_col_text(st, 5));
	if (!db_col_null(st, 3))
		buf_printf(b, " set isakmp-profile %s\n", db_col_text(st, 3));
	if (!db_col_null(st, 2))
		buf_printf(b, " set ikev2-profile %s\n", db_col_text(st, 2));
	if (!db_col_null(st, 15))
		buf_printf(b, " set security-policy limit %lld\n", db_col_int(st, 15));
	if (db_col_int(st, 14))
		buf_puts(b, " set mixed-mode\n");
	if (db_col_int(st, 16))
		buf_puts(b, " responder-only\n");
	if (db_col_int(st, 17))
		buf_puts(b, " reverse-route\n");
	if (!db_col_null(st, 18))
		buf_printf(b, " redundancy %s stateful\n", db_col_text(st, 18));
	buf_puts(b, "!\n");
}

static void render_profiles(struct buf *b)
{
	sqlite3_stmt *p = db_query(
		"SELECT name, description, ikev2_profile, isakmp_profile, pfs, pfs_group,"
		" lifetime_seconds, lifetime_kilobytes, lifetime_kb_disable, lifetime_days,"
		" idle_time, idle_time_default, replay_disable, replay_window, mixed_mode,"
		" policy_limit, responder_only, reverse_route, redundancy, is_default, disabled"
		" FROM ipsec_profile WHERE is_default = 0 ORDER BY name <> 'default', name", "");
	while (p && db_row(p))
		render_profile(b, p);
}

void ipsec_render(struct buf *b)
{
	render_globals(b);
	render_transform_sets(b);
	render_profiles(b);
}
