/*
 * The TUN's system calls on two threads of their own (issue 5 item 7:
 * use both cores when one is saturated).  Profiles of the data plane show
 * most of its time in the kernel, inside the TUN calls: a write() carries
 * the packet through forwarding to its next hop, a read() copies one
 * packet out.  So the loop thread keeps the ESP work and the SA state (no
 * lock anywhere), and hands the TUN calls over through two lock-free rings:
 *
 *   loop:   decapsulate -> tun_io_write (copy into a slot) ... tun_io_kick
 *   writer: slot -> write(tun)
 *   reader: read(tun) -> slot (at the offset given)  -> wakes the loop
 *   loop:   on_rx(): tun_io_rx_at / encapsulate in place / send / tun_io_rx_pop
 *
 * Packet order is kept each way (one producer, one consumer, FIFO).
 * A full write ring drops (counted; the kernel's own queues do the same);
 * a full read ring makes the reader wait, and the kernel queue the rest.
 */
#ifndef FLEXD_IPSEC_TUN_IO_H
#define FLEXD_IPSEC_TUN_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct tun_io;

struct tun_io_stats {
	unsigned long writes;          /* write() calls that succeeded */
	unsigned long write_err_segs;  /* segments in writes that failed */
	unsigned long ring_full_segs;  /* segments dropped: the writer was too far behind */
	unsigned long reads;           /* packets read */
};

/*
 * Start the two threads on fd (a nonblocking TUN).  Packets read land at
 * rx_off in a slot of rx_slot octets, at most rx_max of them; on_rx(ctx)
 * runs on the loop thread when some are waiting.  NULL when threads
 * cannot be made (the caller does the TUN calls itself).
 */
struct tun_io *tun_io_start(int fd, size_t rx_slot, size_t rx_off, size_t rx_max,
			    void (*on_rx)(void *ctx), void *ctx);
/* Stop and join both threads (what the writer holds is written first);
 * the final counters into last (may be NULL). */
void tun_io_stop(struct tun_io *io, struct tun_io_stats *last);

/* Loop thread: queue one write of the iov's octets (segs: packets in it,
 * for the counters).  0, or -1 when the ring is full (counted). */
int tun_io_write(struct tun_io *io, const struct iovec *iov, int iovcnt, unsigned segs);
/* Loop thread: end of a batch; wake the writer if it sleeps. */
void tun_io_kick(struct tun_io *io);

/* Loop thread, in on_rx: packets read and not yet popped; the i-th
 * oldest (its slot; the packet is at rx_off, *len octets); free n. */
unsigned tun_io_rx_count(struct tun_io *io);
uint8_t *tun_io_rx_at(struct tun_io *io, unsigned i, size_t *len);
void tun_io_rx_pop(struct tun_io *io, unsigned n);

void tun_io_get_stats(struct tun_io *io, struct tun_io_stats *out);

#endif
