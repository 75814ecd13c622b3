/*
 * INFORMATIONAL requests (RFC 7296 §1.4): liveness checks get an empty
 * answer; a Delete of Child SAs removes them and is answered with a Delete
 * of our side of the same pairs (§1.4.1); a Delete of the IKE SA removes it
 * with all its children.
 */
#include "aaa/aaa_acct.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "msg.h"

/* Our inbound SPIs in one response: more than any sane peer deletes at once */
#define INFO_MAX_DELETED 64

void ike_info_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	(void)d;
	bool ike_gone = false;
	uint8_t spis[INFO_MAX_DELETED * 4];
	unsigned n = 0;
	for (unsigned i = 0; i < m->ndel; i++) {
		if (m->del[i].proto == IKEV2_PROTO_IKE)
			ike_gone = true;
		else
			n += ike_child_delete(s, &m->del[i], spis + 4 * n, INFO_MAX_DELETED - n);
	}
	if (n)
		ike_debug(IKE_DBG_INTERNAL, s, "Processed DELETE for %u Child SA(s): answering with our SPIs", n);
	else if (m->ndel > 0 && !ike_gone)
		ike_debug(IKE_DBG_ERROR, s, "DELETE names no Child SA we hold: answering empty");
	uint8_t inner[INFO_MAX_DELETED * 4 + 16];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	/* the IKE SA's Delete is answered empty (§1.4.1); children are gone with it */
	if (n && !ike_gone)
		ikev2_w_delete(&w, IKEV2_PROTO_ESP, 4, spis, (uint16_t)n);
	size_t len = 0;
	if (ikev2_w_finish(&w, &len) != 0)
		return;
	ike_send_protected(s, IKEV2_EXCH_INFORMATIONAL, m->hdr.msgid, inner, len, w.first);
	if (ike_gone) {
		ike_debug(IKE_DBG_INTERNAL, s, "IKE SA deleted at the peer's request");
		aaa_acct_ike_down(s, AAA_TERM_USER_REQUEST);
		ike_log_down(s);
		ike_sa_remove(s);
	}
}
