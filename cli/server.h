/* The vty server: terminals connect over a UNIX socket. */
#ifndef FLEXD_SERVER_H
#define FLEXD_SERVER_H

#include <stdbool.h>

int server_listen(const char *path);
/* owner: the embedded shell's own terminal; when it leaves, the loop stops. */
int server_attach(int fd, bool owner);
void server_close(const char *path);
/* Output queued for v outside its own input (log lines from the engine):
 * have the loop write it when the socket is writable. */
struct vty;
void server_want_write(struct vty *v);
/* A deferred command finished: run the input typed after it. */
void server_resume(struct vty *v);

#endif
