/*
 * flexsh: the IOS-style shell.  Joins the engine serving the flash
 * directory, or, when none does, runs one embedded in this process (on its
 * own thread, serving the vty socket so other shells can join it).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine.h"

#define FLEXSH_CONF "/etc/flexd/flexsh.conf"
#include "term.h"

struct embedded {
	const char *flash;
	int fd;
};

static void *engine_thread(void *arg)
{
	struct embedded *e = arg;
	if (engine_init(e->flash) != 0) {
		close(e->fd);
		return NULL;
	}
	engine_listen(); /* failing only means no other shell can join */
	engine_attach(e->fd, true);
	engine_run();
	engine_shutdown();
	return NULL;
}

static int connect_engine(const char *flash)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if ((size_t)snprintf(sa.sun_path, sizeof sa.sun_path, "%s/vty.sock", flash) >= sizeof sa.sun_path)
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The flash directory of a shell started without --flash: $FLEXD_FLASH,
 * else the `flash DIR` line of /etc/flexd/flexsh.conf, else ./flash.  A
 * login shell (sshd runs it with no arguments and argv[0] "-flexsh") only
 * ever has this to go by. */
static const char *configured_flash(void)
{
	const char *env = getenv("FLEXD_FLASH");
	if (env && *env)
		return env;
	static char dir[1024];
	FILE *f = fopen(FLEXSH_CONF, "r");
	if (f) {
		char line[1100];
		while (fgets(line, sizeof line, f)) {
			char key[16];
			if (sscanf(line, "%15s %1023s", key, dir) == 2 && strcmp(key, "flash") == 0) {
				fclose(f);
				return dir;
			}
		}
		fclose(f);
	}
	return "./flash";
}

/* `flexsh --login-auth`, run by pam_exec (expose_authtok) in sshd's PAM
 * stack: the password on stdin (NUL- or newline-ended), PAM_USER and
 * PAM_RHOST in the environment; exit 0 when AAA accepts the login. */
static int login_auth(const char *flash)
{
	const char *user = getenv("PAM_USER");
	const char *peer = getenv("PAM_RHOST");
	char pw[1024];
	size_t n = 0;
	char c;
	while (n + 1 < sizeof pw && read(0, &c, 1) == 1 && c != '\0' && c != '\n')
		pw[n++] = c;
	pw[n] = '\0';
	int rc = 1;
	int fd = user && *user ? connect_engine(flash) : -1;
	if (fd >= 0) {
		rc = term_login_auth(fd, user, pw, peer ? peer : "");
		close(fd);
	} else if (user && *user) {
		fprintf(stderr, "flexsh: no engine serves %s (is flexd running?)\n", flash);
	}
	explicit_bzero(pw, sizeof pw);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: flexsh [--flash DIR] [--echo] [--join] [-c COMMAND]...\n"
			"       flexsh [--flash DIR] --login-auth   (sshd PAM hook)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *flash = NULL;
	const char **cmds = calloc((size_t)argc + 1, sizeof *cmds);
	int ncmds = 0;
	struct term_opts o = { 0 };
	bool auth_only = false;
	bool join_only = false; /* --join: only an engine already serving DIR, never an embedded one */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--flash") == 0 && i + 1 < argc)
			flash = argv[++i];
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			cmds[ncmds++] = argv[++i];
		else if (strcmp(argv[i], "--echo") == 0)
			o.echo = true;
		else if (strcmp(argv[i], "--join") == 0)
			join_only = true;
		else if (strcmp(argv[i], "--login-auth") == 0)
			auth_only = true;
		else
			usage();
	}
	if (ncmds)
		o.commands = cmds;
	/* Over SSH (login shell or `ssh host cmd`, run as `flexsh -c cmd`) the
	 * shell joins the running engine: starting one per login would give
	 * each session its own engine, and the flash belongs to the daemon. */
	bool login = argv[0] && argv[0][0] == '-';
	if (login || (!flash && getenv("SSH_CONNECTION")))
		join_only = true;
	if (!flash)
		flash = configured_flash();
	if (auth_only) {
		free(cmds);
		return login_auth(flash);
	}
	signal(SIGPIPE, SIG_IGN);

	int fd = connect_engine(flash);
	pthread_t th;
	bool embedded = fd < 0;
	if (embedded && join_only) {
		fprintf(stderr, "flexsh: no engine serves %s (is flexd running?)\n", flash);
		free(cmds);
		return 1;
	}
	if (embedded) {
		int sp[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0) {
			perror("flexsh: socketpair");
			return 1;
		}
		static struct embedded e;
		e.flash = flash;
		e.fd = sp[1];
		if (pthread_create(&th, NULL, engine_thread, &e) != 0) {
			perror("flexsh: engine thread");
			return 1;
		}
		fd = sp[0];
	}
	int rc = term_run(fd, &o);
	/* closing our end tells the embedded engine to finish and commit */
	shutdown(fd, SHUT_RDWR);
	close(fd);
	if (embedded)
		pthread_join(th, NULL);
	free(cmds);
	return rc;
}
