/* RFC 1071 sums, eight octets at a time (see inet_csum.h). */
#include "inet_csum.h"

#include <arpa/inet.h>
#include <string.h>

uint16_t inet_fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

uint64_t inet_sum(const uint8_t *p, size_t len, uint64_t s)
{
	uint64_t n = 0; /* native-order sum: each step adds < 2^33, packets are < 2^17 octets */
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		n += (w & 0xffffffffu) + (w >> 32);
	}
	for (; len >= 2; p += 2, len -= 2) {
		uint16_t w;
		memcpy(&w, p, 2);
		n += w;
	}
	if (len) {
		uint8_t last[2] = { p[0], 0 }; /* padded with a zero octet */
		uint16_t w;
		memcpy(&w, last, 2);
		n += w;
	}
	return s + ntohs(inet_fold(n));
}
