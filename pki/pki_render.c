/* crypto pki ... and crypto ssl / vpn anyconnect in show running-config */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pki_int.h"
#include "running-config/sections.h"
#include "running-config/store.h"

static void render_trustpoint(struct buf *b, sqlite3_stmt *st)
{
	const char *name = db_col_text(st, 0);
	buf_printf(b, "crypto pki trustpoint %s\n", name);
	const char *enr = db_col_text(st, 1);
	if (strcmp(enr, "url") == 0)
		buf_printf(b, " enrollment url %s\n", db_col_text(st, 2));
	else if (strcmp(enr, "terminal") == 0)
		buf_printf(b, " enrollment terminal%s\n", db_col_int(st, 3) ? " pem" : "");
	else if (enr[0])
		buf_printf(b, " enrollment %s\n", enr);
	if (!db_col_null(st, 4))
		buf_printf(b, " usage %s\n", db_col_text(st, 4));
	if (!db_col_null(st, 5))
		buf_puts(b, db_col_int(st, 5) ? " serial-number\n" : " serial-number none\n");
	if (!db_col_null(st, 6))
		buf_printf(b, " fqdn %s\n", db_col_text(st, 6));
	if (!db_col_null(st, 7))
		buf_printf(b, " ip-address %s\n", db_col_text(st, 7));
	if (!db_col_null(st, 8))
		buf_printf(b, " subject-name %s\n", db_col_text(st, 8));
	if (!db_col_null(st, 9))
		buf_printf(b, " subject-alt-name %s\n", db_col_text(st, 9));
	struct buf rev = BUF_INIT;
	sqlite3_stmt *q = db_query("SELECT method FROM pki_trustpoint_revocation"
				   " WHERE trustpoint = ? ORDER BY seq", "s", name);
	while (q && db_row(q))
		buf_printf(&rev, " %s", db_col_text(q, 0));
	/* no revocation-check line given: IOS-XE's default (crl) is printed */
	buf_printf(b, " revocation-check%s\n", rev.len ? buf_str(&rev) : " crl");
	buf_free(&rev);
	if (!db_col_null(st, 10)) {
		buf_printf(b, " rsakeypair %s", db_col_text(st, 10));
		if (!db_col_null(st, 11))
			buf_printf(b, " %lld", db_col_int(st, 11));
		if (!db_col_null(st, 12))
			buf_printf(b, " %lld", db_col_int(st, 12));
		buf_puts(b, "\n");
	}
	if (!db_col_null(st, 13))
		buf_printf(b, " eckeypair %s\n", db_col_text(st, 13));
	if (db_col_int(st, 14)) {
		buf_puts(b, " auto-enroll");
		if (!db_col_null(st, 15))
			buf_printf(b, " %lld", db_col_int(st, 15));
		buf_puts(b, db_col_int(st, 16) ? " regenerate\n" : "\n");
	}
	if (!db_col_null(st, 18)) {
		if (db_col_null(st, 17))
			buf_printf(b, " password %s\n", db_col_text(st, 18));
		else
			buf_printf(b, " password %lld %s\n", db_col_int(st, 17), db_col_text(st, 18));
	}
	if (!db_col_null(st, 19))
		buf_printf(b, " hash %s\n", db_col_text(st, 19));
	buf_puts(b, "!\n");
}

/* IOS prints one more "!" between the last trustpoint's and the first
 * chain, the chains one after the other and one "!" after the last;
 * the certificate in 8-digit hex groups, then "  <TAB>quit". */
static void render_cert_chains(struct buf *b)
{
	static const char *const kw[] = { "identity", "", "ca", " ca", "subordinate", " ca",
					  "self-signed", " self-signed", "rollover", " rollover" };
	size_t start = b->len;
	sqlite3_stmt *tps = db_query("SELECT DISTINCT trustpoint FROM pki_certificate ORDER BY trustpoint", "");
	while (tps && db_row(tps)) {
		const char *tp = db_col_text(tps, 0);
		if (b->len == start)
			buf_puts(b, "!\n");
		buf_printf(b, "crypto pki certificate chain %s\n", tp);
		sqlite3_stmt *st = db_query("SELECT seq, role, serial FROM pki_certificate WHERE trustpoint = ?"
					    " ORDER BY CASE role WHEN 'ca' THEN 1 WHEN 'subordinate' THEN 2 ELSE 0 END, seq",
					    "s", tp);
		while (st && db_row(st)) {
			const char *role = db_col_text(st, 1), *word = "";
			for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i += 2)
				if (strcmp(role, kw[i]) == 0)
					word = kw[i + 1];
			buf_printf(b, " certificate%s %s\n", word, db_col_text(st, 2));
			size_t n;
			unsigned char *der = pki_cert_der(tp, db_col_int(st, 0), &n);
			if (der)
				pki_hex_lines(b, der, n, "  ", false);
			free(der);
			buf_puts(b, "  \tquit\n");
		}
	}
	if (b->len != start)
		buf_puts(b, "!\n");
}

static void render_cert_maps(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name, seq FROM pki_cert_map ORDER BY name, seq", "");
	while (st && db_row(st)) {
		const char *name = db_col_text(st, 0);
		long long seq = db_col_int(st, 1);
		buf_printf(b, "crypto pki certificate map %s %lld\n", name, seq);
		sqlite3_stmt *q = db_query("SELECT field, op, value FROM pki_cert_map_rule"
					   " WHERE map = ? AND map_seq = ? ORDER BY seq", "si", name, seq);
		while (q && db_row(q))
			buf_printf(b, " %s %s %s\n", db_col_text(q, 0), db_col_text(q, 1), db_col_text(q, 2));
		buf_puts(b, "!\n");
	}
}

void pki_render(struct buf *b)
{
	sqlite3_stmt *st = db_query(
		"SELECT name, enrollment, enrollment_url, enrollment_pem, usage, serial_number, fqdn,"
		" ip_address, subject_name, subject_alt_name, rsakeypair, rsa_modulus, rsa_enc_modulus,"
		" eckeypair, auto_enroll, auto_enroll_pct, auto_enroll_regen, password_type, password, hash"
		" FROM pki_trustpoint ORDER BY name", "");
	while (st && db_row(st))
		render_trustpoint(b, st);
	render_cert_chains(b);
	render_cert_maps(b);
}

void pki_render_ssl(struct buf *b)
{
	size_t start = b->len;
	sqlite3_stmt *st = db_query("SELECT name, url FROM pki_anyconnect_profile ORDER BY name", "");
	while (st && db_row(st))
		buf_printf(b, "crypto vpn anyconnect profile %s %s\n", db_col_text(st, 0), db_col_text(st, 1));
	if (b->len != start)
		buf_puts(b, "!\n");

	st = db_query("SELECT name, trustpoint, tp_sign, local_addr, local_if, port, shutdown"
		      " FROM pki_ssl_policy ORDER BY name", "");
	while (st && db_row(st)) {
		buf_printf(b, "crypto ssl policy %s\n", db_col_text(st, 0));
		if (!db_col_null(st, 1))
			buf_printf(b, " pki trustpoint %s%s\n", db_col_text(st, 1),
				   db_col_int(st, 2) ? " sign" : "");
		if (!db_col_null(st, 3))
			buf_printf(b, " ip address local %s port %lld\n", db_col_text(st, 3), db_col_int(st, 5));
		else if (!db_col_null(st, 4))
			buf_printf(b, " ip interface local %s port %lld\n", db_col_text(st, 4), db_col_int(st, 5));
		buf_puts(b, db_col_int(st, 6) ? " shutdown\n" : " no shutdown\n");
		buf_puts(b, "!\n");
	}

	st = db_query("SELECT name, match_policy FROM pki_ssl_profile ORDER BY name", "");
	while (st && db_row(st)) {
		buf_printf(b, "crypto ssl profile %s\n", db_col_text(st, 0));
		if (!db_col_null(st, 1))
			buf_printf(b, " match policy %s\n", db_col_text(st, 1));
		buf_puts(b, "!\n");
	}
}
