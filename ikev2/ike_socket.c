#include "ike_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/log.h"
#include "base/loop.h"

enum { SOCK_IKE, SOCK_NATT, SOCK_COUNT };

static int fds[SOCK_COUNT][2] = { { -1, -1 }, { -1, -1 } }; /* [which][v4, v6] */
static uint16_t ports[SOCK_COUNT];
static ike_rx_fn on_ike;
static esp_rx_fn on_esp;
static void (*on_esp_flush)(void);
static char open_error[256];
static struct ike_socket_stats stats;

const char *ike_socket_error(void) { return open_error; }
uint16_t ike_socket_port(bool natt) { return ports[natt ? SOCK_NATT : SOCK_IKE]; }
const struct ike_socket_stats *ike_socket_stats(void) { return &stats; }

const char *sockaddr_ip(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a = ss->ss_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
						   : (const void *)&((const struct sockaddr_in *)ss)->sin_addr;
	if (!inet_ntop(ss->ss_family == AF_INET6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

uint16_t sockaddr_port(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)ss)->sin6_port
					       : ((const struct sockaddr_in *)ss)->sin_port);
}

/* One datagram read from a socket: IKE (to on_ike) or ESP (to on_esp). */
static void on_dgram(bool natt, uint8_t *buf, size_t n, struct msghdr *mh, const struct sockaddr_storage *sockname)
{
	struct ike_dgram d = { 0 };
	stats.rx++;
	/* only what the kernel wrote: the slot may hold an older, longer address */
	memcpy(&d.peer, mh->msg_name, mh->msg_namelen < sizeof d.peer ? mh->msg_namelen : sizeof d.peer);
	/* the local address the datagram was sent to */
	struct sockaddr_storage local = *sockname;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof pi);
			((struct sockaddr_in *)&local)->sin_addr = pi.ipi_addr;
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof pi);
			((struct sockaddr_in6 *)&local)->sin6_addr = pi.ipi6_addr;
		}
	}
	d.local = local;
	d.natt = natt;
	const uint8_t *p = buf;
	size_t len = n;
	if (natt) {
		if (len == 1 && p[0] == 0xff) {
			stats.keepalives++;
			return;
		}
		if (len < 4) {
			stats.dropped_short++;
			return;
		}
		if (p[0] | p[1] | p[2] | p[3]) {
			stats.esp_rx++;
			if (on_esp)
				on_esp(p, len, &d.peer, &d.local);
			else
				stats.esp_no_handler++;
			return;
		}
		p += 4;
		len -= 4;
	}
	d.data = p;
	d.len = len;
	if (on_ike)
		on_ike(&d);
}

/*
 * Read every datagram waiting on one socket (up to RX_ROUNDS batches, then
 * back to the loop), RX_BATCH per recvmmsg: on 4500 most are ESP, and one
 * system call per batch instead of two per packet is what lets the data
 * plane keep up.  Each slot holds the largest UDP payload; only the pages
 * a datagram fills are ever touched.
 */
#define RX_BATCH  32
#define RX_ROUNDS 8
static uint8_t rx_buf[RX_BATCH][65536];
static char rx_cbuf[RX_BATCH][128] __attribute__((aligned(8)));
static struct sockaddr_storage rx_peer[RX_BATCH];

static void on_readable(int fd, uint32_t events, void *data)
{
	(void)events;
	bool natt = (intptr_t)data == SOCK_NATT;
	struct sockaddr_storage sockname = { 0 };
	socklen_t sl = sizeof sockname;
	getsockname(fd, (struct sockaddr *)&sockname, &sl);
	for (int round = 0; round < RX_ROUNDS; round++) {
		struct mmsghdr mm[RX_BATCH];
		struct iovec iov[RX_BATCH];
		memset(mm, 0, sizeof mm);
		for (int i = 0; i < RX_BATCH; i++) {
			iov[i] = (struct iovec){ rx_buf[i], sizeof rx_buf[i] };
			mm[i].msg_hdr = (struct msghdr){ .msg_name = &rx_peer[i], .msg_namelen = sizeof rx_peer[i],
							 .msg_iov = &iov[i], .msg_iovlen = 1,
							 .msg_control = rx_cbuf[i], .msg_controllen = sizeof rx_cbuf[i] };
		}
		int n = recvmmsg(fd, mm, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		for (int i = 0; i < n; i++)
			on_dgram(natt, rx_buf[i], mm[i].msg_len, &mm[i].msg_hdr, &sockname);
		if (natt && on_esp_flush)
			on_esp_flush();
		if (n < RX_BATCH)
			return;
	}
}

static int open_one(int family, uint16_t port, int which)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	int rc;
	if (family == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on);
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
		rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	} else {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on);
		struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
		rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	}
	if (rc != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	/* big buffers: a burst of IKE_SA_INIT requests must not be dropped */
	int sz = 4 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	loop_add_fd(fd, false, on_readable, (void *)(intptr_t)which);
	return fd;
}

static void close_fds(void)
{
	for (int w = 0; w < SOCK_COUNT; w++)
		for (int f = 0; f < 2; f++)
			if (fds[w][f] >= 0) {
				loop_del_fd(fds[w][f]);
				close(fds[w][f]);
				fds[w][f] = -1;
			}
}

/* Bind every socket; on failure none stays open and open_error says why. */
static int open_all(void)
{
	for (int w = 0; w < SOCK_COUNT; w++) {
		fds[w][0] = open_one(AF_INET, ports[w], w);
		if (fds[w][0] < 0) {
			snprintf(open_error, sizeof open_error, "cannot bind UDP port %u: %s", ports[w], strerror(errno));
			close_fds();
			return -1;
		}
		fds[w][1] = open_one(AF_INET6, ports[w], w); /* optional: IPv6 may be off */
	}
	open_error[0] = '\0';
	return 0;
}

/*
 * Ports we could not bind (not root, or another IKE daemon holds them) are
 * tried again every IKE_SOCKET_RETRY_S seconds, so stopping the other daemon brings
 * IKEv2 up without a restart.  The log gets one line when IKEv2 goes down
 * (or the reason changes) and one when it comes up, not one per try.
 */
static uint64_t retry_timer;

static void retry_bind(void *data)
{
	(void)data;
	char before[sizeof open_error];
	snprintf(before, sizeof before, "%s", open_error);
	retry_timer = 0;
	if (open_all() == 0) {
		log_msg(LOG_SEV_NOTICE, "IKEV2", "SOCKET", "Bound UDP ports %u and %u: IKEv2 enabled", ports[SOCK_IKE],
			ports[SOCK_NATT]);
		return;
	}
	if (strcmp(before, open_error) != 0)
		log_msg(LOG_SEV_ERR, "IKEV2", "SOCKET", "IKEv2 disabled: %s; retrying every %d seconds", open_error,
			IKE_SOCKET_RETRY_S);
	retry_timer = loop_timer(IKE_SOCKET_RETRY_S * 1000, retry_bind, NULL);
}

int ike_socket_open(uint16_t port, uint16_t natt_port, ike_rx_fn ike_rx, esp_rx_fn esp_rx)
{
	ike_socket_close();
	on_ike = ike_rx;
	on_esp = esp_rx;
	ports[SOCK_IKE] = port ? port : 500;
	ports[SOCK_NATT] = natt_port ? natt_port : 4500;
	if (open_all() == 0)
		return 0;
	log_msg(LOG_SEV_ERR, "IKEV2", "SOCKET", "IKEv2 disabled: %s; retrying every %d seconds", open_error,
		IKE_SOCKET_RETRY_S);
	retry_timer = loop_timer(IKE_SOCKET_RETRY_S * 1000, retry_bind, NULL);
	return -1;
}

void ike_socket_close(void)
{
	if (retry_timer)
		loop_cancel(retry_timer);
	retry_timer = 0;
	open_error[0] = '\0';
	close_fds();
}

/* msg_control of mh: leave from local (the address the peer talked to). */
static void set_pktinfo(struct msghdr *mh, char *cbuf, const struct sockaddr_storage *local, bool v6)
{
	struct cmsghdr *c = (struct cmsghdr *)cbuf;
	mh->msg_control = cbuf;
	if (!v6) {
		struct in_pktinfo pi = { .ipi_spec_dst = ((const struct sockaddr_in *)local)->sin_addr };
		mh->msg_controllen = CMSG_SPACE(sizeof pi);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof pi);
		memcpy(CMSG_DATA(c), &pi, sizeof pi);
	} else {
		struct in6_pktinfo pi = { .ipi6_addr = ((const struct sockaddr_in6 *)local)->sin6_addr };
		mh->msg_controllen = CMSG_SPACE(sizeof pi);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof pi);
		memcpy(CMSG_DATA(c), &pi, sizeof pi);
	}
}

static int send_on(int which, const struct sockaddr_storage *local, const struct sockaddr_storage *peer,
		   const uint8_t *marker, size_t mlen, const uint8_t *data, size_t len)
{
	bool v6 = peer->ss_family == AF_INET6;
	int fd = fds[which][v6 ? 1 : 0];
	if (fd < 0) {
		stats.tx_errors++;
		return -1;
	}
	struct iovec iov[2] = { { (void *)marker, mlen }, { (void *)data, len } };
	char cbuf[64] = { 0 };
	struct msghdr mh = { .msg_name = (void *)peer,
			     .msg_namelen = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
			     .msg_iov = mlen ? iov : iov + 1, .msg_iovlen = mlen ? 2 : 1 };
	if (local && local->ss_family == peer->ss_family)
		set_pktinfo(&mh, cbuf, local, v6);
	if (sendmsg(fd, &mh, 0) < 0) {
		stats.tx_errors++;
		return -1;
	}
	stats.tx++;
	return 0;
}

/*
 * A run of same-family datagrams in one sendmmsg.  Consecutive datagrams
 * of one size between the same addresses (a TCP flow's full-sized
 * segments) go as one message with UDP_SEGMENT (UDP GSO, Linux >= 4.18):
 * the kernel cuts them apart as late as possible instead of building each
 * datagram on its own; the last of such a train may be shorter.  Should
 * the kernel refuse GSO, it is switched off and the datagrams go one by
 * one.  A datagram the kernel refuses is counted and skipped.
 */
#define GSO_MAX_SEGS  64
#define GSO_MAX_BYTES 65000
static bool gso_off;

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b, bool v6)
{
	if (v6) {
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
		return x->sin6_port == y->sin6_port && !memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr);
	}
	const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
	return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

static unsigned send_run(int fd, const struct ike_esp_out *v, unsigned n, bool v6)
{
	struct mmsghdr mm[IKE_ESP_BATCH];
	struct iovec iov[IKE_ESP_BATCH];
	unsigned segs[IKE_ESP_BATCH], first[IKE_ESP_BATCH];
	char cbuf[IKE_ESP_BATCH][96] __attribute__((aligned(8))); /* cmsg alignment */
	unsigned sent = 0, nm = 0;
	memset(mm, 0, sizeof mm);
	memset(cbuf, 0, sizeof cbuf);
	for (unsigned i = 0; i < n;) {
		/* the train starting at i: same addresses, same size, the last may be shorter */
		unsigned j = i + 1;
		size_t total = v[i].len;
		while (!gso_off && j < n && j - i < GSO_MAX_SEGS && total + v[j].len <= GSO_MAX_BYTES &&
		       v[j].len <= v[i].len && v[j - 1].len == v[i].len && same_addr(&v[j].peer, &v[i].peer, v6) &&
		       v[j].local.ss_family == v[i].local.ss_family &&
		       (v[i].local.ss_family != v[i].peer.ss_family || same_addr(&v[j].local, &v[i].local, v6)))
			total += v[j++].len;
		for (unsigned k = i; k < j; k++)
			iov[k] = (struct iovec){ (void *)v[k].data, v[k].len };
		struct msghdr *mh = &mm[nm].msg_hdr;
		*mh = (struct msghdr){ .msg_name = (void *)&v[i].peer,
				       .msg_namelen = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
				       .msg_iov = &iov[i], .msg_iovlen = j - i };
		size_t cl = 0;
		if (v[i].local.ss_family == v[i].peer.ss_family) {
			set_pktinfo(mh, cbuf[nm], &v[i].local, v6);
			cl = mh->msg_controllen;
		}
		if (j - i > 1) {
			struct cmsghdr *c = (struct cmsghdr *)(cbuf[nm] + cl);
			uint16_t gso = (uint16_t)v[i].len;
			c->cmsg_level = SOL_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof gso);
			memcpy(CMSG_DATA(c), &gso, sizeof gso);
			mh->msg_control = cbuf[nm];
			mh->msg_controllen = cl + CMSG_SPACE(sizeof gso);
		}
		segs[nm] = j - i;
		first[nm] = i;
		nm++;
		i = j;
	}
	for (unsigned off = 0; off < nm;) {
		int r = fd < 0 ? -1 : sendmmsg(fd, mm + off, nm - off, 0);
		if (r > 0) {
			for (unsigned k = off; k < off + (unsigned)r; k++)
				sent += segs[k];
			off += (unsigned)r;
			continue;
		}
		if (segs[off] > 1 && fd >= 0 && (errno == EIO || errno == EINVAL || errno == ENOPROTOOPT)) {
			/* no UDP GSO here: from now on one by one, this train too */
			gso_off = true;
			log_msg(LOG_SEV_NOTICE, "IKEV2", "SOCKET", "UDP GSO refused (%s): ESP sent datagram by datagram",
				strerror(errno));
			sent += send_run(fd, v + first[off], segs[off], v6);
			off++;
			continue;
		}
		stats.tx_errors += segs[off];
		off++; /* lost; try the rest */
	}
	return sent;
}

void ike_socket_set_esp_flush(void (*fn)(void))
{
	on_esp_flush = fn;
}

unsigned ike_send_esp_batch_on(int fd, const struct ike_esp_out *v, unsigned n)
{
	if (n > IKE_ESP_BATCH)
		n = IKE_ESP_BATCH;
	return n ? send_run(fd, v, n, v[0].peer.ss_family == AF_INET6) : 0;
}

unsigned ike_send_esp_batch(const struct ike_esp_out *v, unsigned n)
{
	unsigned sent = 0;
	if (n > IKE_ESP_BATCH)
		n = IKE_ESP_BATCH;
	for (unsigned i = 0; i < n;) {
		bool v6 = v[i].peer.ss_family == AF_INET6;
		unsigned j = i + 1;
		while (j < n && (v[j].peer.ss_family == AF_INET6) == v6)
			j++;
		sent += send_run(fds[SOCK_NATT][v6 ? 1 : 0], v + i, j - i, v6);
		i = j;
	}
	stats.tx += sent;
	return sent;
}

int ike_send(const struct sockaddr_storage *local, const struct sockaddr_storage *peer, bool natt,
	     const uint8_t *data, size_t len)
{
	static const uint8_t marker[4] = { 0, 0, 0, 0 };
	return send_on(natt ? SOCK_NATT : SOCK_IKE, local, peer, marker, natt ? 4 : 0, data, len);
}

int ike_send_esp(const struct sockaddr_storage *local, const struct sockaddr_storage *peer,
		 const uint8_t *data, size_t len)
{
	return send_on(SOCK_NATT, local, peer, NULL, 0, data, len);
}
