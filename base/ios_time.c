#include "ios_time.h"

#include <stdio.h>

void ios_elapsed(long long t, char *out, size_t len)
{
	if (t < 0)
		t = 0;
	if (t >= 7 * 86400)
		snprintf(out, len, "%lldw%lldd", t / (7 * 86400), t % (7 * 86400) / 86400);
	else if (t >= 86400)
		snprintf(out, len, "%lldd%02lldh", t / 86400, t % 86400 / 3600);
	else
		snprintf(out, len, "%02lld:%02lld:%02lld", t / 3600, t % 3600 / 60, t % 60);
}
