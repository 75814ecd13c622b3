/*
 * Interface names: what a user may type ("gi1", "GigabitEthernet 1",
 * "e0/1", "virtual-template 20", "Vi3") and IOS's canonical spelling.
 * A type is recognised by any unique case-insensitive prefix of its name;
 * a few IOS short forms are fixed ("vi" = Virtual-Access).
 */
#include "ifname.h"
#include "if_names.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct iftype {
	const char *name;
	enum if_kind kind;
	int rank;             /* running-config order */
	unsigned long min, max; /* single-number types */
};

static const struct iftype types[] = {
	{ "Ethernet",           IFK_PHYSICAL,  2, 0, 0 },
	{ "FastEthernet",       IFK_PHYSICAL,  2, 0, 0 },
	{ "GigabitEthernet",    IFK_PHYSICAL,  2, 0, 0 },
	{ "TenGigabitEthernet", IFK_PHYSICAL,  2, 0, 0 },
	{ "Loopback",           IFK_LOOPBACK,  0, 0, 2147483647UL },
	{ "Tunnel",             IFK_TUNNEL,    1, 0, 2147483647UL },
	{ "Virtual-Template",   IFK_VTEMPLATE, 3, 1, 4095 },
	{ "Virtual-Access",     IFK_VACCESS,   4, 1, 2147483647UL },
	{ "Null",               IFK_NULL,      5, 0, 0 },
};
#define NTYPES (sizeof types / sizeof types[0])

/* Short forms IOS itself prints or accepts where the prefix rule is ambiguous. */
static const struct { const char *abbr; const char *name; } shorts[] = {
	{ "vi", "Virtual-Access" },
	{ "vt", "Virtual-Template" },
	{ "t", "Tunnel" },
	{ "te", "TenGigabitEthernet" },
	{ "nu", "Null" },
};

static const struct iftype *find_type(const char *word, size_t n)
{
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
		if (strlen(shorts[i].abbr) == n && !strncasecmp(word, shorts[i].abbr, n))
			word = shorts[i].name, n = strlen(word);
	const struct iftype *hit = NULL;
	for (size_t i = 0; i < NTYPES; i++) {
		if (strlen(types[i].name) == n && !strncasecmp(types[i].name, word, n))
			return &types[i];
		if (strlen(types[i].name) > n && !strncasecmp(types[i].name, word, n)) {
			if (hit)
				return NULL;  /* ambiguous */
			hit = &types[i];
		}
	}
	return hit;
}

/* Parse the number part.  Physical: N[/N[/N]][.SUB]; others: one number in
 * [min,max] (Tunnel/Loopback also take .SUB? no: IOS refuses). */
static bool parse_number(const struct iftype *t, const char *s, char *out, size_t outlen)
{
	char tmp[64];
	size_t used = 0;
	int parts = 0;
	bool sub = false;
	const char *p = s;
	if (!*p)
		return false;
	while (*p) {
		if (!isdigit((unsigned char)*p))
			return false;
		char *end;
		unsigned long v = strtoul(p, &end, 10);
		if (end - p > 10)
			return false;
		int w = snprintf(tmp + used, sizeof tmp - used, "%lu", v);
		if (w < 0 || (size_t)w >= sizeof tmp - used)
			return false;
		used += (size_t)w;
		parts++;
		p = end;
		if (t->kind != IFK_PHYSICAL) {
			if (*p || v < t->min || v > t->max)
				return false;
			break;
		}
		if (!*p)
			break;
		if (sub || (*p != '/' && *p != '.'))
			return false;
		if (*p == '.')
			sub = true;
		else if (parts >= 4)
			return false;
		if (used + 1 >= sizeof tmp)
			return false;
		tmp[used++] = *p++;
		tmp[used] = '\0';
		if (!*p)
			return false;
	}
	size_t tl = strlen(t->name);
	if (tl + used + 1 > outlen)
		return false;
	memcpy(out, t->name, tl);
	memcpy(out + tl, tmp, used + 1);
	return true;
}

bool ifname_canonical(const char *name, const char *number, char *out, size_t outlen)
{
	if (!name)
		return false;
	size_t n = 0;
	while (name[n] && !isdigit((unsigned char)name[n]))
		n++;
	const struct iftype *t = find_type(name, n);
	if (!t)
		return false;
	const char *num = name + n;
	if (*num && number && *number)
		return false;
	if (!*num)
		num = number ? number : "";
	char tmp[96];
	if (!parse_number(t, num, tmp, sizeof tmp))
		return false;
	if (strlen(tmp) + 1 > outlen)
		return false;
	memcpy(out, tmp, strlen(tmp) + 1);
	return true;
}

static const struct iftype *type_of(const char *canon)
{
	size_t n = 0;
	while (canon[n] && !isdigit((unsigned char)canon[n]))
		n++;
	for (size_t i = 0; i < NTYPES; i++)
		if (strlen(types[i].name) == n && !strncmp(types[i].name, canon, n))
			return &types[i];
	return NULL;
}

enum if_kind ifname_kind(const char *canon)
{
	const struct iftype *t = type_of(canon);
	return t ? t->kind : IFK_NONE;
}

bool ifname_is_subif(const char *canon)
{
	return strchr(canon, '.') != NULL;
}

void ifname_sortkey(const char *canon, char *out, size_t outlen)
{
	const struct iftype *t = type_of(canon);
	size_t used;
	int w = snprintf(out, outlen, "%d %s ", t ? t->rank : 9, t ? t->name : "");
	if (w < 0 || (size_t)w >= outlen)
		return;
	used = (size_t)w;
	const char *p = canon + (t ? strlen(t->name) : 0);
	while (*p && used + 12 < outlen) {
		if (isdigit((unsigned char)*p)) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);
			used += (size_t)snprintf(out + used, outlen - used, "%010lu", v);
			p = end;
		} else {
			out[used++] = *p++;
			out[used] = '\0';
		}
	}
}

/* TAB on a partial interface name: "gi" -> "GigabitEthernet", keeping any
 * number typed after the letters ("gi2" -> "GigabitEthernet2"). */
bool ifname_complete(const char *partial, char *out, size_t outlen)
{
	size_t letters = 0;
	while (partial[letters] && !(partial[letters] >= '0' && partial[letters] <= '9'))
		letters++;
	const struct iftype *t = find_type(partial, letters);
	if (!t)
		return false;
	int n = snprintf(out, outlen, "%s%s", t->name, partial + letters);
	return n > 0 && (size_t)n < outlen;
}
