#include "flash.h"

#include <stdio.h>
#include <string.h>

static char flash_root[4096] = "./flash";

void flash_set_dir(const char *dir)
{
	snprintf(flash_root, sizeof flash_root, "%s", dir);
}

const char *flash_dir(void)
{
	return flash_root;
}

bool flash_path(const char *url, char *out, size_t outlen)
{
	static const char *const prefixes[] = { "bootflash:", "flash:" };
	const char *rest = NULL;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncasecmp(url, prefixes[i], n) == 0) {
			rest = url + n;
			break;
		}
	}
	if (!rest)
		return false;
	while (*rest == '/')
		rest++;
	if (!*rest || strstr(rest, ".."))
		return false;
	int n = snprintf(out, outlen, "%s/%s", flash_root, rest);
	return n > 0 && (size_t)n < outlen;
}
