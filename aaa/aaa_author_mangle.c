/*
 * The eap rule of `crypto ikev2 name-mangler` (the fqdn/email/dn rules on
 * IKE identities are ikev2/ike_author_util.c's ike_author_mangle).  Pure.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aaa/aaa_author.h"

/* printable, no spaces, not empty (a name for a lookup) */
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

static const char *dn_key(const char *field)
{
	static const struct { const char *kw, *key; } f[] = {
		{ "common-name", "CN" }, { "country", "C" }, { "domain", "DC" }, { "locality", "L" },
		{ "organization", "O" }, { "organization-unit", "OU" }, { "state", "ST" },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (!strcmp(field, f[i].kw))
			return f[i].key;
	return NULL;
}

/* "CN=joe,OU=Eng,O=Example" or "/CN=joe/OU=Eng": the first KEY= value */
static bool dn_text_field(const char *field, const char *id, char *out, size_t out_len)
{
	const char *key = dn_key(field);
	if (!key)
		return false;
	size_t kl = strlen(key);
	const char *p = id;
	while (*p) {
		while (*p == ',' || *p == '/' || *p == ' ' || *p == ';')
			p++;
		size_t l = strcspn(p, ",/;");
		if (l > kl && !strncasecmp(p, key, kl) && p[kl] == '=')
			return copy_name(p + kl + 1, l - kl - 1, out, out_len);
		p += l;
	}
	return false;
}

bool aaa_author_mangle_eap(const char *rule, const char *id, char *out, size_t out_len)
{
	if (!rule || !id)
		return false;
	size_t n = strlen(id);
	if (!strcmp(rule, "all"))
		return copy_name(id, n, out, out_len);
	if (!strncmp(rule, "dn ", 3))
		return dn_text_field(rule + 3, id, out, out_len);
	char kind[8], delim[4];
	if (sscanf(rule, "%7s delimiter %3s", kind, delim) != 2 || strlen(delim) != 1)
		return false;
	const char *d = strchr(id, delim[0]);
	if (!d)
		return false;
	if (!strcmp(kind, "prefix"))
		return copy_name(id, (size_t)(d - id), out, out_len);
	if (!strcmp(kind, "suffix"))
		return copy_name(d + 1, n - (size_t)(d - id) - 1, out, out_len);
	return false;
}
