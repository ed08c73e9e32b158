/* dev_smartcard.c: <smartcard>: the host's reader, three certificates of
 * an NSS database, or a character device carrying the card's traffic */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"
#include "conf/devs_storage.h"

const char *const vc_smartcard_mode_names[] = {
	"", "host", "host-certificates", "passthrough", NULL,
};

void *
vc_dev_smartcard_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_smartcard *s = vc_calloc(1, sizeof(*s));
	xmlNodePtr c;
	char *db;
	int r, i = 0;

	if ((r = vc_x_enum(x, n, "mode", vc_smartcard_mode_names, &s->mode)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'mode'");
		goto bad;
	}
	switch (s->mode) {
	case VC_SMARTCARD_HOST_CERTIFICATES:
		if (vc_x_count(n, "certificate") != VC_SMARTCARD_NCERTS) {
			vc_x_err(x, n, "host-certificates mode needs exactly %d certificates",
			    VC_SMARTCARD_NCERTS);
			goto bad;
		}
		for (c = vc_x_child(x, n, "certificate"); c; c = vc_x_next(c, "certificate")) {
			s->certs[i] = vc_x_text(c);
			/* a name in the database, or a file by its absolute path */
			if (!*s->certs[i] || (s->certs[i][0] != '/' && strchr(s->certs[i], '/'))) {
				vc_x_err(x, c, "invalid certificate name '%s'", s->certs[i]);
				goto bad;
			}
			i++;
		}
		if ((db = vc_x_child_text(x, n, "database")) && !*db) {
			free(db);
			db = NULL;
		}
		s->database = db;
		if (db && db[0] != '/') {
			vc_x_err(x, n, "database '%s' is not an absolute path", db);
			goto bad;
		}
		break;
	case VC_SMARTCARD_PASSTHROUGH:
		if ((r = vc_x_enum(x, n, "type", vc_chr_type_names, &s->src.type)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, n, "passthrough mode needs a character device type attribute");
			goto bad;
		}
		if (vc_chr_source_parse(x, n, &s->src, 0) < 0)
			goto bad;
		break;
	}
	if (vc_devinfo_parse(x, n, &s->info) < 0)
		goto bad;
	if (s->info.addr.type != VC_ADDR_NONE && s->info.addr.type != VC_ADDR_CCID) {
		vc_x_err(x, n, "a smartcard needs a 'ccid' address, not '%s'",
		    vc_addr_type_names[s->info.addr.type]);
		goto bad;
	}
	if (s->info.addr.controller > 0x7fffffff) {
		vc_x_err(x, n, "ccid controller %u is out of range", s->info.addr.controller);
		goto bad;
	}
	return s;
bad:
	vc_dev_smartcard_free(s);
	return NULL;
}

void
vc_dev_smartcard_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_smartcard *s = dev;
	struct vc_buf kids = { 0 };
	char *p;
	int i;

	/* the children first, on their own: a passthrough source may print
	 * nothing (pty, spicevmc), and then the element is empty */
	if (s->mode == VC_SMARTCARD_HOST_CERTIFICATES) {
		for (i = 0; i < VC_SMARTCARD_NCERTS; i++)
			vc_f_text_elem(&kids, lvl + 1, "certificate", s->certs[i]);
		vc_f_text_elem(&kids, lvl + 1, "database", s->database);
	} else if (s->mode == VC_SMARTCARD_PASSTHROUGH) {
		vc_chr_source_format(&kids, lvl + 1, &s->src);
	}
	vc_devinfo_format(&kids, lvl + 1, &s->info);
	p = vc_buf_take(&kids);

	vc_f_open(b, lvl, "smartcard");
	vc_f_attr_enum(b, "mode", vc_smartcard_mode_names, s->mode);
	if (s->mode == VC_SMARTCARD_PASSTHROUGH)
		vc_f_attr_enum(b, "type", vc_chr_type_names, s->src.type);
	if (!p || !*p) {
		vc_f_close_empty(b);
	} else {
		vc_f_close_open(b);
		vc_buf_puts(b, p);
		vc_f_end(b, lvl, "smartcard");
	}
	free(p);
}

void
vc_dev_smartcard_free(void *dev)
{
	struct vc_dev_smartcard *s = dev;
	int i;

	if (!s)
		return;
	for (i = 0; i < VC_SMARTCARD_NCERTS; i++)
		free(s->certs[i]);
	free(s->database);
	vc_chr_source_clear(&s->src);
	vc_devinfo_clear(&s->info);
	free(s);
}

/* add <controller type='ccid' index='idx'/> unless there is one: as
 * libvirt keeps them, controllers of a type together, sorted by index */
static void
ccid_controller(struct vc_domain *d, unsigned idx)
{
	void ***arr = &d->dev[VC_DEV_CONTROLLER];
	size_t *n = &d->ndev[VC_DEV_CONTROLLER], i, at = *n;
	struct vc_controller *c;

	for (i = 0; i < *n; i++) {
		const struct vc_controller *k = (*arr)[i];

		if (k->type != VC_CTRL_CCID)
			continue;
		if (k->index == (int)idx)
			return;
		if (k->index > (int)idx) {
			at = i;
			break;
		}
		at = i + 1;
	}
	c = vc_calloc(1, sizeof(*c));
	c->type = VC_CTRL_CCID;
	c->index = (int)idx;
	VC_GROW(*arr, *n);
	memmove(&(*arr)[at + 1], &(*arr)[at], (*n - at) * sizeof(**arr));
	(*arr)[at] = c;
	(*n)++;
}

void
vc_devs_smartcard_postparse(struct vc_domain *d)
{
	size_t i, j;

	for (i = 0; i < d->ndev[VC_DEV_SMARTCARD]; i++) {
		struct vc_dev_smartcard *s = d->dev[VC_DEV_SMARTCARD][i];
		struct vc_addr *a = &s->info.addr;
		long max = -1;

		if (a->type == VC_ADDR_NONE) {
			/* the next slot of controller 0 */
			for (j = 0; j < d->ndev[VC_DEV_SMARTCARD]; j++) {
				const struct vc_addr *o =
				    &((struct vc_dev_smartcard *)d->dev[VC_DEV_SMARTCARD][j])->info.addr;

				if (o->type == VC_ADDR_CCID && o->controller == 0 &&
				    (long)o->slot > max)
					max = (long)o->slot;
			}
			memset(a, 0, sizeof(*a));
			a->type = VC_ADDR_CCID;
			a->slot = (unsigned)(max + 1);
			a->has_controller = a->has_slot = 1;
		}
		ccid_controller(d, a->controller);
	}
}
