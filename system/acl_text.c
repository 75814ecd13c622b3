/* Access-list entry text: port names and the one-line form of an entry. */
#include "acl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct port { const char *name; int port; };

/* IOS's port keywords (`permit tcp any any eq ?`). */
static const struct port tcp_ports[] = {
	{ "bgp", 179 }, { "chargen", 19 }, { "cmd", 514 }, { "daytime", 13 },
	{ "discard", 9 }, { "domain", 53 }, { "echo", 7 }, { "exec", 512 },
	{ "finger", 79 }, { "ftp", 21 }, { "ftp-data", 20 }, { "gopher", 70 },
	{ "hostname", 101 }, { "ident", 113 }, { "irc", 194 }, { "klogin", 543 },
	{ "kshell", 544 }, { "login", 513 }, { "lpd", 515 }, { "msrpc", 135 },
	{ "nntp", 119 }, { "pim-auto-rp", 496 }, { "pop2", 109 }, { "pop3", 110 },
	{ "smtp", 25 }, { "sunrpc", 111 }, { "tacacs", 49 }, { "talk", 517 },
	{ "telnet", 23 }, { "time", 37 }, { "uucp", 540 }, { "whois", 43 },
	{ "www", 80 }, { NULL, 0 },
};
static const struct port udp_ports[] = {
	{ "biff", 512 }, { "bootpc", 68 }, { "bootps", 67 }, { "discard", 9 },
	{ "dnsix", 195 }, { "domain", 53 }, { "echo", 7 }, { "isakmp", 500 },
	{ "mobile-ip", 434 }, { "nameserver", 42 }, { "netbios-dgm", 138 },
	{ "netbios-ns", 137 }, { "netbios-ss", 139 }, { "non500-isakmp", 4500 },
	{ "ntp", 123 }, { "pim-auto-rp", 496 }, { "rip", 520 }, { "ripv6", 521 },
	{ "snmp", 161 }, { "snmptrap", 162 }, { "sunrpc", 111 }, { "syslog", 514 },
	{ "tacacs", 49 }, { "talk", 517 }, { "tftp", 69 }, { "time", 37 },
	{ "who", 513 }, { "xdmcp", 177 }, { NULL, 0 },
};

static const struct port *table(const char *proto)
{
	if (!proto)
		return NULL;
	if (!strcmp(proto, "tcp"))
		return tcp_ports;
	if (!strcmp(proto, "udp"))
		return udp_ports;
	return NULL;
}

int acl_port_parse(const char *proto, const char *word)
{
	if (!word || !*word)
		return -1;
	if (isdigit((unsigned char)word[0])) {
		char *end;
		long v = strtol(word, &end, 10);
		return (*end || v < 0 || v > 65535) ? -1 : (int)v;
	}
	const struct port *t = table(proto);
	if (!t)
		return -1;
	/* unique prefix, exact match wins */
	const struct port *hit = NULL;
	size_t n = strlen(word);
	for (; t->name; t++) {
		if (!strcmp(t->name, word))
			return t->port;
		if (!strncmp(t->name, word, n)) {
			if (hit)
				return -1;
			hit = t;
		}
	}
	return hit ? hit->port : -1;
}

const char *acl_port_name(const char *proto, int port)
{
	const struct port *t = table(proto);
	for (; t && t->name; t++)
		if (t->port == port)
			return t->name;
	return NULL;
}

static void port_text(struct buf *b, const char *proto, const char *op, long long p1, long long p2)
{
	if (!op || !*op)
		return;
	const char *n1 = acl_port_name(proto, (int)p1);
	buf_printf(b, " %s ", op);
	if (n1)
		buf_puts(b, n1);
	else
		buf_printf(b, "%lld", p1);
	if (!strcmp(op, "range")) {
		const char *n2 = acl_port_name(proto, (int)p2);
		if (n2)
			buf_printf(b, " %s", n2);
		else
			buf_printf(b, " %lld", p2);
	}
}

static void addr_text(struct buf *b, bool standard, bool show, const char *addr, const char *wc)
{
	if (!strcmp(wc, "255.255.255.255"))
		buf_puts(b, " any");
	else if (!strcmp(wc, "0.0.0.0"))
		buf_printf(b, standard ? " %s" : " host %s", addr);
	else if (standard && show)
		buf_printf(b, " %s, wildcard bits %s", addr, wc);
	else
		buf_printf(b, " %s %s", addr, wc);
}

void acl_ace_text(struct buf *b, const char *kind, bool show, const char *action,
		  const char *proto, const char *src, const char *src_wc, const char *src_op,
		  long long sp1, long long sp2, const char *dst, const char *dst_wc,
		  const char *dst_op, long long dp1, long long dp2, bool established, bool log)
{
	bool standard = !strcmp(kind, "standard");
	/* IOS pads "deny" to the width of "permit": "deny   any" */
	buf_puts(b, strcmp(action, "deny") ? action : "deny  ");
	if (!standard)
		buf_printf(b, " %s", proto);
	addr_text(b, standard, show, src, src_wc);
	if (!standard) {
		port_text(b, proto, src_op, sp1, sp2);
		addr_text(b, false, show, dst, dst_wc);
		port_text(b, proto, dst_op, dp1, dp2);
		if (established)
			buf_puts(b, " established");
	}
	if (log)
		buf_puts(b, " log");
}
