/* ESP data plane: SA table by inbound SPI, TUN device (see esp_dp.h). */
#include "esp_dp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/loop.h"
#include "esp.h"
#include "esp_gro.h"
#include "esp_gso.h"
#include "esp_transport_dp.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "tun_io.h"
#include "tunnel_bind.h"

#define DP_BUCKETS 1024u
#define DP_TUN_QLEN 4096

struct dp_entry {
	struct dp_entry *next;
	uint32_t spi_in;
	const struct ike_child *child;   /* its selectors; entry goes when it is freed */
	struct esp_sa *sa;
	struct esp_dp_sa_info info;      /* per-SA data plane counters (esp_dp_sa_info) */
};

static struct dp_entry *buckets[DP_BUCKETS];
static unsigned n_entries;
static int tun_fd = -1;
static struct esp_gro *gro;   /* TUN with IFF_VNET_HDR: inbound TCP coalescing */
static struct tun_io *tio;    /* the TUN's reads and writes on their own threads; NULL: on the loop */
static struct esp_dp_stats st;
static unsigned long folded; /* the writer thread's failed segments already in st */

const struct esp_dp_stats *esp_dp_stats(void)
{
	if (tio) {
		/* writes the writer thread could not make are known only there */
		struct tun_io_stats w;
		tun_io_get_stats(tio, &w);
		st.rx_ok -= w.write_err_segs - folded;
		st.rx_dropped += w.write_err_segs - folded;
		folded = w.write_err_segs;
	}
	return &st;
}
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
	e->sa = esp_sa_from_child(c, false, c->replay_set ? c->replay_window : ESP_REPLAY_DEFAULT);
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

bool esp_dp_sa_info(const struct ike_child *c, struct esp_dp_sa_info *out)
{
	struct dp_entry *e = by_spi(c->spi_in);
	if (!e || e->child != c)
		return false;
	*out = e->info;
	out->sa = e->sa;
	return true;
}

/* The clock of last_rx_ms/last_tx_ms, read per packet: the coarse one
 * (a few ns; the loop's CLOCK_MONOTONIC, to a tick). */
static uint64_t dp_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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
	/* transport mode: an IPv4 header rebuilt around the payload (esp_transport_dp.c) */
	if (e->child->transport && !esp_tp_rx(e->child, nh, inner, sizeof inner, &ilen)) {
		st.rx_bad_selector++;
		e->info.rx_bad_selector++;
		return;
	}
	if (!src_allowed(e->child, inner, ilen)) {
		st.rx_bad_selector++;
		e->info.rx_bad_selector++;
		return;
	}
	e->info.last_rx_ms = dp_clock_ms();
	if (tun_fd < 0) {
		st.rx_no_tun++;
		e->info.rx_tun_err++;
		return;
	}
	if (gro) {
		/* queued (or merged); written at the latest by esp_dp_rx_flush */
		unsigned long e0 = esp_gro_stats(gro)->write_err;
		st.rx_ok++;
		if (esp_gro_add(gro, inner, ilen)) {
			unsigned long lost = esp_gro_stats(gro)->write_err - e0;
			st.rx_ok -= lost;
			st.rx_dropped += lost;
		}
		return;
	}
	struct iovec iov = { inner, ilen };
	if (tio ? tun_io_write(tio, &iov, 1, 1) != 0 : write(tun_fd, inner, ilen) != (ssize_t)ilen) {
		st.rx_dropped++;
		e->info.rx_tun_err++;
		return;
	}
	st.rx_ok++;
}

/* End of a receive batch (ike_socket's esp_flush hook): write what GRO holds. */
static void esp_dp_rx_flush(void)
{
	if (gro) {
		unsigned long e0 = esp_gro_stats(gro)->write_err;
		if (esp_gro_flush(gro)) {
			unsigned long lost = esp_gro_stats(gro)->write_err - e0;
			st.rx_ok -= lost;
			st.rx_dropped += lost;
		}
	}
	if (tio)
		tun_io_kick(tio);
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

/*
 * Outbound, a batch per wakeup: up to TX_BATCH packets read from the TUN,
 * each into its own slot behind TX_HEAD octets of headroom, encapsulated in
 * place (the ESP header and IV go into the headroom: esp_inner_offset <=
 * TX_HEAD), then all sent with one sendmmsg.  Slots are as large as the
 * largest packet a TUN may hand us; only the pages a packet fills are touched.
 */
#define TX_BATCH IKE_ESP_BATCH
#define TX_HEAD  32
static uint8_t tx_slot[TX_BATCH][TX_HEAD + ESP_MAX_PKT + ESP_MAX_OVERHEAD];
static struct ike_esp_out tx_out[TX_BATCH];
static struct dp_entry *tx_entry; /* the SA tx_prep used (per-SA send errors) */
/* Segments cut from GSO reads (esp_gso.c), each its own ESP packet. */
#define TX_SEG_MAX 16384
static uint8_t tx_seg[TX_BATCH][TX_HEAD + TX_SEG_MAX + ESP_MAX_OVERHEAD];

/* A send batch being filled: n entries of tx_out, seg_used of tx_seg; e:
 * their one SA, NULL when mixed (per-SA send errors). */
struct tx_batch {
	unsigned n, seg_used;
	struct dp_entry *e;
};

/* Encapsulate the packet of len octets at slot + TX_HEAD (room for max
 * octets there) into out; false when it is dropped (counted). */
static bool tx_prep(uint8_t *slot, size_t len, size_t max, struct ike_esp_out *out)
{
	const uint8_t *ip = slot + TX_HEAD;
	bool v6 = len >= 40 && (ip[0] >> 4) == 6;
	if (!v6 && (len < 20 || (ip[0] >> 4) != 4)) {
		st.tx_short++;
		return false;
	}
	uint32_t dst = v6 ? 0 : (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 | (uint32_t)ip[18] << 8 | ip[19];
	const struct ike_sa *s = v6 ? ike_sa_by_dst6(ip + 24) : ike_sa_by_addr(dst);
	if (!s && !v6)
		s = tunnel_bind_route4(dst); /* static tunnel interfaces' routes */
	struct dp_entry *e = s && s->state == IKE_SA_ESTABLISHED ? out_entry(s) : NULL;
	/* transport mode (IPv4 only): the peer's own address */
	const struct ike_child *tc = s || v6 ? NULL : esp_tp_out(dst, &s);
	if (tc)
		e = by_spi(tc->spi_in);
	if (!e) {
		st.tx_no_sa++;
		return false;
	}
	size_t skip = 0; /* transport mode: the IPv4 header stays behind, next header = its protocol */
	uint8_t nh = v6 ? ESP_NH_IPV6 : ESP_NH_IPV4;
	if (tc && !esp_tp_tx(tc, ip, len, &skip, &nh)) {
		st.tx_dropped++;
		return false;
	}
	size_t off = esp_inner_offset(e->sa);
	uint8_t *pkt = slot + TX_HEAD + skip - off;  /* in place: header and IV in the headroom */
	ssize_t n = esp_encap(e->sa, ip + skip, len - skip, nh, pkt, off + max - skip + ESP_MAX_OVERHEAD);
	if (n < 0) {
		st.tx_dropped++;
		e->info.tx_encap_failed++;
		return false;
	}
	tx_entry = e;
	e->info.last_tx_ms = dp_clock_ms();
	out->local = s->local;
	out->peer = s->peer;
	out->data = pkt;
	out->len = (size_t)n;
	return true;
}

/* The octets a TUN read returns before the packet: the virtio header. */
static size_t tx_vnet(void) { return gro ? ESP_GRO_VNET_LEN : 0; }

/* Send the batch and start an empty one. */
static void tx_send(struct tx_batch *b)
{
	unsigned n = b->n;
	if (n) {
		unsigned sent = ike_send_esp_batch(tx_out, n);
		st.tx_ok += sent;
		st.tx_send_err += n - sent;
		/* which ones failed is not known: per SA only when the batch had one */
		if (b->e)
			b->e->info.tx_send_err += n - sent;
	}
	*b = (struct tx_batch){ 0 };
}

/* One IP packet at slot + TX_HEAD into the batch (sent first when full). */
static void tx_one(struct tx_batch *b, uint8_t *slot, size_t len, size_t max)
{
	if (b->n == TX_BATCH)
		tx_send(b);
	if (tx_prep(slot, len, max, &tx_out[b->n])) {
		b->e = b->n == 0 || b->e == tx_entry ? tx_entry : NULL;
		b->n++;
	}
}

/* One read from the TUN into slot (r octets, at TX_HEAD - tx_vnet()): the
 * packet, or the segments of a GSO one, encapsulated into the batch;
 * dropped and counted when malformed. */
static void tx_add(struct tx_batch *b, uint8_t *slot, size_t r)
{
	size_t vh = tx_vnet();
	if (r <= vh) {
		st.tx_short++;
		return;
	}
	uint8_t *ip = slot + TX_HEAD;
	struct esp_gso_iter it;
	if (vh && esp_gso_begin(&it, ip - vh, ip, r - vh) < 0) {
		st.tx_dropped++;
		return;
	}
	if (!vh || !it.segs) {
		tx_one(b, slot, r - vh, ESP_MAX_PKT);
		return;
	}
	for (unsigned left = it.segs; left; left--) {
		if (b->n == TX_BATCH || b->seg_used == TX_BATCH)
			tx_send(b); /* tx_seg is free again */
		uint8_t *seg = tx_seg[b->seg_used];
		long m = esp_gso_next(&it, seg + TX_HEAD, TX_SEG_MAX);
		if (m <= 0) {
			st.tx_dropped += left; /* segments larger than TX_SEG_MAX */
			return;
		}
		b->seg_used++;
		tx_one(b, seg, (size_t)m, TX_SEG_MAX);
	}
}

/* TUN readable, reads on the loop thread. */
static void on_tun(int fd, uint32_t events, void *data)
{
	(void)events;
	(void)data;
	struct tx_batch b = { 0 };
	size_t vh = tx_vnet();  /* the virtio header lands in the headroom */
	for (int i = 0; i < TX_BATCH; i++) {
		ssize_t r = read(fd, tx_slot[b.n] + TX_HEAD - vh, ESP_MAX_PKT + vh);
		if (r <= 0)
			break;
		tx_add(&b, tx_slot[b.n], (size_t)r);
	}
	tx_send(&b);
}

/* Packets the reader thread read (tun_io): the same, from its ring's slots,
 * encapsulated in place there. */
static void on_tun_io_rx(void *ctx)
{
	(void)ctx;
	unsigned k = tun_io_rx_count(tio);
	struct tx_batch b = { 0 };
	if (k > TX_BATCH)
		k = TX_BATCH;
	for (unsigned i = 0; i < k; i++) {
		size_t len;
		uint8_t *slot = tun_io_rx_at(tio, i, &len);
		tx_add(&b, slot, len);
	}
	tx_send(&b);
	tun_io_rx_pop(tio, k);
}

static int tun_io_sink(void *ctx, const struct iovec *iov, int iovcnt, unsigned segs)
{
	return tun_io_write(ctx, iov, iovcnt, segs);
}

/* The TUN's system calls on their own threads when there is a second core
 * (tun_io.h); FLEXD_DP_THREADS=0 in the environment keeps them on the loop. */
static bool want_threads(void)
{
	const char *e = getenv("FLEXD_DP_THREADS");
	if (e && strcmp(e, "0") == 0)
		return false;
	return sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

/* What the kernel may hand us on reads: partial checksums and TCP/IPv4
 * super-packets, cut in esp_gso.c (FLEXD_NO_TUN_TSO=1: whole packets). */
static unsigned tun_offloads(void)
{
	return getenv("FLEXD_NO_TUN_TSO") ? 0 : TUN_F_CSUM | TUN_F_TSO4;
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
	/* IFF_VNET_HDR: every read and write starts with a virtio_net_hdr, so
	 * inbound TCP can be written as GSO super-packets (esp_gro.c) */
	bool vnet = getenv("FLEXD_NO_TUN_GRO") == NULL; /* bench/debug: off */
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	int vlen = ESP_GRO_VNET_LEN;
	if (ioctl(fd, TUNSETIFF, &ifr) != 0 ||
	    (vnet && (ioctl(fd, TUNSETVNETHDRSZ, &vlen) != 0 || ioctl(fd, TUNSETOFFLOAD, tun_offloads()) != 0 ||
		      !(gro = esp_gro_new(fd))))) {
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
		/* the kernel queues packets for us here while we encrypt the
		 * previous batch: the default 500 drops TCP bursts */
		ifr.ifr_qlen = DP_TUN_QLEN;
		(void)ioctl(s, SIOCSIFTXQLEN, &ifr);
		close(s);
	}
	size_t vh = tx_vnet();
	if (want_threads())
		tio = tun_io_start(fd, sizeof tx_slot[0], TX_HEAD - vh, ESP_MAX_PKT + vh, on_tun_io_rx, NULL);
	if (tio) {
		if (gro)
			esp_gro_set_sink(gro, tun_io_sink, tio);
	} else if (loop_add_fd(fd, false, on_tun, NULL) != 0) {
		esp_gro_free(gro);
		gro = NULL;
		close(fd);
		return -1;
	}
	ike_socket_set_esp_flush(esp_dp_rx_flush);
	tun_fd = fd;
	return fd;
}

void esp_dp_tun_close(void)
{
	if (tun_fd < 0)
		return;
	esp_dp_rx_flush();
	ike_socket_set_esp_flush(NULL);
	if (tio) {
		struct tun_io_stats w;
		tun_io_stop(tio, &w); /* the writer writes what it holds first */
		st.rx_ok -= w.write_err_segs - folded;
		st.rx_dropped += w.write_err_segs - folded;
		tio = NULL;
		folded = 0;
	} else {
		loop_del_fd(tun_fd);
	}
	esp_gro_free(gro);
	gro = NULL;
	close(tun_fd);
	tun_fd = -1;
}

const struct esp_stats *esp_dp_child_stats(const struct ike_child *c)
{
	struct dp_entry *e = by_spi(c->spi_in);
	return e && e->child == c ? esp_sa_stats(e->sa) : NULL;
}

/* Inner bytes through this child's ESP SA each way (lifetimes in KB). */
bool esp_dp_child_bytes(const struct ike_child *c, uint64_t *in, uint64_t *out)
{
	const struct esp_stats *x = esp_dp_child_stats(c);
	*in = x ? x->dec_bytes : 0;
	*out = x ? x->enc_bytes : 0;
	return x != NULL;
}
