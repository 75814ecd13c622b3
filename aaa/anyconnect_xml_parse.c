/*
 * Parsing one aggregate-auth document with libxml2, defensively:
 *   - size capped (AC_XML_MAX) before libxml2 sees a byte;
 *   - any DOCTYPE or ENTITY declaration refused before parsing (XXE,
 *     billion laughs: the protocol never uses a DTD), and again after
 *     (no internal/external subset may exist);
 *   - XML_PARSE_NONET, no XML_PARSE_NOENT (entities never substituted),
 *     no DTDLOAD/DTDATTR, no HUGE (libxml2's own limits stay on), errors
 *     not printed (NOERROR/NOWARNING): the caller logs *why;
 *   - element nesting capped (AC_XML_DEPTH), elements counted;
 *   - every text copied into a bounded field, too long = refused.
 * Unknown elements are ignored (newer clients add some).
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "aaa/anyconnect_xml.h"

#define AC_XML_MAX_ELEMS 512

static bool is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Depth and element count of the whole tree (iterative: no recursion on
 * attacker input). */
static int check_shape(const xmlNode *root, const char **why)
{
	unsigned depth = 1, elems = 0;
	const xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && ++elems > AC_XML_MAX_ELEMS) {
			*why = "too many XML elements";
			return -1;
		}
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_DTD_NODE || n->type == XML_ENTITY_DECL) {
			*why = "XML entity references refused";
			return -1;
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			if (++depth > AC_XML_DEPTH) {
				*why = "XML nested too deep";
				return -1;
			}
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root) {
			n = n->parent;
			depth--;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	return 0;
}

/* Copy n's text content into out[cap]; -1 when longer. */
static int text(const xmlNode *n, char *out, size_t cap, const char **why)
{
	xmlChar *t = xmlNodeGetContent(n);
	size_t l = t ? strlen((const char *)t) : 0;
	if (l >= cap) {
		xmlFree(t);
		*why = "XML field too long";
		return -1;
	}
	memcpy(out, t ? (const char *)t : "", l);
	out[l] = 0;
	xmlFree(t);
	return 0;
}

static int attr(const xmlNode *n, const char *name, char *out, size_t cap, const char **why)
{
	xmlChar *t = xmlGetProp(n, (const xmlChar *)name);
	size_t l = t ? strlen((const char *)t) : 0;
	if (l >= cap) {
		xmlFree(t);
		*why = "XML attribute too long";
		return -1;
	}
	memcpy(out, t ? (const char *)t : "", l);
	out[l] = 0;
	xmlFree(t);
	return 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

static int parse_inputs(const xmlNode *auth, struct ac_xml_msg *m, const char **why)
{
	for (const xmlNode *c = auth->children; c; c = c->next) {
		if (is(c, "form")) { /* ocserv wraps the inputs in a form */
			if (parse_inputs(c, m, why))
				return -1;
			continue;
		}
		if (!is(c, "input"))
			continue;
		if (m->ninputs >= AC_MAX_INPUTS) {
			*why = "too many form inputs";
			return -1;
		}
		struct ac_input *in = &m->input[m->ninputs++];
		if (attr(c, "type", in->type, sizeof in->type, why) || attr(c, "name", in->name, sizeof in->name, why) ||
		    attr(c, "label", in->label, sizeof in->label, why))
			return -1;
	}
	return 0;
}

static int parse_auth(const xmlNode *auth, struct ac_xml_msg *m, const char **why)
{
	if (attr(auth, "id", m->auth_id, sizeof m->auth_id, why))
		return -1;
	if (m->type != AC_XML_AUTH_REPLY) {
		const xmlNode *t = child(auth, "title"), *msg = child(auth, "message");
		if ((t && text(t, m->title, sizeof m->title, why)) ||
		    (msg && text(msg, m->message, sizeof m->message, why)))
			return -1;
		return parse_inputs(auth, m, why);
	}
	for (const xmlNode *c = auth->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (m->nfields >= AC_MAX_FIELDS) {
			*why = "too many auth fields";
			return -1;
		}
		struct ac_field *f = &m->field[m->nfields++];
		if (strlen((const char *)c->name) >= sizeof f->name) {
			*why = "auth field name too long";
			return -1;
		}
		strcpy(f->name, (const char *)c->name);
		if (text(c, f->value, sizeof f->value, why))
			return -1;
	}
	return 0;
}

/* <config><vpn-profile-manifest><vpn><file><uri>, <hash> */
static int parse_manifest(const xmlNode *cfg, struct ac_xml_msg *m, const char **why)
{
	const xmlNode *f = child(child(child(cfg, "vpn-profile-manifest"), "vpn"), "file");
	const xmlNode *u = child(f, "uri"), *h = child(f, "hash");
	if ((u && text(u, m->profile_uri, sizeof m->profile_uri, why)) ||
	    (h && text(h, m->profile_hash, sizeof m->profile_hash, why)))
		return -1;
	return 0;
}

static int parse_root(const xmlNode *root, struct ac_xml_msg *m, const char **why)
{
	if (!root || !is(root, "config-auth")) {
		*why = "XML root is not config-auth";
		return -1;
	}
	char type[32];
	if (attr(root, "type", type, sizeof type, why))
		return -1;
	unsigned t;
	for (t = AC_XML_HELLO; t <= AC_XML_ACK; t++)
		if (strcmp(type, ac_xml_type_name((enum ac_xml_type)t)) == 0)
			break;
	if (t > AC_XML_ACK) {
		*why = "unknown config-auth type";
		return -1;
	}
	m->type = (enum ac_xml_type)t;
	for (const xmlNode *c = root->children; c; c = c->next) {
		int rc = 0;
		if (is(c, "version"))
			rc = text(c, m->version, sizeof m->version, why);
		else if (is(c, "device-id"))
			rc = text(c, m->device, sizeof m->device, why);
		else if (is(c, "group-access"))
			rc = text(c, m->group_access, sizeof m->group_access, why);
		else if (is(c, "client-cert-request"))
			m->cert_request = true;
		else if (is(c, "client-cert-fail"))
			m->cert_fail = true;
		else if (is(c, "opaque")) {
			const xmlNode *h = child(c, "config-hash");
			rc = h ? text(h, m->config_hash, sizeof m->config_hash, why) : 0;
		} else if (is(c, "auth"))
			rc = parse_auth(c, m, why);
		else if (is(c, "session-id"))
			rc = text(c, m->session_id, sizeof m->session_id, why);
		else if (is(c, "session-token"))
			rc = text(c, m->session_token, sizeof m->session_token, why);
		else if (is(c, "config"))
			rc = parse_manifest(c, m, why);
		else if (is(c, "error")) {
			rc = text(c, m->error, sizeof m->error, why);
			if (rc == 0 && !m->error[0])
				strcpy(m->error, "error");
		}
		if (rc)
			return -1;
	}
	return 0;
}

int ac_xml_parse(const uint8_t *xml, size_t len, struct ac_xml_msg *m, const char **why)
{
	memset(m, 0, sizeof *m);
	if (len == 0 || len > AC_XML_MAX) {
		*why = len ? "XML document too large" : "empty XML document";
		return -1;
	}
	if (memmem(xml, len, "<!DOCTYPE", 9) || memmem(xml, len, "<!ENTITY", 8)) {
		*why = "XML DOCTYPE/ENTITY declarations refused";
		return -1;
	}
	if (memchr(xml, 0, len)) {
		*why = "NUL byte in XML document";
		return -1;
	}
	xmlDoc *doc = xmlReadMemory((const char *)xml, (int)len, NULL, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!doc) {
		*why = "not well-formed XML";
		return -1;
	}
	int rc = -1;
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset)
		*why = "XML DOCTYPE refused";
	else if (root && check_shape(root, why) == 0)
		rc = parse_root(root, m, why);
	else if (!root)
		*why = "XML without a root element";
	xmlFreeDoc(doc);
	if (rc)
		memset(m, 0, sizeof *m);
	return rc;
}

const char *ac_xml_field(const struct ac_xml_msg *m, const char *name)
{
	for (unsigned i = 0; i < m->nfields; i++)
		if (strcmp(m->field[i].name, name) == 0)
			return m->field[i].value;
	return NULL;
}
