/*
 * AAA and RADIUS debugging (aaa_debug.h).  A packet looks as on IOS:
 *   RADIUS: Send Access-Request to 198.51.100.2:1812 id 40112/7, len 77
 *   RADIUS:  authenticator 1B 5A 0C 77 - 9D 41 D7 06 - 3E 91 25 57 - 66 C8 10 2F
 *   RADIUS:  User-Name           [1]   7   "alice"
 *   RADIUS:  User-Password       [2]   18  *
 *   RADIUS:  Service-Type        [6]   6   Login                     [1]
 *   RADIUS:  Vendor, Cisco       [26]  25
 *   RADIUS:   Cisco AVpair       [1]   19  "shell:priv-lvl=15"
 */
#include "aaa/aaa_debug.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "cli/module.h"
#include "aaa/radius_pkt.h"
#include "base/log.h"

unsigned aaa_debug_flags;

void aaa_debug(unsigned kind, const char *fmt, ...)
{
	if (!aaa_debug_on(kind))
		return;
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	log_debug("%s", text);
}

/* ---- packets ---- */

enum vkind { V_STR, V_INT, V_ADDR, V_HEX, V_SECRET };

static const struct attr_name {
	uint8_t type;
	const char *name;
	enum vkind kind;
} attr_names[] = {
	{ 1, "User-Name", V_STR },           { 2, "User-Password", V_SECRET },
	{ 3, "CHAP-Password", V_SECRET },     { 4, "NAS-IP-Address", V_ADDR },
	{ 5, "NAS-Port", V_INT },             { 6, "Service-Type", V_INT },
	{ 7, "Framed-Protocol", V_INT },      { 8, "Framed-IP-Address", V_ADDR },
	{ 9, "Framed-IP-Netmask", V_ADDR },   { 11, "Filter-Id", V_STR },
	{ 18, "Reply-Message", V_STR },       { 22, "Framed-Route", V_STR },
	{ 24, "State", V_HEX },               { 25, "Class", V_HEX },
	{ 27, "Session-Timeout", V_INT },     { 28, "Idle-Timeout", V_INT },
	{ 30, "Called-Station-Id", V_STR },   { 31, "Calling-Station-Id", V_STR },
	{ 32, "NAS-Identifier", V_STR },      { 40, "Acct-Status-Type", V_INT },
	{ 41, "Acct-Delay-Time", V_INT },     { 42, "Acct-Input-Octets", V_INT },
	{ 43, "Acct-Output-Octets", V_INT },  { 44, "Acct-Session-Id", V_STR },
	{ 45, "Acct-Authentic", V_INT },      { 46, "Acct-Session-Time", V_INT },
	{ 47, "Acct-Input-Packets", V_INT },  { 48, "Acct-Output-Packets", V_INT },
	{ 49, "Acct-Terminate-Cause", V_INT },{ 52, "Acct-Input-Gigawords", V_INT },
	{ 53, "Acct-Output-Gigawords", V_INT },{ 55, "Event-Timestamp", V_INT },
	{ 61, "NAS-Port-Type", V_INT },       { 64, "Tunnel-Type", V_HEX },
	{ 69, "Tunnel-Password", V_SECRET },  { 79, "EAP-Message", V_HEX },
	{ 80, "Message-Authenticato", V_HEX },{ 87, "NAS-Port-Id", V_STR },
	{ 88, "Framed-Pool", V_STR },
};

static const char *int_name(uint8_t type, uint32_t v)
{
	static const char *service[] = { NULL, "Login", "Framed", "Callback Login", "Callback Framed",
					 "Outbound", "Administrative" };
	static const char *status[] = { NULL, "Start", "Stop", "Interim-Update", NULL, NULL, NULL, "Accounting-On",
					"Accounting-Off" };
	if (type == 6 && v < sizeof service / sizeof *service)
		return service[v];
	if (type == 40 && v < sizeof status / sizeof *status)
		return status[v];
	if (type == 61 && v == 5)
		return "Virtual";
	return NULL;
}

static const char *code_name(uint8_t code)
{
	switch (code) {
	case 1: return "Access-Request";
	case 2: return "Access-Accept";
	case 3: return "Access-Reject";
	case 4: return "Accounting-Request";
	case 5: return "Accounting-Response";
	case 11: return "Access-Challenge";
	default: return "Unknown";
	}
}

/* Printable, quoted, cut at 60 characters; else hex. */
static void value_text(const uint8_t *v, size_t len, enum vkind kind, uint8_t type, char *out, size_t outlen)
{
	size_t o = 0;
	out[0] = '\0';
	switch (kind) {
	case V_SECRET:
		snprintf(out, outlen, "*");
		return;
	case V_ADDR:
		if (len == 4)
			snprintf(out, outlen, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
		return;
	case V_INT:
		if (len == 4) {
			uint32_t n = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
			const char *nm = int_name(type, n);
			if (nm)
				snprintf(out, outlen, "%-25s [%u]", nm, n);
			else
				snprintf(out, outlen, "%u", n);
		}
		return;
	case V_STR: {
		bool printable = true;
		for (size_t i = 0; i < len; i++)
			printable &= isprint(v[i]) != 0;
		if (printable) {
			snprintf(out, outlen, "\"%.*s\"", (int)(len > 60 ? 60 : len), (const char *)v);
			return;
		}
	}
		/* fall through */
	case V_HEX:
		for (size_t i = 0; i < len && i < 16 && o + 4 < outlen; i++)
			o += (size_t)snprintf(out + o, outlen - o, "%s%02X", i ? " " : "", v[i]);
		if (len > 16 && o + 4 < outlen)
			snprintf(out + o, outlen - o, " ...");
		return;
	}
}

/* EAP-Message: the EAP header of the first fragment decoded, never the
 * type-data (an EAP-GTC Response is the password in the clear; MD5 and
 * MSCHAPv2 answers are password-derived) except an Identity; later
 * fragments as "(continued)". */
static void eap_text(const uint8_t *v, size_t len, bool first, char *out, size_t outlen)
{
	static const char *const codes[] = { "?", "Request", "Response", "Success", "Failure" };
	if (!first || len < 4) {
		snprintf(out, outlen, "(continued)");
		return;
	}
	unsigned elen = (unsigned)v[2] << 8 | v[3];
	const char *code = v[0] >= 1 && v[0] <= 4 ? codes[v[0]] : "?";
	if (len < 5 || v[0] > 2) {
		snprintf(out, outlen, "EAP %s id %u len %u", code, v[1], elen);
		return;
	}
	const char *tn;
	switch (v[4]) {
	case 1: tn = "Identity"; break;
	case 3: tn = "Nak"; break;
	case 4: tn = "MD5"; break;
	case 6: tn = "GTC"; break;
	case 13: tn = "TLS"; break;
	case 21: tn = "TTLS"; break;
	case 25: tn = "PEAP"; break;
	case 26: tn = "MSCHAPv2"; break;
	case 254: tn = "Expanded"; break;
	default: tn = NULL;
	}
	char t[16];
	if (!tn) {
		snprintf(t, sizeof t, "type %u", v[4]);
		tn = t;
	}
	size_t o = (size_t)snprintf(out, outlen, "EAP %s id %u len %u %s", code, v[1], elen, tn);
	if (v[4] == 1 && v[0] == 2 && o < outlen) {
		size_t n = len - 5 > 60 ? 60 : len - 5;
		bool printable = true;
		for (size_t i = 0; i < n; i++)
			printable &= isprint(v[5 + i]) != 0;
		if (printable)
			snprintf(out + o, outlen - o, " \"%.*s\"", (int)n, (const char *)v + 5);
	}
}

static void dump_attr(uint8_t type, const uint8_t *v, size_t len, bool *eap_seen)
{
	char val[200], name[32];
	if (type == 79 /* EAP-Message */) {
		eap_text(v, len, !*eap_seen, val, sizeof val);
		*eap_seen = true;
		log_debug("RADIUS:  %-20s[%u]%*s%-4zu%s", "EAP-Message", type, 2, "", len + 2, val);
		return;
	}
	enum vkind kind = V_HEX;
	snprintf(name, sizeof name, "Unknown");
	for (size_t i = 0; i < sizeof attr_names / sizeof *attr_names; i++)
		if (attr_names[i].type == type) {
			snprintf(name, sizeof name, "%s", attr_names[i].name);
			kind = attr_names[i].kind;
		}
	if (type == RADIUS_A_VENDOR_SPECIFIC && len >= 6) {
		uint32_t vendor = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
		log_debug("RADIUS:  %-20s[%u]%*s%-4zu", vendor == 9 ? "Vendor, Cisco" : vendor == 311 ? "Vendor, Microsoft" : "Vendor",
			  type, type < 10 ? 3 : 2, "", len + 2);
		/* the sub-attributes: vendor type, length, value */
		for (size_t o = 4; o + 2 <= len;) {
			uint8_t vt = v[o], vl = v[o + 1];
			if (vl < 2 || o + vl > len)
				break;
			const char *vn = vendor == 9 && vt == 1 ? "Cisco AVpair" : vendor == 311 && (vt == 16 || vt == 17)
						? (vt == 16 ? "MS-MPPE-Send-Key" : "MS-MPPE-Recv-Key") : "Vendor attribute";
			enum vkind vk = vendor == 9 && vt == 1 ? V_STR : vendor == 311 ? V_SECRET : V_HEX;
			value_text(v + o + 2, vl - 2u, vk, 0, val, sizeof val);
			log_debug("RADIUS:   %-19s[%u]%*s%-4u%s", vn, vt, vt < 10 ? 3 : 2, "", vl, val);
			o += vl;
		}
		return;
	}
	value_text(v, len, kind, type, val, sizeof val);
	log_debug("RADIUS:  %-20s[%u]%*s%-4zu%s", name, type, type < 10 ? 3 : 2, "", len + 2, val);
}

void radius_debug_packet(bool out, const struct sockaddr_in *srv, unsigned sport, const uint8_t *pkt,
			 size_t len)
{
	if (len < RADIUS_HDR_LEN)
		return;
	bool acct = pkt[0] == RADIUS_ACCOUNTING_REQUEST || pkt[0] == RADIUS_ACCOUNTING_RESPONSE;
	if (!aaa_debug_on(acct ? AAA_DBG_RADIUS_ACCT : AAA_DBG_RADIUS_AUTH))
		return;
	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &srv->sin_addr, ip, sizeof ip);
	if (out)
		log_debug("RADIUS: Send %s to %s:%u id %u/%u, len %zu", code_name(pkt[0]), ip, ntohs(srv->sin_port),
			  sport, pkt[1], len);
	else
		log_debug("RADIUS: Received from id %u/%u %s:%u, %s, len %zu", sport, pkt[1], ip, ntohs(srv->sin_port),
			  code_name(pkt[0]), len);
	const uint8_t *a = pkt + 4;
	log_debug("RADIUS:  authenticator %02X %02X %02X %02X - %02X %02X %02X %02X - %02X %02X %02X %02X - "
		  "%02X %02X %02X %02X", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
		  a[12], a[13], a[14], a[15]);
	if (radius_pkt_check(pkt, len) < 0) {
		log_debug("RADIUS:  malformed attributes");
		return;
	}
	struct radius_attr_iter it;
	uint8_t type;
	const uint8_t *v;
	size_t vlen;
	radius_attr_iter_init(&it, pkt, len);
	bool eap_seen = false;
	while (radius_attr_next(&it, &type, &v, &vlen))
		dump_attr(type, v, vlen, &eap_seen);
}

/* ---- commands ---- */

static int set(struct vty *v, bool off, unsigned flags, const char *const lines[])
{
	if (off)
		aaa_debug_flags &= ~flags;
	else
		aaa_debug_flags |= flags;
	for (size_t i = 0; lines[i]; i++)
		vty_out(v, "%s debugging is %s\n", lines[i], off ? "off" : "on");
	return CMD_SUCCESS;
}

static int cmd_debug_radius(struct vty *v, const struct cmd_args *a)
{
	bool off = has(a, "no") || has(a, "undebug");
	unsigned flags = has(a, "authentication") ? AAA_DBG_RADIUS_AUTH
			 : has(a, "accounting")   ? AAA_DBG_RADIUS_ACCT
						  : AAA_DBG_RADIUS_AUTH | AAA_DBG_RADIUS_ACCT;
	static const char *const lines[] = { "Radius protocol", "Radius packet protocol", NULL };
	return set(v, off, flags, lines);
}

static int cmd_debug_aaa(struct vty *v, const struct cmd_args *a)
{
	bool off = has(a, "no") || has(a, "undebug");
	static const char *const authen[] = { "AAA Authentication", NULL };
	static const char *const author[] = { "AAA Authorization", NULL };
	static const char *const acct[] = { "AAA Accounting", NULL };
	if (has(a, "authentication"))
		return set(v, off, AAA_DBG_AUTHEN, authen);
	if (has(a, "authorization"))
		return set(v, off, AAA_DBG_AUTHOR, author);
	return set(v, off, AAA_DBG_ACCT, acct);
}

void aaa_debug_show(struct vty *v)
{
	if (aaa_debug_flags & (AAA_DBG_AUTHEN | AAA_DBG_AUTHOR | AAA_DBG_ACCT)) {
		vty_out(v, "General OS:\n");
		if (aaa_debug_flags & AAA_DBG_AUTHEN)
			vty_out(v, "  AAA Authentication debugging is on\n");
		if (aaa_debug_flags & AAA_DBG_AUTHOR)
			vty_out(v, "  AAA Authorization debugging is on\n");
		if (aaa_debug_flags & AAA_DBG_ACCT)
			vty_out(v, "  AAA Accounting debugging is on\n");
	}
	if (aaa_debug_flags & (AAA_DBG_RADIUS_AUTH | AAA_DBG_RADIUS_ACCT)) {
		vty_out(v, "Radius protocol debugging is on\n");
		if ((aaa_debug_flags & AAA_DBG_RADIUS_AUTH) && !(aaa_debug_flags & AAA_DBG_RADIUS_ACCT))
			vty_out(v, "Radius protocol authentication debugging is on\n");
		if ((aaa_debug_flags & AAA_DBG_RADIUS_ACCT) && !(aaa_debug_flags & AAA_DBG_RADIUS_AUTH))
			vty_out(v, "Radius protocol accounting debugging is on\n");
		vty_out(v, "Radius packet protocol debugging is on\n");
	}
}

void aaa_debug_off(void)
{
	aaa_debug_flags = 0;
}

#define EXEC MODE_BIT(MODE_EXEC)
#define H_DEBUG "Debugging functions (see also 'undebug')\n"
#define H_UNDEBUG "Disable debugging functions (see also 'debug')\n"
#define H_NO "Negate a command or set its defaults\n"
#define H_RADIUS "RADIUS protocol\nRADIUS authentication debugging\nRADIUS accounting debugging"
#define H_AAA "AAA Authentication, Authorization and Accounting\nAAA Authentication\nAAA Authorization\nAAA Accounting"
static const struct cmd_def cmds[] = {
	{ EXEC, "debug radius [{authentication|accounting}]", H_DEBUG H_RADIUS, cmd_debug_radius, 0, PRIV_ENABLE, 0 },
	{ EXEC, "no debug radius [{authentication|accounting}]", H_NO H_DEBUG H_RADIUS, cmd_debug_radius, 0,
	  PRIV_ENABLE, 0 },
	{ EXEC, "undebug radius [{authentication|accounting}]", H_UNDEBUG H_RADIUS, cmd_debug_radius, 0,
	  PRIV_ENABLE, 0 },
	{ EXEC, "debug aaa {authentication|authorization|accounting}", H_DEBUG H_AAA, cmd_debug_aaa, 0,
	  PRIV_ENABLE, 0 },
	{ EXEC, "no debug aaa {authentication|authorization|accounting}", H_NO H_DEBUG H_AAA, cmd_debug_aaa, 0,
	  PRIV_ENABLE, 0 },
	{ EXEC, "undebug aaa {authentication|authorization|accounting}", H_UNDEBUG H_AAA, cmd_debug_aaa, 0,
	  PRIV_ENABLE, 0 },
};

const struct module aaa_debug_module = {
	.name = "aaa-debug",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
