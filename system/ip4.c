#include "ip4.h"

#include <arpa/inet.h>
#include <stdio.h>

bool ip4_parse(const char *s, uint32_t *out)
{
	struct in_addr a;
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return false;
	*out = ntohl(a.s_addr);
	return true;
}

const char *ip4_fmt(uint32_t v, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", (v >> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
	return buf;
}

bool ip4_mask_ok(uint32_t m)
{
	uint32_t inv = ~m;
	return (inv & (inv + 1)) == 0;
}

int ip4_mask_len(uint32_t m)
{
	int n = 0;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

bool ip4_canon(const char *s, char *buf)
{
	uint32_t v;
	if (!ip4_parse(s, &v))
		return false;
	ip4_fmt(v, buf);
	return true;
}
