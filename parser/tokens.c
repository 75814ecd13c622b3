/*
 * Token type checks: does a typed word fit a variable's type?
 * All checks take (pointer, length): words are not NUL-terminated in the line.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "parser/parser_int.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_xdigit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Optional '-', then 1+ decimal digits; no overflow. */
static bool parse_ll(const char *w, size_t len, long long *out)
{
	size_t i = 0;
	bool neg = false;
	unsigned long long v = 0, lim;

	if (len && w[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i >= len)
		return false;
	lim = neg ? (unsigned long long)LLONG_MAX + 1ull : (unsigned long long)LLONG_MAX;
	for (; i < len; i++) {
		unsigned d;
		if (!is_digit(w[i]))
			return false;
		d = (unsigned)(w[i] - '0');
		if (v > (lim - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1ull ? LLONG_MIN : -(long long)v;
	else
		*out = (long long)v;
	return true;
}

/* "<lo-hi>" */
bool tok_parse_range(const char *spec, size_t len, long long *lo, long long *hi)
{
	size_t i;

	if (len < 5 || spec[0] != '<' || spec[len - 1] != '>')
		return false;
	/* the separating '-' is the first '-' after the first digit */
	for (i = 2; i < len - 2; i++)
		if (spec[i] == '-' && is_digit(spec[i - 1]))
			break;
	if (i >= len - 2)
		return false;
	if (!parse_ll(spec + 1, i - 1, lo) || !parse_ll(spec + i + 1, len - 2 - i, hi))
		return false;
	return *lo <= *hi;
}

/* 0..max, 1-3 digits */
static bool small_num(const char *w, size_t len, unsigned max)
{
	unsigned v = 0;

	if (len == 0 || len > 3)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(w[i]))
			return false;
		v = v * 10 + (unsigned)(w[i] - '0');
	}
	return v <= max;
}

static bool ipv4_ok(const char *w, size_t len)
{
	size_t start = 0;
	int parts = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || w[i] == '.') {
			if (!small_num(w + start, i - start, 255))
				return false;
			parts++;
			start = i + 1;
		}
	}
	return parts == 4;
}

static bool ipv6_ok(const char *w, size_t len)
{
	char buf[INET6_ADDRSTRLEN + 1];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, w, len);
	buf[len] = 0;
	return inet_pton(AF_INET6, buf, addr) == 1;
}

static bool prefix_ok(const char *w, size_t len, bool v6)
{
	const char *slash = memchr(w, '/', len);
	size_t alen;

	if (!slash)
		return false;
	alen = (size_t)(slash - w);
	if (!small_num(slash + 1, len - alen - 1, v6 ? 128 : 32))
		return false;
	return v6 ? ipv6_ok(w, alen) : ipv4_ok(w, alen);
}

bool tok_accepts_n(int type, long long lo, long long hi, const char *w, size_t len)
{
	long long v;
	size_t i = 0;

	if (len == 0)
		return false;
	switch (type) {
	case T_WORD:
	case T_LINE:
		return true;
	case T_HEX:
		if (len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
			i = 2;
		for (; i < len; i++)
			if (!is_xdigit(w[i]))
				return false;
		return true;
	case T_RANGE:
		return parse_ll(w, len, &v) && v >= lo && v <= hi;
	case T_IPV4:
		return ipv4_ok(w, len);
	case T_IPV4_PREFIX:
		return prefix_ok(w, len, false);
	case T_IPV6:
		return ipv6_ok(w, len);
	case T_IPV6_PREFIX:
		return prefix_ok(w, len, true);
	default:
		return false;
	}
}

bool tok_is_specific(int type)
{
	return type != T_WORD && type != T_LINE && type != T_KEYWORD;
}

bool token_accepts(enum tok_type t, const char *spec, const char *word)
{
	long long lo = 0, hi = 0;
	size_t len;

	if (!word)
		return false;
	len = strlen(word);
	if (t == T_KEYWORD)
		return spec && len > 0 && len <= strlen(spec) && strncasecmp(spec, word, len) == 0;
	if (t == T_RANGE && (!spec || !tok_parse_range(spec, strlen(spec), &lo, &hi)))
		return false;
	return tok_accepts_n(t, lo, hi, word, len);
}
