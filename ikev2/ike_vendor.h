/*
 * Cisco Vendor ID payloads in IKE_SA_INIT (anyconnect-eap.md §2): which
 * ones a peer sent, and the answer: an AnyConnect client (CISCO-ANYCONNECT-
 * EAP) gets the headend's set - CISCO(COPYRIGHT), CISCO-GRE-MODE,
 * CISCO-ANYCONNECT-EAP - as IOS sends them.  Other peers get none.
 */
#ifndef FLEXD_IKE_VENDOR_H
#define FLEXD_IKE_VENDOR_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

enum {
	IKE_VID_CISCO_COPYRIGHT = 1 << 0,
	IKE_VID_ANYCONNECT_EAP = 1 << 1,
	IKE_VID_GRE_MODE = 1 << 2,
	IKE_VID_FRAGMENTATION = 1 << 3, /* Cisco/MS proprietary fragments (not RFC 7383) */
	IKE_VID_FLEXVPN = 1 << 4,
};

/* The IKE_VID_* bits of the Vendor ID payloads in m (full-body match). */
uint8_t ike_vendor_seen(const struct ikev2_msg *m);
/* Our Vendor IDs for a peer that sent `seen`. */
void ike_vendor_write(struct ikev2_writer *w, uint8_t seen);
/* The payload body of one IKE_VID_* (a single bit); NULL if unknown. */
const uint8_t *ike_vendor_body(uint8_t vid, size_t *len);

#endif
