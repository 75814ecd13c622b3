/*
 * The canonical order of a running-config.  Each subsystem renders its own
 * sections (sections.h); this file only says in which order they come.
 */
#include "render.h"

#include "base/buf.h"
#include "sections.h"

typedef void (*section_fn)(struct buf *b);

/* IOS-XE 17 order, as a C8000V prints it. */
static const section_fn sections[] = {
	sys_render_header,
	aaa_render_main,
	sys_render_ip_domain,
	pki_render,
	aaa_render_usernames,
	ikev2_render,
	ipsec_render,
	sys_render_qos,
	if_render,
	aaa_render_pools,
	sys_render_ip_misc,
	sys_render_acls,
	aaa_render_radius,
	pki_render_ssl,
	sys_render_lines,
};

void rc_render_body(struct buf *b)
{
	buf_puts(b, "!\nversion 17.10\n");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		sections[i](b);
	buf_puts(b, "!\nend\n");
}

void rc_render_show(struct buf *b)
{
	struct buf body = BUF_INIT;
	rc_render_body(&body);
	/* IOS counts the text from the first "!" through "end\n", plus one. */
	buf_printf(b, "Building configuration...\n\nCurrent configuration : %zu bytes\n", body.len + 1);
	buf_add(b, buf_str(&body), body.len);
	buf_free(&body);
}
