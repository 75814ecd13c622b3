/* The engine: store, grammar, boot, vty server.  Runs on one thread. */
#ifndef FLEXD_ENGINE_H
#define FLEXD_ENGINE_H

#include <stdbool.h>

struct grammar;

/* Open the flash directory (creating it), the store, build the grammar and
 * boot (running.db if present, else startup-config).  0 or -1 with a
 * message on stderr. */
int engine_init(const char *flash);
/* Listen on FLASH/vty.sock. */
int engine_listen(void);
/* Add an already connected terminal (the embedded shell's socketpair). */
int engine_attach(int fd, bool owner);
void engine_run(void);
void engine_shutdown(void);

const struct grammar *engine_grammar(void);
/* Reload: wipe running-config and boot from startup-config. */
int engine_boot_startup(void);
/* Save / load every module's private state (flash/private-config). */
int engine_save_private(void);
void engine_load_private(void);
/* The startup-config file path. */
const char *engine_startup_path(void);
long long engine_boot_time(void);

#endif
