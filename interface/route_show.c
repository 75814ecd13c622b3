/* show ip route: connected and local routes of the configured interfaces,
 * `ip route` statics (those through a protected tunnel only while it is
 * up), and the host routes of the Virtual-Access sessions, in IOS's
 * classful grouping. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "if_cmds.h"
#include "ipsec/tunnel_bind.h"
#include "system/ip4.h"
#include "vaccess.h"

struct rt {
	uint32_t net;       /* host order */
	int plen;
	char code[4];
	char text[160];     /* after the prefix */
};

struct rtab {
	struct rt *r;
	size_t n, cap;
};

static void add(struct rtab *t, uint32_t net, int plen, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct rtab *t, uint32_t net, int plen, const char *code, const char *fmt, ...)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct rt *r = realloc(t->r, cap * sizeof *r);
		if (!r)
			return;
		t->r = r;
		t->cap = cap;
	}
	struct rt *e = &t->r[t->n++];
	e->net = net;
	e->plen = plen;
	snprintf(e->code, sizeof e->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof e->text, fmt, ap);
	va_end(ap);
}

static uint32_t mask_of(int plen)
{
	return plen ? 0xffffffffu << (32 - plen) : 0;
}

static int classful(uint32_t a)
{
	if (a < 0x80000000u)
		return 8;
	if (a < 0xc0000000u)
		return 16;
	return 24;
}

static int cmp(const void *x, const void *y)
{
	const struct rt *a = x, *b = y;
	if (a->net != b->net)
		return a->net < b->net ? -1 : 1;
	return a->plen - b->plen;
}

/* Is a static route's interface usable (exists; a protected tunnel: up)? */
static bool if_usable(const char *ifn)
{
	if (!*ifn)
		return true;
	if (ifname_kind(ifn) == IFK_VACCESS)
		return vaccess_get((unsigned)atoi(ifn + strlen("Virtual-Access")), &(struct vaccess_info){ 0 });
	sqlite3_stmt *st = db_query("SELECT kind, shutdown, tun_profile, tun_mode FROM if_interface WHERE name = ?", "s", ifn);
	if (!db_row(st))
		return false;
	bool ok = !db_col_int(st, 1);
	if (ok && !strcmp(db_col_text(st, 0), "tunnel") && !db_col_null(st, 2) &&
	    !strncmp(db_col_text(st, 3), "ipsec", 5)) { /* sVTI: up with its session */
		struct tunnel_bind_info ti;
		tunnel_bind_info(ifn, &ti);
		ok = ti.up;
	}
	db_done(st);
	return ok;
}

static void connected(struct rtab *t)
{
	sqlite3_stmt *st = db_query("SELECT name, ip_address, ip_mask FROM if_interface WHERE ip_mode = 'static' "
				    "AND shutdown = 0 UNION ALL SELECT s.ifname, s.address, s.mask FROM if_secondary s "
				    "JOIN if_interface i ON i.name = s.ifname WHERE i.shutdown = 0", NULL);
	while (db_row(st)) {
		uint32_t a, m;
		if (!ip4_parse(db_col_text(st, 1), &a) || !ip4_parse(db_col_text(st, 2), &m))
			continue;
		int plen = ip4_mask_len(m);
		const char *ifn = db_col_text(st, 0);
		if (!if_usable(ifn) || ifname_kind(ifn) == IFK_VTEMPLATE)
			continue;
		add(t, a & m, plen, "C", "is directly connected, %s", ifn);
		if (plen < 32)
			add(t, a, 32, "L", "is directly connected, %s", ifn);
	}
}

static void statics(struct rtab *t)
{
	sqlite3_stmt *st = db_query("SELECT prefix, mask, ifname, nexthop, distance FROM sys_route WHERE vrf = '' "
				    "ORDER BY rowid", NULL);
	while (db_row(st)) {
		uint32_t a, m;
		if (!ip4_parse(db_col_text(st, 0), &a) || !ip4_parse(db_col_text(st, 1), &m))
			continue;
		const char *ifn = db_col_text(st, 2), *nh = db_col_text(st, 3);
		if (!if_usable(ifn))
			continue;
		int plen = ip4_mask_len(m);
		const char *code = plen == 0 ? "S*" : "S";
		long long dist = db_col_null(st, 4) ? 1 : db_col_int(st, 4);
		if (*nh && *ifn)
			add(t, a & m, plen, code, "[%lld/0] via %s, %s", dist, nh, ifn);
		else if (*nh)
			add(t, a & m, plen, code, "[%lld/0] via %s", dist, nh);
		else
			add(t, a & m, plen, code, "is directly connected, %s", ifn);
	}
}

static void sessions(struct rtab *t)
{
	struct vaccess_info va;
	for (unsigned n = 0; vaccess_next(n, &va); n = va.num)
		if (va.addr4)
			add(t, va.addr4, 32, "S", "is directly connected, Virtual-Access%u", va.num);
}

static const char *ip(uint32_t a, char *buf)
{
	return ip4_fmt(a, buf);
}

/* Any default route sets the gateway of last resort. */
static void gateway(struct buf *b, const struct rtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->r[i].plen == 0) {
			const char *via = strstr(t->r[i].text, " via ");
			char nh[16] = "";
			if (via)
				sscanf(via + 5, "%15[0-9.]", nh);
			if (*nh) {
				buf_printf(b, "Gateway of last resort is %s to network 0.0.0.0\n\n", nh);
				return;
			}
			buf_puts(b, "Gateway of last resort is 0.0.0.0 to network 0.0.0.0\n\n");
			return;
		}
	buf_puts(b, "Gateway of last resort is not set\n\n");
}

int cmd_show_ip_route(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	struct rtab t = { 0 };
	connected(&t);
	statics(&t);
	sessions(&t);
	qsort(t.r, t.n, sizeof *t.r, cmp);
	struct buf b = BUF_INIT;
	buf_puts(&b, "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
		     "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
		     "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
		     "       E1 - OSPF external type 1, E2 - OSPF external type 2, m - OMP\n"
		     "       n - NAT, Ni - NAT inside, No - NAT outside, Nd - NAT DIA\n"
		     "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
		     "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
		     "       H - NHRP, G - NHRP registered, g - NHRP registration summary\n"
		     "       o - ODR, P - periodic downloaded static route, l - LISP\n"
		     "       a - application route\n"
		     "       + - replicated route, % - next hop override, p - overrides from PfR\n"
		     "       & - replicated local route overrides by connected\n\n");
	gateway(&b, &t);
	char s[16];
	for (size_t i = 0; i < t.n;) {
		const struct rt *r = &t.r[i];
		int cl = classful(r->net);
		if (r->plen < cl) { /* a supernet (the default route): no heading */
			buf_printf(&b, "%-6s%s/%d %s\n", r->code, ip(r->net, s), r->plen, r->text);
			i++;
			continue;
		}
		/* one major network: with subnets under its heading, else alone */
		uint32_t major = r->net & mask_of(cl);
		size_t j = i, nsub = 0;
		unsigned masks = 0;
		int lens[33] = { 0 }, sublen = cl;
		uint32_t prev_net = 0;
		int prev_len = -1;
		for (; j < t.n && (t.r[j].net & mask_of(cl)) == major && t.r[j].plen >= cl; j++) {
			if (t.r[j].net != prev_net || t.r[j].plen != prev_len)
				nsub++;
			prev_net = t.r[j].net;
			prev_len = t.r[j].plen;
			if (!lens[t.r[j].plen]++)
				masks++;
			if (t.r[j].plen > cl)
				sublen = t.r[j].plen;
		}
		if (sublen == cl) {
			for (; i < j; i++)
				buf_printf(&b, "%-6s%s/%d %s\n", t.r[i].code, ip(t.r[i].net, s), t.r[i].plen, t.r[i].text);
			continue;
		}
		if (masks == 1)
			buf_printf(&b, "      %s/%d is subnetted, %zu subnets\n", ip(major, s), sublen, nsub);
		else
			buf_printf(&b, "      %s/%d is variably subnetted, %zu subnets, %u masks\n", ip(major, s), cl,
				   nsub, masks);
		for (; i < j; i++)
			buf_printf(&b, "%-9s%s/%d %s\n", t.r[i].code, ip(t.r[i].net, s), t.r[i].plen, t.r[i].text);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	free(t.r);
	return CMD_SUCCESS;
}
