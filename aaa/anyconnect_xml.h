/*
 * AnyConnect "aggregate-auth" XML messages carried in AnyConnect-EAP
 * (../shared/spec/anyconnect-eap.md §3-4): the expanded-type EAP framing
 * (Cisco vendor 9, vendor type "DBRP", TLVs) and the six documents
 * hello -> init -> auth-request -> auth-reply -> complete -> ack.
 *
 * Both sides use it: the headend (aaa/anyconnect_eap.c) and the test
 * client (tests/tools/ac-client.c).  Parsing is libxml2 with no network,
 * no DTD, no entity expansion, a size cap and a depth cap: a hostile or
 * broken document is refused with a reason (for the log), never a crash.
 * Every text field is bounded; a longer value is an error, not truncated.
 */
#ifndef FLEXD_ANYCONNECT_XML_H
#define FLEXD_ANYCONNECT_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- EAP framing (RFC 3748 §5.7 expanded type) ---- */
#define AC_EAP_TYPE_EXPANDED 254
#define AC_EAP_VENDOR_CISCO  9u
#define AC_EAP_VENDOR_TYPE   0x44425250u /* "DBRP" */
#define AC_EAP_HDR_LEN       12
#define AC_TLV_XML           0
#define AC_TLV_SIGNATURE     1
#define AC_TLV_PKCS7         3

#define AC_XML_MAX   16384 /* largest document accepted or built */
#define AC_XML_DEPTH 12    /* deepest element nesting accepted */

struct ac_eap {
	uint8_t code, id;
	const uint8_t *xml; /* TLV 0 (NULL when absent) */
	size_t xml_len;
	bool has_sig, has_pkcs7; /* TLVs 1 / 3 seen (dual authentication) */
	const uint8_t *sig;      /* TLV 1: the client's signature (§5; NULL when absent) */
	size_t sig_len;
	const uint8_t *pkcs7;    /* TLV 3: PKCS#7 signedData with its certificate chain */
	size_t pkcs7_len;
};

/* Request/Response with one XML TLV; returns the packet length, 0 when it
 * does not fit (cap) or xml_len > AC_XML_MAX. */
size_t ac_eap_build(uint8_t *out, size_t cap, uint8_t code, uint8_t id, const char *xml, size_t xml_len);
/* The same with the dual-authentication TLVs too: PKCS#7 (3) and
 * signature (1) first, then the XML (0), as [SG]'s client orders them;
 * a NULL/0 TLV is left out.  0 when it does not fit or a value is longer
 * than a TLV can say. */
size_t ac_eap_build_tlvs(uint8_t *out, size_t cap, uint8_t code, uint8_t id, const char *xml, size_t xml_len,
			 const uint8_t *pkcs7, size_t pkcs7_len, const uint8_t *sig, size_t sig_len);
/* Parse an AnyConnect-EAP Request/Response: lengths, expanded type,
 * vendor, TLV chain exactly to the end, at most one of each TLV.
 * -1 with *why on any error.  Pointers go into eap. */
int ac_eap_parse(const uint8_t *eap, size_t len, struct ac_eap *out, const char **why);

/* ---- documents ---- */
enum ac_xml_type {
	AC_XML_HELLO,
	AC_XML_INIT,
	AC_XML_AUTH_REQUEST,
	AC_XML_AUTH_REPLY,
	AC_XML_COMPLETE,
	AC_XML_ACK,
};

#define AC_MAX_INPUTS 4
#define AC_MAX_FIELDS 4

struct ac_input {
	char type[16];  /* text | password */
	char name[32];
	char label[256];
};

struct ac_field {       /* one <auth><NAME>value</NAME> of an auth-reply */
	char name[32];
	char value[256];
};

struct ac_xml_msg {
	enum ac_xml_type type;
	char error[256];         /* <error> text when present ("" = none) */
	/* client header (init, auth-reply, ack) */
	char version[64];        /* <version who="vpn"> */
	char device[64];         /* <device-id> text */
	/* init */
	char group_access[256];
	bool cert_fail;          /* <client-cert-fail/>: the client has no certificate [OC] */
	/* auth-request asking for the client certificate (<client-cert-request/>,
	 * answered by another init with TLVs 3 and 1; §4.3 [SG]) */
	bool cert_request;
	/* server blob the client echoes: <opaque is-for="sg"><config-hash> */
	char config_hash[32];
	/* auth-request */
	char auth_id[32];        /* "main", "challenge" */
	char title[128];
	char message[256];
	unsigned ninputs;
	struct ac_input input[AC_MAX_INPUTS];
	/* auth-reply */
	unsigned nfields;
	struct ac_field field[AC_MAX_FIELDS];
	/* complete */
	char session_id[32];
	char session_token[128];
	char profile_uri[256];
	char profile_hash[48];
};

const char *ac_xml_type_name(enum ac_xml_type t);

/* Build m as a document into out (NUL-terminated); the length, 0 when it
 * does not fit.  Only the fields of m's type are written; text is
 * escaped. */
size_t ac_xml_build(const struct ac_xml_msg *m, char *out, size_t cap);

/* Parse one document: -1 with a static *why for the log ("not XML",
 * "DOCTYPE/entities refused", "too deep", "unknown type", "field too
 * long", ...). */
int ac_xml_parse(const uint8_t *xml, size_t len, struct ac_xml_msg *m, const char **why);

/* An auth-reply field by name, NULL when absent. */
const char *ac_xml_field(const struct ac_xml_msg *m, const char *name);

#endif
