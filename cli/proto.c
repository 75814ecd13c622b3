#include "proto.h"

#include "base/buf.h"

void proto_frame(struct buf *b, int type, const char *payload, size_t len)
{
	char hdr[5] = { (char)type, (char)(len >> 24), (char)(len >> 16), (char)(len >> 8), (char)len };
	buf_add(b, hdr, 5);
	buf_add(b, payload ? payload : "", len);
}

int proto_parse(const char *data, size_t len, int *type, const char **payload,
		size_t *plen, size_t *used)
{
	if (len < 5)
		return 0;
	const unsigned char *u = (const unsigned char *)data;
	size_t n = ((size_t)u[1] << 24) | ((size_t)u[2] << 16) | ((size_t)u[3] << 8) | u[4];
	if (n > PROTO_MAX_FRAME)
		return -1;
	if (len < 5 + n)
		return 0;
	*type = data[0];
	*payload = data + 5;
	*plen = n;
	*used = 5 + n;
	return 1;
}
