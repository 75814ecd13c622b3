/*
 * The vty server: a UNIX stream socket in the flash directory; every
 * connection is a vty session.  Frames are handled in arrival order; the
 * config transaction is committed once a connection has no more input
 * waiting, so a pasted config is one transaction per read batch.
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/loop.h"
#include "proto.h"
#include "vty_session.h"

static int listen_fd = -1;
static struct vty *owner_vty;

static void on_conn(int fd, uint32_t events, void *data);

static void close_vty(struct vty *v)
{
	loop_del_fd(v->fd);
	close(v->fd);
	bool was_owner = v == owner_vty;
	vty_free(v);
	if (was_owner) {
		owner_vty = NULL;
		loop_stop();
	}
}

static void flush_tx(struct vty *v)
{
	while (v->tx.len) {
		ssize_t n = write(v->fd, v->tx.s, v->tx.len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				loop_mod_fd(v->fd, true, on_conn, v);
				return;
			}
			v->dead = true;
			return;
		}
		memmove(v->tx.s, v->tx.s + n, v->tx.len - (size_t)n);
		v->tx.len -= (size_t)n;
	}
	loop_mod_fd(v->fd, false, on_conn, v);
}

/* Run the complete frames waiting in v->in, in order.  A command whose
 * answer comes later (vty_defer) holds the ones after it: type-ahead waits
 * as it does on a router, and runs on from server_resume. */
static void process_input(struct vty *v)
{
	size_t off = 0;
	while (!v->deferred) {
		int type;
		const char *payload;
		size_t plen, used;
		int rc = proto_parse(v->in.s + off, v->in.len - off, &type, &payload, &plen, &used);
		if (rc == 0)
			break;
		if (rc < 0) {
			v->dead = true;
			break;
		}
		vty_frame(v, type, payload, plen);
		off += used;
		if (v->closing)
			break;
	}
	memmove(v->in.s, v->in.s + off, v->in.len - off);
	v->in.len -= off;
}

void server_resume(struct vty *v)
{
	if (v->fd < 0 || v->deferred)
		return;
	process_input(v);
	vty_commit(v);
	/* on_conn runs at once (writable): output, closing, dead */
	loop_mod_fd(v->fd, true, on_conn, v);
}

static void on_conn(int fd, uint32_t events, void *data)
{
	struct vty *v = data;
	if (events & EPOLLOUT)
		flush_tx(v);
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		char tmp[65536];
		ssize_t n = read(fd, tmp, sizeof tmp);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			vty_commit(v);
			close_vty(v);
			return;
		}
		if (n > 0)
			buf_add(&v->in, tmp, (size_t)n);
		process_input(v);
		vty_commit(v);
	}
	if (v->closing && !v->tx.len) {
		close_vty(v);
		return;
	}
	flush_tx(v);
	if (v->dead || (v->closing && !v->tx.len)) {
		close_vty(v);
		return;
	}
	/* what this vty did may have output for others (log lines) */
	for (int i = 0; i < vty_all_count; i++)
		if (vty_all[i] != v && vty_all[i]->fd >= 0 && vty_all[i]->tx.len)
			flush_tx(vty_all[i]);
}

void server_want_write(struct vty *v)
{
	if (v->fd >= 0 && v->tx.len)
		loop_mod_fd(v->fd, true, on_conn, v);
}

int server_attach(int fd, bool owner)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	struct vty *v = vty_new(fd);
	if (!v) {
		close(fd);
		return -1;
	}
	if (owner)
		owner_vty = v;
	return loop_add_fd(fd, false, on_conn, v);
}

static void on_listen(int fd, uint32_t events, void *data)
{
	(void)events;
	(void)data;
	int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (c >= 0)
		server_attach(c, false);
}

int server_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "flexd: vty socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	/* a socket file left by a crashed engine: nobody answers, remove it */
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (errno != EADDRINUSE) {
			close(fd);
			return -1;
		}
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		bool alive = probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0;
		if (probe >= 0)
			close(probe);
		if (alive) {
			fprintf(stderr, "flexd: another engine serves %s\n", path);
			close(fd);
			return -1;
		}
		unlink(path);
		if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
			close(fd);
			return -1;
		}
	}
	if (listen(fd, 64) != 0) {
		close(fd);
		return -1;
	}
	listen_fd = fd;
	return loop_add_fd(fd, false, on_listen, NULL);
}

void server_close(const char *path)
{
	if (listen_fd >= 0) {
		loop_del_fd(listen_fd);
		close(listen_fd);
		listen_fd = -1;
		unlink(path);
	}
}
