/*
 * Worker threads for CPU-heavy pure work (Diffie-Hellman, signatures), so
 * the one event-loop thread keeps answering while handshakes queue up.
 * A job carries its own inputs and outputs: work() runs on a worker and
 * touches nothing else; done() runs afterwards on the loop thread, where
 * the engine's state lives.  Without workers (not started, or a one-core
 * machine) submit runs work() then done() at once, inline.
 */
#ifndef FLEXD_WORKPOOL_H
#define FLEXD_WORKPOOL_H

struct work_job {
	struct work_job *next;             /* the pool's */
	void (*work)(struct work_job *j);  /* on a worker thread */
	void (*done)(struct work_job *j);  /* on the loop thread; frees j */
};

/* Start n workers (0: one per core, none on a single core).  Needs the
 * event loop (loop_init) for completions.  0 on success. */
int workpool_start(int n);
/* Finish queued jobs' work, run their done() and join the workers. */
void workpool_stop(void);
void workpool_submit(struct work_job *j);
/* Jobs submitted whose done() has not run yet. */
unsigned workpool_pending(void);
int workpool_threads(void);

#endif
