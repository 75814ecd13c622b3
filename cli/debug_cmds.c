/*
 * `undebug all` / `no debug all` and `show debugging`, over every
 * subsystem that has debug switches.
 */
#include "aaa/aaa_debug.h"
#include "cli/module.h"
#include "cli/vty.h"
#include "ikev2/ike_debug.h"

static int cmd_undebug_all(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	ike_debug_off();
	aaa_debug_off();
	vty_out(v, "All possible debugging has been turned off\n");
	return CMD_SUCCESS;
}

static int cmd_show_debugging(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	aaa_debug_show(v); /* "General OS:" first, then the others, as IOS orders them */
	ike_debug_show(v);
	return CMD_SUCCESS;
}

#define EXEC MODE_BIT(MODE_EXEC)
static const struct cmd_def cmds[] = {
	{ EXEC, "undebug all", "Disable debugging functions (see also 'debug')\nEnable all debugging",
	  cmd_undebug_all, 0, PRIV_ENABLE, 0 },
	{ EXEC, "no debug all",
	  "Negate a command or set its defaults\nDebugging functions (see also 'undebug')\nEnable all debugging",
	  cmd_undebug_all, 0, PRIV_ENABLE, 0 },
	{ EXEC, "show debugging", "Show running system information\nState of each debugging option",
	  cmd_show_debugging, 0, PRIV_USER, 0 },
};

const struct module debug_module = {
	.name = "debug",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
