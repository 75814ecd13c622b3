/*
 * The six aggregate-auth documents as text (anyconnect-eap.md §4): fixed
 * templates with every value XML-escaped, so a username or a RADIUS
 * Reply-Message cannot inject markup.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aaa/anyconnect_xml.h"

struct w {
	char *p;
	size_t cap, len;
	bool bad;
};

static void raw(struct w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void raw(struct w *w, const char *fmt, ...)
{
	if (w->bad)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(w->p + w->len, w->cap - w->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= w->cap - w->len)
		w->bad = true;
	else
		w->len += (size_t)n;
}

/* text for element content and double-quoted attributes */
static void esc(struct w *w, const char *s)
{
	for (; *s && !w->bad; s++) {
		switch (*s) {
		case '<': raw(w, "&lt;"); break;
		case '>': raw(w, "&gt;"); break;
		case '&': raw(w, "&amp;"); break;
		case '"': raw(w, "&quot;"); break;
		case '\'': raw(w, "&apos;"); break;
		default: raw(w, "%c", *s);
		}
	}
}

static void elem(struct w *w, const char *name, const char *text)
{
	raw(w, "<%s>", name);
	esc(w, text);
	raw(w, "</%s>\n", name);
}

static void client_header(struct w *w, const struct ac_xml_msg *m)
{
	raw(w, "<version who=\"vpn\">");
	esc(w, m->version);
	raw(w, "</version>\n<device-id>");
	esc(w, m->device);
	raw(w, "</device-id>\n");
}

static void opaque(struct w *w, const struct ac_xml_msg *m)
{
	if (!m->config_hash[0])
		return;
	raw(w, "<opaque is-for=\"sg\"><config-hash>");
	esc(w, m->config_hash);
	raw(w, "</config-hash></opaque>\n");
}

const char *ac_xml_type_name(enum ac_xml_type t)
{
	static const char *const n[] = { "hello", "init", "auth-request", "auth-reply", "complete", "ack" };
	return (unsigned)t < sizeof n / sizeof n[0] ? n[t] : "?";
}

size_t ac_xml_build(const struct ac_xml_msg *m, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	struct w w = { out, cap > AC_XML_MAX + 1 ? AC_XML_MAX + 1 : cap, 0, false };
	raw(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<config-auth client=\"vpn\" type=\"%s\" aggregate-auth-version=\"2\">\n",
	    ac_xml_type_name(m->type));
	switch (m->type) {
	case AC_XML_HELLO:
		break;
	case AC_XML_INIT:
		client_header(&w, m);
		elem(&w, "group-access", m->group_access);
		if (m->cert_fail)
			raw(&w, "<client-cert-fail/>\n");
		break;
	case AC_XML_AUTH_REQUEST:
		opaque(&w, m);
		if (m->cert_request) {
			/* [SG]: no form, the client answers with init + TLVs 3, 1 */
			raw(&w, "<client-cert-request/>\n");
			break;
		}
		raw(&w, "<auth id=\"");
		esc(&w, m->auth_id[0] ? m->auth_id : "main");
		raw(&w, "\">\n");
		elem(&w, "title", m->title);
		elem(&w, "message", m->message);
		raw(&w, "<banner></banner>\n");
		for (unsigned i = 0; i < m->ninputs && i < AC_MAX_INPUTS; i++) {
			raw(&w, "<input type=\"");
			esc(&w, m->input[i].type);
			raw(&w, "\" name=\"");
			esc(&w, m->input[i].name);
			raw(&w, "\" label=\"");
			esc(&w, m->input[i].label);
			raw(&w, "\"></input>\n");
		}
		raw(&w, "</auth>\n");
		break;
	case AC_XML_AUTH_REPLY:
		client_header(&w, m);
		raw(&w, "<session-token></session-token>\n<session-id></session-id>\n");
		opaque(&w, m);
		raw(&w, "<auth>\n");
		for (unsigned i = 0; i < m->nfields && i < AC_MAX_FIELDS; i++)
			elem(&w, m->field[i].name, m->field[i].value);
		raw(&w, "</auth>\n");
		break;
	case AC_XML_COMPLETE:
		elem(&w, "session-id", m->session_id);
		elem(&w, "session-token", m->session_token);
		raw(&w, "<auth id=\"success\"><message id=\"0\" param1=\"\" param2=\"\"></message></auth>\n"
			"<capabilities><crypto-supported>ssl-dhe</crypto-supported></capabilities>\n");
		if (m->profile_uri[0]) {
			raw(&w, "<config client=\"vpn\" type=\"private\">\n<vpn-profile-manifest><vpn rev=\"1.0\">\n"
				"<file type=\"profile\" service-type=\"user\">\n");
			elem(&w, "uri", m->profile_uri);
			raw(&w, "<hash type=\"sha1\">");
			esc(&w, m->profile_hash);
			raw(&w, "</hash>\n</file>\n</vpn></vpn-profile-manifest>\n</config>\n");
		}
		break;
	case AC_XML_ACK:
		client_header(&w, m);
		break;
	}
	if (m->error[0]) {
		raw(&w, "<error id=\"1\">");
		esc(&w, m->error);
		raw(&w, "</error>\n");
	}
	raw(&w, "</config-auth>\n");
	return w.bad ? 0 : w.len;
}
