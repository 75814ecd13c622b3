/*
 * Choosing the IKE SA's algorithms: the initiator's SA payload against the
 * proposals of the matching IOS policy.  Pure (no I/O), unit-tested.
 */
#ifndef FLEXD_IKE_SELECT_H
#define FLEXD_IKE_SELECT_H

#include <stdint.h>

#include "crypto.h"
#include "ike_conf.h"
#include "msg.h"

enum ike_select_result {
	SELECT_OK,             /* *out chosen; ke group matches */
	SELECT_INVALID_KE,     /* a proposal fits but KEi is another group: *group_wanted */
	SELECT_NO_PROPOSAL,
};

/* Walk the initiator's proposals in its order; within each, take the
 * first transform of every type that one of our proposals accepts (and
 * that the crypto layer supports).  ke_group: the group of KEi. */
enum ike_select_result ike_select(const struct ikev2_sa *offer, const struct ike_conf_proposals *ours,
				  uint16_t ke_group, struct ikev2_suite *out, uint8_t *prop_num,
				  uint16_t *group_wanted);

/* ike_select against the proposals configured for this local address. */
enum ike_select_result ike_select_ours(const struct sockaddr_storage *local, const struct ikev2_msg *m,
				       struct ikev2_suite *out, uint8_t *prop_num, uint16_t *group_wanted);

/* The SA payload answering with the chosen suite: proposal prop_num, our
 * SPI (spi_len 0 in IKE_SA_INIT, 8 in an IKE SA rekey). */
void ike_select_answer(const struct ikev2_suite *suite, uint8_t prop_num, const uint8_t *spi, uint8_t spi_len,
		       struct ikev2_sa *out);

#endif
