/* ESP data plane: SA table by inbound SPI, TUN device (see esp_dp.h). */
#include "esp_dp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/log.h"
#include "base/loop.h"
#include "esp.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"

#define DP_BUCKETS 1024u

struct dp_entry {
	struct dp_entry *next;
	uint32_t spi_in;
	const struct ike_child *child;   /* its selectors; entry goes when it is freed */
	struct esp_sa *sa;
};

static struct dp_entry *buckets[DP_BUCKETS];
static unsigned n_entries;
static int tun_fd = -1;
static struct esp_dp_stats st;

const struct esp_dp_stats *esp_dp_stats(void) { return &st; }
unsigned esp_dp_count(void) { return n_entries; }

static unsigned bucket_of(uint32_t spi) { return (spi * 2654435761u) >> 22; /* top 10 bits */ }

static struct dp_entry *by_spi(uint32_t spi)
{
	for (struct dp_entry *e = buckets[bucket_of(spi)]; e; e = e->next)
		if (e->spi_in == spi)
			return e;
	return NULL;
}

/* The ESP SA's counters by our inbound SPI (accounting); NULL: none. */
const struct esp_stats *esp_dp_sa_stats(uint32_t spi_in)
{
	struct dp_entry *e = by_spi(spi_in);
	return e ? esp_sa_stats(e->sa) : NULL;
}

void esp_dp_child_up(const struct ike_child *c)
{
	if (by_spi(c->spi_in))
		return;
	struct dp_entry *e = calloc(1, sizeof *e);
	if (!e)
		return;
	/* responder: in = ei/ai, out = er/ar */
	e->sa = esp_sa_from_child(c, false, ESP_REPLAY_DEFAULT);
	if (!e->sa) {
		log_msg(LOG_SEV_WARNING, "IPSEC", "ESP_SA", "ESP SA 0x%08x: transform not supported by the data plane",
			c->spi_in);
		free(e);
		return;
	}
	e->spi_in = c->spi_in;
	e->child = c;
	unsigned b = bucket_of(c->spi_in);
	e->next = buckets[b];
	buckets[b] = e;
	n_entries++;
}

void esp_dp_child_down(const struct ike_child *c)
{
	for (struct dp_entry **pp = &buckets[bucket_of(c->spi_in)]; *pp; pp = &(*pp)->next)
		if ((*pp)->child == c) {
			struct dp_entry *e = *pp;
			*pp = e->next;
			esp_sa_free(e->sa);
			free(e);
			n_entries--;
			return;
		}
}

/* Is addr (len 4 or 16, network order) inside selector t? */
static bool in_ts(const struct ikev2_ts *t, const uint8_t *addr, size_t len)
{
	if ((len == 4 && t->type != IKEV2_TS_IPV4_ADDR_RANGE) || (len == 16 && t->type != IKEV2_TS_IPV6_ADDR_RANGE))
		return false;
	return memcmp(addr, t->start, len) >= 0 && memcmp(addr, t->end, len) <= 0;
}

/* The inner packet's source must be one the initiator's selectors allow. */
static bool src_allowed(const struct ike_child *c, const uint8_t *ip, size_t len)
{
	const uint8_t *src;
	size_t alen;
	if (len >= 20 && (ip[0] >> 4) == 4) {
		src = ip + 12;
		alen = 4;
	} else if (len >= 40 && (ip[0] >> 4) == 6) {
		src = ip + 8;
		alen = 16;
	} else {
		return false;
	}
	return in_ts(&c->ts_i, src, alen) || (c->ts2 && in_ts(&c->ts_i2, src, alen));
}

void esp_dp_rx(const uint8_t *data, size_t len, const struct sockaddr_storage *peer,
	       const struct sockaddr_storage *local)
{
	(void)peer;
	(void)local;
	static uint8_t inner[ESP_MAX_PKT];
	struct dp_entry *e = by_spi(esp_peek_spi(data, len));
	if (!e) {
		st.rx_no_sa++;
		return;
	}
	size_t ilen;
	uint8_t nh;
	if (esp_decap(e->sa, data, len, inner, sizeof inner, &ilen, &nh) != ESP_OK) {
		st.rx_dropped++; /* by reason in the SA's stats */
		return;
	}
	if (!src_allowed(e->child, inner, ilen)) {
		st.rx_bad_selector++;
		return;
	}
	if (tun_fd < 0) {
		st.rx_no_tun++;
		return;
	}
	if (write(tun_fd, inner, ilen) != (ssize_t)ilen) {
		st.rx_dropped++;
		return;
	}
	st.rx_ok++;
}

/* The Child SA carrying traffic to this IKE SA: the newest not rekeyed. */
static struct dp_entry *out_entry(const struct ike_sa *s)
{
	for (const struct ike_child *c = s->children; c; c = c->next) {
		if (c->rekeyed)
			continue;
		struct dp_entry *e = by_spi(c->spi_in);
		if (e)
			return e;
	}
	return NULL;
}

static void tx_one(const uint8_t *ip, size_t len)
{
	static uint8_t out[ESP_MAX_PKT + ESP_MAX_OVERHEAD];
	if (len < 20 || (ip[0] >> 4) != 4) {
		st.tx_short++; /* IPv6 out: not yet (ike_sa_by_addr6) */
		return;
	}
	uint32_t dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 | (uint32_t)ip[18] << 8 | ip[19];
	const struct ike_sa *s = ike_sa_by_addr(dst);
	struct dp_entry *e = s && s->state == IKE_SA_ESTABLISHED ? out_entry(s) : NULL;
	if (!e) {
		st.tx_no_sa++;
		return;
	}
	ssize_t n = esp_encap(e->sa, ip, len, ESP_NH_IPV4, out, sizeof out);
	if (n < 0) {
		st.tx_dropped++;
		return;
	}
	if (ike_send_esp(&s->local, &s->peer, out, (size_t)n) != 0) {
		st.tx_send_err++;
		return;
	}
	st.tx_ok++;
}

static void on_tun(int fd, uint32_t events, void *data)
{
	(void)events;
	(void)data;
	static uint8_t pkt[ESP_MAX_PKT];
	for (int i = 0; i < 64; i++) { /* a batch, then back to the loop */
		ssize_t n = read(fd, pkt, sizeof pkt);
		if (n <= 0)
			return;
		tx_one(pkt, (size_t)n);
	}
}

int esp_dp_tun_open(const char *name)
{
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		log_msg(LOG_SEV_WARNING, "IPSEC", "TUN", "Cannot open /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		log_msg(LOG_SEV_WARNING, "IPSEC", "TUN", "Cannot create %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	/* bring it up; addresses and routes are the host's (or the test's) */
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s >= 0) {
		if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
			ifr.ifr_flags |= IFF_UP;
			(void)ioctl(s, SIOCSIFFLAGS, &ifr);
		}
		close(s);
	}
	if (loop_add_fd(fd, false, on_tun, NULL) != 0) {
		close(fd);
		return -1;
	}
	tun_fd = fd;
	return fd;
}

void esp_dp_tun_close(void)
{
	if (tun_fd < 0)
		return;
	loop_del_fd(tun_fd);
	close(tun_fd);
	tun_fd = -1;
}
