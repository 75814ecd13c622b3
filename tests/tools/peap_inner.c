/*
 * The conversation inside the PEAPv0 tunnel, peer side.
 *
 * PEAPv0 carries inner EAP packets with the 4-octet header left out
 * (type + data only), except EAP-TLV (type 33, the Result TLV of
 * [MS-PEAP] 2.2.8.1) which keeps its full header.  Servers differ on the
 * first Identity request: FreeRADIUS sends it with a full header.  So a
 * packet that starts with code Request and whose length field equals its
 * own length is taken as full; anything else as compressed.  Our
 * responses are compressed, except the TLV.
 *
 * Inner method: EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02) with
 * the RFC 2759 computations of aaa/eap_local_mschapv2.c.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aaa/eap_local.h"
#include "tests/tools/peap_peer.h"

enum { EAP_REQUEST = 1, EAP_RESPONSE = 2 };
enum { T_IDENTITY = 1, T_NOTIFICATION = 2, T_NAK = 3, T_MSCHAPV2 = 26, T_TLV = 33 };
enum { MS_CHALLENGE = 1, MS_RESPONSE = 2, MS_SUCCESS = 3, MS_FAILURE = 4 };
enum { TLV_RESULT = 3, TLV_MANDATORY = 0x8000, RESULT_SUCCESS = 1, RESULT_FAILURE = 2 };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Printable copy of server text for the log (MSCHAPv2 messages). */
static void printable(char *dst, size_t cap, const uint8_t *s, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j + 1 < cap; i++)
		dst[j++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '.';
	dst[j] = 0;
}

/* MSCHAPv2 Challenge -> Response (compressed: type first). */
static int ms_challenge(struct peap_inner *in, uint8_t msid, const uint8_t *d, size_t n, uint8_t *out, size_t cap,
			size_t *out_len, const char **why)
{
	/* opcode msid ms-length(2) value-size(1)=16 challenge(16) name */
	if (n < 21 || d[4] != 16) {
		*why = "MSCHAPv2 Challenge too short or value size not 16";
		return -1;
	}
	size_t ulen = strlen(in->identity);
	size_t mslen = 4 + 1 + 49 + ulen;
	if (ulen > 255 || 1 + mslen > cap) {
		*why = "identity too long for the MSCHAPv2 Response";
		return -1;
	}
	uint8_t peer_chal[16];
	if (RAND_bytes(peer_chal, sizeof peer_chal) != 1) {
		*why = "RAND_bytes";
		return -1;
	}
	mschapv2_nt_hash(in->password, in->nt_hash);
	mschapv2_challenge_hash(peer_chal, d + 5, in->identity, ulen, in->chal_hash);
	mschapv2_challenge_response(in->chal_hash, in->nt_hash, in->nt_resp);
	uint8_t *o = out;
	*o++ = T_MSCHAPV2;
	*o++ = MS_RESPONSE;
	*o++ = msid;
	put16(o, mslen);
	o += 2;
	*o++ = 49;
	memcpy(o, peer_chal, 16);
	o += 16;
	memset(o, 0, 8);
	o += 8;
	memcpy(o, in->nt_resp, 24);
	o += 24;
	*o++ = 0; /* flags */
	memcpy(o, in->identity, ulen);
	o += ulen;
	*out_len = (size_t)(o - out);
	in->responded = true;
	in->say("PEAP inner: MSCHAPv2 Challenge answered for %s", in->identity);
	return 0;
}

static int mschapv2(struct peap_inner *in, const uint8_t *d, size_t n, uint8_t *out, size_t cap, size_t *out_len,
		    const char **why)
{
	/* d: opcode msid ms-length(2) ...; ms-length counts from the opcode */
	if (n < 4 || be16(d + 2) != n) {
		*why = "MSCHAPv2 packet with a bad MS-Length";
		return -1;
	}
	char text[128];
	switch (d[0]) {
	case MS_CHALLENGE:
		return ms_challenge(in, d[1], d, n, out, cap, out_len, why);
	case MS_SUCCESS: {
		/* "S=<40 hex> M=..." : the server proves it knew the password */
		char want[43];
		if (!in->responded || n < 4 + 42) {
			*why = "MSCHAPv2 Success out of turn or too short";
			return -1;
		}
		mschapv2_auth_response(in->nt_hash, in->nt_resp, in->chal_hash, want);
		if (strncasecmp((const char *)d + 4, want, 42) != 0) {
			*why = "MSCHAPv2 authenticator response does not verify";
			return -1;
		}
		in->server_ok = true;
		in->say("PEAP inner: MSCHAPv2 Success, authenticator response verified");
		out[0] = T_MSCHAPV2;
		out[1] = MS_SUCCESS;
		*out_len = 2;
		return 0;
	}
	case MS_FAILURE:
		printable(text, sizeof text, d + 4, n - 4);
		in->say("PEAP inner: MSCHAPv2 Failure: %s", text);
		in->mschap_fail = true;
		out[0] = T_MSCHAPV2;
		out[1] = MS_FAILURE;
		*out_len = 2;
		return 0;
	default:
		*why = "unknown MSCHAPv2 opcode";
		return -1;
	}
}

/* EAP-TLV request (full header kept): answer the Result TLV.  We agree
 * to success only when the server proved itself in MSCHAPv2. */
static int tlv(struct peap_inner *in, uint8_t id, const uint8_t *d, size_t n, uint8_t *out, size_t cap,
	       size_t *out_len, const char **why)
{
	int status = 0;
	while (n) {
		if (n < 4 || (size_t)be16(d + 2) + 4 > n) {
			*why = "EAP-TLV with a truncated TLV";
			return -1;
		}
		uint16_t t = be16(d) & 0x3fff, l = be16(d + 2);
		if (t == TLV_RESULT) {
			if (l != 2) {
				*why = "Result TLV length not 2";
				return -1;
			}
			status = be16(d + 4);
		} else if (be16(d) & TLV_MANDATORY) {
			*why = "unknown mandatory TLV";
			return -1;
		}
		d += 4 + l;
		n -= 4 + l;
	}
	if (status != RESULT_SUCCESS && status != RESULT_FAILURE) {
		*why = "EAP-TLV without a Result TLV";
		return -1;
	}
	int ours = status == RESULT_SUCCESS && in->server_ok ? RESULT_SUCCESS : RESULT_FAILURE;
	if (cap < 11) {
		*why = "no room";
		return -1;
	}
	static const uint8_t tmpl[11] = { EAP_RESPONSE, 0, 0, 11, T_TLV, 0x80, TLV_RESULT, 0, 2, 0, 0 };
	memcpy(out, tmpl, sizeof tmpl);
	out[1] = id;
	out[10] = (uint8_t)ours;
	*out_len = sizeof tmpl;
	in->result = ours;
	in->say("PEAP inner: Result TLV %s from the server, answered %s", status == RESULT_SUCCESS ? "success" : "failure",
		ours == RESULT_SUCCESS ? "success" : "failure");
	return 0;
}

int peap_inner_packet(struct peap_inner *in, const uint8_t *pkt, size_t len, uint8_t *out, size_t cap,
		      size_t *out_len, const char **why)
{
	uint8_t id = 0, type;
	const uint8_t *d;
	size_t n;
	if (len >= 5 && pkt[0] == EAP_REQUEST && be16(pkt + 2) == len) {
		id = pkt[1];
		type = pkt[4];
		d = pkt + 5;
		n = len - 5;
	} else if (len >= 1) {
		type = pkt[0];
		d = pkt + 1;
		n = len - 1;
	} else {
		*why = "empty tunnelled packet";
		return -1;
	}
	if (cap < 2 + 255) {
		*why = "no room";
		return -1;
	}
	size_t ulen;
	switch (type) {
	case T_IDENTITY:
		ulen = strlen(in->identity);
		if (ulen + 1 > cap) {
			*why = "identity too long";
			return -1;
		}
		out[0] = T_IDENTITY;
		memcpy(out + 1, in->identity, ulen);
		*out_len = 1 + ulen;
		in->say("PEAP inner: Identity %s", in->identity);
		return 0;
	case T_NOTIFICATION:
		out[0] = T_NOTIFICATION;
		*out_len = 1;
		return 0;
	case T_MSCHAPV2:
		return mschapv2(in, d, n, out, cap, out_len, why);
	case T_TLV:
		if (d == pkt + 1) {
			*why = "EAP-TLV without its EAP header";
			return -1;
		}
		return tlv(in, id, d, n, out, cap, out_len, why);
	default:
		/* compressed Nak: we only do MSCHAPv2 inside */
		in->say("PEAP inner: method %u offered, Nak -> MSCHAPv2", type);
		out[0] = T_NAK;
		out[1] = T_MSCHAPV2;
		*out_len = 2;
		return 0;
	}
}

void peap_inner_wipe(struct peap_inner *in)
{
	OPENSSL_cleanse(in->nt_hash, sizeof in->nt_hash);
	OPENSSL_cleanse(in->nt_resp, sizeof in->nt_resp);
	OPENSSL_cleanse(in->chal_hash, sizeof in->chal_hash);
}
