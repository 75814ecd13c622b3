/*
 * base/workpool: work() on worker threads, done() on the loop thread, in
 * order of completion, every job exactly once; inline without workers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include "base/loop.h"
#include "base/workpool.h"

#define NJOBS 2000

struct job {
	struct work_job base;
	int n;
	unsigned long square;
	pthread_t worked_on;
};

static struct job jobs[NJOBS];
static int done_count;
static int done_off_loop;
static pthread_t loop_thread;

static void work(struct work_job *j)
{
	struct job *x = (struct job *)j;
	x->square = (unsigned long)x->n * (unsigned long)x->n;
	x->worked_on = pthread_self();
}

static void done(struct work_job *j)
{
	(void)j;
	if (!pthread_equal(pthread_self(), loop_thread))
		done_off_loop++;
	if (++done_count == NJOBS)
		loop_stop();
}

static void give_up(void *data)
{
	(void)data;
	loop_stop();
}

static void test_workers(void **state)
{
	(void)state;
	loop_thread = pthread_self();
	assert_int_equal(loop_init(), 0);
	assert_int_equal(workpool_start(2), 0);
	assert_int_equal(workpool_threads(), 2);
	for (int i = 0; i < NJOBS; i++) {
		jobs[i] = (struct job){ .base = { .work = work, .done = done }, .n = i };
		workpool_submit(&jobs[i].base);
	}
	assert_true(workpool_pending() > 0);
	loop_timer(10000, give_up, NULL); /* bounded: a hang fails, not blocks */
	loop_run();
	assert_int_equal(done_count, NJOBS);
	assert_int_equal(done_off_loop, 0);
	assert_int_equal(workpool_pending(), 0);
	int on_workers = 0;
	for (int i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].square, (unsigned long)i * (unsigned long)i);
		on_workers += !pthread_equal(jobs[i].worked_on, loop_thread);
	}
	assert_int_equal(on_workers, NJOBS);
	workpool_stop();
	assert_int_equal(workpool_threads(), 0);
}

static void test_inline(void **state)
{
	(void)state;
	done_count = 0;
	struct job one = { .base = { .work = work, .done = done }, .n = 7 };
	workpool_submit(&one.base);
	assert_int_equal(one.square, 49);
	assert_true(pthread_equal(one.worked_on, pthread_self()));
	assert_int_equal(done_count, 1);
	assert_int_equal(workpool_pending(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workers),
		cmocka_unit_test(test_inline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
