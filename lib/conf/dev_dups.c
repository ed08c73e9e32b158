/* dev_dups.c: what one guest may not have twice: two disks on one target
 * (libvirt refuses it) */
#include <stdlib.h>
#include <string.h>
#include "../conf.h"
#include "devs_storage.h"

static int
target_cmp(const void *a, const void *b)
{
	return strcmp((*(struct vc_disk *const *)a)->target_dev,
	    (*(struct vc_disk *const *)b)->target_dev);
}

/* the k-th <name> under <devices>, for the message; the document order
 * is the order the parser appended them in */
static xmlNodePtr
nth_dev(xmlNodePtr root, const char *name, size_t k)
{
	xmlNodePtr c, devs = NULL;

	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "devices") == 0)
			devs = c;
	for (c = devs ? devs->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0 && !k--)
			return c;
	return devs ? devs : root;
}

int
vc_domain_check_dups(struct vc_x *x, xmlNodePtr root, const struct vc_domain *d)
{
	size_t n = d->ndev[VC_DEV_DISK], i;

	/* sorted, not pairwise: a guest of 100,000 disks costs n log n */
	if ((i = vc_first_dup(d->dev[VC_DEV_DISK], n, sizeof(void *), target_cmp)) < n)
		return vc_x_err(x, nth_dev(root, "disk", i), "target '%s' is used by two disks",
		    ((struct vc_disk *)d->dev[VC_DEV_DISK][i])->target_dev);
	/* two interfaces with one MAC are accepted, as libvirt does: its own
	 * test data has them (a virtio failover pair shares one) */
	return 0;
}
