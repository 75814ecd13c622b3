/* Child SA mode: USE_TRANSPORT_MODE against the transform set (see ike_child_mode.h). */
#include "ike_child_mode.h"

#include <netinet/in.h>
#include <string.h>

#include "ike_sa.h"

bool ike_child_mode_requested(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->nnotify; i++)
		if (m->notify[i].type == IKEV2_N_USE_TRANSPORT_MODE && m->notify[i].inner)
			return true;
	return false;
}

bool ike_child_mode_fits(bool set_transport, bool set_require, bool requested)
{
	return requested || !(set_transport && set_require);
}

bool ike_child_mode_wanted(const struct ikev2_msg *m, const struct ike_child *rekey_of, bool *refuse)
{
	bool req = ike_child_mode_requested(m);
	*refuse = false;
	if (!rekey_of)
		return req;
	if (rekey_of->transport && !req)
		*refuse = true;   /* §1.3.3: the rekey must ask for transport again */
	return rekey_of->transport && req;
}

/* The first IPv4 selector of l holding addr (network order), narrowed to it. */
static bool narrow_to(const struct ikev2_ts_list *l, const uint8_t addr[4], struct ikev2_ts *out)
{
	for (unsigned i = 0; i < l->n; i++) {
		const struct ikev2_ts *t = &l->ts[i];
		if (t->type != IKEV2_TS_IPV4_ADDR_RANGE || t->sport > t->eport)
			continue;
		if (memcmp(t->start, addr, 4) > 0 || memcmp(addr, t->end, 4) > 0)
			continue;
		*out = *t;
		memcpy(out->start, addr, 4);
		memcpy(out->end, addr, 4);
		return true;
	}
	return false;
}

bool ike_child_mode_ts(const struct ike_sa *s, const struct ikev2_ts_list *tsi, const struct ikev2_ts_list *tsr,
		       struct ikev2_ts *out_i, struct ikev2_ts *out_r)
{
	if (s->peer.ss_family != AF_INET || s->local.ss_family != AF_INET || s->assigned || s->assigned6_len)
		return false;
	const struct sockaddr_in *p = (const struct sockaddr_in *)&s->peer;
	const struct sockaddr_in *l = (const struct sockaddr_in *)&s->local;
	struct ikev2_ts i, r; /* the outputs change only on success (tunnel keeps its own) */
	if (!narrow_to(tsi, (const uint8_t *)&p->sin_addr, &i) || !narrow_to(tsr, (const uint8_t *)&l->sin_addr, &r))
		return false;
	*out_i = i;
	*out_r = r;
	return true;
}
