/* Virtual-Access interfaces cloned from Virtual-Templates (see vaccess.h). */
#include "vaccess.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/loop.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "ipsec/tunnel_bind.h"
#include "running-config/store.h"
#include "system/route_netlink.h"

#include "if_load.h"

int if_render_one(struct buf *b, const char *ifname);   /* if_render.c */
void vaccess_local_aaa_lines(const struct ike_sa *s, struct buf *body); /* vaccess_aaa.c */

/* One session: its Virtual-Access (num 0 = the profile names no
 * template) and its kernel host routes. */
/* Traffic of Child SAs, summed (last_*: the latest packet, 0 = never). */
struct va_counters {
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes, drops, last_in_ms, last_out_ms;
};

struct va {
	struct va *next, **pprev;        /* the list of all (shows) */
	struct va *hnext, **hpprev;      /* its hash chain by session id */
	unsigned num;
	uint32_t session;
	int vtemplate;
	char tmode[16], profile[64];
	struct sockaddr_storage local, peer;
	uint32_t addr4;
	uint8_t addr6[16], plen6;
	bool route4, route6;
	struct buf body;                 /* " line\n" each: template, then AAA */
	struct va_counters gone;         /* of its Child SAs already gone */
	struct if_load load;             /* the 5 minute rates */
};

/* AAA lines given before the session was up. */
struct pending {
	struct pending *next;
	uint32_t session;
	struct buf lines;                /* "line\n" each */
};

#define VA_BODY_MAX 16384    /* octets of derived lines; AAA may send many */

/* Sessions come and go by the thousand: found by session id through a
 * hash, unlinked in O(1), numbers handed out from a bitmap. */
#define VA_BUCKETS 4096u
static struct va *vas;
static struct va *by_sid[VA_BUCKETS];
static uint64_t *num_bits;           /* bit m set: Virtual-Access m in use */
static size_t num_words;
static struct pending *pend;
static char route_dev[32];
static uint64_t load_timer;          /* the load averages' period (load_tick) */
static void load_tick(void *data);

void vaccess_set_route_dev(const char *ifname)
{
	snprintf(route_dev, sizeof route_dev, "%s", ifname ? ifname : "");
}

const char *vaccess_route_dev(void)
{
	return route_dev[0] ? route_dev : NULL;
}

static struct va *va_by_session(uint32_t sid)
{
	for (struct va *v = by_sid[sid % VA_BUCKETS]; v; v = v->hnext)
		if (v->session == sid)
			return v;
	return NULL;
}

static void va_link(struct va *v)
{
	v->next = vas;
	if (vas)
		vas->pprev = &v->next;
	vas = v;
	v->pprev = &vas;
	struct va **h = &by_sid[v->session % VA_BUCKETS];
	v->hnext = *h;
	if (*h)
		(*h)->hpprev = &v->hnext;
	*h = v;
	v->hpprev = h;
}

static void va_unlink(struct va *v)
{
	*v->pprev = v->next;
	if (v->next)
		v->next->pprev = v->pprev;
	*v->hpprev = v->hnext;
	if (v->hnext)
		v->hnext->hpprev = v->hpprev;
}

static void num_set(unsigned m, bool used)
{
	size_t w = m / 64;
	if (w >= num_words) {
		if (!used)
			return;
		size_t nw = (w + 1) * 2;
		uint64_t *n = realloc(num_bits, nw * sizeof *n);
		if (!n)
			return;
		memset(n + num_words, 0, (nw - num_words) * sizeof *n);
		num_bits = n;
		num_words = nw;
	}
	if (used)
		num_bits[w] |= 1ull << (m % 64);
	else
		num_bits[w] &= ~(1ull << (m % 64));
}

static struct va *va_by_num(unsigned num)
{
	for (struct va *v = vas; v; v = v->next)
		if (v->num == num && num)
			return v;
	return NULL;
}

/* The lowest number not in use, from 1 (bit 0 is never set). */
static unsigned lowest_free(void)
{
	for (size_t w = 0; w < num_words; w++) {
		uint64_t free_bits = ~num_bits[w] & (w ? ~0ull : ~1ull);
		if (free_bits)
			return (unsigned)(w * 64 + (size_t)__builtin_ctzll(free_bits));
	}
	return num_words ? (unsigned)(num_words * 64) : 1;
}

/* ---------- the AAA line merge rule ---------- */

/* Length of the words but the last of a line (without the leading space). */
static size_t head_len(const char *line, size_t len)
{
	while (len && line[len - 1] == ' ')
		len--;
	while (len && line[len - 1] != ' ')
		len--;
	while (len && line[len - 1] == ' ')
		len--;
	return len;
}

void vaccess_merge_line(struct buf *body, const char *line)
{
	if (!line || body->len > VA_BODY_MAX) {
		if (line)
			log_msg(LOG_SEV_WARNING, "IPSEC", "VACCESS", "Virtual-Access configuration too long: line dropped");
		return;
	}
	while (*line == ' ')
		line++;
	size_t ll = strcspn(line, "\r\n");
	if (!ll)
		return;
	size_t hl = head_len(line, ll);
	struct buf out = BUF_INIT;
	const char *p = buf_str(body);
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *w = p + (*p == ' ');
		size_t wn = n - (size_t)(w - p);
		bool same = hl && head_len(w, wn) == hl && !strncmp(w, line, hl);
		if (!same) {
			buf_add(&out, p, n);
			buf_puts(&out, "\n");
		}
		p += n + (e != NULL);
	}
	buf_puts(&out, " ");
	buf_add(&out, line, ll);
	buf_puts(&out, "\n");
	buf_free(body);
	*body = out;
}

/* ---------- cloning ---------- */

static bool starts(const char *p, const char *w)
{
	return !strncmp(p, w, strlen(w));
}

/* The template's lines but the interface line and the tunnel endpoint
 * lines (the clone gets the session's); mode and profile kept apart. */
static void clone_template(struct va *v)
{
	char name[48];
	snprintf(name, sizeof name, "Virtual-Template%d", v->vtemplate);
	struct buf t = BUF_INIT;
	if (if_render_one(&t, name) != 0)
		log_msg(LOG_SEV_WARNING, "IPSEC", "VTEMPLATE", "%s does not exist: Virtual-Access%u cloned empty",
			name, v->num);
	const char *p = buf_str(&t);
	for (bool first = true; *p; first = false) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
		if (first || starts(p, " tunnel source ") || starts(p, " tunnel destination ") ||
		    starts(p, " shutdown")) {
			/* not cloned */
		} else if (starts(p, " tunnel mode ")) {
			snprintf(v->tmode, sizeof v->tmode, "%.*s", (int)(n - 13 - (e != NULL)), p + 13);
		} else if (starts(p, " tunnel protection ipsec profile ")) {
			size_t k = strlen(" tunnel protection ipsec profile ");
			size_t m = strcspn(p + k, " \n");
			snprintf(v->profile, sizeof v->profile, "%.*s", (int)m, p + k);
		} else {
			buf_add(&v->body, p, n);
		}
		p += n;
	}
	buf_free(&t);
}

/* `mode auto`: IPv4 payload unless the session carries only IPv6. */
static void auto_mode(struct va *v, const struct ike_sa *s)
{
	const struct ike_child *c = s->children;
	bool v6 = c && c->ts_i.type == IKEV2_TS_IPV6_ADDR_RANGE && !c->ts2;
	if (!c)
		v6 = !s->assigned && s->assigned6_len;
	snprintf(v->tmode, sizeof v->tmode, "ipsec %s", v6 ? "ipv6" : "ipv4");
}

static const char *va_name(const struct va *v, char *buf, size_t len)
{
	snprintf(buf, len, "Virtual-Access%u", v->num);
	return buf;
}

/* ---------- host routes ---------- */

static void host_routes(struct va *v, bool add)
{
	char a[64];
	if (v->addr4 && (add || v->route4)) {
		uint32_t be = htonl(v->addr4);
		inet_ntop(AF_INET, &be, a, sizeof a);
		int rc = route_dev[0] ? rtnl_route(add, AF_INET, &be, 32, route_dev) : 0;
		if (!route_dev[0] && add)
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "No TUN device: host route for %s not installed", a);
		else if (rc && (add || rc != -ENODEV)) /* the TUN gone (shutdown): its routes went with it */
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "Cannot %s host route %s/32 dev %s: %s",
				add ? "add" : "remove", a, route_dev, strerror(-rc));
		v->route4 = add && route_dev[0] && !rc;
	}
	if (v->plen6 && (add || v->route6)) {
		inet_ntop(AF_INET6, v->addr6, a, sizeof a);
		int rc = route_dev[0] ? rtnl_route(add, AF_INET6, v->addr6, v->plen6, route_dev) : 0;
		if (!route_dev[0] && add)
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "No TUN device: host route for %s not installed", a);
		else if (rc && (add || rc != -ENODEV)) /* the TUN gone (shutdown): its routes went with it */
			log_msg(LOG_SEV_WARNING, "IPSEC", "ROUTE", "Cannot %s route %s/%u dev %s: %s",
				add ? "add" : "remove", a, v->plen6, route_dev, strerror(-rc));
		v->route6 = add && route_dev[0] && !rc;
	}
}

/* ---------- hooks ---------- */

static struct pending *pending_take(uint32_t sid)
{
	for (struct pending **pp = &pend; *pp; pp = &(*pp)->next)
		if ((*pp)->session == sid) {
			struct pending *p = *pp;
			*pp = p->next;
			return p;
		}
	return NULL;
}

static void apply_lines(struct va *v, const char *lines)
{
	for (const char *p = lines; *p;) {
		size_t n = strcspn(p, "\n");
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		vaccess_merge_line(&v->body, line);
		p += n + (p[n] == '\n');
	}
}

void vaccess_session_up(const struct ike_sa *s)
{
	uint32_t sid = ike_sa_session_id(s);
	struct pending *p = pending_take(sid);
	if (va_by_session(sid) || tunnel_bind_up(s)) {
		if (p)
			buf_free(&p->lines);
		free(p);
		return;
	}
	struct va *v = calloc(1, sizeof *v);
	if (!v) {
		if (p)
			buf_free(&p->lines);
		free(p);
		return;
	}
	v->session = sid;
	v->local = s->local;
	v->peer = s->peer;
	v->addr4 = s->assigned;
	if (s->assigned6_len) {
		memcpy(v->addr6, s->assigned6, 16);
		v->plen6 = s->assigned6_len;
	}
	long long vt = 0, autom = 0;
	sqlite3_stmt *st = db_query("SELECT vtemplate, vtemplate_auto FROM ikev2_profile WHERE name=? "
				    "AND vtemplate IS NOT NULL", "s", s->profile);
	if (db_row(st)) {
		vt = db_col_int(st, 0);
		autom = db_col_int(st, 1);
		db_done(st);
	}
	if (vt > 0) {
		v->num = lowest_free();
		num_set(v->num, true);
		v->vtemplate = (int)vt;
		clone_template(v);
		vaccess_local_aaa_lines(s, &v->body);
		if (autom)
			auto_mode(v, s);
		if (p)
			apply_lines(v, buf_str(&p->lines));
	}
	if (p)
		buf_free(&p->lines);
	free(p);
	va_link(v);
	if_load_sample(&v->load, (uint64_t[IF_LOAD_N]){ 0 }, loop_now_ms()); /* from zero, now */
	if (v->num && !load_timer)
		load_timer = loop_timer(IF_LOAD_PERIOD_MS, load_tick, NULL);
	if (v->num) {
		char n[32];
		va_name(v, n, sizeof n);
		log_msg(LOG_SEV_ERR, "LINK", "UPDOWN", "Interface %s, changed state to up", n);
		log_msg(LOG_SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to up", n);
	}
	host_routes(v, true);
}

void vaccess_sa_gone(const struct ike_sa *s)
{
	tunnel_bind_sa_freed(s);
	if (s->state == IKE_SA_REKEYED)
		return;  /* the session lives on in the new IKE SA */
	uint32_t sid = ike_sa_session_id(s);
	struct pending *p = pending_take(sid);
	if (p) {
		buf_free(&p->lines);
		free(p);
	}
	tunnel_bind_gone(s);
	struct va *v = va_by_session(sid);
	if (!v)
		return;
	va_unlink(v);
	host_routes(v, false);
	if (v->num) {
		char n[32];
		va_name(v, n, sizeof n);
		log_msg(LOG_SEV_NOTICE, "LINEPROTO", "UPDOWN", "Line protocol on Interface %s, changed state to down", n);
		log_msg(LOG_SEV_ERR, "LINK", "UPDOWN", "Interface %s, changed state to down", n);
		num_set(v->num, false);
	}
	buf_free(&v->body);
	free(v);
}

/* Add Child SA c's traffic into t; its ESP counters, NULL when it has no
 * ESP SA (nothing added). */
static const struct esp_stats *add_child(struct va_counters *t, const struct ike_child *c)
{
	struct esp_dp_sa_info di;
	if (!esp_dp_sa_info(c, &di))
		return NULL;
	const struct esp_stats *es = esp_sa_stats(di.sa);
	t->in_pkts += es->dec_pkts;
	t->in_bytes += es->dec_bytes;
	t->out_pkts += es->enc_pkts;
	t->out_bytes += es->enc_bytes;
	for (int i = 0; i < ESP_DROP__N; i++)
		t->drops += es->drops[i];
	if (di.last_rx_ms > t->last_in_ms)
		t->last_in_ms = di.last_rx_ms;
	if (di.last_tx_ms > t->last_out_ms)
		t->last_out_ms = di.last_tx_ms;
	return es;
}

void vaccess_child_gone(const struct ike_sa *s, const struct ike_child *c)
{
	struct va *v = va_by_session(ike_sa_session_id(s));
	const struct esp_stats *es = v ? add_child(&v->gone, c) : esp_dp_child_stats(c);
	if (es)
		tunnel_bind_child_gone(s, es);
}

void vaccess_add_config(const struct ike_sa *s, const char *line)
{
	if (!s || !line)
		return;
	uint32_t sid = ike_sa_session_id(s);
	struct va *v = va_by_session(sid);
	if (v && v->num) {
		vaccess_merge_line(&v->body, line);
		return;
	}
	if (v)
		return;  /* no Virtual-Access: nothing to configure */
	struct pending *p = pend;
	while (p && p->session != sid)
		p = p->next;
	if (!p) {
		p = calloc(1, sizeof *p);
		if (!p)
			return;
		p->session = sid;
		p->next = pend;
		pend = p;
	}
	if (p->lines.len <= VA_BODY_MAX)
		buf_printf(&p->lines, "%s\n", line);
}

/* ---------- what the shows read ---------- */

/* The live IKE SA of a session (its counters are in its children). */
static const struct ike_sa *sa_of(uint32_t sid)
{
	for (const struct ike_sa *s = ike_sa_first(); s; s = s->next)
		if (s->state == IKE_SA_ESTABLISHED && ike_sa_session_id(s) == sid)
			return s;
	return NULL;
}

/* Counters of the interface: its gone Child SAs' plus its live ones' (s:
 * the session's IKE SA, NULL when none); last input/output times. */
static void add_counters(const struct va *v, const struct ike_sa *s, struct vaccess_info *o)
{
	struct va_counters t = v->gone;
	for (const struct ike_child *c = s ? s->children : NULL; c; c = c->next)
		add_child(&t, c);
	o->in_pkts = t.in_pkts;
	o->in_bytes = t.in_bytes;
	o->out_pkts = t.out_pkts;
	o->out_bytes = t.out_bytes;
	o->in_drops = t.drops;
	o->last_in_ms = t.last_in_ms;
	o->last_out_ms = t.last_out_ms;
}

static void fill(const struct va *v, struct vaccess_info *o)
{
	memset(o, 0, sizeof *o);
	o->num = v->num;
	o->session = v->session;
	o->vtemplate = v->vtemplate;
	snprintf(o->tmode, sizeof o->tmode, "%s", v->tmode);
	snprintf(o->profile, sizeof o->profile, "%s", v->profile);
	sockaddr_ip(&v->local, o->local, sizeof o->local);
	sockaddr_ip(&v->peer, o->peer, sizeof o->peer);
	o->addr4 = v->addr4;
	if (v->plen6) {
		memcpy(o->addr6, v->addr6, 16);
		o->has6 = true;
	}
	/* ip unnumbered / ip mtu as the derived lines leave them */
	for (const char *p = v->body.s ? v->body.s : ""; *p;) {
		size_t n = strcspn(p, "\n");
		if (starts(p, " ip unnumbered "))
			snprintf(o->unnumbered, sizeof o->unnumbered, "%.*s", (int)(n - 15), p + 15);
		else if (starts(p, " ip mtu "))
			o->ip_mtu = atoi(p + 8);
		p += n + (p[n] == '\n');
	}
	add_counters(v, sa_of(v->session), o);
	o->in_bps = v->load.rate[IF_IN_BYTES];
	o->in_pps = v->load.rate[IF_IN_PKTS];
	o->out_bps = v->load.rate[IF_OUT_BYTES];
	o->out_pps = v->load.rate[IF_OUT_PKTS];
}

/* Every IF_LOAD_PERIOD_MS while there are Virtual-Access interfaces: the
 * load averages.  Walks the IKE SAs once (each finds its interface by
 * session id), so thousands of sessions cost O(n) per period. */
static void load_tick(void *data)
{
	(void)data;
	load_timer = 0;
	uint64_t now = loop_now_ms();
	for (const struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (s->state != IKE_SA_ESTABLISHED)
			continue;
		struct va *v = va_by_session(ike_sa_session_id(s));
		if (!v || !v->num)
			continue;
		struct vaccess_info o;
		memset(&o, 0, sizeof o);
		add_counters(v, s, &o);
		uint64_t c[IF_LOAD_N] = { [IF_IN_PKTS] = o.in_pkts, [IF_IN_BYTES] = o.in_bytes,
					  [IF_OUT_PKTS] = o.out_pkts, [IF_OUT_BYTES] = o.out_bytes };
		if_load_sample(&v->load, c, now);
	}
	if (vas)
		load_timer = loop_timer(IF_LOAD_PERIOD_MS, load_tick, NULL);
}

unsigned vaccess_count(void)
{
	unsigned n = 0;
	for (struct va *v = vas; v; v = v->next)
		n += v->num != 0;
	return n;
}

bool vaccess_get(unsigned num, struct vaccess_info *out)
{
	struct va *v = va_by_num(num);
	if (!v)
		return false;
	fill(v, out);
	return true;
}

bool vaccess_next(unsigned after, struct vaccess_info *out)
{
	struct va *best = NULL;
	for (struct va *v = vas; v; v = v->next)
		if (v->num > after && (!best || v->num < best->num))
			best = v;
	if (!best)
		return false;
	fill(best, out);
	return true;
}

bool vaccess_derived(unsigned num, struct buf *b)
{
	struct va *v = va_by_num(num);
	if (!v)
		return false;
	char ip[64];
	buf_printf(b, "interface Virtual-Access%u\n", v->num);
	buf_puts(b, buf_str(&v->body));
	buf_printf(b, " tunnel source %s\n", sockaddr_ip(&v->local, ip, sizeof ip));
	if (v->tmode[0])
		buf_printf(b, " tunnel mode %s\n", v->tmode);
	buf_printf(b, " tunnel destination %s\n", sockaddr_ip(&v->peer, ip, sizeof ip));
	if (v->profile[0]) {
		buf_printf(b, " tunnel protection ipsec profile %s\n", v->profile);
		buf_puts(b, " no tunnel protection ipsec initiate\n");
	}
	buf_puts(b, "end\n");
	return true;
}
