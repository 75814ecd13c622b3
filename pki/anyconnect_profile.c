/*
 * `crypto vpn anyconnect profile NAME bootflash:FILE`: the file must be a
 * well-formed AnyConnect XML profile (root AnyConnectProfile) when the
 * command is given, parsed by libxml2 without network, DTD or entity
 * expansion, at most 1 MB (the client downloads it; IOS checks it too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "pki_cmds.h"

#define AC_PROFILE_MAX (1 << 20)

int pki_ac_profile_check(const char *path, char *why, size_t why_len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(why, why_len, "cannot be read");
		return -1;
	}
	char *buf = malloc(AC_PROFILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, AC_PROFILE_MAX + 1, f) : 0;
	fclose(f);
	int rc = -1;
	if (!buf)
		snprintf(why, why_len, "out of memory");
	else if (n == 0)
		snprintf(why, why_len, "is empty");
	else if (n > AC_PROFILE_MAX)
		snprintf(why, why_len, "is larger than %d bytes", AC_PROFILE_MAX);
	else if (memmem(buf, n, "<!DOCTYPE", 9) || memmem(buf, n, "<!ENTITY", 8))
		snprintf(why, why_len, "has a DOCTYPE or ENTITY declaration");
	else {
		xmlDoc *doc = xmlReadMemory(buf, (int)n, NULL, NULL,
					    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
		if (!doc)
			snprintf(why, why_len, "is not well-formed XML");
		else if (!root || strcmp((const char *)root->name, "AnyConnectProfile") != 0)
			snprintf(why, why_len, "is not an AnyConnect profile (root element %s)",
				 root ? (const char *)root->name : "missing");
		else
			rc = 0;
		xmlFreeDoc(doc);
	}
	free(buf);
	return rc;
}
