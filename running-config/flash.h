/* The flash directory (bootflash:): the device's persistent storage. */
#ifndef FLEXD_FLASH_H
#define FLEXD_FLASH_H

#include <stdbool.h>
#include <stddef.h>

void flash_set_dir(const char *dir);
const char *flash_dir(void);
/* Map "bootflash:/x.xml", "bootflash:x.xml", "flash:x" to a path in the
 * flash directory.  False for other file systems or a name escaping the
 * directory ("..", absolute after the prefix is fine: it is rooted there). */
bool flash_path(const char *url, char *out, size_t outlen);

#endif
