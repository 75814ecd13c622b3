/*
 * clear crypto sa [peer A.B.C.D]: every Child SA (ESP pair) of the
 * matching established sessions goes, and the peer is told with one
 * INFORMATIONAL Delete naming our inbound SPIs (RFC 7296 §1.4.1), like
 * `clear crypto session` tells it about the IKE SA.  The IKE SA stays
 * (the session shows UP-IDLE until the peer makes a new Child SA).
 */
#include <stdio.h>
#include <string.h>

#include "cli/vty.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "ipsec_cmds.h"

#define CLEAR_MAX_SPIS 256

int ipsec_clear_sa(const char *peer)
{
	int n = 0;
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		char rip[64];
		if (s->state != IKE_SA_ESTABLISHED || s->teardown || !s->children)
			continue;
		if (peer && strcmp(peer, sockaddr_ip(&s->peer, rip, sizeof rip)) != 0)
			continue;
		uint8_t spis[4 * CLEAR_MAX_SPIS];
		uint16_t k = 0;
		for (const struct ike_child *c = s->children; c && k < CLEAR_MAX_SPIS; c = c->next, k++) {
			spis[4 * k] = (uint8_t)(c->spi_in >> 24);
			spis[4 * k + 1] = (uint8_t)(c->spi_in >> 16);
			spis[4 * k + 2] = (uint8_t)(c->spi_in >> 8);
			spis[4 * k + 3] = (uint8_t)c->spi_in;
		}
		ike_send_delete_child(s, spis, k);
		while (s->children) {
			ike_child_remove(s, s->children);
			n++;
		}
	}
	return n;
}

int ipsec_cmd_clear_sa(struct vty *v, const struct cmd_args *a)
{
	(void)v;
	ipsec_clear_sa(arg(a, "PEER"));
	return CMD_SUCCESS;
}
