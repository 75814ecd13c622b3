#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 4096
#define MAX_TIMERS 1024

static int epfd = -1;
static volatile bool stopping;
static struct {
	loop_fd_fn fn;
	void *data;
} watchers[MAX_FDS];
static struct {
	uint64_t id, due;
	loop_timer_fn fn;
	void *data;
} timers[MAX_TIMERS];
static uint64_t next_timer_id = 1;

uint64_t loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int loop_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd < 0 ? -1 : 0;
}

static int ctl(int op, int fd, bool want_write, loop_fd_fn fn, void *data)
{
	if (fd < 0 || fd >= MAX_FDS)
		return -1;
	struct epoll_event ev = { .events = EPOLLIN | (want_write ? EPOLLOUT : 0), .data.fd = fd };
	if (epoll_ctl(epfd, op, fd, &ev) != 0)
		return -1;
	watchers[fd].fn = fn;
	watchers[fd].data = data;
	return 0;
}

int loop_add_fd(int fd, bool want_write, loop_fd_fn fn, void *data)
{
	return ctl(EPOLL_CTL_ADD, fd, want_write, fn, data);
}

int loop_mod_fd(int fd, bool want_write, loop_fd_fn fn, void *data)
{
	return ctl(EPOLL_CTL_MOD, fd, want_write, fn, data);
}

void loop_del_fd(int fd)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	watchers[fd].fn = NULL;
	watchers[fd].data = NULL;
}

uint64_t loop_timer(uint64_t ms, loop_timer_fn fn, void *data)
{
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (!timers[i].fn) {
			timers[i].id = next_timer_id++;
			timers[i].due = loop_now_ms() + ms;
			timers[i].fn = fn;
			timers[i].data = data;
			return timers[i].id;
		}
	}
	return 0;
}

void loop_cancel(uint64_t id)
{
	for (int i = 0; i < MAX_TIMERS; i++)
		if (timers[i].fn && timers[i].id == id)
			timers[i].fn = NULL;
}

static int next_timeout(void)
{
	uint64_t now = loop_now_ms(), best = UINT64_MAX;
	for (int i = 0; i < MAX_TIMERS; i++)
		if (timers[i].fn && timers[i].due < best)
			best = timers[i].due;
	if (best == UINT64_MAX)
		return 1000;
	return best <= now ? 0 : (int)(best - now > 1000 ? 1000 : best - now);
}

static void run_timers(void)
{
	uint64_t now = loop_now_ms();
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (timers[i].fn && timers[i].due <= now) {
			loop_timer_fn fn = timers[i].fn;
			timers[i].fn = NULL;
			fn(timers[i].data);
		}
	}
}

void loop_run(void)
{
	struct epoll_event evs[64];
	stopping = false;
	while (!stopping) {
		int n = epoll_wait(epfd, evs, 64, next_timeout());
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n && !stopping; i++) {
			int fd = evs[i].data.fd;
			if (fd >= 0 && fd < MAX_FDS && watchers[fd].fn)
				watchers[fd].fn(fd, evs[i].events, watchers[fd].data);
		}
		run_timers();
	}
}

void loop_stop(void)
{
	stopping = true;
}
