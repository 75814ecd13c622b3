/* ESP transport mode in the data plane: children by peer address, rx/tx checks (see esp_transport_dp.h). */
#include "esp_transport_dp.h"

#include <stdlib.h>
#include <string.h>

#include "esp_transport.h"
#include "ikev2/ike_sa.h"
#include "interface/vaccess.h"

#define TP_BUCKETS 256u

struct tp_entry {
	struct tp_entry *next;
	uint32_t peer;                 /* host order: the child's TSi address */
	const struct ike_child *c;
	const struct ike_sa *s;        /* its IKE SA (moved by esp_tp_take_over) */
};

static struct tp_entry *buckets[TP_BUCKETS];
static struct esp_tp_stats st;

const struct esp_tp_stats *esp_tp_stats(void) { return &st; }

static uint32_t addr4(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static unsigned bucket_of(uint32_t a) { return (a * 2654435761u) >> 24; }

static unsigned peer_refs(uint32_t peer)
{
	unsigned n = 0;
	for (struct tp_entry *e = buckets[bucket_of(peer)]; e; e = e->next)
		n += e->peer == peer;
	return n;
}

void esp_tp_child_up(struct ike_sa *s, const struct ike_child *c)
{
	if (!c->transport || c->ts_i.type != IKEV2_TS_IPV4_ADDR_RANGE)
		return;
	struct tp_entry *e = calloc(1, sizeof *e);
	if (!e)
		return;
	e->peer = addr4(c->ts_i.start);
	e->c = c;
	e->s = s;
	bool first = peer_refs(e->peer) == 0;
	unsigned b = bucket_of(e->peer);
	e->next = buckets[b];   /* newest first */
	buckets[b] = e;
	st.children++;
	if (first && vaccess_route_dev() && esp_tp_route(true, e->peer, vaccess_route_dev()) != 0)
		st.route_err++;
}

void esp_tp_child_down(const struct ike_child *c)
{
	if (!c->transport || c->ts_i.type != IKEV2_TS_IPV4_ADDR_RANGE)
		return;
	uint32_t peer = addr4(c->ts_i.start);
	for (struct tp_entry **pp = &buckets[bucket_of(peer)]; *pp; pp = &(*pp)->next)
		if ((*pp)->c == c) {
			struct tp_entry *e = *pp;
			*pp = e->next;
			free(e);
			st.children--;
			if (peer_refs(peer) == 0 && vaccess_route_dev())
				esp_tp_route(false, peer, vaccess_route_dev());
			return;
		}
}

void esp_tp_take_over(struct ike_sa *n, const struct ike_sa *old)
{
	for (unsigned b = 0; b < TP_BUCKETS; b++)
		for (struct tp_entry *e = buckets[b]; e; e = e->next)
			if (e->s == old)
				e->s = n;
}

const struct ike_child *esp_tp_out(uint32_t dst, const struct ike_sa **s)
{
	for (struct tp_entry *e = buckets[bucket_of(dst)]; e; e = e->next)
		if (e->peer == dst && !e->c->rekeyed && e->s->state == IKE_SA_ESTABLISHED) {
			*s = e->s;
			return e->c;
		}
	return NULL;
}

bool esp_tp_rx(const struct ike_child *c, uint8_t nh, uint8_t *buf, size_t cap, size_t *len)
{
	/* the peer sends from its TSi side to our TSr side */
	if (!esp_tp_selectors_ok(&c->ts_i, &c->ts_r, nh, buf, *len)) {
		st.rx_bad_selector++;
		return false;
	}
	if (*len + ESP_TP_IP4_HDR > cap || *len > 65535 - ESP_TP_IP4_HDR) {
		st.rx_too_big++;
		return false;
	}
	memmove(buf + ESP_TP_IP4_HDR, buf, *len);
	/* the selectors are the outer addresses (ike_child_mode_ts) */
	*len = esp_tp_ip4_build(buf, *len, addr4(c->ts_i.start), addr4(c->ts_r.start), nh);
	st.rx_ok++;
	return true;
}

bool esp_tp_tx(const struct ike_child *c, const uint8_t *ip, size_t len, size_t *skip, uint8_t *nh)
{
	struct esp_tp_ip4 h;
	if (!esp_tp_ip4_parse(ip, len, &h)) {
		st.tx_bad_header++;
		return false;
	}
	/* only our own address to the peer's, within the selectors */
	if (h.src != addr4(c->ts_r.start) || h.dst != addr4(c->ts_i.start) ||
	    !esp_tp_selectors_ok(&c->ts_r, &c->ts_i, h.proto, ip + h.hl, len - h.hl)) {
		st.tx_bad_selector++;
		return false;
	}
	*skip = h.hl;
	*nh = h.proto;
	st.tx_ok++;
	return true;
}
