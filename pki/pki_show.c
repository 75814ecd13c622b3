/* show crypto pki trustpoints [status], show crypto pki certificates [TP] [verbose] */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "base/buf.h"
#include "pki_cmds.h"
#include "pki_int.h"
#include "running-config/store.h"

/* Identity-like certificates first, then the issuing CA, then the chain above. */
#define ROLE_ORDER "CASE role WHEN 'ca' THEN 1 WHEN 'subordinate' THEN 2 ELSE 0 END"

static X509 *cert_at(const char *tp, long long seq)
{
	size_t n;
	unsigned char *der = pki_cert_der(tp, seq, &n);
	X509 *x = der ? pki_x509_from_der(der, n) : NULL;
	free(der);
	return x;
}

struct rdn_out { struct buf *b; const char *indent; };

static void rdn_line(void *ctx, const char *key, const char *value)
{
	struct rdn_out *o = ctx;
	buf_printf(o->b, "%s%s=%s\n", o->indent, key, value);
}

static void name_lines(struct buf *b, const X509_NAME *n, const char *indent)
{
	struct rdn_out o = { b, indent };
	pki_name_each(n, rdn_line, &o);
}

static void name_entry(const X509_NAME *n, int nid, char *out, size_t len)
{
	out[0] = '\0';
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	if (i < 0)
		return;
	unsigned char *utf8 = NULL;
	if (ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i))) >= 0)
		snprintf(out, len, "%s", (const char *)utf8);
	OPENSSL_free(utf8);
}

/* IOS names the file after the issuer and the serial: nvram:LabCA#1A2BCA.cer */
static void storage_name(const X509 *x, const char *serial, bool ca, char *out, size_t len)
{
	char cn[256], stem[16];
	size_t k = 0;
	name_entry(X509_get_issuer_name(x), NID_commonName, cn, sizeof cn);
	for (const char *p = cn; *p && k < 11; p++)
		if (isalnum((unsigned char)*p) || *p == '-')
			stem[k++] = *p;
	stem[k] = '\0';
	const char *s = serial;
	while (*s == '0' && s[1])
		s++;
	size_t sl = strlen(s);
	snprintf(out, len, "nvram:%s#%s%s.cer", stem, sl > 4 ? s + sl - 4 : s, ca ? "CA" : "");
}

static void verbose_lines(struct buf *b, X509 *x)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int id = pk ? EVP_PKEY_get_base_id(pk) : NID_undef;
	buf_puts(b, "  Subject Key Info:\n");
	buf_printf(b, "    Public Key Algorithm: %s\n", id == EVP_PKEY_RSA ? "rsaEncryption" :
		   id == EVP_PKEY_EC ? "id-ecPublicKey" : "unknown");
	buf_printf(b, "    %s Public Key: (%d bit)\n", id == EVP_PKEY_EC ? "EC" : "RSA",
		   pk ? EVP_PKEY_get_bits(pk) : 0);
	/* IOS spells them "SHA256 with RSA Encryption" */
	int sig = X509_get_signature_nid(x), md = NID_undef, pkey = NID_undef;
	char alg[96] = "unknown";
	if (sig != NID_undef && OBJ_find_sigid_algs(sig, &md, &pkey) && md != NID_undef) {
		const char *m = OBJ_nid2sn(md);
		snprintf(alg, sizeof alg, "%s with %s", m, pkey == NID_rsaEncryption ? "RSA Encryption" : "ECDSA");
		for (char *c = alg; *c && *c != ' '; c++)
			*c = (char)toupper((unsigned char)*c);
	}
	buf_printf(b, "  Signature Algorithm: %s\n", alg);
	char fp[160];
	pki_fingerprint(x, "MD5", fp, sizeof fp);
	buf_printf(b, "  Fingerprint MD5: %s\n", fp);
	pki_fingerprint(x, "SHA1", fp, sizeof fp);
	buf_printf(b, "  Fingerprint SHA1: %s\n", fp);
}

int pki_cmd_show_certificates(struct vty *v, const struct cmd_args *a)
{
	const char *only = has(a, "WORD") ? arg(a, "WORD") : "";
	bool verbose = has(a, "verbose");
	struct buf b = BUF_INIT;
	/* one entry per distinct certificate, listing every trustpoint holding it */
	sqlite3_stmt *st = db_query(
		"SELECT MIN(trustpoint), MIN(seq), role, serial, not_before, not_after,"
		" (SELECT group_concat(t, ' ') FROM (SELECT c2.trustpoint AS t FROM pki_certificate c2"
		"   WHERE c2.serial = c.serial AND c2.issuer = c.issuer ORDER BY c2.trustpoint))"
		" FROM pki_certificate c WHERE ? = '' OR trustpoint = ?"
		" GROUP BY serial, issuer ORDER BY MIN(" ROLE_ORDER "), MIN(trustpoint), MIN(seq)",
		"ss", only, only);
	bool first = true;
	while (st && db_row(st)) {
		const char *role = db_col_text(st, 2);
		bool ca = strcmp(role, "ca") == 0 || strcmp(role, "subordinate") == 0;
		X509 *x = cert_at(db_col_text(st, 0), db_col_int(st, 1));
		if (!x)
			continue;
		char when[64], name[256], storage[128];
		if (!first)
			buf_puts(&b, "\n");
		first = false;
		buf_puts(&b, ca ? "CA Certificate\n" : "Certificate\n");
		buf_puts(&b, "  Status: Available\n");
		buf_printf(&b, "  Certificate Serial Number (hex): %s\n", db_col_text(st, 3));
		buf_printf(&b, "  Certificate Usage: %s\n", ca ? "Signature" : "General Purpose");
		buf_puts(&b, "  Issuer: \n");
		name_lines(&b, X509_get_issuer_name(x), "    ");
		buf_puts(&b, ca ? "  Subject: \n" : "  Subject:\n");
		if (!ca) {
			name_entry(X509_get_subject_name(x), NID_pkcs9_unstructuredName, name, sizeof name);
			if (!*name)
				name_entry(X509_get_subject_name(x), NID_commonName, name, sizeof name);
			if (*name && !strchr(name, ' '))
				buf_printf(&b, "    Name: %s\n", name);
		}
		name_lines(&b, X509_get_subject_name(x), "    ");
		buf_puts(&b, "  Validity Date: \n");
		pki_time_str(db_col_int(st, 4), when, sizeof when);
		buf_printf(&b, "    start date: %s\n", when);
		pki_time_str(db_col_int(st, 5), when, sizeof when);
		buf_printf(&b, "    end   date: %s\n", when);
		if (verbose)
			verbose_lines(&b, x);
		buf_printf(&b, "  Associated Trustpoints: %s \n", db_col_text(st, 6));
		storage_name(x, db_col_text(st, 3), ca, storage, sizeof storage);
		buf_printf(&b, "  Storage: %s\n", storage);
		X509_free(x);
	}
	if (b.len)
		buf_puts(&b, "\n");
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}

/* ---- show crypto pki trustpoints ---- */

static X509 *tp_cert(const char *tp, const char *roles_sql_in)
{
	/* roles_sql_in: a fixed literal naming the roles wanted */
	long long seq;
	bool found = strcmp(roles_sql_in, "ca") == 0
		? db_get_int(&seq, "SELECT seq FROM pki_certificate WHERE trustpoint = ? AND role = 'ca'"
			     " ORDER BY seq LIMIT 1", "s", tp)
		: db_get_int(&seq, "SELECT seq FROM pki_certificate WHERE trustpoint = ?"
			     " AND role IN ('identity', 'self-signed') ORDER BY seq LIMIT 1", "s", tp);
	return found ? cert_at(tp, seq) : NULL;
}

static void status_cert(struct buf *b, X509 *x, const char *what)
{
	if (!x) {
		buf_printf(b, "  %s not configured.\n", what);
		return;
	}
	char line[1024], fp[160];
	buf_printf(b, "  %s configured:\n", what);
	buf_puts(b, "    Subject Name:\n");
	pki_name_oneline(X509_get_subject_name(x), line, sizeof line);
	buf_printf(b, "     %s\n", line);
	pki_fingerprint(x, "MD5", fp, sizeof fp);
	buf_printf(b, "    Fingerprint MD5: %s\n", fp);
	pki_fingerprint(x, "SHA1", fp, sizeof fp);
	buf_printf(b, "    Fingerprint SHA1: %s\n", fp);
}

static void show_status(struct buf *b, const char *tp)
{
	X509 *ca = tp_cert(tp, "ca");
	X509 *id = tp_cert(tp, "identity");
	status_cert(b, ca, "Issuing CA certificate");
	status_cert(b, id, "Router General Purpose certificate");
	char label[256];
	pki_tp_key_label(tp, label, sizeof label);
	long long exportable;
	buf_puts(b, "  State:\n");
	if (db_get_int(&exportable, "SELECT exportable FROM pki_keypair WHERE label = ?", "s", label))
		buf_printf(b, "    Keys generated ............. Yes (General Purpose, %s)\n",
			   exportable ? "exportable" : "non-exportable");
	else
		buf_puts(b, "    Keys generated ............. No\n");
	buf_printf(b, "    Issuing CA authenticated ....... %s\n", ca ? "Yes" : "No");
	buf_printf(b, "    Certificate request(s) ..... %s\n\n", id ? "Yes" : "None");
	X509_free(ca);
	X509_free(id);
}

static void show_plain(struct buf *b, const char *tp)
{
	X509 *x = tp_cert(tp, "ca");
	bool self = false;
	if (!x) {
		long long seq;
		if (db_get_int(&seq, "SELECT seq FROM pki_certificate WHERE trustpoint = ? AND role = 'self-signed'"
			       " ORDER BY seq LIMIT 1", "s", tp)) {
			x = cert_at(tp, seq);
			self = x != NULL;
		}
	}
	if (!x) {
		buf_puts(b, "    Not authenticated.\n\n");
		return;
	}
	char serial[128];
	buf_puts(b, "    Subject Name:\n");
	name_lines(b, X509_get_subject_name(x), "    ");
	pki_serial_hex(x, serial, sizeof serial);
	buf_printf(b, "          Serial Number (hex): %s\n", serial);
	if (self) {
		char label[256];
		pki_tp_key_label(tp, label, sizeof label);
		buf_printf(b, "    Persistent self-signed certificate trust point\n    Using key label %s\n\n", label);
	} else {
		buf_puts(b, "    Certificate configured.\n\n");
	}
	X509_free(x);
}

int pki_cmd_show_trustpoints(struct vty *v, const struct cmd_args *a)
{
	bool status = has(a, "status");
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = db_query("SELECT name FROM pki_trustpoint ORDER BY name", "");
	while (st && db_row(st)) {
		buf_printf(&b, "Trustpoint %s:\n", db_col_text(st, 0));
		if (status)
			show_status(&b, db_col_text(st, 0));
		else
			show_plain(&b, db_col_text(st, 0));
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
