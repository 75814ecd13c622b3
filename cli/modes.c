#include "modes.h"

#define MODE_ROW_(id, prompt, parent) [id] = { prompt, parent },
static const struct {
	const char *prompt;
	int parent;
} modes[MODE_COUNT] = { MODE_LIST(MODE_ROW_) };
#undef MODE_ROW_

const char *mode_prompt_suffix(int mode)
{
	return mode >= 0 && mode < MODE_COUNT ? modes[mode].prompt : "";
}

int mode_parent(int mode)
{
	return mode >= 0 && mode < MODE_COUNT ? modes[mode].parent : MODE_NONE;
}
