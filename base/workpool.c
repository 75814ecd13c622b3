#include "workpool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "loop.h"

#define MAX_WORKERS 64

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct work_job *todo_head, *todo_tail; /* FIFO, under mu */
static struct work_job *finished;              /* LIFO, under mu */
static pthread_t workers[MAX_WORKERS];
static int nworkers;
static bool quitting;
static int efd = -1;
static unsigned pending; /* loop thread only */

static void *worker_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!todo_head && !quitting)
			pthread_cond_wait(&cv, &mu);
		struct work_job *j = todo_head;
		if (!j)
			break; /* quitting and nothing left */
		todo_head = j->next;
		if (!todo_head)
			todo_tail = NULL;
		pthread_mutex_unlock(&mu);
		j->work(j);
		pthread_mutex_lock(&mu);
		j->next = finished;
		finished = j;
		uint64_t one = 1;
		ssize_t w = write(efd, &one, sizeof one);
		(void)w; /* the counter cannot overflow in practice */
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* Run done() for everything the workers finished, oldest first. */
static void drain(void)
{
	pthread_mutex_lock(&mu);
	struct work_job *list = finished;
	finished = NULL;
	pthread_mutex_unlock(&mu);
	struct work_job *rev = NULL;
	while (list) {
		struct work_job *n = list->next;
		list->next = rev;
		rev = list;
		list = n;
	}
	while (rev) {
		struct work_job *n = rev->next;
		pending--;
		rev->done(rev);
		rev = n;
	}
}

static void on_event(int fd, uint32_t events, void *data)
{
	(void)events;
	(void)data;
	uint64_t v;
	ssize_t r = read(fd, &v, sizeof v);
	(void)r;
	drain();
}

int workpool_start(int n)
{
	if (nworkers)
		return 0;
	if (n <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores > 1 ? (int)cores : 0;
	}
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	if (n == 0)
		return 0;
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (efd < 0 || loop_add_fd(efd, false, on_event, NULL) != 0) {
		if (efd >= 0)
			close(efd);
		efd = -1;
		return -1;
	}
	quitting = false;
	for (int i = 0; i < n; i++) {
		if (pthread_create(&workers[i], NULL, worker_main, NULL) != 0)
			break;
		nworkers++;
	}
	return nworkers ? 0 : -1;
}

void workpool_stop(void)
{
	if (!nworkers)
		return;
	pthread_mutex_lock(&mu);
	quitting = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	nworkers = 0;
	drain();
	loop_del_fd(efd);
	close(efd);
	efd = -1;
}

void workpool_submit(struct work_job *j)
{
	pending++;
	if (!nworkers) {
		j->work(j);
		pending--;
		j->done(j);
		return;
	}
	j->next = NULL;
	pthread_mutex_lock(&mu);
	if (todo_tail)
		todo_tail->next = j;
	else
		todo_head = j;
	todo_tail = j;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

unsigned workpool_pending(void) { return pending; }
int workpool_threads(void) { return nworkers; }
