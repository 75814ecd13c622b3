/*
 * PFS for CREATE_CHILD_SA (RFC 7296 §1.3.1, §3.3.3) against the IPsec
 * profile's `set pfs`, as IOS documents it: with `set pfs groupN` the
 * initiator must offer group N; with `set pfs` any group we support; without
 * it any offer of PFS is accepted (and so is none).  Pure, unit-tested.
 */
#include "ike_sa.h"

static bool acceptable(const struct ike_pfs *pfs, uint16_t id)
{
	if (id == 0)
		return !pfs->required;
	if (!ikev2_dh_supported(id))
		return false;
	return pfs->group == 0 || id == pfs->group;
}

bool ike_pfs_choose(const struct ike_pfs *pfs, const struct ikev2_sa *offer, const struct ikev2_proposal *pr,
		    uint16_t ke_group, uint16_t *dh)
{
	*dh = 0;
	if (!pfs->negotiate)
		return true; /* IKE_AUTH: DH transforms play no part (§1.2) */
	bool any = false, none_ok = false;
	uint16_t first = 0;
	for (unsigned k = 0; k < pr->nxf; k++) {
		const struct ikev2_transform *x = &offer->xf[pr->xf_first + k];
		if (x->type != IKEV2_XF_DH)
			continue;
		any = true;
		if (!acceptable(pfs, x->id))
			continue;
		if (x->id == 0) {
			none_ok = true;
			continue;
		}
		if (ke_group && x->id == ke_group) {
			*dh = x->id;
			return true;
		}
		if (!first)
			first = x->id;
	}
	if (!any)
		return !pfs->required;
	if (none_ok && (!ke_group || !first))
		return true; /* "no PFS" offered and acceptable */
	*dh = first;
	return first != 0;
}
