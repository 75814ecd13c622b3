/*
 * Kernel routes over rtnetlink (no `ip route` shell-outs): the host
 * routes of Virtual-Access sessions and the prefixes of static tunnel
 * interfaces, all pointing into flexd's TUN.
 */
#ifndef FLEXD_ROUTE_NETLINK_H
#define FLEXD_ROUTE_NETLINK_H

#include <stdbool.h>
#include <stddef.h>

/* Add (replace) or delete the route addr/plen dev `dev` in the main
 * table.  family AF_INET (addr: 4 octets, network order) or AF_INET6
 * (16 octets).  0, or a negative errno (-ENODEV when dev does not
 * exist, -EPERM when not root). */
int rtnl_route(bool add, int family, const void *addr, int plen, const char *dev);

/* Append one attribute to the netlink request at req (a buffer of cap
 * octets that starts with its struct nlmsghdr); false, nothing written,
 * when it would not fit. */
bool rtnl_put_attr(void *req, size_t cap, unsigned short type, const void *data, unsigned short len);
/* Send the request at req (NLM_F_ACK set) on flexd's one rtnetlink socket
 * and wait for the kernel's answer to it (earlier, timed-out answers are
 * skipped by sequence number; never more than 1 s).  0 or -errno. */
int rtnl_request(void *req);

#endif
