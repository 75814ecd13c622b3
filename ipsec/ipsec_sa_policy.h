/*
 * What a new Child SA runs with, from the IPsec profile bound to its IKEv2
 * profile (else the `default` IPsec profile) over the global `crypto ipsec
 * security-association ...` settings: lifetimes and the anti-replay
 * window.  Read by the data plane when an SA is made (window) and by the
 * shows (lifetime left).
 */
#ifndef FLEXD_IPSEC_SA_POLICY_H
#define FLEXD_IPSEC_SA_POLICY_H

#include <stdbool.h>

struct ipsec_sa_policy {
	char ipsec_profile[64];    /* the IPsec profile used ("default" if none bound) */
	long long life_sec;        /* `lifetime seconds`, default 3600 */
	long long life_kb;         /* `lifetime kilobytes`, default 4608000 */
	bool kb_disabled;          /* `lifetime kilobytes disable` */
	bool replay_off;           /* `replay disable` */
	unsigned replay_window;    /* `replay window-size N`, default 64; 0 when off */
};

void ipsec_sa_policy_for(const char *ikev2_profile, struct ipsec_sa_policy *out);

#endif
