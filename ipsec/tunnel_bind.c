/* Static tunnel interfaces bound to IKE sessions (see tunnel_bind.h). */
#include "tunnel_bind.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "esp.h"
#include "esp_dp.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "interface/vaccess.h"
#include "running-config/store.h"
#include "system/ip4.h"
#include "system/route_netlink.h"

#define TB_MAX_ROUTES 64

struct tbind {
	struct tbind *next;
	char ifname[64];
	uint32_t session;
	int n_routes;
	uint32_t net[TB_MAX_ROUTES], mask[TB_MAX_ROUTES];  /* host order */
	bool installed[TB_MAX_ROUTES];
	const struct ike_sa *sa;                           /* cache of sa_of(session); NULL = look up */
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes;   /* Child SAs already gone */
};

static struct tbind *binds;

static int mask_len(uint32_t m)
{
	int n = 0;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

static void kernel_routes(struct tbind *b, bool add)
{
	const char *dev = vaccess_route_dev();
	for (int i = 0; i < b->n_routes; i++) {
		if (!add && !b->installed[i])
			continue;
		uint32_t be = htonl(b->net[i]);
		char a[16];
		inet_ntop(AF_INET, &be, a, sizeof a);
		int rc = dev ? rtnl_route(add, AF_INET, &be, mask_len(b->mask[i]), dev) : 0;
		if (!dev && add)
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "No TUN device: route %s/%d via %s not installed", a,
				mask_len(b->mask[i]), b->ifname);
		else if (rc && (add || rc != -ENODEV)) /* the TUN gone (shutdown): its routes went with it */
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "Cannot %s route %s/%d dev %s: %s",
				add ? "add" : "remove", a, mask_len(b->mask[i]), dev, strerror(-rc));
		b->installed[i] = add && dev && !rc;
	}
}

bool tunnel_bind_up(const struct ike_sa *s)
{
	char peer[64], ifname[64] = "";
	sockaddr_ip(&s->peer, peer, sizeof peer);
	if (!db_get_text(ifname, sizeof ifname,
			 "SELECT i.name FROM if_interface i JOIN ipsec_profile p ON p.name = i.tun_profile "
			 "WHERE i.kind = 'tunnel' AND i.shutdown = 0 AND i.tun_mode LIKE 'ipsec%' AND i.tun_dest = ? "
			 "AND p.ikev2_profile = ? "
			 "ORDER BY i.sortkey LIMIT 1", "ss", peer, s->profile))
		return false;
	for (struct tbind *b = binds; b; b = b->next)
		if (!strcmp(b->ifname, ifname)) {
			/* a second session for the same tunnel: the newer one carries it */
			b->session = ike_sa_session_id(s);
			b->sa = NULL;
			return true;
		}
	struct tbind *b = calloc(1, sizeof *b);
	if (!b)
		return true;
	snprintf(b->ifname, sizeof b->ifname, "%s", ifname);
	b->session = ike_sa_session_id(s);
	sqlite3_stmt *st = db_query("SELECT prefix, mask FROM sys_route WHERE vrf = '' AND ifname = ? "
				    "ORDER BY rowid", "s", ifname);
	while (db_row(st)) {
		uint32_t net, mask;
		if (b->n_routes < TB_MAX_ROUTES && ip4_parse(db_col_text(st, 0), &net) &&
		    ip4_parse(db_col_text(st, 1), &mask)) {
			b->net[b->n_routes] = net & mask;
			b->mask[b->n_routes++] = mask;
		}
	}
	b->next = binds;
	binds = b;
	log_msg(LOG_SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to up", ifname);
	kernel_routes(b, true);
	return true;
}

void tunnel_bind_gone(const struct ike_sa *s)
{
	uint32_t sid = ike_sa_session_id(s);
	for (struct tbind **pp = &binds; *pp; pp = &(*pp)->next)
		if ((*pp)->session == sid) {
			struct tbind *b = *pp;
			*pp = b->next;
			kernel_routes(b, false);
			log_msg(LOG_SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to down",
				b->ifname);
			free(b);
			return;
		}
}

void tunnel_bind_child_gone(const struct ike_sa *s, const struct esp_stats *es)
{
	uint32_t sid = ike_sa_session_id(s);
	for (struct tbind *b = binds; b; b = b->next)
		if (b->session == sid) {
			b->in_pkts += es->dec_pkts;
			b->in_bytes += es->dec_bytes;
			b->out_pkts += es->enc_pkts;
			b->out_bytes += es->enc_bytes;
		}
}

static const struct ike_sa *sa_of(uint32_t sid)
{
	for (const struct ike_sa *s = ike_sa_first(); s; s = s->next)
		if (s->state == IKE_SA_ESTABLISHED && ike_sa_session_id(s) == sid)
			return s;
	return NULL;
}

const struct ike_sa *tunnel_bind_route4(uint32_t dst)
{
	const struct tbind *best = NULL;
	uint32_t best_mask = 0;
	for (const struct tbind *b = binds; b; b = b->next)
		for (int i = 0; i < b->n_routes; i++)
			if ((dst & b->mask[i]) == b->net[i] && (!best || b->mask[i] > best_mask)) {
				best = b;
				best_mask = b->mask[i];
			}
	if (!best)
		return NULL;
	/* per packet: the IKE SA is cached until it is freed (tunnel_bind_sa_freed) */
	struct tbind *b = (struct tbind *)best;
	if (!b->sa || b->sa->state != IKE_SA_ESTABLISHED || !b->sa->t_in)
		b->sa = sa_of(b->session);
	return b->sa;
}

void tunnel_bind_sa_freed(const struct ike_sa *s)
{
	for (struct tbind *b = binds; b; b = b->next)
		if (b->sa == s)
			b->sa = NULL;
}

void tunnel_bind_info(const char *ifname, struct tunnel_bind_info *out)
{
	memset(out, 0, sizeof *out);
	for (const struct tbind *b = binds; b; b = b->next) {
		if (strcmp(b->ifname, ifname))
			continue;
		const struct ike_sa *s = sa_of(b->session);
		out->up = s != NULL;
		out->in_pkts = b->in_pkts;
		out->in_bytes = b->in_bytes;
		out->out_pkts = b->out_pkts;
		out->out_bytes = b->out_bytes;
		if (!s)
			return;
		sockaddr_ip(&s->peer, out->peer, sizeof out->peer);
		sockaddr_ip(&s->local, out->local, sizeof out->local);
		for (const struct ike_child *c = s->children; c; c = c->next) {
			const struct esp_stats *es = esp_dp_child_stats(c);
			if (!es)
				continue;
			out->in_pkts += es->dec_pkts;
			out->in_bytes += es->dec_bytes;
			out->out_pkts += es->enc_pkts;
			out->out_bytes += es->enc_bytes;
		}
		return;
	}
}
