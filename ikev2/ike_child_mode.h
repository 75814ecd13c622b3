/*
 * Child SA mode (RFC 7296 §1.3.1, §1.3.3) against the transform set's
 * `mode tunnel | transport [require]` (IOS semantics):
 *   tunnel (default)      -> always tunnel; a USE_TRANSPORT_MODE request is
 *                            answered without the notify (the RFC refusal)
 *   transport             -> transport when the initiator asks for it, else tunnel
 *   transport require     -> transport only: a request without the notify
 *                            finds no proposal (NO_PROPOSAL_CHOSEN)
 * Transport mode protects traffic between the two IKE endpoints: IPv4
 * outer addresses, no address assigned by configuration, and selectors
 * holding both outer addresses (narrowed to them).  A rekey keeps the
 * old Child SA's mode (the notify must come again, §1.3.3).
 */
#ifndef FLEXD_IKEV2_IKE_CHILD_MODE_H
#define FLEXD_IKEV2_IKE_CHILD_MODE_H

#include <stdbool.h>

#include "msg.h"

struct ike_sa;
struct ike_child;

/* The request carries N(USE_TRANSPORT_MODE) (inside SK). */
bool ike_child_mode_requested(const struct ikev2_msg *m);
/* May a transform set of this mode answer a request that did (not) ask
 * for transport?  Only `transport require` refuses (a tunnel request). */
bool ike_child_mode_fits(bool set_transport, bool set_require, bool requested);
/* What the initiator wants, with a rekey's rule: the old child's mode
 * stays (an old tunnel child: the notify is ignored).  false and *refuse
 * when a transport child is rekeyed without the notify. */
bool ike_child_mode_wanted(const struct ikev2_msg *m, const struct ike_child *rekey_of, bool *refuse);
/* Transport selectors: the initiator's first IPv4 TSi holding the peer's
 * outer address and first TSr holding ours, each narrowed to that one
 * address (protocol and ports kept).  false when transport is not
 * possible here (IPv6 or assigned address, selectors without them). */
bool ike_child_mode_ts(const struct ike_sa *s, const struct ikev2_ts_list *tsi, const struct ikev2_ts_list *tsr,
		       struct ikev2_ts *out_i, struct ikev2_ts *out_r);

#endif
