/* More about canonical interface names (interface/ and system/ use these). */
#ifndef FLEXD_IF_NAMES_H
#define FLEXD_IF_NAMES_H

#include <stdbool.h>
#include <stddef.h>

enum if_kind { IFK_NONE, IFK_PHYSICAL, IFK_LOOPBACK, IFK_TUNNEL, IFK_VTEMPLATE, IFK_VACCESS, IFK_NULL };

/* Kind of a canonical name (as ifname_canonical writes it). */
enum if_kind ifname_kind(const char *canon);
/* "GigabitEthernet1.100" */
bool ifname_is_subif(const char *canon);
/* Text that sorts interfaces in IOS-XE running-config order. */
void ifname_sortkey(const char *canon, char *out, size_t outlen);

#endif
