/* Kernel routes over rtnetlink (see route_netlink.h). */
#include "route_netlink.h"

#include <errno.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct rt_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	char attrs[64];
};

bool rtnl_put_attr(void *req, size_t cap, unsigned short type, const void *data, unsigned short len)
{
	struct nlmsghdr *nh = req;
	size_t at = NLMSG_ALIGN(nh->nlmsg_len);
	if (at + RTA_SPACE(len) > cap)
		return false;
	struct rtattr *a = (struct rtattr *)((char *)req + at);
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	nh->nlmsg_len = (uint32_t)(at + RTA_ALIGN(a->rta_len));
	return true;
}

/* One netlink socket and the device's index, kept: a headend adds and
 * removes a route per session, thousands a second under load. */
static int nl_fd = -1;
static uint32_t nl_seq;
static char dev_name[IF_NAMESIZE];
static int dev_index;

static int dev_ifindex(const char *dev, bool fresh)
{
	if (fresh || strcmp(dev, dev_name) != 0 || !dev_index) {
		dev_index = (int)if_nametoindex(dev);
		snprintf(dev_name, sizeof dev_name, "%s", dev);
	}
	return dev_index;
}

static int nl_socket(void)
{
	if (nl_fd >= 0)
		return nl_fd;
	nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl_fd < 0)
		return -errno;
	struct timeval tv = { 1, 0 };  /* the kernel answers at once; never hang the loop */
	setsockopt(nl_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return nl_fd;
}

int rtnl_request(void *req)
{
	struct nlmsghdr *nh = req;
	int fd = nl_socket();
	if (fd < 0)
		return fd;
	nh->nlmsg_seq = ++nl_seq;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	if (sendto(fd, req, nh->nlmsg_len, 0, (struct sockaddr *)&k, sizeof k) < 0) {
		int rc = -errno;
		close(fd);
		nl_fd = -1;
		return rc;
	}
	for (int i = 0; i < 8; i++) { /* bounded */
		char ans[512];
		ssize_t n = recv(fd, ans, sizeof ans, 0);
		if (n < 0) {
			int rc = -errno;
			close(fd); /* a late answer must not meet the next request */
			nl_fd = -1;
			return rc;
		}
		struct nlmsghdr *h = (struct nlmsghdr *)ans;
		if (!NLMSG_OK(h, (size_t)n))
			return -EPROTO;
		if (h->nlmsg_seq != nh->nlmsg_seq)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			return ((struct nlmsgerr *)NLMSG_DATA(h))->error;  /* 0 = ACK */
		return 0;
	}
	return -EPROTO;
}

int rtnl_route(bool add, int family, const void *addr, int plen, const char *dev)
{
	unsigned alen = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	if (!alen || plen < 0 || plen > (int)alen * 8 || !dev)
		return -EINVAL;
	int rc = -ENODEV;
	for (int fresh = 0; fresh < 2 && rc == -ENODEV; fresh++) {
		/* a cached index may be stale (the device made again): look again once */
		int oif = dev_ifindex(dev, fresh);
		if (!oif)
			return -ENODEV;
		struct rt_req r;
		memset(&r, 0, sizeof r);
		r.nh.nlmsg_len = NLMSG_LENGTH(sizeof r.rt);
		r.nh.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
		r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
		r.rt.rtm_family = (unsigned char)family;
		r.rt.rtm_dst_len = (unsigned char)plen;
		r.rt.rtm_table = RT_TABLE_MAIN;
		r.rt.rtm_protocol = RTPROT_STATIC;
		r.rt.rtm_scope = RT_SCOPE_LINK;
		r.rt.rtm_type = RTN_UNICAST;
		if (!rtnl_put_attr(&r, sizeof r, RTA_DST, addr, (unsigned short)alen) ||
		    !rtnl_put_attr(&r, sizeof r, RTA_OIF, &oif, sizeof oif))
			return -EMSGSIZE;
		rc = rtnl_request(&r);
	}
	return rc;
}
