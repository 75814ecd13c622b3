/*
 * IKEv2 debug output (`debug crypto ikev2 [packet|internal|error]`) and
 * the debug commands.  Lines imitate IOS's:
 *   IKEv2:(SESSION ID = 1,SA ID = 1):Received Packet [From 192.0.2.2:500/To 192.0.2.1:500/VRF i0:f0]
 *   Initiator SPI : ... - Responder SPI : ... Message id: 0 IKEv2 IKE_SA_INIT Exchange REQUEST
 *   Payload contents: SA KE N NOTIFY(NAT_DETECTION_SOURCE_IP) ...
 * (one log line each: the log buffer keeps whole lines).  Only header
 * fields, payload types and notify names are printed, never payload data.
 */
#include "ike_debug.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "cli/module.h"
#include "cli/vty.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "msg.h"

unsigned ike_debug_flags;

bool ike_debug_on(enum ike_debug_kind kind)
{
	return (ike_debug_flags & (kind | IKE_DBG_DEFAULT)) != 0;
}

static void prefix(char *out, size_t len, enum ike_debug_kind kind, const struct ike_sa *s)
{
	const char *tag = kind == IKE_DBG_ERROR ? "IKEv2-ERROR:" : "IKEv2:";
	if (s)
		snprintf(out, len, "%s(SESSION ID = %u,SA ID = 1):", tag, s->id);
	else
		snprintf(out, len, "%s", tag);
}

void ike_debug(enum ike_debug_kind kind, const struct ike_sa *s, const char *fmt, ...)
{
	if (!ike_debug_on(kind))
		return;
	char pre[64], text[400];
	prefix(pre, sizeof pre, kind, s);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	log_debug("%s%s", pre, text);
}

/* "SA KE N NOTIFY(...)" from a payload chain; walks generic headers only,
 * stops at the first bad length (the parser reports those). */
static void payload_list(uint8_t first, const uint8_t *p, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	out[0] = '\0';
	for (uint8_t type = first; type != IKEV2_PL_NONE && o + 1 < outlen;) {
		if (len < 4)
			break;
		size_t plen = (size_t)p[2] << 8 | p[3];
		if (plen < 4 || plen > len)
			break;
		char name[64];
		if (type == IKEV2_PL_NOTIFY && plen >= 8) {
			uint16_t nt = (uint16_t)(p[6] << 8 | p[7]);
			const char *nn = ikev2_notify_name(nt);
			if (nn)
				snprintf(name, sizeof name, "NOTIFY(%s)", nn);
			else
				snprintf(name, sizeof name, "NOTIFY(Unknown - %u)", nt);
		} else if (type == IKEV2_PL_NONCE) {
			snprintf(name, sizeof name, "N");
		} else {
			const char *pn = ikev2_payload_name(type);
			if (pn)
				snprintf(name, sizeof name, "%s", pn);
			else
				snprintf(name, sizeof name, "Unknown(%u)", type);
		}
		int n = snprintf(out + o, outlen - o, "%s%s", o ? " " : "", name);
		if (n < 0 || (size_t)n >= outlen - o)
			break;
		o += (size_t)n;
		if (type == IKEV2_PL_SK || type == IKEV2_PL_SKF)
			break; /* the rest is ciphertext */
		type = p[0];
		p += plen;
		len -= plen;
	}
}

static const char *exch_name(uint8_t x)
{
	const char *n = ikev2_exchange_name(x);
	return n ? n : "UNKNOWN";
}

static void packet_line(const struct ike_sa *s, bool out, const struct sockaddr_storage *local,
			const struct sockaddr_storage *peer, const struct ikev2_hdr *h, const char *list)
{
	char l[64], r[64], where[200];
	sockaddr_ip(local, l, sizeof l);
	sockaddr_ip(peer, r, sizeof r);
	if (out)
		snprintf(where, sizeof where, "Sending Packet [To %s:%u/From %s:%u/VRF i0:f0]", r,
			 sockaddr_port(peer), l, sockaddr_port(local));
	else
		snprintf(where, sizeof where, "Received Packet [From %s:%u/To %s:%u/VRF i0:f0]", r,
			 sockaddr_port(peer), l, sockaddr_port(local));
	ike_debug(IKE_DBG_PACKET, s,
		  "%s Initiator SPI : %016llX - Responder SPI : %016llX Message id: %u IKEv2 %s Exchange %s "
		  "Payload contents: %s",
		  where, (unsigned long long)h->spi_i, (unsigned long long)h->spi_r, h->msgid,
		  exch_name(h->exchange), (h->flags & IKEV2_FLAG_R) ? "RESPONSE" : "REQUEST", list);
}

void ike_debug_packet(const struct ike_sa *s, bool out, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *peer, const uint8_t *msg, size_t len)
{
	if (!ike_debug_on(IKE_DBG_PACKET) || len < IKEV2_HDR_LEN)
		return;
	struct ikev2_hdr h = { 0 };
	for (int i = 0; i < 8; i++) {
		h.spi_i = h.spi_i << 8 | msg[i];
		h.spi_r = h.spi_r << 8 | msg[8 + i];
	}
	h.next = msg[16];
	h.exchange = msg[18];
	h.flags = msg[19];
	h.msgid = (uint32_t)msg[20] << 24 | (uint32_t)msg[21] << 16 | (uint32_t)msg[22] << 8 | msg[23];
	if (!s)
		s = ike_sa_find(h.spi_i, h.spi_r);
	char list[300];
	payload_list(h.next, msg + IKEV2_HDR_LEN, len - IKEV2_HDR_LEN, list, sizeof list);
	packet_line(s, out, local, peer, &h, list);
}

void ike_debug_inner(const struct ike_sa *s, bool out, const struct ikev2_hdr *h, uint8_t first,
		     const uint8_t *inner, size_t len)
{
	if (!ike_debug_on(IKE_DBG_PACKET))
		return;
	char list[300];
	payload_list(first, inner, len, list, sizeof list);
	if (out)
		ike_debug(IKE_DBG_PACKET, s, "Building packet for encryption. Message id: %u IKEv2 %s Exchange %s "
			  "Payload contents: %s", h->msgid, exch_name(h->exchange),
			  (h->flags & IKEV2_FLAG_R) ? "RESPONSE" : "REQUEST", list);
	else
		ike_debug(IKE_DBG_PACKET, s, "Decrypted packet. Message id: %u IKEv2 %s Exchange %s "
			  "Payload contents: %s", h->msgid, exch_name(h->exchange),
			  (h->flags & IKEV2_FLAG_R) ? "RESPONSE" : "REQUEST", list);
}

/* ---------- commands ---------- */

static const struct {
	const char *word;
	unsigned flag;
	const char *name;
} kinds[] = {
	{ "packet", IKE_DBG_PACKET, "packet" },
	{ "internal", IKE_DBG_INTERNAL, "internal" },
	{ "error", IKE_DBG_ERROR, "error" },
};

static int cmd_debug(struct vty *v, const struct cmd_args *a)
{
	bool off = has(a, "no") || has(a, "undebug");
	unsigned flag = IKE_DBG_DEFAULT;
	const char *name = "default";
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (has(a, kinds[i].word)) {
			flag = kinds[i].flag;
			name = kinds[i].name;
		}
	if (off)
		ike_debug_flags &= ~flag;
	else
		ike_debug_flags |= flag;
	vty_out(v, "IKEv2 %s debugging is %s\n", name, off ? "off" : "on");
	return CMD_SUCCESS;
}

void ike_debug_off(void)
{
	ike_debug_flags = 0;
}

void ike_debug_show(struct vty *v)
{
	if (!ike_debug_flags)
		return;
	vty_out(v, "Cryptographic Subsystem:\n");
	if (ike_debug_flags & IKE_DBG_DEFAULT)
		vty_out(v, "  IKEv2 default debugging is on\n");
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (ike_debug_flags & kinds[i].flag)
			vty_out(v, "  IKEv2 %s debugging is on\n", kinds[i].name);
}

#define EXEC MODE_BIT(MODE_EXEC)
#define DEBUG_HELP "Debugging functions (see also 'undebug')\nCryptographic subsystem\nIKEv2 debug\n"
#define KINDS_HELP "IKEv2 Packet debug\nIKEv2 internal debug\nIKEv2 error debug"
static const struct cmd_def cmds[] = {
	{ EXEC, "debug crypto ikev2 [{packet|internal|error}]", DEBUG_HELP KINDS_HELP, cmd_debug, 0,
	  PRIV_ENABLE, 0 },
	{ EXEC, "no debug crypto ikev2 [{packet|internal|error}]",
	  "Negate a command or set its defaults\n" DEBUG_HELP KINDS_HELP, cmd_debug, 0, PRIV_ENABLE, 0 },
	{ EXEC, "undebug crypto ikev2 [{packet|internal|error}]",
	  "Disable debugging functions (see also 'debug')\nCryptographic subsystem\nIKEv2 debug\n" KINDS_HELP,
	  cmd_debug, 0, PRIV_ENABLE, 0 },
};

const struct module ike_debug_module = {
	.name = "ike-debug",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
