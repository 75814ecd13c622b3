#include "ipsec_util.h"

#include <ctype.h>
#include <string.h>

#include "cli/vty.h"
#include "system/system.h"

int arg_index(const struct cmd_args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			return i;
	return -1;
}

int cli_caret_error(struct vty *v, const struct cmd_args *a, int word)
{
	const char *s = a->line ? a->line : "";
	const char *p = s;
	int w = -1;
	size_t off = 0;
	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (++w == word) {
			off = (size_t)(p - s);
			break;
		}
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
	if (w != word)
		off = strlen(s);
	/* `no`/`default` are not in a->line but were typed before it */
	if (a->no)
		off += 3;
	else if (a->dflt)
		off += 8;
	size_t col = strlen(sys_hostname()) + strlen(mode_prompt_suffix(vty_mode(v))) + 1 + off;
	vty_out(v, "%*s^\n", (int)col, "");
	vty_out(v, "%% Invalid input detected at '^' marker.\n\n");
	return CMD_ERROR;
}
