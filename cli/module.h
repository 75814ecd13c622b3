/*
 * A subsystem as the shell knows it: its commands and its hooks.
 * The list of modules is in cli/modules.c.
 */
#ifndef FLEXD_MODULE_H
#define FLEXD_MODULE_H

#include <stddef.h>
#include "parser/parser.h"

struct module {
	const char *name;
	const struct cmd_def *cmds;
	size_t ncmds;
	void (*init)(void);      /* after the store is open: mode exit hooks etc. May be NULL. */
	void (*changed)(void);   /* its config committed: rebuild compiled views. May be NULL. */
	/* State kept outside running-config (IOS's private-config: key pairs):
	 * saved by `write memory`, loaded at boot and reload.  May be NULL. */
	int (*save_private)(const char *path);
	int (*load_private)(const char *path);
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

extern const struct module cli_module;       /* cli/exec_cmds.c and friends */
extern const struct module system_module;    /* system/: hostname, lines, ACLs, routes, NAT, http */
extern const struct module interface_module; /* interface/: all interfaces */
extern const struct module aaa_module;       /* aaa/ */
extern const struct module ikev2_module;     /* ikev2/ */
extern const struct module ipsec_module;     /* ipsec/ */
extern const struct module pki_module;       /* pki/ (with SSL policy/profile) */
extern const struct module ike_module;       /* ikev2/: the engine's shows */
extern const struct module ike_debug_module; /* ikev2/ike_debug.c: debug crypto ikev2 */
extern const struct module aaa_debug_module; /* aaa/aaa_debug.c: debug radius, debug aaa */
extern const struct module debug_module;     /* cli/debug_cmds.c: undebug all, show debugging */

extern const struct module *const all_modules[];
extern const size_t all_modules_count;

#endif
