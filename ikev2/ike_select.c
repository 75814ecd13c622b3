#include "ike_select.h"

#include <stdbool.h>
#include <string.h>

static bool has_encr(const struct ike_conf_proposal *p, uint16_t id, uint16_t keylen)
{
	for (int i = 0; i < p->n_encr; i++)
		if (p->encr[i] == id && p->encr_keylen[i] == keylen)
			return true;
	return false;
}

static bool has16(const uint16_t *v, int n, uint16_t id)
{
	for (int i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

/* One initiator proposal against one of ours. */
static bool fit(const struct ikev2_sa *offer, const struct ikev2_proposal *pr,
		const struct ike_conf_proposal *ours, uint16_t ke_group, struct ikev2_suite *s,
		bool *ke_ok, uint16_t *group_wanted)
{
	bool got_encr = false, got_prf = false, got_integ = false, got_dh = false, integ_none = false;
	memset(s, 0, sizeof *s);
	*ke_ok = false;
	*group_wanted = 0;
	for (unsigned k = 0; k < pr->nxf; k++) {
		const struct ikev2_transform *x = &offer->xf[pr->xf_first + k];
		if (x->unknown_attr)
			continue;
		switch (x->type) {
		case IKEV2_XF_ENCR:
			if (!got_encr && has_encr(ours, x->id, x->keylen)) {
				s->encr = x->id;
				s->encr_keylen = x->keylen;
				got_encr = true;
			}
			break;
		case IKEV2_XF_PRF:
			if (!got_prf && has16(ours->prf, ours->n_prf, x->id)) {
				s->prf = x->id;
				got_prf = true;
			}
			break;
		case IKEV2_XF_INTEG:
			if (x->id == 0)
				integ_none = true;
			else if (!got_integ && has16(ours->integ, ours->n_integ, x->id)) {
				s->integ = x->id;
				got_integ = true;
			}
			break;
		case IKEV2_XF_DH:
			if (!has16(ours->dh, ours->n_dh, x->id) || !ikev2_dh_supported(x->id))
				break;
			if (x->id == ke_group) {
				s->dh = x->id;
				*ke_ok = true;
				got_dh = true;
			} else if (!*ke_ok && !*group_wanted) {
				*group_wanted = x->id;
			}
			break;
		default:
			break;
		}
	}
	if (!got_dh && *group_wanted) {
		s->dh = *group_wanted;
		got_dh = true;
	}
	(void)integ_none;
	if (!got_encr || !got_prf || !got_dh)
		return false;
	bool aead = ikev2_encr_is_aead(s->encr);
	if (aead)
		s->integ = 0;
	else if (!got_integ)
		return false;
	return ikev2_suite_ok(s);
}

enum ike_select_result ike_select(const struct ikev2_sa *offer, const struct ike_conf_proposals *ours,
				  uint16_t ke_group, struct ikev2_suite *out, uint8_t *prop_num,
				  uint16_t *group_wanted)
{
	bool have_fallback = false;
	for (unsigned i = 0; i < offer->nprop; i++) {
		const struct ikev2_proposal *pr = &offer->prop[i];
		if (pr->proto != IKEV2_PROTO_IKE)
			continue;
		for (int j = 0; j < ours->n; j++) {
			struct ikev2_suite s;
			bool ke_ok;
			uint16_t want;
			if (!fit(offer, pr, &ours->p[j], ke_group, &s, &ke_ok, &want))
				continue;
			if (ke_ok) {
				*out = s;
				*prop_num = pr->num;
				return SELECT_OK;
			}
			/* acceptable but with another group: remember the first,
			 * keep looking for one matching KEi (RFC 7296 §1.2) */
			if (!have_fallback) {
				*group_wanted = want;
				have_fallback = true;
			}
		}
	}
	return have_fallback ? SELECT_INVALID_KE : SELECT_NO_PROPOSAL;
}

enum ike_select_result ike_select_ours(const struct sockaddr_storage *local, const struct ikev2_msg *m,
				       struct ikev2_suite *out, uint8_t *prop_num, uint16_t *group_wanted)
{
	struct ike_conf_proposals ours;
	ike_conf_proposals(local, &ours);
	return ike_select(&m->sa, &ours, m->ke.group, out, prop_num, group_wanted);
}

void ike_select_answer(const struct ikev2_suite *suite, uint8_t prop_num, const uint8_t *spi, uint8_t spi_len,
		       struct ikev2_sa *out)
{
	memset(out, 0, sizeof *out);
	out->nprop = 1;
	out->prop[0] = (struct ikev2_proposal){ .num = prop_num, .proto = IKEV2_PROTO_IKE, .spi_len = spi_len };
	if (spi_len)
		memcpy(out->prop[0].spi, spi, spi_len);
	out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = suite->encr,
							.keylen = suite->encr_keylen };
	out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_PRF, .id = suite->prf };
	if (suite->integ)
		out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = suite->integ };
	out->xf[out->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = suite->dh };
	out->prop[0].nxf = (uint16_t)out->nxf;
}
