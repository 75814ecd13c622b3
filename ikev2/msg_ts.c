/*
 * Traffic Selector payloads TSi/TSr (RFC 7296 §3.13): Number of TSs |
 * RESERVED (3) | selectors, each TS Type | IP Protocol | Selector Length |
 * Start Port | End Port | Start Address | End Address.
 */
#include "ikev2/msg_priv.h"

static size_t addr_len(uint8_t type)
{
	return type == IKEV2_TS_IPV4_ADDR_RANGE ? 4 : type == IKEV2_TS_IPV6_ADDR_RANGE ? 16 : 0;
}

int ikm_ts(struct ikev2_ts_list *l, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	l->n = 0;
	l->truncated = false;
	if (len < 4)
		return IKM_SYNTAX(e, off, "TS payload truncated");
	unsigned count = b[0];
	if (count == 0)
		return IKM_SYNTAX(e, off, "TS payload without selectors");
	size_t o = 4;
	for (unsigned i = 0; i < count; i++) {
		if (len - o < 4)
			return IKM_SYNTAX(e, off + o, "fewer selectors than announced");
		const uint8_t *q = b + o;
		size_t slen = ikm_get16(q + 2);
		size_t alen = addr_len(q[0]);
		/* known types have a fixed size; others at least the common head */
		if (alen ? slen != 8 + 2 * alen : slen < 4)
			return IKM_SYNTAX(e, off + o + 2, "bad selector length");
		if (slen > len - o)
			return IKM_SYNTAX(e, off + o + 2, "selector overruns the payload");
		if (l->n == IKEV2_MAX_TS) {
			l->truncated = true;
		} else {
			struct ikev2_ts *t = &l->ts[l->n++];
			memset(t, 0, sizeof(*t));
			t->type = q[0];
			if (alen) {  /* an unknown type is kept with zero fields */
				t->proto = q[1];
				t->sport = ikm_get16(q + 4);
				t->eport = ikm_get16(q + 6);
				memcpy(t->start, q + 8, alen);
				memcpy(t->end, q + 8 + alen, alen);
			}
		}
		o += slen;
	}
	if (o != len)
		return IKM_SYNTAX(e, off + o, "octets after the selectors");
	return 0;
}

void ikev2_w_ts(struct ikev2_writer *w, uint8_t pltype, const struct ikev2_ts *ts, unsigned n)
{
	if ((pltype != IKEV2_PL_TSI && pltype != IKEV2_PL_TSR) || n == 0 || n > 255 || !ts) {
		w->failed = true;
		return;
	}
	size_t start = ikm_w_begin(w, pltype, false);
	if (start == SIZE_MAX)
		return;
	ikm_w_u8(w, (uint8_t)n);
	ikm_w_put(w, NULL, 3);
	for (unsigned i = 0; i < n; i++) {
		size_t alen = addr_len(ts[i].type);
		if (!alen) {
			w->failed = true;
			return;
		}
		ikm_w_u8(w, ts[i].type);
		ikm_w_u8(w, ts[i].proto);
		ikm_w_u16(w, (uint16_t)(8 + 2 * alen));
		ikm_w_u16(w, ts[i].sport);
		ikm_w_u16(w, ts[i].eport);
		ikm_w_put(w, ts[i].start, alen);
		ikm_w_put(w, ts[i].end, alen);
	}
	ikm_w_end(w, start);
}
