/* caps.c: what the host's QEMU offers (its machine types), probed once per
 * binary and cached in the driver's state dir, keyed by path, size, mtime */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "driver/qemu/qemu.h"
#include "driver/qemu/argv.h"

/* libvirt's test host (VIRTCORE_CONFORMANCE=1): x86_64 "latest" */
static int
conformance(void)
{
	const char *v = getenv("VIRTCORE_CONFORMANCE");

	return v && strcmp(v, "1") == 0;
}

char *
vc_qemu_caps_emulator(struct vc_conn *c, const struct vc_domain *d)
{
	(void)c;
	if (conformance())
		return vc_strdup("/usr/bin/qemu-system-x86_64");
	/* one that is missing is reported by vdom-start, as QEMU's own errors are */
	return vc_qemu_emulator(d, 0);
}

/* the cache: line 1 "path size mtime", then "name canonical" per machine
 * ("default NAME" for the one QEMU picks without -machine) */
static char *
cache_path(struct vc_conn *c, const char *emu)
{
	struct vc_buf b = { 0 };
	const char *p;

	vc_buf_puts(&b, c->statedir);
	vc_buf_puts(&b, "/caps/");
	for (p = emu; *p; p++)
		vc_buf_putc(&b, *p == '/' ? '_' : *p);
	vc_buf_putc(&b, '\0');
	return b.s;
}

/* "pc   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)" */
static char *
parse_help(const char *out, const char *key)
{
	struct vc_buf b = { 0 };
	const char *l, *e, *a;

	vc_buf_puts(&b, key);
	vc_buf_putc(&b, '\n');
	for (l = out; *l; l = *e ? e + 1 : e) {
		e = strchrnul(l, '\n');
		if (*l == ' ' || strncmp(l, "Supported machines", 18) == 0)
			continue;
		a = strchr(l, ' ');
		if (!a || a > e)
			continue;
		vc_buf_add(&b, l, (size_t)(a - l));
		vc_buf_putc(&b, ' ');
		if ((a = strstr(l, "(alias of ")) && a < e) {
			a += 10;
			vc_buf_add(&b, a, strcspn(a, ")\n"));
		} else {
			vc_buf_add(&b, l, (size_t)(strchr(l, ' ') - l));
		}
		vc_buf_putc(&b, '\n');
		if ((a = strstr(l, "(default)")) && a < e) {
			vc_buf_puts(&b, "default ");
			vc_buf_add(&b, l, (size_t)(strchr(l, ' ') - l));
			vc_buf_putc(&b, '\n');
		}
	}
	vc_buf_putc(&b, '\0');
	return b.s;
}

/* the machine table of this binary, from the cache or a probe */
char *
vc_qemu_caps_machines(struct vc_conn *c, const char *emu)
{
	struct stat st;
	char key[4200], *path, *data, *out = NULL, *dir;
	const char *argv[] = { emu, "-machine", "help", NULL };

	if (stat(emu, &st) < 0)
		return vc_err("emulator %s:", emu), NULL;
	snprintf(key, sizeof(key), "%s %lld %lld.%09ld", emu, (long long)st.st_size,
	         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	path = cache_path(c, emu);
	if ((data = vc_file_read(path, NULL))) {
		size_t kl = strlen(key);

		if (strncmp(data, key, kl) == 0 && data[kl] == '\n') {
			free(path);
			return data;
		}
		free(data);
	}
	vc_progress_begin("%s: probing its machine types", emu);
	if (vc_exec_ok(argv, &out) < 0) {
		vc_progress_end();
		free(path);
		return NULL;
	}
	vc_progress_end();
	data = parse_help(out, key);
	free(out);
	if (!vc_dry_run()) {
		/* a cache that cannot be written costs a probe next time, no more */
		dir = vc_asprintf("%s/caps", c->statedir);
		if (vc_mkdir_p(dir, 0755) == 0)
			(void)vc_file_replace(path, data, strlen(data), 0644);
		free(dir);
		vc_err_clear();
	}
	free(path);
	return data;
}

/* the second word of tab's line whose first is name, or NULL */
static char *
lookup(const char *tab, const char *name)
{
	const char *l, *e;
	size_t n = strlen(name);

	for (l = strchr(tab, '\n'); l && *++l; l = e) {
		if (!(e = strchr(l, '\n')))
			break;
		if (strncmp(l, name, n) == 0 && l[n] == ' ')
			return vc_strndup(l + n + 1, (size_t)(e - l - n - 1));
	}
	return NULL;
}

/* the canonical name of *machine (the default one when NULL), as the
 * host's QEMU expands an alias: pc -> pc-i440fx-7.2 */
int
vc_qemu_caps_machine(struct vc_conn *c, const char *emu, char **machine)
{
	char *tab, *m, *full;

	if (conformance()) {
		/* libvirt's test data keeps aliases as written */
		if (!*machine)
			*machine = vc_strdup("pc-i440fx-10.0");
		return 0;
	}
	if (!(tab = vc_qemu_caps_machines(c, emu))) {
		/* no QEMU to ask: the machine stays as written, start tells */
		vc_err_clear();
		return 0;
	}
	m = *machine ? vc_strdup(*machine) : lookup(tab, "default");
	if (m && (full = lookup(tab, m))) {
		free(m);
		m = full;
	}
	free(tab);
	if (m) {
		free(*machine);
		*machine = m;
	}
	return 0;
}

/* the vendor a model's name or description says (libvirt's cpu map
 * names the same ones) */
static const char *
cpu_vendor(const char *name, const char *desc, size_t dl)
{
	static const char *const intel[] = { "Conroe", "Penryn", "Nehalem", "Westmere",
	    "SandyBridge", "IvyBridge", "Haswell", "Broadwell", "Skylake", "Cascadelake",
	    "Cooperlake", "Icelake", "Snowridge", "SapphireRapids", "GraniteRapids",
	    "SierraForest", "Denverton", "KnightsMill", "core2duo", "coreduo", "n270", NULL };
	static const char *const amd[] = { "Opteron", "EPYC", "phenom", "athlon", NULL };
	const char *const *p;

	for (p = intel; *p; p++)
		if (strncmp(name, *p, strlen(*p)) == 0)
			return "Intel";
	for (p = amd; *p; p++)
		if (strncmp(name, *p, strlen(*p)) == 0)
			return "AMD";
	if (strncmp(name, "Dhyana", 6) == 0)
		return "Hygon";
	if (memmem(desc, dl, "Intel", 5))
		return "Intel";
	if (memmem(desc, dl, "AMD", 3))
		return "AMD";
	return "unknown";
}

/* "x86 NAME   description" lines of -cpu help, up to the first blank
 * line, as "NAME VENDOR CANONICAL" lines ("-": not an alias); QEMU's
 * own base, host and max are not models */
static void
parse_cpus(struct vc_buf *b, const char *out)
{
	const char *l, *e, *w, *d, *a;
	size_t wl;
	char name[128];

	for (l = strchr(out, '\n'); l && *++l && *l != '\n'; l = e) {
		e = strchrnul(l, '\n');
		if (!(w = memchr(l, ' ', (size_t)(e - l))))
			continue;
		w += strspn(w, " ");
		wl = strcspn(w, " \n");
		if (wl == 0 || wl >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)wl, w);
		if (strcmp(name, "base") == 0 || strcmp(name, "host") == 0 ||
		    strcmp(name, "max") == 0)
			continue;
		d = w + wl;
		d += strspn(d, " ");
		if ((a = memmem(d, (size_t)(e - d), "(alias of ", 10)))
			vc_buf_printf(b, "%s %s %.*s\n", name, cpu_vendor(name, "", 0),
			    (int)strcspn(a + 10, ")\n"), a + 10);
		else
			vc_buf_printf(b, "%s %s -\n", name, cpu_vendor(name, d, (size_t)(e - d)));
		if (!*e)
			break;
	}
}

/* the CPU models of this binary (-cpu help), cached beside the machine
 * table: "NAME VENDOR CANONICAL" strings, NULL-terminated; NULL when
 * QEMU cannot be asked */
char **
vc_qemu_caps_cpus(struct vc_conn *c, const char *emu)
{
	const char *argv[] = { emu, "-cpu", "help", NULL };
	char key[4200], *path, *base, *data = NULL, *out = NULL, *dir, **v, *l, *e;
	struct stat st;
	struct vc_buf b = { 0 };
	size_t n = 0, kl;

	if (conformance() || stat(emu, &st) < 0)
		return NULL;
	snprintf(key, sizeof(key), "%s %lld %lld.%09ld", emu, (long long)st.st_size,
	         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	kl = strlen(key);
	base = cache_path(c, emu);
	path = vc_asprintf("%s.cpus", base);
	free(base);
	if ((data = vc_file_read(path, NULL)) && !(strncmp(data, key, kl) == 0 && data[kl] == '\n')) {
		free(data);
		data = NULL;
	}
	vc_err_clear();
	if (!data) {
		if (vc_exec_ok(argv, &out) < 0) {
			vc_err_clear();
			free(path);
			return NULL;
		}
		vc_buf_printf(&b, "%s\n", key);
		parse_cpus(&b, out);
		vc_buf_putc(&b, '\0');
		data = b.s;
		free(out);
		if (!vc_dry_run()) {
			dir = vc_asprintf("%s/caps", c->statedir);
			if (vc_mkdir_p(dir, 0755) == 0)
				(void)vc_file_replace(path, data, strlen(data), 0644);
			free(dir);
			vc_err_clear();
		}
	}
	free(path);
	v = vc_calloc(1, sizeof(*v));
	for (l = strchr(data, '\n'); l && *++l; l = e) {
		if (!(e = strchr(l, '\n')))
			break;
		VC_GROW(v, n + 1);
		v[n++] = vc_strndup(l, (size_t)(e - l));
		v[n] = NULL;
	}
	free(data);
	return v;
}
