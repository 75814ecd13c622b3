/*
 * Pure helpers of the authorization: name mangling, ACL entry to subnet,
 * selector narrowing (the attribute merge: aaa/aaa_author_attrs.c).  No database here: the
 * unit tests call these directly.
 */
#include <arpa/inet.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "ike_author.h"

bool ike_author_wc_subnet(uint32_t addr, uint32_t wildcard, uint32_t *net, uint32_t *mask)
{
	/* contiguous wildcard = 2^k - 1 */
	if (wildcard & (wildcard + 1))
		return false;
	*mask = ~wildcard;
	*net = addr & *mask;
	return true;
}

/* A name fit for a policy lookup: printable, no spaces, not empty. */
static bool copy_name(const char *p, size_t n, char *out, size_t out_len)
{
	if (n == 0 || n >= out_len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] <= ' ' || p[i] > '~')
			return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* all | the part before the delimiter | the part after it */
static bool split_rule(const char *rule, const char *first_kw, const char *s, size_t n, char delim, char *out,
		       size_t out_len)
{
	if (strcmp(rule, "all") == 0)
		return copy_name(s, n, out, out_len);
	const char *d = memchr(s, delim, n);
	if (strcmp(rule, first_kw) == 0)
		return copy_name(s, d ? (size_t)(d - s) : n, out, out_len);
	if (strcmp(rule, "domain") == 0)
		return d && copy_name(d + 1, n - (size_t)(d - s) - 1, out, out_len);
	return false;
}

static int dn_nid(const char *field)
{
	static const struct { const char *kw; int nid; } f[] = {
		{ "common-name", NID_commonName }, { "country", NID_countryName },
		{ "domain", NID_domainComponent }, { "locality", NID_localityName },
		{ "organization", NID_organizationName }, { "organization-unit", NID_organizationalUnitName },
		{ "state", NID_stateOrProvinceName },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strcmp(field, f[i].kw) == 0)
			return f[i].nid;
	return NID_undef;
}

static bool dn_field(const char *field, const uint8_t *der, size_t len, char *out, size_t out_len)
{
	int nid = dn_nid(field);
	if (nid == NID_undef || len == 0 || len > 4096)
		return false;
	const unsigned char *p = der;
	X509_NAME *name = d2i_X509_NAME(NULL, &p, (long)len);
	if (!name)
		return false;
	bool ok = false;
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	if (i >= 0) {
		const ASN1_STRING *v = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
		unsigned char *u = NULL;
		int n = ASN1_STRING_to_UTF8(&u, v);
		if (n > 0)
			ok = copy_name((const char *)u, (size_t)n, out, out_len);
		OPENSSL_free(u);
	}
	X509_NAME_free(name);
	return ok;
}

bool ike_author_mangle(const char *fqdn_rule, const char *email_rule, const char *dn_rule, int id_type,
		       const uint8_t *id, size_t id_len, char *out, size_t out_len)
{
	const char *s = (const char *)id;
	switch (id_type) {
	case IKEV2_ID_FQDN:
		return fqdn_rule && split_rule(fqdn_rule, "hostname", s, id_len, '.', out, out_len);
	case IKEV2_ID_RFC822_ADDR:
		return email_rule && split_rule(email_rule, "username", s, id_len, '@', out, out_len);
	case IKEV2_ID_DER_ASN1_DN:
		return dn_rule && dn_field(dn_rule, id, id_len, out, out_len);
	}
	return false;
}

static void ts_full(struct ikev2_ts *t, uint8_t type)
{
	memset(t, 0, sizeof *t);
	t->type = type;
	t->eport = 65535;
	memset(t->end, 0xff, type == IKEV2_TS_IPV4_ADDR_RANGE ? 4 : 16);
}

/* Does selector t (its address range) hold addr (alen octets, network order)? */
static bool ts_holds(const struct ikev2_ts *t, const uint8_t *addr, size_t alen)
{
	return memcmp(t->start, addr, alen) <= 0 && memcmp(addr, t->end, alen) <= 0;
}

unsigned ike_author_narrow(uint32_t v4, const uint8_t *v6, const struct ikev2_ts_list *tsi,
			   struct ikev2_ts out_i[2], struct ikev2_ts out_r[2])
{
	static const uint8_t types[2] = { IKEV2_TS_IPV4_ADDR_RANGE, IKEV2_TS_IPV6_ADDR_RANGE };
	unsigned n = 0;
	uint32_t v4be = htonl(v4);
	for (int f = 0; f < 2; f++) {
		/* the family's first selector; with an assigned address, the
		 * first that holds it (none: the family is unacceptable) */
		const uint8_t *mine = f == 0 ? (v4 ? (const uint8_t *)&v4be : NULL) : v6;
		const struct ikev2_ts *first = NULL;
		for (unsigned i = 0; i < tsi->n && !first; i++)
			if (tsi->ts[i].type == types[f] && (!mine || ts_holds(&tsi->ts[i], mine, f == 0 ? 4 : 16)))
				first = &tsi->ts[i];
		if (!first)
			continue;
		ts_full(&out_r[n], types[f]);
		struct ikev2_ts *t = &out_i[n];
		if (f == 0 && v4) {
			ts_full(t, types[f]);
			uint32_t be = htonl(v4);
			memcpy(t->start, &be, 4);
			memcpy(t->end, &be, 4);
		} else if (f == 1 && v6) {
			ts_full(t, types[f]);
			memcpy(t->start, v6, 16);
			memcpy(t->end, v6, 16);
		} else {
			*t = *first;
		}
		n++;
	}
	return n;
}
