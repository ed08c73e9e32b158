/* conf.c: virtcore.conf, in libvirt.conf's syntax, so a user's
 * uri_default and uri_aliases work unchanged:
 *     uri_default = "qemu:///system"
 *     uri_aliases = [ "hail=qemu+ssh://root@hail.example.com/system", ]
 * Other keys are libvirt's business and are skipped. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../driver.h"

struct conf {
	char *path;
	char *uri_default;
	char **alias;       /* "name=uri" */
	size_t nalias;
};

static void
conf_free(struct conf *f)
{
	free(f->path);
	free(f->uri_default);
	vc_strv_free(f->alias, f->nalias);
	memset(f, 0, sizeof(*f));
}

/* the parser: a cursor over the text that knows its line */
struct cur {
	const char *p, *file;
	int line;
};

static void
skip_space(struct cur *c, int newlines)
{
	for (;;) {
		if (*c->p == '#') {
			while (*c->p && *c->p != '\n')
				c->p++;
		} else if (*c->p == '\n' && newlines) {
			c->line++;
			c->p++;
		} else if (*c->p == ' ' || *c->p == '\t' || *c->p == '\r') {
			c->p++;
		} else
			return;
	}
}

static int
bad(struct cur *c, const char *what)
{
	return vc_err("%s:%d: %s", c->file, c->line, what);
}

/* "..." or '...'; libvirt's strings have no escapes but \" and \\ */
static int
string(struct cur *c, char **out)
{
	struct vc_buf b = {0};
	char q = *c->p++;

	while (*c->p && *c->p != q && *c->p != '\n') {
		if (*c->p == '\\' && (c->p[1] == q || c->p[1] == '\\'))
			c->p++;
		vc_buf_putc(&b, *c->p++);
	}
	if (*c->p != q) {
		vc_buf_free(&b);
		return bad(c, "unterminated string");
	}
	c->p++;
	vc_buf_putc(&b, 0);
	b.len--;
	*out = vc_buf_take(&b);
	return 0;
}

/* one value: a string, a number, or a list of them; strings kept in *v */
static int
value(struct cur *c, char ***v, size_t *n, int *islist, int *lines)
{
	char *s = NULL;

	*islist = 0;
	if (*c->p == '"' || *c->p == '\'') {
		if (string(c, &s) < 0)
			return -1;
		if (*n < 64)
			lines[*n] = c->line;
		VC_APPEND(*v, *n, s);
		return 0;
	}
	if (isdigit((unsigned char)*c->p) || *c->p == '-') {
		const char *st = c->p++;
		while (isdigit((unsigned char)*c->p))
			c->p++;
		VC_APPEND(*v, *n, vc_strndup(st, (size_t)(c->p - st)));
		return 0;
	}
	if (*c->p != '[')
		return bad(c, "expected a string, a number or a [ list ]");
	*islist = 1;
	c->p++;
	for (;;) {
		int sub;
		skip_space(c, 1);
		if (*c->p == ']') {
			c->p++;
			return 0;
		}
		if (*c->p == '[')
			return bad(c, "a list inside a list");
		if (value(c, v, n, &sub, lines) < 0)
			return -1;
		skip_space(c, 1);
		if (*c->p == ',')
			c->p++;
		else if (*c->p != ']')
			return bad(c, "expected , or ] in a list");
	}
}

static int
alias_ok(const char *a, struct cur *c)
{
	const char *eq = strchr(a, '=');
	const char *p;

	if (!eq || eq == a || !eq[1])
		return bad(c, "uri_aliases: an alias is \"NAME=URI\"");
	for (p = a; p < eq; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-.", *p))
			return bad(c, "uri_aliases: an alias name has only letters, digits, _ - and .");
	if (!strstr(eq + 1, "://"))
		return bad(c, "uri_aliases: an alias's value must be a URI");
	return 0;
}

static int
conf_parse(struct conf *f, const char *text, const char *file)
{
	struct cur c = {text, file, 1};

	for (;;) {
		const char *ks;
		char *key, **v = NULL;
		size_t n = 0, i;
		int islist, line, lines[64] = {0};

		skip_space(&c, 1);
		if (!*c.p)
			return 0;
		ks = c.p;
		line = c.line;
		while (isalnum((unsigned char)*c.p) || *c.p == '_')
			c.p++;
		if (c.p == ks)
			return bad(&c, "expected a setting name");
		key = vc_strndup(ks, (size_t)(c.p - ks));
		skip_space(&c, 0);
		if (*c.p != '=') {
			free(key);
			return bad(&c, "expected = after the setting name");
		}
		c.p++;
		skip_space(&c, 0);
		if (value(&c, &v, &n, &islist, lines) < 0)
			goto fail;
		skip_space(&c, 0);
		if (*c.p && *c.p != '\n') {
			bad(&c, "unexpected text after the value");
			goto fail;
		}
		if (strcmp(key, "uri_default") == 0) {
			if (islist || n != 1 || !strstr(v[0], "://")) {
				c.line = line;
				bad(&c, "uri_default: expected a URI string");
				goto fail;
			}
			free(f->uri_default);
			f->uri_default = v[0];
			v[0] = NULL;
		} else if (strcmp(key, "uri_aliases") == 0) {
			if (!islist) {
				c.line = line;
				bad(&c, "uri_aliases: expected a [ list ] of \"NAME=URI\"");
				goto fail;
			}
			for (i = 0; i < n; i++) {
				c.line = lines[i < 64 ? i : 63];
				if (alias_ok(v[i], &c) < 0)
					goto fail;
			}
			vc_strv_free(f->alias, f->nalias);
			f->alias = v;
			f->nalias = n;
			v = NULL;
			n = 0;
		}
		vc_strv_free(v, n);
		free(key);
		continue;
fail:
		vc_strv_free(v, n);
		free(key);
		return -1;
	}
}

/* $VIRTCORE_CONFIG, else /etc/virtcore/virtcore.conf for root, else
 * $XDG_CONFIG_HOME/virtcore/virtcore.conf */
char *
vc_conf_path(void)
{
	const char *v = getenv("VIRTCORE_CONFIG"), *x, *h;

	if (v && *v)
		return vc_strdup(v);
	if (geteuid() == 0)
		return vc_strdup("/etc/virtcore/virtcore.conf");
	x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return vc_asprintf("%s/virtcore/virtcore.conf", x);
	h = getenv("HOME");
	return vc_asprintf("%s/.config/virtcore/virtcore.conf", h && *h ? h : "/tmp");
}

/* 1 read, 0 no file, -1 a bad file (the error names its line) */
static int
conf_load(struct conf *f)
{
	char *text;
	size_t len;
	int r;

	memset(f, 0, sizeof(*f));
	f->path = vc_conf_path();
	if (!(text = vc_file_read(f->path, &len))) {
		if (errno == ENOENT)
			return 0;
		return vc_err("%s:", f->path);
	}
	if (memchr(text, 0, len))
		r = vc_err("%s: not a text file", f->path);
	else
		r = conf_parse(f, text, f->path) < 0 ? -1 : 1;
	free(text);
	return r;
}

char *
vc_uri_resolve(const char *uri)
{
	struct conf f;
	const char *v;
	char *out = NULL;
	size_t i, n;
	int r;

	if ((r = conf_load(&f)) < 0) {
		conf_free(&f);
		return NULL;
	}
	if (!uri && (v = getenv("VIRTCORE_URI")) && *v)
		uri = v;
	if (!uri && f.uri_default)
		uri = f.uri_default;
	if (!uri)
		uri = vc_uri_default();    /* the legacy one-line file, or test:///default */
	/* an alias is a name, never a URI */
	if (!strchr(uri, ':')) {
		n = strlen(uri);
		for (i = 0; i < f.nalias; i++)
			if (strncmp(f.alias[i], uri, n) == 0 && f.alias[i][n] == '=') {
				out = vc_strdup(f.alias[i] + n + 1);
				break;
			}
		if (!out) {
			vc_err_kind(VC_ERR_USAGE, "%s: not a URI (driver:///path) nor an alias%s%s", uri,
			    r ? " of " : "", r ? f.path : "");
			conf_free(&f);
			return NULL;
		}
	} else
		out = vc_strdup(uri);
	conf_free(&f);
	return out;
}

/* the alias names, for completion: "name=uri" lines */
char **
vc_uri_aliases(size_t *n)
{
	struct conf f;
	char **v;

	*n = 0;
	if (conf_load(&f) <= 0) {
		conf_free(&f);
		vc_err_clear();
		return NULL;
	}
	v = f.alias;
	*n = f.nalias;
	f.alias = NULL;
	f.nalias = 0;
	conf_free(&f);
	return v;
}
