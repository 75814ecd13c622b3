/* Lock-free SPSC packet ring (see pkt_ring.h). */
#include "pkt_ring.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int pkt_ring_init(struct pkt_ring *r, unsigned slots, size_t slot_size)
{
	memset(r, 0, sizeof *r);
	if (slots < 2 || (slots & (slots - 1)))
		return -1;
	/* anonymous mapping: pages are only backed once a packet touches them */
	void *m = mmap(NULL, (size_t)slots * slot_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	r->len = calloc(slots, sizeof *r->len);
	r->tag = calloc(slots, sizeof *r->tag);
	if (!r->len || !r->tag) {
		munmap(m, (size_t)slots * slot_size);
		free(r->len);
		free(r->tag);
		return -1;
	}
	r->mem = m;
	r->slot_size = slot_size;
	r->mask = slots - 1;
	return 0;
}

void pkt_ring_free(struct pkt_ring *r)
{
	if (r->mem)
		munmap(r->mem, (size_t)(r->mask + 1) * r->slot_size);
	free(r->len);
	free(r->tag);
	memset(r, 0, sizeof *r);
}

uint8_t *pkt_ring_slot(struct pkt_ring *r)
{
	unsigned h = atomic_load_explicit(&r->head, memory_order_relaxed);
	unsigned t = atomic_load_explicit(&r->tail, memory_order_acquire);
	if (h - t > r->mask)
		return NULL;
	return r->mem + (size_t)(h & r->mask) * r->slot_size;
}

void pkt_ring_push(struct pkt_ring *r, size_t len, uint32_t tag)
{
	unsigned h = atomic_load_explicit(&r->head, memory_order_relaxed);
	r->len[h & r->mask] = (uint32_t)len;
	r->tag[h & r->mask] = tag;
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
}

unsigned pkt_ring_count(struct pkt_ring *r)
{
	unsigned t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	return atomic_load_explicit(&r->head, memory_order_acquire) - t;
}

uint8_t *pkt_ring_at(struct pkt_ring *r, unsigned i, size_t *len, uint32_t *tag)
{
	unsigned k = (atomic_load_explicit(&r->tail, memory_order_relaxed) + i) & r->mask;
	if (len)
		*len = r->len[k];
	if (tag)
		*tag = r->tag[k];
	return r->mem + (size_t)k * r->slot_size;
}

void pkt_ring_pop(struct pkt_ring *r, unsigned n)
{
	unsigned t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	atomic_store_explicit(&r->tail, t + n, memory_order_release);
}
