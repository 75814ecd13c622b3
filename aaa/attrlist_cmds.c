/* aaa attribute list NAME (config-attr-list):
 *   attribute type NAME VALUE [service S] [protocol P] [mandatory] [tag]
 * VALUE is one word or a double-quoted string ("ip unnumbered Loopback1"). */
#include "aaa/aaa_cmds.h"

#include <stdio.h>
#include <string.h>

#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

int aaa_cmd_attr_list(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_attr WHERE list=?", "s", name) ||
		    db_exec("DELETE FROM aaa_attr_list WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exec("INSERT OR IGNORE INTO aaa_attr_list(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM aaa_attr_list))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_ATTR_LIST, name, NULL);
	return CHANGED(v);
}

/* UTF-8 typographic double quotes (“ ”), pasted from web pages. */
static int curly_quote(const char *p)
{
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x9C || (unsigned char)p[2] == 0x9D))
		return 3;
	return 0;
}

struct attr_value {
	char value[512];
	bool quoted;
	bool curly;        /* typed with typographic quotes */
	char service[64];
	char protocol[64];
	bool mandatory;
	bool tag;
};

static const char *skip_sp(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Copy one blank-delimited word into out; returns the rest. */
static const char *word(const char *p, char *out, size_t len)
{
	size_t n = 0;
	p = skip_sp(p);
	while (*p && *p != ' ' && *p != '\t') {
		if (n + 1 < len)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	return p;
}

static bool is_prefix(const char *w, const char *kw, size_t min)
{
	size_t n = strlen(w);
	return n >= min && n <= strlen(kw) && !strncmp(w, kw, n);
}

/* Parse the LINE after `attribute type NAME`.  false: message in err. */
static bool parse_value(const char *p, struct attr_value *av, char *err, size_t errlen)
{
	char w[128];
	size_t n = 0;
	int q;

	memset(av, 0, sizeof(*av));
	p = skip_sp(p);
	if (*p == '"' || (q = curly_quote(p))) {
		av->curly = *p != '"';
		p += av->curly ? 3 : 1;
		while (*p && *p != '"' && !curly_quote(p)) {
			if (n + 1 >= sizeof(av->value)) {
				snprintf(err, errlen, "Attribute value too long");
				return false;
			}
			av->value[n++] = *p++;
		}
		if (!*p) {
			snprintf(err, errlen, "Missing closing quote in attribute value");
			return false;
		}
		p += *p == '"' ? 1 : 3;
		av->value[n] = '\0';
		av->quoted = true;
	} else {
		p = word(p, av->value, sizeof(av->value));
	}
	if (!av->value[0]) {
		snprintf(err, errlen, "Attribute value missing");
		return false;
	}
	for (;;) {
		p = word(p, w, sizeof(w));
		if (!w[0])
			break;
		if (is_prefix(w, "service", 1)) {
			p = word(p, av->service, sizeof(av->service));
			if (!av->service[0])
				goto bad;
		} else if (is_prefix(w, "protocol", 1)) {
			p = word(p, av->protocol, sizeof(av->protocol));
			if (!av->protocol[0])
				goto bad;
		} else if (is_prefix(w, "mandatory", 1)) {
			av->mandatory = true;
		} else if (is_prefix(w, "tag", 1)) {
			av->tag = true;
		} else {
			goto bad;
		}
	}
	return true;
bad:
	snprintf(err, errlen, "Invalid attribute option \"%s\"", w);
	return false;
}

int aaa_cmd_attr_type(struct vty *v, const struct cmd_args *a)
{
	const char *list = vty_key(v, 0), *type = arg(a, "ATTR"), *line = arg(a, "LINE");
	struct attr_value av;
	char err[128];
	long long seq = 0;

	if ((a->no || a->dflt) && !line) {
		if (db_exec("DELETE FROM aaa_attr WHERE list=? AND type=?", "ss", list, type))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (!parse_value(line, &av, err, sizeof(err)))
		return vty_error(v, "%s", err);
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_attr WHERE list=? AND type=? AND value=?", "sss",
			    list, type, av.value))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exists("SELECT 1 FROM aaa_attr WHERE list=? AND type=? AND value=?", "sss",
		      list, type, av.value)) {
		if (db_exec("UPDATE aaa_attr SET quoted=?, service=?, protocol=?, mandatory=?, tag=? "
			    "WHERE list=? AND type=? AND value=?", "issiisss",
			    (long long)av.quoted, av.service[0] ? av.service : NULL,
			    av.protocol[0] ? av.protocol : NULL, (long long)av.mandatory,
			    (long long)av.tag, list, type, av.value))
			return vty_error(v, "%s", store_errmsg());
	} else {
		db_get_int(&seq, "SELECT COALESCE(MAX(seq),0) FROM aaa_attr WHERE list=?", "s", list);
		if (db_exec("INSERT INTO aaa_attr(list, seq, type, value, quoted, service, protocol, "
			    "mandatory, tag) VALUES(?,?,?,?,?,?,?,?,?)", "sississii",
			    list, seq + 1, type, av.value, (long long)av.quoted,
			    av.service[0] ? av.service : NULL, av.protocol[0] ? av.protocol : NULL,
			    (long long)av.mandatory, (long long)av.tag))
			return vty_error(v, "%s", store_errmsg());
	}
	if (av.curly)
		vty_note(v, "stored as attribute type %s \"%s\"", type, av.value);
	return CHANGED(v);
}
