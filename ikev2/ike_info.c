/*
 * INFORMATIONAL requests (RFC 7296 §1.4): liveness checks get an empty
 * answer; a Delete of the IKE SA removes it.
 */
#include "ike_sa.h"
#include "msg.h"

void ike_info_handle(struct ike_sa *s, const struct ike_dgram *d, struct ikev2_msg *m)
{
	(void)d;
	uint8_t inner[8];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	size_t n = 0;
	ikev2_w_finish(&w, &n);
	ike_send_protected(s, IKEV2_EXCH_INFORMATIONAL, m->hdr.msgid, inner, n, IKEV2_PL_NONE);
	if (m->ndel > 0 && m->del[0].proto == IKEV2_PROTO_IKE) {
		ike_log_down(s);
		ike_sa_remove(s);
	}
}
