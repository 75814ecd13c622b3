/*
 * System settings the shell reads: hostname (prompt) and the enable
 * secret/password (`enable`).
 */
#include "system.h"

#include "base/secret.h"
#include "running-config/store.h"

const char *sys_hostname(void)
{
	static char name[80];
	if (!db_get_text(name, sizeof name, "SELECT hostname FROM sys_global WHERE id = 1", NULL)
	    || !name[0])
		return "Router";
	return name;
}

bool sys_enable_configured(void)
{
	return db_exists("SELECT 1 FROM sys_global WHERE id = 1 AND "
			 "(enable_secret IS NOT NULL OR enable_password IS NOT NULL)", NULL);
}

/* IOS: when an enable secret is set, the enable password is ignored. */
bool sys_enable_check(const char *plain)
{
	char stored[256];
	long long type;
	if (db_get_text(stored, sizeof stored,
			"SELECT enable_secret FROM sys_global WHERE id = 1 AND enable_secret IS NOT NULL", NULL)) {
		if (!db_get_int(&type, "SELECT enable_secret_type FROM sys_global WHERE id = 1", NULL))
			return false;
		return secret_verify((int)type, stored, plain);
	}
	if (db_get_text(stored, sizeof stored,
			"SELECT enable_password FROM sys_global WHERE id = 1 AND enable_password IS NOT NULL", NULL)) {
		if (!db_get_int(&type, "SELECT enable_password_type FROM sys_global WHERE id = 1", NULL))
			return false;
		return secret_verify((int)type, stored, plain);
	}
	return false;
}
