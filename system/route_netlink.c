/* Kernel routes over rtnetlink (see route_netlink.h). */
#include "route_netlink.h"

#include <errno.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct rt_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	char attrs[64];
};

static void add_attr(struct rt_req *r, unsigned short type, const void *data, unsigned short len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

int rtnl_route(bool add, int family, const void *addr, int plen, const char *dev)
{
	unsigned alen = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	if (!alen || plen < 0 || plen > (int)alen * 8 || !dev)
		return -EINVAL;
	int oif = (int)if_nametoindex(dev);
	if (!oif)
		return -ENODEV;
	struct rt_req r;
	memset(&r, 0, sizeof r);
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof r.rt);
	r.nh.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	r.nh.nlmsg_seq = 1;
	r.rt.rtm_family = (unsigned char)family;
	r.rt.rtm_dst_len = (unsigned char)plen;
	r.rt.rtm_table = RT_TABLE_MAIN;
	r.rt.rtm_protocol = RTPROT_STATIC;
	r.rt.rtm_scope = RT_SCOPE_LINK;
	r.rt.rtm_type = RTN_UNICAST;
	add_attr(&r, RTA_DST, addr, (unsigned short)alen);
	add_attr(&r, RTA_OIF, &oif, sizeof oif);

	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	struct timeval tv = { 1, 0 };  /* the kernel answers at once; never hang the loop */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	int rc = 0;
	if (sendto(fd, &r, r.nh.nlmsg_len, 0, (struct sockaddr *)&k, sizeof k) < 0) {
		rc = -errno;
	} else {
		char ans[512];
		ssize_t n = recv(fd, ans, sizeof ans, 0);
		if (n < 0) {
			rc = -errno;
		} else {
			struct nlmsghdr *h = (struct nlmsghdr *)ans;
			if (!NLMSG_OK(h, (size_t)n))
				rc = -EPROTO;
			else if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)))
				rc = ((struct nlmsgerr *)NLMSG_DATA(h))->error;  /* 0 = ACK */
		}
	}
	close(fd);
	return rc;
}
