/*
 * The running-config is rendered from the tables, section by section, in
 * IOS's canonical order (running-config/render.c holds the order).  Each
 * function appends its lines with one space of indent per sub-mode level,
 * and ends each top-level block it printed with a "!" line.  A section with
 * nothing configured prints nothing.  Smart defaults left as they are are
 * not printed; a modified or disabled default is.
 */
#ifndef FLEXD_SECTIONS_H
#define FLEXD_SECTIONS_H

struct buf;

void sys_render_header(struct buf *b);      /* service ..., hostname, boot markers, enable secret */
void aaa_render_main(struct buf *b);        /* aaa new-model, server groups, method lists, attribute lists, dynamic-author, session-id */
void sys_render_vrfs(struct buf *b);        /* vrf definition / ip vrf (called by sys_render_header) */
void sys_render_ip_domain(struct buf *b);   /* ip domain name, ip domain lookup */
void pki_render(struct buf *b);             /* crypto pki trustpoint / certificate map / certificate chain */
void aaa_render_usernames(struct buf *b);   /* username ... */
void ikev2_render(struct buf *b);           /* crypto ikev2 ... everything */
void ipsec_render(struct buf *b);           /* crypto ipsec ... */
void sys_render_qos(struct buf *b);         /* class-map ..., policy-map ... */
void if_render(struct buf *b);              /* interface ... */
void aaa_render_pools(struct buf *b);       /* ip local pool, ipv6 local pool */
void sys_render_ip_misc(struct buf *b);     /* ip forward-protocol, ip http, ip nat, ip route */
void sys_render_acls(struct buf *b);        /* ip access-list ... */
void aaa_render_radius(struct buf *b);      /* radius-server ..., radius server NAME, ip radius source-interface */
void pki_render_ssl(struct buf *b);         /* crypto vpn anyconnect profile, crypto ssl policy/profile */
void sys_render_lines(struct buf *b);       /* line con 0 / line vty */

/* One interface's block (for `show running-config interface X`); returns 0
 * when found, -1 when there is no such interface. */
int if_render_one(struct buf *b, const char *ifname);

#endif
