/* The engine's event loop: epoll on one thread, fd watchers and timers. */
#ifndef FLEXD_LOOP_H
#define FLEXD_LOOP_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*loop_fd_fn)(int fd, uint32_t events, void *data);
typedef void (*loop_timer_fn)(void *data);

int loop_init(void);
/* Watch fd for EPOLLIN (and EPOLLOUT when want_write). */
int loop_add_fd(int fd, bool want_write, loop_fd_fn fn, void *data);
int loop_mod_fd(int fd, bool want_write, loop_fd_fn fn, void *data);
void loop_del_fd(int fd);
/* One-shot timer after ms milliseconds; returns an id for loop_cancel. */
uint64_t loop_timer(uint64_t ms, loop_timer_fn fn, void *data);
void loop_cancel(uint64_t id);
uint64_t loop_now_ms(void);
/* Run until loop_stop(). */
void loop_run(void);
void loop_stop(void);

#endif
