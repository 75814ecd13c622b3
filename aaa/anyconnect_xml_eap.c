/*
 * AnyConnect-EAP framing: Code | Id | Length | 254 | Vendor-Id 9 |
 * Vendor-Type "DBRP" | TLVs (Type 2 | Length 2 | Value), TLVs to the very
 * end (anyconnect-eap.md §3).
 */
#include <string.h>

#include "aaa/anyconnect_xml.h"

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t ac_eap_build(uint8_t *out, size_t cap, uint8_t code, uint8_t id, const char *xml, size_t xml_len)
{
	return ac_eap_build_tlvs(out, cap, code, id, xml, xml_len, NULL, 0, NULL, 0);
}

static size_t put_tlv(uint8_t *out, unsigned type, const void *v, size_t len)
{
	put16(out, type);
	put16(out + 2, len);
	memcpy(out + 4, v, len);
	return 4 + len;
}

size_t ac_eap_build_tlvs(uint8_t *out, size_t cap, uint8_t code, uint8_t id, const char *xml, size_t xml_len,
			 const uint8_t *pkcs7, size_t pkcs7_len, const uint8_t *sig, size_t sig_len)
{
	if (!pkcs7)
		pkcs7_len = 0;
	if (!sig)
		sig_len = 0;
	if (xml_len > AC_XML_MAX || pkcs7_len > 0xffff || sig_len > 0xffff)
		return 0;
	size_t len = AC_EAP_HDR_LEN + 4 + xml_len + (pkcs7_len ? 4 + pkcs7_len : 0) + (sig_len ? 4 + sig_len : 0);
	if (len > cap || len > 0xffff)
		return 0;
	out[0] = code;
	out[1] = id;
	put16(out + 2, len);
	out[4] = AC_EAP_TYPE_EXPANDED;
	out[5] = 0;
	out[6] = 0;
	out[7] = (uint8_t)AC_EAP_VENDOR_CISCO;
	put32(out + 8, AC_EAP_VENDOR_TYPE);
	size_t off = AC_EAP_HDR_LEN;
	if (pkcs7_len)
		off += put_tlv(out + off, AC_TLV_PKCS7, pkcs7, pkcs7_len);
	if (sig_len)
		off += put_tlv(out + off, AC_TLV_SIGNATURE, sig, sig_len);
	off += put_tlv(out + off, AC_TLV_XML, xml, xml_len);
	return off;
}

int ac_eap_parse(const uint8_t *p, size_t len, struct ac_eap *out, const char **why)
{
	memset(out, 0, sizeof *out);
	if (len < 5) {
		*why = "EAP packet too short";
		return -1;
	}
	if ((size_t)(p[2] << 8 | p[3]) != len) {
		*why = "EAP length does not match the payload";
		return -1;
	}
	out->code = p[0];
	out->id = p[1];
	if (out->code != 1 && out->code != 2) {
		*why = "not an EAP Request/Response";
		return -1;
	}
	if (p[4] != AC_EAP_TYPE_EXPANDED) {
		*why = p[4] == 3 ? "the client refused AnyConnect-EAP (EAP Nak)" : "not the AnyConnect expanded EAP type";
		return -1;
	}
	if (len < AC_EAP_HDR_LEN) {
		*why = "EAP packet too short";
		return -1;
	}
	uint32_t vendor = (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	uint32_t vtype = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
	if (vendor != AC_EAP_VENDOR_CISCO || vtype != AC_EAP_VENDOR_TYPE) {
		*why = "not the AnyConnect expanded EAP type";
		return -1;
	}
	size_t off = AC_EAP_HDR_LEN;
	while (off < len) {
		if (len - off < 4) {
			*why = "truncated TLV header";
			return -1;
		}
		unsigned t = (unsigned)(p[off] << 8 | p[off + 1]);
		size_t l = (size_t)(p[off + 2] << 8 | p[off + 3]);
		off += 4;
		if (l > len - off) {
			*why = "TLV longer than the packet";
			return -1;
		}
		switch (t) {
		case AC_TLV_XML:
			if (out->xml) {
				*why = "two XML TLVs";
				return -1;
			}
			out->xml = p + off;
			out->xml_len = l;
			break;
		case AC_TLV_SIGNATURE:
			if (out->has_sig) {
				*why = "two signature TLVs";
				return -1;
			}
			out->has_sig = true;
			out->sig = p + off;
			out->sig_len = l;
			break;
		case AC_TLV_PKCS7:
			if (out->has_pkcs7) {
				*why = "two certificate TLVs";
				return -1;
			}
			out->has_pkcs7 = true;
			out->pkcs7 = p + off;
			out->pkcs7_len = l;
			break;
		default:
			*why = "unknown TLV type";
			return -1;
		}
		off += l;
	}
	return 0;
}
