/* Interface names as IOS spells them. */
#ifndef FLEXD_IFNAME_H
#define FLEXD_IFNAME_H

#include <stdbool.h>
#include <stddef.h>

/* Canonicalise a typed interface name: "gi1", "GigabitEthernet 1",
 * "loopback100", "Lo100", "virtual-template 20", "Tu0", "Virtual-Access3",
 * "vi3" -> "GigabitEthernet1", "Loopback100", "Virtual-Template20",
 * "Tunnel0", "Virtual-Access3".  `type` is the word after the number when
 * the user typed the name as two words ("virtual-template" "20"); pass NULL
 * when the name was one word.  False (out untouched) when it names no
 * interface type flexd knows or the number is out of range. */
bool ifname_canonical(const char *name, const char *number, char *out, size_t outlen);

/* Complete the type part of a partial interface name for TAB; false when
 * it fits no type or several. */
bool ifname_complete(const char *partial, char *out, size_t outlen);

#endif
