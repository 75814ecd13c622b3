/*
 * A single-producer single-consumer ring of fixed-size packet slots, for
 * handing packets between the event-loop thread and a TUN I/O thread
 * (tun_io.c).  The producer fills the slot pkt_ring_slot() returns and
 * publishes it with pkt_ring_push(); the consumer reads the oldest ones
 * with pkt_ring_at() and frees them with pkt_ring_pop().  head is written
 * only by the producer, tail only by the consumer (release stores,
 * acquire loads), so no lock is taken.  Slots are mapped lazily: only the
 * pages a packet fills are ever touched.
 */
#ifndef FLEXD_IPSEC_PKT_RING_H
#define FLEXD_IPSEC_PKT_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_ring {
	uint8_t *mem;
	size_t slot_size;
	unsigned mask;          /* slots - 1 (a power of two) */
	uint32_t *len, *tag;    /* per slot: octets, and one word for the producer's use */
	_Atomic unsigned head;  /* next slot the producer fills */
	char pad[64 - sizeof(unsigned)]; /* head and tail on separate cache lines */
	_Atomic unsigned tail;  /* oldest slot the consumer has not freed */
};

/* slots: a power of two.  0, or -1 when memory is short. */
int pkt_ring_init(struct pkt_ring *r, unsigned slots, size_t slot_size);
void pkt_ring_free(struct pkt_ring *r);

/* Producer: the next free slot (slot_size octets), NULL when full. */
uint8_t *pkt_ring_slot(struct pkt_ring *r);
/* Producer: publish that slot holding len octets. */
void pkt_ring_push(struct pkt_ring *r, size_t len, uint32_t tag);

/* Consumer: slots published and not popped. */
unsigned pkt_ring_count(struct pkt_ring *r);
/* Consumer: the i-th oldest of them (i < pkt_ring_count). */
uint8_t *pkt_ring_at(struct pkt_ring *r, unsigned i, size_t *len, uint32_t *tag);
/* Consumer: free the n oldest. */
void pkt_ring_pop(struct pkt_ring *r, unsigned n);

#endif
