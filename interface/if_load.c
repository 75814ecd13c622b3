/* Interface load averages (see if_load.h). */
#include "if_load.h"

#include <math.h>

void if_load_sample(struct if_load *l, const uint64_t now[IF_LOAD_N], uint64_t now_ms)
{
	if (!l->primed || now_ms <= l->prev_ms) {
		for (int i = 0; i < IF_LOAD_N; i++)
			l->prev[i] = now[i];
		l->prev_ms = now_ms;
		l->primed = true;
		return;
	}
	double secs = (double)(now_ms - l->prev_ms) / 1000.0;
	/* the weight of the old average after secs, time constant 300 s */
	double keep = exp(-secs / IF_LOAD_INTERVAL_S);
	for (int i = 0; i < IF_LOAD_N; i++) {
		/* counters only grow; a smaller one (child gone, not yet folded) counts as none */
		double d = now[i] >= l->prev[i] ? (double)(now[i] - l->prev[i]) : 0.0;
		if (i == IF_IN_BYTES || i == IF_OUT_BYTES)
			d *= 8.0;
		l->rate[i] = l->rate[i] * keep + (d / secs) * (1.0 - keep);
		l->prev[i] = now[i];
	}
	l->prev_ms = now_ms;
}
