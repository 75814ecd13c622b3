/* Small helpers shared by the aaa/ command files. */
#include "aaa/aaa_cmds.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "interface/ifname.h"
#include "running-config/store.h"

bool aaa_new_model(void)
{
	long long on = 0;
	return db_get_int(&on, "SELECT new_model FROM aaa_global WHERE id=1", "") && on;
}

int aaa_require_new_model(struct vty *v)
{
	if (aaa_new_model())
		return CMD_SUCCESS;
	/* IOS hides these keywords until `aaa new-model`; say so plainly. */
	return vty_error(v, "AAA is not enabled: configure \"aaa new-model\" first");
}

int aaa_key_type(const struct cmd_args *a)
{
	const char *t = arg(a, "KT");
	return t ? atoi(t) : 0;
}

void aaa_render_key(struct buf *b, const char *kw, int type, const char *key)
{
	if (type)
		buf_printf(b, " %s %d %s", kw, type, key);
	else
		buf_printf(b, " %s %s", kw, key);
}

bool aaa_ipv4(const char *s, uint32_t *out)
{
	struct in_addr in;
	if (!s || inet_pton(AF_INET, s, &in) != 1)
		return false;
	*out = ntohl(in.s_addr);
	return true;
}

bool aaa_ifname(const struct cmd_args *a, char *out, size_t outlen)
{
	return ifname_canonical(arg(a, "IFNAME") ? arg(a, "IFNAME") : "", arg(a, "IFNUM"), out, outlen);
}

long long aaa_next_seq(const char *sql, const char *types, const char *key)
{
	long long n = 0;
	if (!db_get_int(&n, sql, types, key))
		n = 0;
	return n + 1;
}
