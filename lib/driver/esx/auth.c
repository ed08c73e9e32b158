/* auth.c: who logs in to a vSphere endpoint and with what password:
 * VIRTCORE_ESX_PASSWORD, an auth file in libvirt's auth.conf format, or a
 * prompt when stdin is a terminal */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "esx.h"

/* the value of key in [section] of an ini-style text, or NULL */
static char *
ini_get(const char *text, const char *section, const char *key)
{
	const char *p = text;
	int in = 0;
	size_t sl = strlen(section), kl = strlen(key);

	while (*p) {
		const char *e = p + strcspn(p, "\n"), *q = p, *qe = e;
		while (q < qe && (*q == ' ' || *q == '\t'))
			q++;
		while (qe > q && (qe[-1] == ' ' || qe[-1] == '\t' || qe[-1] == '\r'))
			qe--;
		if (q < qe && *q == '[')
			in = (size_t)(qe - q) == sl + 2 && qe[-1] == ']' && strncmp(q + 1, section, sl) == 0;
		else if (in && (size_t)(qe - q) > kl && strncmp(q, key, kl) == 0) {
			const char *v = q + kl;
			while (v < qe && (*v == ' ' || *v == '\t'))
				v++;
			if (v < qe && *v == '=') {
				v++;
				while (v < qe && (*v == ' ' || *v == '\t'))
					v++;
				return vc_strndup(v, (size_t)(qe - v));
			}
		}
		p = *e ? e + 1 : e;
	}
	return NULL;
}

/* the first auth file that exists: $VIRTCORE_AUTH_FILE, then virtcore's
 * and libvirt's usual places */
static char *
auth_file(char **path)
{
	const char *env = getenv("VIRTCORE_AUTH_FILE"), *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char *cands[5] = {0};
	char *text = NULL;
	size_t i, n = 0;

	*path = NULL;
	if (env && *env) {
		if (!(text = vc_file_read(env, NULL)))
			vc_err("%s: auth file:", env);
		else
			*path = vc_strdup(env);
		return text;
	}
	if (xdg && *xdg == '/')
		cands[n++] = vc_asprintf("%s/virtcore/auth.conf", xdg);
	else if (home && *home)
		cands[n++] = vc_asprintf("%s/.config/virtcore/auth.conf", home);
	cands[n++] = vc_strdup("/etc/virtcore/auth.conf");
	if (xdg && *xdg == '/')
		cands[n++] = vc_asprintf("%s/libvirt/auth.conf", xdg);
	else if (home && *home)
		cands[n++] = vc_asprintf("%s/.config/libvirt/auth.conf", home);
	cands[n++] = vc_strdup("/etc/libvirt/auth.conf");
	for (i = 0; i < n; i++) {
		if (!text && (text = vc_file_read(cands[i], NULL)))
			*path = vc_strdup(cands[i]);
		free(cands[i]);
	}
	vc_err_clear();
	return text;
}

/* [auth-SERVICE-HOST] (or -default) names [credentials-X]: its key */
static char *
auth_lookup(const char *text, const char *scheme, const char *host, const char *key)
{
	const char *services[] = { "esx", scheme };
	const char *hosts[] = { host, "default" };
	size_t s, h;

	for (h = 0; h < 2; h++)
		for (s = 0; s < 2; s++) {
			char *sect = vc_asprintf("auth-%s-%s", services[s], hosts[h]);
			char *cred = ini_get(text, sect, "credentials");
			free(sect);
			if (cred) {
				char *cs = vc_asprintf("credentials-%s", cred);
				char *v = ini_get(text, cs, key);
				free(cs);
				free(cred);
				return v;
			}
		}
	return NULL;
}

static char *
prompt(const char *user, const char *host)
{
	struct termios old, quiet;
	char line[512];
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	char *r = NULL;
	ssize_t n, got = 0;
	int tty = 0;

	if (fd < 0)
		return NULL;
	/* echo off before the prompt, and nothing typed after it thrown away */
	if (tcgetattr(fd, &old) == 0) {
		tty = 1;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSANOW, &quiet);
	}
	dprintf(fd, "Enter %s's password for %s: ", user, host);
	while (got < (ssize_t)sizeof(line) - 1 && (n = read(fd, line + got, 1)) == 1 && line[got] != '\n')
		got++;
	line[got] = 0;
	if (tty)
		tcsetattr(fd, TCSANOW, &old);
	dprintf(fd, "\n");
	close(fd);
	r = vc_strdup(line);
	memset(line, 0, sizeof(line));
	return r;
}

int
esx_credentials(const struct vc_conn *c, const char *dflt_user, char **user, char **password)
{
	const char *env = getenv("VIRTCORE_ESX_PASSWORD");
	char *path = NULL, *text = auth_file(&path);

	*user = *password = NULL;
	if (!text && vc_errkind_get() != VC_ERR_NONE)
		return -1;
	if (c->user)
		*user = vc_strdup(c->user);
	else if (!text || !(*user = auth_lookup(text, c->scheme, c->host, "authname")))
		*user = vc_strdup(dflt_user);
	if (env)
		*password = vc_strdup(env);
	else if (text)
		*password = auth_lookup(text, c->scheme, c->host, "password");
	if (text) {
		memset(text, 0, strlen(text));
		free(text);
	}
	free(path);
	if (!*password && isatty(0))
		*password = prompt(*user, c->host);
	if (!*password) {
		vc_err("%s: no password for %s: set VIRTCORE_ESX_PASSWORD, add it to an auth file "
		    "(VIRTCORE_AUTH_FILE, ~/.config/virtcore/auth.conf) or run on a terminal", c->uri, *user);
		free(*user);
		*user = NULL;
		return -1;
	}
	return 0;
}
