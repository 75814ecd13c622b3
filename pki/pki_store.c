/* Key and certificate rows, and the DER/hex/base64 conversions around them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/buf.h"
#include "pki_int.h"
#include "running-config/store.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

unsigned char *pki_hex_decode(const char *hex, size_t *len)
{
	size_t cap = strlen(hex) / 2 + 1, n = 0;
	unsigned char *out = malloc(cap);
	int hi = -1;
	if (!out)
		return NULL;
	for (const char *p = hex; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		int v = hexval((unsigned char)*p);
		if (v < 0)
			goto bad;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0 || n == 0)
		goto bad;
	*len = n;
	return out;
bad:
	free(out);
	return NULL;
}

void pki_hex_lines(struct buf *b, const unsigned char *d, size_t n, const char *indent,
		   bool trailing_space)
{
	for (size_t i = 0; i < n; i += 32) {
		buf_puts(b, indent);
		for (size_t j = i; j < n && j < i + 32; j++) {
			if (j != i && (j - i) % 4 == 0)
				buf_puts(b, " ");
			buf_printf(b, "%02X", d[j]);
		}
		buf_puts(b, trailing_space ? " \n" : "\n");
	}
}

unsigned char *pki_base64_decode(const char *text, size_t *len)
{
	struct buf b64 = BUF_INIT;
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (!(l >= 5 && strncmp(p, "-----", 5) == 0))
			for (size_t i = 0; i < l; i++)
				if (!isspace((unsigned char)p[i]))
					buf_add(&b64, p + i, 1);
		p += l + (e ? 1 : 0);
	}
	unsigned char *out = NULL;
	if (b64.len == 0 || b64.len % 4 != 0)
		goto done;
	out = malloc(b64.len);
	if (!out)
		goto done;
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	int n1 = 0, n2 = 0;
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, out, &n1, (const unsigned char *)b64.s, (int)b64.len) < 0 ||
	    EVP_DecodeFinal(ctx, out + n1, &n2) < 0 || n1 + n2 == 0) {
		free(out);
		out = NULL;
	} else {
		*len = (size_t)(n1 + n2);
	}
	EVP_ENCODE_CTX_free(ctx);
done:
	buf_free(&b64);
	return out;
}

X509 *pki_x509_from_der(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	if (x && p != der + len) {     /* trailing bytes: not one certificate */
		X509_free(x);
		x = NULL;
	}
	return x;
}

void pki_serial_hex(const X509 *x, char *out, size_t len)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *h = bn ? BN_bn2hex(bn) : NULL;
	snprintf(out, len, "%s", h ? h : "00");
	OPENSSL_free(h);
	BN_free(bn);
}

bool pki_serial_equal(const char *a, const char *b)
{
	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	return strcasecmp(a, b) == 0;
}

static const char *ios_short_name(int nid)
{
	switch (nid) {
	case NID_commonName: return "cn";
	case NID_organizationalUnitName: return "ou";
	case NID_organizationName: return "o";
	case NID_localityName: return "l";
	case NID_stateOrProvinceName: return "st";
	case NID_countryName: return "c";
	case NID_pkcs9_emailAddress: return "e";
	case NID_pkcs9_unstructuredName: return "hostname";
	case NID_serialNumber: return "serialNumber";
	case NID_domainComponent: return "dc";
	default: return NULL;
	}
}

void pki_name_each(const X509_NAME *n, pki_rdn_fn fn, void *ctx)
{
	for (int i = X509_NAME_entry_count(n) - 1; i >= 0; i--) {
		const X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		const char *key = ios_short_name(nid);
		char oid[80];
		if (!key) {
			if (nid != NID_undef && OBJ_nid2sn(nid))
				key = OBJ_nid2sn(nid);
			else {
				OBJ_obj2txt(oid, sizeof oid, X509_NAME_ENTRY_get_object(e), 1);
				key = oid;
			}
		}
		unsigned char *utf8 = NULL;
		int l = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
		fn(ctx, key, l >= 0 ? (const char *)utf8 : "");
		OPENSSL_free(utf8);
	}
}

struct join { char *out; size_t len, used; };

static void join_rdn(void *ctx, const char *key, const char *value)
{
	struct join *j = ctx;
	if (j->used >= j->len)
		return;
	int w = snprintf(j->out + j->used, j->len - j->used, "%s%s=%s", j->used ? "," : "", key, value);
	if (w > 0)
		j->used += (size_t)w;
}

void pki_name_oneline(const X509_NAME *n, char *out, size_t len)
{
	struct join j = { out, len, 0 };
	if (len)
		out[0] = '\0';
	pki_name_each(n, join_rdn, &j);
}

static long long asn1_time_unix(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (long long)timegm(&tm);
}

void pki_time_str(long long t, char *out, size_t len)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(out, len, "%02d:%02d:%02d UTC %s %d %d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
}

void pki_fingerprint(const X509 *x, const char *md, char *out, size_t len)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t used = 0;
	out[0] = '\0';
	if (!X509_digest(x, EVP_get_digestbyname(md), d, &n))
		return;
	for (unsigned int i = 0; i < n && used + 4 < len; i++) {
		used += (size_t)snprintf(out + used, len - used, "%02X", d[i]);
		if (i % 4 == 3 && used + 1 < len)
			out[used++] = ' ', out[used] = '\0';
	}
}

int pki_cert_insert(const char *tp, const char *role, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	if (n <= 0)
		return -1;
	char serial[128], subject[1024], issuer[1024];
	pki_serial_hex(x, serial, sizeof serial);
	pki_name_oneline(X509_get_subject_name(x), subject, sizeof subject);
	pki_name_oneline(X509_get_issuer_name(x), issuer, sizeof issuer);
	long long seq = 0;
	db_get_int(&seq, "SELECT COALESCE(MAX(seq), 0) FROM pki_certificate WHERE trustpoint = ?", "s", tp);
	/* a BLOB needs sqlite3 directly: the store's binders take text and integers */
	sqlite3_stmt *st;
	int rc = -1;
	if (sqlite3_prepare_v2(store_db(),
			       "INSERT INTO pki_certificate(trustpoint, seq, role, serial, der, subject, issuer,"
			       " not_before, not_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, tp, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, seq + 1);
		sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 5, der, n, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, subject, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, issuer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 8, asn1_time_unix(X509_get0_notBefore(x)));
		sqlite3_bind_int64(st, 9, asn1_time_unix(X509_get0_notAfter(x)));
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	OPENSSL_free(der);
	return rc;
}

int pki_cert_count(const char *tp, const char *role)
{
	long long n = 0;
	if (role)
		db_get_int(&n, "SELECT COUNT(*) FROM pki_certificate WHERE trustpoint = ? AND role = ?",
			   "ss", tp, role);
	else
		db_get_int(&n, "SELECT COUNT(*) FROM pki_certificate WHERE trustpoint = ?", "s", tp);
	return (int)n;
}

unsigned char *pki_cert_der(const char *tp, long long seq, size_t *len)
{
	sqlite3_stmt *st;
	unsigned char *out = NULL;
	if (sqlite3_prepare_v2(store_db(), "SELECT der FROM pki_certificate WHERE trustpoint = ? AND seq = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, tp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		out = malloc(n > 0 ? (size_t)n : 1);
		if (out) {
			memcpy(out, sqlite3_column_blob(st, 0), (size_t)n);
			*len = (size_t)n;
		}
	}
	sqlite3_finalize(st);
	return out;
}

/* Parsed keys and certificates, kept until the store changes: the IKE
 * engine asks for them on every certificate handshake, and parsing a PEM
 * key through OpenSSL 3's decoders costs more than the signature.  Only
 * the engine's thread calls these. */
#define PKI_CACHE_SLOTS 16
enum cache_kind { CACHE_KEY, CACHE_CERT, CACHE_CAS };
static struct cache_slot {
	enum cache_kind kind;
	char name[128], role[16];
	void *obj; /* EVP_PKEY, X509, STACK_OF(X509) */
} cache[PKI_CACHE_SLOTS];
static int cache_used;
static unsigned long long cache_gen;

static void cache_slot_free(struct cache_slot *c)
{
	if (c->kind == CACHE_KEY)
		EVP_PKEY_free(c->obj);
	else if (c->kind == CACHE_CERT)
		X509_free(c->obj);
	else
		sk_X509_pop_free(c->obj, X509_free);
	c->obj = NULL;
}

/* false: a transaction is open, cache nothing now */
static bool cache_check(void)
{
	unsigned long long g = store_generation();
	if (g == cache_gen)
		return g != 0;
	for (int i = 0; i < cache_used; i++)
		cache_slot_free(&cache[i]);
	cache_used = 0;
	cache_gen = g;
	return g != 0;
}

static void *cache_find(enum cache_kind kind, const char *name, const char *role)
{
	if (!cache_check())
		return NULL;
	for (int i = 0; i < cache_used; i++)
		if (cache[i].kind == kind && strcmp(cache[i].name, name) == 0 && strcmp(cache[i].role, role) == 0)
			return cache[i].obj;
	return NULL;
}

/* Keep obj (the cache takes its own reference via up_ref'd copies). */
static void cache_put(enum cache_kind kind, const char *name, const char *role, void *obj)
{
	if (!obj || !cache_check() || strlen(name) >= sizeof cache[0].name || strlen(role) >= sizeof cache[0].role)
		return;
	if (cache_used == PKI_CACHE_SLOTS) {
		cache_slot_free(&cache[0]);
		memmove(&cache[0], &cache[1], sizeof cache[0] * (PKI_CACHE_SLOTS - 1));
		cache_used--;
	}
	struct cache_slot *c = &cache[cache_used];
	c->kind = kind;
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(c->role, sizeof c->role, "%s", role);
	if (kind == CACHE_KEY) {
		if (!EVP_PKEY_up_ref(obj))
			return;
		c->obj = obj;
	} else if (kind == CACHE_CERT) {
		if (!X509_up_ref(obj))
			return;
		c->obj = obj;
	} else {
		c->obj = X509_chain_up_ref(obj);
		if (!c->obj)
			return;
	}
	cache_used++;
}

X509 *pki_cert_get(const char *tp, const char *role)
{
	X509 *hit = cache_find(CACHE_CERT, tp, role);
	if (hit)
		return X509_up_ref(hit) ? hit : NULL;
	long long seq;
	if (!db_get_int(&seq, "SELECT seq FROM pki_certificate WHERE trustpoint = ? AND role = ?"
			" ORDER BY seq LIMIT 1", "ss", tp, role))
		return NULL;
	size_t n;
	unsigned char *der = pki_cert_der(tp, seq, &n);
	X509 *x = der ? pki_x509_from_der(der, n) : NULL;
	free(der);
	cache_put(CACHE_CERT, tp, role, x);
	return x;
}

STACK_OF(X509) *pki_tp_ca_certs(const char *tp)
{
	STACK_OF(X509) *hit = cache_find(CACHE_CAS, tp, "");
	if (hit)
		return X509_chain_up_ref(hit);
	STACK_OF(X509) *out = sk_X509_new_null();
	sqlite3_stmt *st = db_query("SELECT seq FROM pki_certificate WHERE trustpoint = ? AND role IN"
				    " ('ca', 'subordinate') ORDER BY seq", "s", tp);
	while (out && st && db_row(st)) {
		size_t n;
		unsigned char *der = pki_cert_der(tp, db_col_int(st, 0), &n);
		X509 *x = der ? pki_x509_from_der(der, n) : NULL;
		free(der);
		if (x && !sk_X509_push(out, x))
			X509_free(x);
	}
	cache_put(CACHE_CAS, tp, "", out);
	return out;
}

int pki_key_insert(const char *label, EVP_PKEY *k, bool exportable, long long created)
{
	int id = EVP_PKEY_get_base_id(k);
	const char *type = id == EVP_PKEY_RSA ? "rsa" : id == EVP_PKEY_EC ? "ec" : NULL;
	if (!type)
		return -1;
	BIO *bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL)) {
		BIO_free(bio);
		return -1;
	}
	char *pem;
	long n = BIO_get_mem_data(bio, &pem);
	struct buf b = BUF_INIT;
	buf_add(&b, pem, (size_t)n);
	BIO_free(bio);
	int rc = db_exec("INSERT OR REPLACE INTO pki_keypair(label, type, bits, private_pem, exportable,"
			 " usage, created) VALUES (?, ?, ?, ?, ?, 'general-purpose', ?)", "ssisdi",
			 label, type, (long long)EVP_PKEY_get_bits(k), buf_str(&b), exportable ? 1 : 0, created);
	OPENSSL_cleanse(b.s, b.len);
	buf_free(&b);
	return rc;
}

EVP_PKEY *pki_key_get(const char *label)
{
	EVP_PKEY *hit = cache_find(CACHE_KEY, label, "");
	if (hit)
		return EVP_PKEY_up_ref(hit) ? hit : NULL;
	sqlite3_stmt *st = db_query("SELECT private_pem FROM pki_keypair WHERE label = ?", "s", label);
	EVP_PKEY *k = NULL;
	if (st && db_row(st)) {
		BIO *bio = BIO_new_mem_buf(db_col_text(st, 0), -1);
		k = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
		db_done(st);
	}
	cache_put(CACHE_KEY, label, "", k);
	return k;
}

void pki_tp_key_label(const char *tp, char *out, size_t len)
{
	if (!db_get_text(out, len, "SELECT COALESCE(rsakeypair, eckeypair) FROM pki_trustpoint"
			 " WHERE name = ? AND COALESCE(rsakeypair, eckeypair) IS NOT NULL", "s", tp))
		snprintf(out, len, "%s", tp);
}

int pki_key_delete(const char *label)
{
	/* identity certificates of every trustpoint whose key this is */
	struct buf tps = BUF_INIT;
	sqlite3_stmt *st = db_query("SELECT DISTINCT trustpoint FROM pki_certificate WHERE role = 'identity'", "");
	while (st && db_row(st)) {
		char l[256];
		pki_tp_key_label(db_col_text(st, 0), l, sizeof l);
		if (strcmp(l, label) == 0)
			buf_printf(&tps, "%s\n", db_col_text(st, 0));
	}
	int rc = 0;
	for (char *p = tps.s; p && *p && !rc;) {
		char *e = strchr(p, '\n');
		*e = '\0';
		rc = db_exec("DELETE FROM pki_certificate WHERE trustpoint = ? AND role = 'identity'", "s", p);
		p = e + 1;
	}
	buf_free(&tps);
	return rc ? rc : db_exec("DELETE FROM pki_keypair WHERE label = ?", "s", label);
}

int pki_yes_no(const char *answer)
{
	size_t n = strlen(answer);
	if (n && strncasecmp(answer, "yes", n) == 0)
		return 1;
	if (n && strncasecmp(answer, "no", n) == 0)
		return 0;
	return -1;
}
