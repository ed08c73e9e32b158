/* driver.c: VMware Workstation, Player and Fusion (vmwarews:///session,
 * vmwareplayer:///session, vmwarefusion:///session). Each guest is a .vmx
 * file, CONFDIR/NAME.vmx, as libvirt's vmware driver keeps them; what runs
 * is asked of VMware's own vmrun (-T ws|player|fusion): start, stop soft or
 * hard, reset, pause, unpause, list. vmrun cannot tell a paused guest from
 * a running one, so a pause is remembered in RUNDIR/NAME.paused. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "vmware.h"

static const char *
product(const struct vc_conn *c)
{
	if (strcmp(c->drv->name, "vmwareplayer") == 0)
		return "player";
	if (strcmp(c->drv->name, "vmwarefusion") == 0)
		return "fusion";
	return "ws";
}

/* vmrun -T PRODUCT SUB [PATH [ARG]]; *out its stdout when asked.
 * vmrun says what went wrong on stdout ("Error: ..."), so does the error */
static int
vmrun(struct vc_conn *c, const char *name, const char *sub, const char *path,
      const char *extra, char **out)
{
	const char *argv[8];
	char *o = NULL, *e = NULL, *msg = NULL;
	size_t ol = 0;
	int n = 0, st;

	argv[n++] = "vmrun";
	argv[n++] = "-T";
	argv[n++] = product(c);
	argv[n++] = sub;
	if (path)
		argv[n++] = path;
	if (extra)
		argv[n++] = extra;
	argv[n] = NULL;
	st = vc_exec(argv, NULL, 0, &o, &ol, &e);
	if (st < 0) {
		free(o);
		free(e);
		return -1;
	}
	if (st != 0) {
		const char *src = o && strstr(o, "Error") ? strstr(o, "Error") : e && *e ? e : o;
		size_t l = src ? strcspn(src, "\n") : 0;

		msg = l ? vc_strndup(src, l) : vc_asprintf("exit %d", st);
		vc_err("%s: vmrun %s: %s", name ? name : c->uri, sub, msg);
		free(msg);
		free(o);
		free(e);
		return -1;
	}
	if (out)
		*out = o ? o : vc_strdup("");
	else
		free(o);
	free(e);
	return 0;
}

/* the .vmx paths vmrun lists as running */
struct running {
	char **path;
	size_t n;
};

static void
running_free(struct running *r)
{
	vc_strv_free(r->path, r->n);
	r->path = NULL;
	r->n = 0;
}

static int
get_running(struct vc_conn *c, struct running *r)
{
	char *out, *p, *nl;

	memset(r, 0, sizeof(*r));
	/* a question, not a change: asked even under --dry-run, so that the
	 * commands printed are the ones the guest's state calls for */
	if (vc_dry_run()) {
		char *v = vc_strdup(getenv("VIRTCORE_DRY_RUN"));
		int rc;

		unsetenv("VIRTCORE_DRY_RUN");
		rc = vmrun(c, NULL, "list", NULL, NULL, &out);
		setenv("VIRTCORE_DRY_RUN", v, 1);
		free(v);
		if (rc < 0)
			return -1;
	} else if (vmrun(c, NULL, "list", NULL, NULL, &out) < 0) {
		return -1;
	}
	for (p = out; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		if (*p == '/')
			VC_APPEND(r->path, r->n, vc_strdup(p));
		if (!nl)
			break;
	}
	free(out);
	return 0;
}

static int
running_index(const struct running *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->path[i], path) == 0)
			return (int)i;
	return -1;
}

static char *
vmx_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/%s.vmx", c->confdir, name);
}

static char *
paused_path(struct vc_conn *c, const char *name)
{
	return vc_asprintf("%s/%s.paused", c->rundir, name);
}

static int
is_paused(struct vc_conn *c, const char *name)
{
	char *p = paused_path(c, name);
	int r = access(p, F_OK) == 0;

	free(p);
	return r;
}

static void
set_paused(struct vc_conn *c, const char *name, int on)
{
	char *p;

	if (vc_dry_run())
		return;
	p = paused_path(c, name);
	if (on) {
		if (vc_mkdir_p(c->rundir, 0700) == 0)
			vc_file_write_atomic(p, "paused\n", 7, 0600);
	} else {
		unlink(p);
	}
	free(p);
}

/* a guest's config read from its .vmx file */
static struct vc_domain *
load(struct vc_conn *c, const char *path)
{
	struct vmx_paths p = {c->confdir};
	struct vc_domain *d;
	size_t len;
	char *text = vc_file_read(path, &len);

	if (!text)
		return NULL;
	d = vc_vmx_to_domain(text, len, path, &p, 0);
	free(text);
	return d;
}

static int
is_vmx(const char *n)
{
	size_t l = strlen(n);

	return l > 4 && strcmp(n + l - 4, ".vmx") == 0 && n[0] != '.';
}

/* the guest a name or uuid names: its file's base name and config;
 * 1 found, 0 not (error set), -1 error */
static int
lookup(struct vc_conn *c, const char *key, char **name, struct vc_domain **d)
{
	unsigned char u[16];
	char *path;
	DIR *dir;
	struct dirent *de;
	int byuuid = vc_uuid_parse(key, u) == 0;

	vc_err_clear();
	*name = NULL;
	*d = NULL;
	if (!byuuid && !strchr(key, '/') && key[0] != '.') {
		path = vmx_path(c, key);
		if (access(path, F_OK) == 0) {
			*d = load(c, path);
			free(path);
			if (!*d)
				return -1;
			*name = vc_strdup(key);
			return 1;
		}
		free(path);
	}
	if (byuuid && (dir = opendir(c->confdir))) {
		while ((de = readdir(dir))) {
			struct vc_domain *x;

			if (!is_vmx(de->d_name))
				continue;
			path = vc_asprintf("%s/%s", c->confdir, de->d_name);
			x = load(c, path);
			free(path);
			if (!x) {
				vc_err_clear();
				continue;
			}
			if (memcmp(x->uuid, u, 16) == 0) {
				*name = vc_strndup(de->d_name, strlen(de->d_name) - 4);
				*d = x;
				closedir(dir);
				return 1;
			}
			vc_domain_free(x);
		}
		closedir(dir);
	}
	vc_err("%s: no such domain", key);
	return 0;
}

/* 1 running (*paused set), 0 not, -1 error */
static int
state_of(struct vc_conn *c, const char *name, int *paused, int *id)
{
	struct running r;
	char *path = vmx_path(c, name);
	int i;

	*paused = 0;
	if (id)
		*id = -1;
	if (get_running(c, &r) < 0) {
		free(path);
		return -1;
	}
	i = running_index(&r, path);
	running_free(&r);
	free(path);
	if (i < 0) {
		set_paused(c, name, 0);
		return 0;
	}
	if (id)
		*id = i + 1;
	*paused = is_paused(c, name);
	return 1;
}

static int
vmw_define(struct vc_conn *c, struct vc_domain *d, const struct vc_define_opts *o)
{
	struct vmx_paths p = {c->confdir};
	char *path = NULL, *text = NULL, *old = NULL, *oldname = NULL;
	struct vc_domain *od = NULL;
	size_t ol = 0;
	int r = -1;

	if (d->type != VC_VIRT_VMWARE)
		return vc_err("%s: domain type '%s': the %s driver runs type 'vmware'", d->name,
		    vc_virt_type_names[d->type], c->drv->name);
	if (!d->name || strchr(d->name, '/') || d->name[0] == '.')
		return vc_err("%s: not a name a .vmx file can have", d->name ? d->name : "(none)");
	path = vmx_path(c, d->name);
	if (access(path, F_OK) == 0) {
		if (!(od = load(c, path)))
			goto out;
		if (d->has_uuid && memcmp(od->uuid, d->uuid, 16) != 0) {
			char u[37];
			vc_uuid_format(od->uuid, u);
			vc_err("%s: already defined with uuid %s", d->name, u);
			goto out;
		}
		memcpy(d->uuid, od->uuid, 16);
		d->has_uuid = 1;
		old = vc_file_read(path, &ol);
	} else {
		if (d->has_uuid) {
			char u[37];
			struct vc_domain *x;

			vc_uuid_format(d->uuid, u);
			if (lookup(c, u, &oldname, &x) > 0) {
				vc_err("%s: uuid %s is guest '%s''s", d->name, u, oldname);
				vc_domain_free(x);
				free(oldname);
				goto out;
			}
			vc_err_clear();
		} else {
			vc_uuid_generate(d->uuid);
			d->has_uuid = 1;
		}
	}
	if (!(text = vc_vmx_from_domain(d, &p, 0)))
		goto out;
	if (o->diff)
		*o->diff = vc_diff(old ? old : "", text, old ? path : "/dev/null", path);
	if (old && strcmp(old, text) == 0) {
		r = 0;
		goto out;
	}
	if (o->check) {
		r = 1;
		goto out;
	}
	if (vc_dry_run()) {
		fputs(text, stdout);    /* the file define would write */
		r = 1;
		goto out;
	}
	if (vc_mkdir_p(c->confdir, 0700) < 0 ||
	    vc_file_write_atomic(path, text, strlen(text), 0600) < 0)
		goto out;
	r = 1;
out:
	free(path);
	free(text);
	free(old);
	if (od)
		vc_domain_free(od);
	return r;
}

static int
vmw_undefine(struct vc_conn *c, const char *key, int if_exists, int check)
{
	struct vc_domain *d;
	char *name, *path;
	int on, paused, r;

	if ((r = lookup(c, key, &name, &d)) <= 0) {
		if (r == 0 && if_exists) {
			vc_err_clear();
			return 0;
		}
		return -1;
	}
	vc_domain_free(d);
	if ((on = state_of(c, name, &paused, NULL)) != 0) {
		if (on > 0)
			vc_err("%s: domain is running; destroy it first", name);
		free(name);
		return -1;
	}
	if (check) {
		free(name);
		return 1;
	}
	path = vmx_path(c, name);
	if (vc_dry_run())
		printf("rm %s\n", path);
	else if (unlink(path) < 0 && errno != ENOENT) {
		vc_err("%s: %s", path, strerror(errno));
		free(path);
		free(name);
		return -1;
	}
	free(path);
	free(name);
	return 1;
}

static int
vmw_op(struct vc_conn *c, const char *key, int op, int check, int timeout)
{
	struct vc_domain *d;
	char *name, *path;
	int on, paused, r = -1;

	(void)timeout;
	if (lookup(c, key, &name, &d) <= 0)
		return -1;
	vc_domain_free(d);
	path = vmx_path(c, name);
	if ((on = state_of(c, name, &paused, NULL)) < 0)
		goto out;
	switch (op) {
	case VC_OP_START:
		if (on)
			r = 0;
		else if (check)
			r = 1;
		else if (vmrun(c, name, "start", path, "nogui", NULL) == 0) {
			set_paused(c, name, 0);
			r = 1;
		}
		break;
	case VC_OP_SHUTDOWN:
	case VC_OP_DESTROY:
		if (!on)
			r = 0;
		else if (check)
			r = 1;
		else if (vmrun(c, name, "stop", path, op == VC_OP_SHUTDOWN ? "soft" : "hard", NULL) == 0) {
			set_paused(c, name, 0);
			r = 1;
		}
		break;
	case VC_OP_REBOOT:
	case VC_OP_RESET:
		if (!on)
			vc_err("%s: domain is not running", name);
		else if (check)
			r = 1;
		else if (vmrun(c, name, "reset", path, op == VC_OP_REBOOT ? "soft" : "hard", NULL) == 0)
			r = 1;
		break;
	case VC_OP_SUSPEND:
	case VC_OP_RESUME:
		if (!on)
			vc_err("%s: domain is not running", name);
		else if ((op == VC_OP_SUSPEND) == paused)
			r = 0;
		else if (check)
			r = 1;
		else if (vmrun(c, name, op == VC_OP_SUSPEND ? "pause" : "unpause", path, NULL, NULL) == 0) {
			set_paused(c, name, op == VC_OP_SUSPEND);
			r = 1;
		}
		break;
	default:
		vc_err("%s: operation unsupported by the %s driver", name, c->drv->name);
	}
out:
	free(path);
	free(name);
	return r;
}

static char *
vmw_xml(struct vc_conn *c, const char *key, int inactive)
{
	struct vc_domain *d;
	char *name, *s;
	int paused, id = -1;

	if (lookup(c, key, &name, &d) <= 0)
		return NULL;
	if (!inactive && state_of(c, name, &paused, &id) < 0) {
		free(name);
		vc_domain_free(d);
		return NULL;
	}
	d->id = id;
	s = vc_domain_format(d, id > 0);
	free(name);
	vc_domain_free(d);
	return s;
}

static void
fill(struct vc_dominfo *i, const char *name, const struct vc_domain *d, const struct running *r,
     struct vc_conn *c)
{
	char *path = vmx_path(c, name);
	int idx = running_index(r, path);

	free(path);
	memset(i, 0, sizeof(*i));
	i->name = vc_strdup(d->name ? d->name : name);
	memcpy(i->uuid, d->uuid, 16);
	i->type = vc_strdup("vmware");
	i->id = idx >= 0 ? idx + 1 : -1;
	i->state = idx < 0 ? VC_STATE_SHUTOFF : is_paused(c, name) ? VC_STATE_PAUSED : VC_STATE_RUNNING;
	i->persistent = 1;
	i->max_kib = d->memory;
	i->cur_kib = d->has_current_memory ? d->current_memory : d->memory;
	i->vcpus = d->vcpus;
}

static int
vmw_info(struct vc_conn *c, const char *key, struct vc_dominfo *i)
{
	struct vc_domain *d;
	struct running r;
	char *name;

	memset(i, 0, sizeof(*i));
	if (lookup(c, key, &name, &d) <= 0)
		return -1;
	if (get_running(c, &r) < 0) {
		free(name);
		vc_domain_free(d);
		return -1;
	}
	fill(i, name, d, &r, c);
	running_free(&r);
	free(name);
	vc_domain_free(d);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct vc_dominfo *)a)->name, ((const struct vc_dominfo *)b)->name);
}

static int
vmw_list(struct vc_conn *c, int which, struct vc_dominfo **out, size_t *n)
{
	struct running r;
	DIR *dir;
	struct dirent *de;

	*out = NULL;
	*n = 0;
	if (get_running(c, &r) < 0)
		return -1;
	if (!(dir = opendir(c->confdir))) {
		running_free(&r);
		return 0;
	}
	while ((de = readdir(dir))) {
		struct vc_domain *d;
		struct vc_dominfo i;
		char *path, *name;

		if (!is_vmx(de->d_name))
			continue;
		path = vc_asprintf("%s/%s", c->confdir, de->d_name);
		d = load(c, path);
		free(path);
		if (!d) {
			/* a file VMware left that is not a guest of ours: skipped, said */
			fprintf(stderr, "%s\n", vc_errmsg());
			vc_err_clear();
			continue;
		}
		name = vc_strndup(de->d_name, strlen(de->d_name) - 4);
		fill(&i, name, d, &r, c);
		free(name);
		vc_domain_free(d);
		if ((i.id > 0 && (which & VC_LIST_ACTIVE)) || (i.id < 0 && (which & VC_LIST_INACTIVE))) {
			*out = vc_realloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = i;
		} else {
			vc_dominfo_clear(&i);
		}
	}
	closedir(dir);
	running_free(&r);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_name);
	return 0;
}

static int
vmw_open(struct vc_conn *c)
{
	if (strcmp(c->path, "/session") != 0)
		return vc_err_kind(VC_ERR_USAGE, "%s: the %s driver's URI is %s:///session", c->uri,
		    c->drv->name, c->drv->name);
	return 0;
}

static const struct vc_inventory vmw_inv = {
	.define = vmw_define,
	.undefine = vmw_undefine,
	.xml = vmw_xml,
	.info = vmw_info,
	.list = vmw_list,
	.op = vmw_op,
};

const struct vc_driver vc_vmwarews_driver = {
	.name = "vmwarews",
	.inv = &vmw_inv,
	.open = vmw_open,
};
const struct vc_driver vc_vmwareplayer_driver = {
	.name = "vmwareplayer",
	.inv = &vmw_inv,
	.open = vmw_open,
};
const struct vc_driver vc_vmwarefusion_driver = {
	.name = "vmwarefusion",
	.inv = &vmw_inv,
	.open = vmw_open,
};
