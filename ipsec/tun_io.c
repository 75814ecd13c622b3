/* TUN reader and writer threads (see tun_io.h). */
#include "tun_io.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/loop.h"
#include "pkt_ring.h"

#define WR_SLOTS     256u
#define WR_SLOT_SIZE (65536u + 64u)  /* a virtio header and the largest IP packet */
#define RD_SLOTS     512u
#define RD_BURST     64u              /* packets read before the loop is woken */

struct tun_io {
	int fd;
	struct pkt_ring wr, rd;
	size_t rx_off, rx_max;
	void (*on_rx)(void *ctx);
	void *ctx;
	int wr_ev, rd_ev, loop_ev;      /* eventfds: wake the writer / the reader / the loop */
	/* Sleep flags.  A side sets its flag, then looks at its ring once more
	 * before it sleeps; the other side publishes, then clears the flag and
	 * signals if it was set (seq_cst: neither wake-up can be lost). */
	_Atomic int wr_idle, rd_waiting, loop_idle;
	_Atomic bool stop;
	pthread_t wr_thr, rd_thr;
	bool wr_on, rd_on;
	_Atomic unsigned long writes, write_err_segs, ring_full_segs, reads;
};

static void ev_signal(int ev)
{
	uint64_t one = 1;
	ssize_t r = write(ev, &one, sizeof one);
	(void)r; /* an eventfd only fails when its counter is saturated: still readable */
}

static void ev_drain(int ev)
{
	uint64_t v;
	ssize_t r = read(ev, &v, sizeof v);
	(void)r;
}

/* Wake the side sleeping on ev if its flag says it sleeps. */
static void wake(_Atomic int *flag, int ev)
{
	atomic_thread_fence(memory_order_seq_cst); /* what was published, before the flag is read */
	if (atomic_exchange(flag, 0))
		ev_signal(ev);
}

/* Sleep until ev (or fd, when >= 0) is readable, unless more work is
 * already there (ready) or we are stopping. */
static void sleep_on(struct tun_io *io, _Atomic int *flag, int ev, int fd, bool (*ready)(struct tun_io *))
{
	atomic_store(flag, 1);
	atomic_thread_fence(memory_order_seq_cst); /* the flag, before the ring is looked at */
	if (!ready(io) && !atomic_load(&io->stop)) {
		struct pollfd p[2] = { { ev, POLLIN, 0 }, { fd, POLLIN, 0 } };
		if (poll(p, fd >= 0 ? 2 : 1, -1) > 0 && (p[0].revents & POLLIN))
			ev_drain(ev);
	}
	atomic_store(flag, 0);
}

static bool wr_ready(struct tun_io *io) { return pkt_ring_count(&io->wr) > 0; }

static void *writer(void *arg)
{
	struct tun_io *io = arg;
	for (;;) {
		unsigned n = pkt_ring_count(&io->wr);
		if (n == 0) {
			if (atomic_load(&io->stop))
				return NULL;
			sleep_on(io, &io->wr_idle, io->wr_ev, -1, wr_ready);
			continue;
		}
		for (unsigned i = 0; i < n; i++) {
			size_t len;
			uint32_t segs;
			uint8_t *p = pkt_ring_at(&io->wr, i, &len, &segs);
			if (write(io->fd, p, len) == (ssize_t)len)
				atomic_fetch_add_explicit(&io->writes, 1, memory_order_relaxed);
			else
				atomic_fetch_add_explicit(&io->write_err_segs, segs, memory_order_relaxed);
		}
		pkt_ring_pop(&io->wr, n);
	}
}

static bool rd_space(struct tun_io *io) { return pkt_ring_slot(&io->rd) != NULL; }

static void *reader(void *arg)
{
	struct tun_io *io = arg;
	unsigned burst = 0;
	while (!atomic_load(&io->stop)) {
		uint8_t *s = pkt_ring_slot(&io->rd);
		if (!s) {
			/* the loop is behind: let the kernel queue, wait for space */
			wake(&io->loop_idle, io->loop_ev);
			burst = 0;
			sleep_on(io, &io->rd_waiting, io->rd_ev, -1, rd_space);
			continue;
		}
		ssize_t r = read(io->fd, s + io->rx_off, io->rx_max);
		if (r > 0) {
			pkt_ring_push(&io->rd, (size_t)r, 0);
			atomic_fetch_add_explicit(&io->reads, 1, memory_order_relaxed);
			if (++burst >= RD_BURST) {
				wake(&io->loop_idle, io->loop_ev);
				burst = 0;
			}
			continue;
		}
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			break; /* the TUN is gone */
		/* nothing more to read: hand over what we have, then wait */
		if (burst)
			wake(&io->loop_idle, io->loop_ev);
		burst = 0;
		struct pollfd p[2] = { { io->fd, POLLIN, 0 }, { io->rd_ev, POLLIN, 0 } };
		if (poll(p, 2, -1) > 0 && (p[1].revents & POLLIN))
			ev_drain(io->rd_ev);
	}
	return NULL;
}

/* The loop side: packets read are waiting. */
static void on_loop_ev(int fd, uint32_t events, void *data)
{
	(void)fd;
	(void)events;
	struct tun_io *io = data;
	ev_drain(io->loop_ev);
	/* a bounded share per wake-up, so IKE and timers keep their turn */
	for (int round = 0; round < 8; round++) {
		if (pkt_ring_count(&io->rd) == 0) {
			atomic_store(&io->loop_idle, 1);
			atomic_thread_fence(memory_order_seq_cst);
			if (pkt_ring_count(&io->rd) == 0)
				return;
			atomic_store(&io->loop_idle, 0);
		}
		io->on_rx(io->ctx);
	}
	ev_signal(io->loop_ev); /* more left: come back after the others */
}

int tun_io_write(struct tun_io *io, const struct iovec *iov, int iovcnt, unsigned segs)
{
	uint8_t *s = pkt_ring_slot(&io->wr);
	size_t len = 0;
	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	if (!s || len > io->wr.slot_size) {
		atomic_fetch_add_explicit(&io->ring_full_segs, segs, memory_order_relaxed);
		return -1;
	}
	size_t off = 0;
	for (int i = 0; i < iovcnt; i++) {
		memcpy(s + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	pkt_ring_push(&io->wr, len, segs);
	return 0;
}

void tun_io_kick(struct tun_io *io)
{
	wake(&io->wr_idle, io->wr_ev);
}

unsigned tun_io_rx_count(struct tun_io *io) { return pkt_ring_count(&io->rd); }

uint8_t *tun_io_rx_at(struct tun_io *io, unsigned i, size_t *len)
{
	return pkt_ring_at(&io->rd, i, len, NULL);
}

void tun_io_rx_pop(struct tun_io *io, unsigned n)
{
	pkt_ring_pop(&io->rd, n);
	wake(&io->rd_waiting, io->rd_ev);
}

void tun_io_get_stats(struct tun_io *io, struct tun_io_stats *out)
{
	out->writes = atomic_load_explicit(&io->writes, memory_order_relaxed);
	out->write_err_segs = atomic_load_explicit(&io->write_err_segs, memory_order_relaxed);
	out->ring_full_segs = atomic_load_explicit(&io->ring_full_segs, memory_order_relaxed);
	out->reads = atomic_load_explicit(&io->reads, memory_order_relaxed);
}

static void io_free(struct tun_io *io)
{
	if (io->loop_ev >= 0)
		close(io->loop_ev);
	if (io->wr_ev >= 0)
		close(io->wr_ev);
	if (io->rd_ev >= 0)
		close(io->rd_ev);
	pkt_ring_free(&io->wr);
	pkt_ring_free(&io->rd);
	free(io);
}

void tun_io_stop(struct tun_io *io, struct tun_io_stats *last)
{
	if (!io)
		return;
	atomic_store(&io->stop, true);
	ev_signal(io->wr_ev);
	ev_signal(io->rd_ev);
	if (io->wr_on)
		pthread_join(io->wr_thr, NULL);
	if (io->rd_on)
		pthread_join(io->rd_thr, NULL);
	loop_del_fd(io->loop_ev);
	if (last)
		tun_io_get_stats(io, last);
	io_free(io);
}

struct tun_io *tun_io_start(int fd, size_t rx_slot, size_t rx_off, size_t rx_max,
			    void (*on_rx)(void *ctx), void *ctx)
{
	if (rx_off + rx_max > rx_slot)
		return NULL;
	struct tun_io *io = calloc(1, sizeof *io);
	if (!io)
		return NULL;
	io->fd = fd;
	io->rx_off = rx_off;
	io->rx_max = rx_max;
	io->on_rx = on_rx;
	io->ctx = ctx;
	io->wr_ev = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	io->rd_ev = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	io->loop_ev = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	atomic_store(&io->loop_idle, 1);
	if (io->wr_ev < 0 || io->rd_ev < 0 || io->loop_ev < 0 || pkt_ring_init(&io->wr, WR_SLOTS, WR_SLOT_SIZE) ||
	    pkt_ring_init(&io->rd, RD_SLOTS, rx_slot) || loop_add_fd(io->loop_ev, false, on_loop_ev, io) != 0) {
		io_free(io);
		return NULL;
	}
	io->wr_on = pthread_create(&io->wr_thr, NULL, writer, io) == 0;
	io->rd_on = io->wr_on && pthread_create(&io->rd_thr, NULL, reader, io) == 0;
	if (!io->rd_on) {
		tun_io_stop(io, NULL);
		return NULL;
	}
	return io;
}
