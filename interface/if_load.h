/*
 * "5 minute input rate N bits/sec, M packets/sec" of show interfaces: an
 * exponentially weighted average of the rates seen in each sampling
 * period (IOS samples every 5 s with the load-interval of 300 s as its
 * time constant, so a new flow shows up gradually).  Pure arithmetic:
 * the caller samples the counters.
 */
#ifndef FLEXD_INTERFACE_IF_LOAD_H
#define FLEXD_INTERFACE_IF_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#define IF_LOAD_PERIOD_MS 5000
#define IF_LOAD_INTERVAL_S 300

enum { IF_IN_PKTS, IF_IN_BYTES, IF_OUT_PKTS, IF_OUT_BYTES, IF_LOAD_N };

struct if_load {
	double rate[IF_LOAD_N];     /* per second: packets, or bits for the byte counters */
	uint64_t prev[IF_LOAD_N];
	uint64_t prev_ms;
	bool primed;
};

/* Counters now (totals since the interface came up) at now_ms. */
void if_load_sample(struct if_load *l, const uint64_t now[IF_LOAD_N], uint64_t now_ms);

#endif
