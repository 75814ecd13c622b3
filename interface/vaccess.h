/*
 * Virtual-Access interfaces (issue 5 item 3): every IKE session whose
 * IKEv2 profile names `virtual-template N [mode auto]` gets a
 * Virtual-AccessM (lowest free M, as IOS) cloned from `interface
 * Virtual-TemplateN type tunnel` when it comes up, plus the AAA
 * interface-config lines of the session.  The clone is a snapshot: later
 * template edits do not change it.  It goes away with the session (an IKE
 * SA rekey keeps it: the session id stays).  Each session's assigned
 * addresses get a kernel host route into flexd's TUN (route_netlink.h).
 *
 * Hooks (engine thread): vaccess_session_up when an IKE SA is established
 * by IKE_AUTH, vaccess_sa_gone when an IKE SA is freed, vaccess_child_gone
 * before a Child SA's ESP SA is freed (its counters stay on the
 * interface).
 */
#ifndef FLEXD_VACCESS_H
#define FLEXD_VACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ike_sa;
struct ike_child;
struct buf;

void vaccess_session_up(const struct ike_sa *s);
void vaccess_sa_gone(const struct ike_sa *s);
void vaccess_child_gone(const struct ike_sa *s, const struct ike_child *c);

/* An AAA `interface-config` line for the session of s (e.g. "ip mtu
 * 1000", no leading space).  Before the session is up the lines wait and
 * are applied when its Virtual-Access is cloned; after, they are appended
 * to it.  A line naming the same command as a template line (all words
 * but the last equal) replaces it, as IOS applies AAA after the template. */
void vaccess_add_config(const struct ike_sa *s, const char *line);

/* The device the host routes point into ("flexd0"); NULL = none (no TUN:
 * host routes are not installed, one log line says so). */
void vaccess_set_route_dev(const char *ifname);
const char *vaccess_route_dev(void);

/* A Virtual-Access as the shows see it. */
struct vaccess_info {
	unsigned num;
	uint32_t session;
	int vtemplate;
	char tmode[16];            /* "ipsec ipv4", "ipsec ipv6", "" = gre ip */
	char profile[64];          /* tunnel protection ipsec profile, "" = none */
	char unnumbered[64];       /* ip unnumbered X, "" = none */
	int ip_mtu;                /* 0 = not set */
	char local[64], peer[64];  /* tunnel source / destination */
	uint32_t addr4;            /* assigned, host order, 0 = none */
	uint8_t addr6[16];
	bool has6;
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes;
	uint64_t in_drops;
	uint64_t last_in_ms, last_out_ms;  /* loop_now_ms() of the last packet; 0 = never */
	double in_bps, in_pps, out_bps, out_pps; /* 5 minute rates */
};

/* Number of Virtual-Access interfaces; info for number num (false: none). */
unsigned vaccess_count(void);
bool vaccess_get(unsigned num, struct vaccess_info *out);
/* Walk them in number order: first with num 0, then the previous num. */
bool vaccess_next(unsigned after, struct vaccess_info *out);
/* The derived configuration text ("interface Virtual-AccessM\n ...\nend\n"
 * without the header); false when there is no such interface. */
bool vaccess_derived(unsigned num, struct buf *b);

/* For unit tests: the IOS rule merging an AAA line into a body of
 * " line\n" lines (replace the line with the same words but the last, or
 * append). */
void vaccess_merge_line(struct buf *body, const char *line);

#endif
