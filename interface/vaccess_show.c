/* show derived-config interface X, show interfaces X (Virtual-Access,
 * Tunnel, Virtual-Template and a short form for the others). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ios_time.h"
#include "base/loop.h"
#include "if_cmds.h"
#include "ipsec/tunnel_bind.h"
#include "system/ip4.h"
#include "vaccess.h"

int if_render_one(struct buf *b, const char *ifname);   /* if_render.c */

/* "Virtual-Access12" -> 12; 0 when not one. */
static unsigned va_num(const char *canon)
{
	if (ifname_kind(canon) != IFK_VACCESS)
		return 0;
	return (unsigned)strtoul(canon + strlen("Virtual-Access"), NULL, 10);
}

/* IOS rejects a Virtual-Access that does not exist with the caret under
 * its number. */
static int no_if(struct vty *v, const struct cmd_args *a)
{
	return vty_caret_error_at(v, a, arg(a, "IFNUM") ? "IFNUM" : "IFNAME");
}

int cmd_show_derived_config(struct vty *v, const struct cmd_args *a)
{
	char name[64];
	if (!if_arg_name(v, a, "IFNAME", "IFNUM", name, sizeof name))
		return CMD_ERROR;
	struct buf block = BUF_INIT;
	unsigned n = va_num(name);
	bool ok = n ? vaccess_derived(n, &block) : if_render_one(&block, name) == 0;
	if (!ok) {
		buf_free(&block);
		return no_if(v, a);
	}
	if (!n)
		buf_puts(&block, "end\n");
	/* the count: "!" through "end\n", plus one (show-formats.md §10) */
	vty_out(v, "Building configuration...\n\nDerived configuration : %zu bytes\n!\n%s\n", block.len + 3,
		buf_str(&block));
	buf_free(&block);
	return CMD_SUCCESS;
}

static const char *transport(const char *tmode)
{
	if (!strcmp(tmode, "ipsec ipv4"))
		return "IPSEC/IP";
	if (!strcmp(tmode, "ipsec ipv6"))
		return "IPSEC/IPV6";
	if (!strcmp(tmode, "gre ipv6"))
		return "GRE/IPV6";
	return "GRE/IP";
}

static void addr_line(struct buf *b, const char *unnumbered, const char *addr, const char *mask)
{
	if (unnumbered && *unnumbered) {
		char ip[32] = "";
		db_get_text(ip, sizeof ip, "SELECT ip_address FROM if_interface WHERE name = ? AND ip_mode = 'static'",
			    "s", unnumbered);
		if (*ip)
			buf_printf(b, "  Interface is unnumbered. Using address of %s (%s)\n", unnumbered, ip);
		else
			buf_printf(b, "  Interface is unnumbered. Using address of %s (0.0.0.0)\n", unnumbered);
	} else if (addr && *addr) {
		uint32_t m = 0;
		ip4_parse(mask, &m);
		buf_printf(b, "  Internet address is %s/%d\n", addr, ip4_mask_len(m));
	}
}

/* The tunnel block and counters shared by Virtual-Access and Tunnel. */
static void tunnel_lines(struct buf *b, bool up, const char *src, const char *dst, const char *tmode,
			 const char *profile)
{
	buf_puts(b, "  Keepalive not set\n");
	buf_printf(b, "  Tunnel linestate evaluation %s\n", up ? "up" : "down");
	if (*src || *dst)
		buf_printf(b, "  Tunnel source %s, destination %s\n", *src ? src : "UNKNOWN", *dst ? dst : "UNKNOWN");
	buf_printf(b, "  Tunnel protocol/transport %s\n", transport(tmode));
	buf_puts(b, "  Tunnel TTL 255\n");
	buf_printf(b, "  Tunnel transport MTU %d bytes\n", !strncmp(tmode, "ipsec", 5) ? 1438 : 1476);
	buf_puts(b, "  Tunnel transmit bandwidth 8000 (kbps)\n");
	buf_puts(b, "  Tunnel receive bandwidth 8000 (kbps)\n");
	if (*profile)
		buf_printf(b, "  Tunnel protection via IPSec (profile \"%s\")\n", profile);
}

/* What counters() prints beside the packet counts: last packet times
 * (loop_now_ms clock, 0 = never) and the 5 minute rates. */
struct if_activity {
	uint64_t last_in_ms, last_out_ms;
	double in_bps, in_pps, out_bps, out_pps;
};

static void last_text(uint64_t ms, uint64_t now, char *out, size_t len)
{
	if (!ms)
		snprintf(out, len, "never");
	else
		ios_elapsed((long long)(now > ms ? (now - ms) / 1000 : 0), out, len);
}

static void counters(struct buf *b, uint64_t in_p, uint64_t in_b, uint64_t out_p, uint64_t out_b, uint64_t in_err,
		     const struct if_activity *act)
{
	char li[24], lo[24];
	uint64_t now = loop_now_ms();
	last_text(act->last_in_ms, now, li, sizeof li);
	last_text(act->last_out_ms, now, lo, sizeof lo);
	buf_printf(b, "  Last input %s, output %s, output hang never\n", li, lo);
	buf_puts(b, "  Last clearing of \"show interface\" counters never\n"
		    "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0\n"
		    "  Queueing strategy: fifo\n"
		    "  Output queue: 0/0 (size/max)\n");
	buf_printf(b, "  5 minute input rate %.0f bits/sec, %.0f packets/sec\n", act->in_bps, act->in_pps);
	buf_printf(b, "  5 minute output rate %.0f bits/sec, %.0f packets/sec\n", act->out_bps, act->out_pps);
	buf_printf(b, "     %llu packets input, %llu bytes, 0 no buffer\n", (unsigned long long)in_p,
		   (unsigned long long)in_b);
	buf_puts(b, "     Received 0 broadcasts (0 IP multicasts)\n"
		    "     0 runts, 0 giants, 0 throttles \n");
	buf_printf(b, "     %llu input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort\n",
		   (unsigned long long)in_err);
	buf_printf(b, "     %llu packets output, %llu bytes, 0 underruns\n", (unsigned long long)out_p,
		   (unsigned long long)out_b);
	buf_puts(b, "     0 output errors, 0 collisions, 0 interface resets\n"
		    "     0 unknown protocol drops\n"
		    "     0 output buffer failures, 0 output buffers swapped out\n");
}

static void show_vaccess(struct buf *b, const struct vaccess_info *va)
{
	buf_printf(b, "Virtual-Access%u is up, line protocol is up \n", va->num);
	buf_puts(b, "  Hardware is Virtual Access interface\n");
	addr_line(b, va->unnumbered, NULL, NULL);
	buf_puts(b, "  MTU 17878 bytes, BW 100 Kbit/sec, DLY 50000 usec, \n"
		    "     reliability 255/255, txload 1/255, rxload 1/255\n"
		    "  Encapsulation TUNNEL\n");
	buf_printf(b, "  Tunnel vaccess, cloned from Virtual-Template%d\n", va->vtemplate);
	buf_puts(b, "  Vaccess status 0x4, loopback not set\n");
	tunnel_lines(b, true, va->local, va->peer, va->tmode, va->profile);
	struct if_activity act = { va->last_in_ms, va->last_out_ms, va->in_bps, va->in_pps, va->out_bps, va->out_pps };
	counters(b, va->in_pkts, va->in_bytes, va->out_pkts, va->out_bytes, va->in_drops, &act);
}

static bool show_configured(struct buf *b, const char *name)
{
	sqlite3_stmt *st = db_query("SELECT kind, shutdown, ip_mode, ip_address, ip_mask, ip_unnumbered, "
				    "tun_source, tun_dest, tun_mode, tun_profile, mtu FROM if_interface WHERE name = ?",
				    "s", name);
	if (!db_row(st))
		return false;
	const char *kind = db_col_text(st, 0);
	bool shut = db_col_int(st, 1);
	const char *unnum = !strcmp(db_col_text(st, 2), "unnumbered") ? db_col_text(st, 5) : NULL;
	const char *addr = !strcmp(db_col_text(st, 2), "static") ? db_col_text(st, 3) : NULL;
	bool tun = !strcmp(kind, "tunnel"), vt = !strcmp(kind, "vtemplate");
	bool proto = !shut;
	struct tunnel_bind_info ti;
	memset(&ti, 0, sizeof ti);
	if (tun) {
		tunnel_bind_info(name, &ti);
		/* protected: up with its session; else up with both endpoints set */
		/* sVTI (tunnel mode ipsec, protected): up with its session; else
		 * up with both endpoints set */
		bool svti = !db_col_null(st, 9) && !strncmp(db_col_text(st, 8), "ipsec", 5);
		proto = !shut && (svti ? ti.up : !db_col_null(st, 6) && !db_col_null(st, 7));
	} else if (vt) {
		proto = false;  /* a template never carries traffic */
	}
	buf_printf(b, "%s is %s, line protocol is %s \n", name, shut ? "administratively down" : "up",
		   proto ? "up" : "down");
	const char *hw = tun ? "Tunnel" : vt ? "Virtual Template interface" : !strcmp(kind, "loopback") ? "Loopback"
		       : "CSR vNIC";
	buf_printf(b, "  Hardware is %s\n", hw);
	addr_line(b, unnum, addr, db_col_text(st, 4));
	if (tun || vt) {
		buf_puts(b, "  MTU 17878 bytes, BW 100 Kbit/sec, DLY 50000 usec, \n"
			    "     reliability 255/255, txload 1/255, rxload 1/255\n"
			    "  Encapsulation TUNNEL, loopback not set\n");
		tunnel_lines(b, proto, db_col_text(st, 6), db_col_text(st, 7), db_col_text(st, 8), db_col_text(st, 9));
	} else {
		long long mtu = db_col_null(st, 10) ? (strcmp(kind, "loopback") ? 1500 : 1514) : db_col_int(st, 10);
		buf_printf(b, "  MTU %lld bytes, BW %s, DLY %s usec, \n", mtu,
			   strcmp(kind, "loopback") ? "1000000 Kbit/sec" : "8000000 Kbit/sec",
			   strcmp(kind, "loopback") ? "10" : "5000");
		buf_puts(b, "     reliability 255/255, txload 1/255, rxload 1/255\n");
		buf_printf(b, "  Encapsulation %s, loopback not set\n", strcmp(kind, "loopback") ? "ARPA" : "LOOPBACK");
	}
	db_done(st);
	counters(b, ti.in_pkts, ti.in_bytes, ti.out_pkts, ti.out_bytes, 0, &(struct if_activity){ 0 });
	return true;
}

int cmd_show_interfaces(struct vty *v, const struct cmd_args *a)
{
	char name[64];
	if (!if_arg_name(v, a, "IFNAME", "IFNUM", name, sizeof name))
		return CMD_ERROR;
	struct buf b = BUF_INIT;
	struct vaccess_info va;
	unsigned n = va_num(name);
	bool ok;
	if (n) {
		ok = vaccess_get(n, &va);
		if (ok)
			show_vaccess(&b, &va);
	} else {
		ok = show_configured(&b, name);
	}
	if (!ok) {
		buf_free(&b);
		return no_if(v, a);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
