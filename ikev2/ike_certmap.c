/*
 * `crypto pki certificate map NAME SEQ` against a peer certificate, for
 * `match certificate MAP` in IKEv2 profiles.  As IOS: the rules of one
 * sequence must all match, any sequence matching is enough.  Names are
 * compared in the form IOS prints them ("cn=x,ou=y,o=z,c=us"), without
 * case and without the spaces people type around '=' and ','
 * ("subject-name co ou = engineering").
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/x509v3.h>

#include "ike_auth_cert.h"
#include "pki/pki.h"
#include "running-config/store.h"

/* Lower-case, spaces around '=' and ',' and at the ends dropped. */
static void normalize(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; in[i] && o + 1 < len; i++) {
		char c = in[i];
		if (c == ' ' || c == '\t') {
			/* keep a space only between two ordinary characters */
			size_t j = i;
			while (in[j] == ' ' || in[j] == '\t')
				j++;
			if (o == 0 || !in[j] || in[j] == '=' || in[j] == ',' || out[o - 1] == '=' || out[o - 1] == ',') {
				i = j - 1;
				continue;
			}
			c = ' ';
			i = j - 1;
		}
		out[o++] = (char)tolower((unsigned char)c);
	}
	out[o] = '\0';
}

static bool compare(const char *op, const char *have, const char *want)
{
	char h[1024], w[1024];
	normalize(have, h, sizeof h);
	normalize(want, w, sizeof w);
	if (strcmp(op, "eq") == 0)
		return strcmp(h, w) == 0;
	if (strcmp(op, "ne") == 0)
		return strcmp(h, w) != 0;
	if (strcmp(op, "co") == 0)
		return strstr(h, w) != NULL;
	if (strcmp(op, "nc") == 0)
		return strstr(h, w) == NULL;
	return false;
}

/* subjectAltName entries as text; eq/co: one of them, ne/nc: none of them. */
static bool alt_names(const char *op, const char *value, X509 *x)
{
	bool negate = strcmp(op, "ne") == 0 || strcmp(op, "nc") == 0;
	const char *pos = strcmp(op, "ne") == 0 ? "eq" : strcmp(op, "nc") == 0 ? "co" : op;
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	bool any = false;
	for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens) && !any; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		char text[256] = "";
		if (g->type == GEN_DNS || g->type == GEN_EMAIL || g->type == GEN_URI) {
			const ASN1_IA5STRING *s = g->d.ia5;
			snprintf(text, sizeof text, "%.*s", ASN1_STRING_length(s), (const char *)ASN1_STRING_get0_data(s));
		} else if (g->type == GEN_IPADD) {
			int n = ASN1_STRING_length(g->d.ip);
			if (n == 4 || n == 16)
				inet_ntop(n == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(g->d.ip), text,
					  sizeof text);
		}
		if (text[0] && compare(pos, text, value))
			any = true;
	}
	GENERAL_NAMES_free(gens);
	return negate ? !any : any;
}

static void entry_text(const X509_NAME *n, int nid, char *out, size_t len)
{
	out[0] = '\0';
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	unsigned char *utf8 = NULL;
	if (i >= 0 && ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i))) >= 0)
		snprintf(out, len, "%s", (const char *)utf8);
	OPENSSL_free(utf8);
}

bool ike_certmap_rule(const char *field, const char *op, const char *value, X509 *x)
{
	char have[1024];
	if (!field || !op || !value || !x)
		return false;
	if (strcmp(field, "subject-name") == 0 || strcmp(field, "name") == 0) {
		pki_name_oneline(X509_get_subject_name(x), have, sizeof have);
	} else if (strcmp(field, "issuer-name") == 0) {
		pki_name_oneline(X509_get_issuer_name(x), have, sizeof have);
	} else if (strcmp(field, "unstructured-subject-name") == 0) {
		entry_text(X509_get_subject_name(x), NID_pkcs9_unstructuredName, have, sizeof have);
	} else if (strcmp(field, "alt-subject-name") == 0) {
		return alt_names(op, value, x);
	} else if (strcmp(field, "serial-number") == 0) {
		/* hex, as IOS prints it; leading zeros do not count */
		char *hex = NULL;
		BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
		if (bn)
			hex = BN_bn2hex(bn);
		BN_free(bn);
		snprintf(have, sizeof have, "%s", hex ? hex : "");
		OPENSSL_free(hex);
		const char *h = have, *w = value;
		while (*h == '0' && h[1])
			h++;
		while (*w == '0' && w[1])
			w++;
		return compare(op, h, w);
	} else {
		return false;  /* expires-on, valid-start: not supported */
	}
	return compare(op, have, value);
}

bool ike_certmap_match(const char *map, X509 *x)
{
	if (!map || !x)
		return false;
	sqlite3_stmt *st = db_query("SELECT seq FROM pki_cert_map WHERE name = ? ORDER BY seq", "s", map);
	long long seqs[64];
	int n = 0;
	while (db_row(st))
		if (n < 64)
			seqs[n++] = db_col_int(st, 0);
	for (int i = 0; i < n; i++) {
		bool all = true;
		sqlite3_stmt *r = db_query("SELECT field, op, value FROM pki_cert_map_rule WHERE map = ? AND map_seq = ?"
					   " ORDER BY seq", "si", map, seqs[i]);
		while (db_row(r))
			if (all && !ike_certmap_rule(db_col_text(r, 0), db_col_text(r, 1), db_col_text(r, 2), x))
				all = false;
		if (all)
			return true;
	}
	return false;
}
