/* test.c: the embedded test driver: a simulated host whose guests are
 * records in a state directory, so separate tool runs see each other */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../driver.h"
#include "driver/hostdev/hostdev.h"
#include "../../conf/dev_net.h"
#include "../../conf/devs_storage.h"
#include "../../conf/devs_misc.h"
#include <stdio.h>

static unsigned long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static void
stop_clock(struct vc_live *l)
{
	unsigned long long now = now_ms();

	if (l->state == VC_STATE_RUNNING && l->start_ms && now > l->start_ms)
		l->cpu_ms += now - l->start_ms;
	l->start_ms = 0;
}

static int
t_start(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	int id = vc_store_next_id(c, def->name);

	if (id < 0)
		return -1;
	l->state = VC_STATE_RUNNING;
	l->id = id;
	l->pid = 0;
	l->start_ms = now_ms();
	l->cpu_ms = 0;
	def->id = id;
	/* host devices first: a guest that cannot have them does not start */
	if (vc_hostdev_prepare_domain(c, def) < 0)
		return -1;
	vc_killpoint("prepared");
	if (vc_store_save_live(c, def, l) < 0) {
		char *msg = vc_strdup(vc_errmsg());
		vc_hostdev_release_domain(c, def->name);
		vc_err("%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int
t_stop(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	int r;

	(void)l;
	/* the guest is gone, then its devices go back to the host: a run
	 * killed in between leaves records of a guest that is not running,
	 * which the next run gives back; a device that could not be given
	 * back stays in the registry for the next run */
	if (vc_store_remove_live(c, def->name) < 0)
		return -1;
	vc_killpoint("stopped");
	r = vc_hostdev_release_domain(c, def->name);
	return r;
}

static int
t_shutdown(struct vc_conn *c, struct vc_domain *def, struct vc_live *l, int timeout)
{
	(void)timeout;
	/* a simulated guest always honours the ACPI request */
	return t_stop(c, def, l);
}

static int
t_reboot(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	stop_clock(l);
	l->state = VC_STATE_RUNNING;
	l->start_ms = now_ms();
	return vc_store_save_live(c, def, l);
}

static int
t_suspend(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	stop_clock(l);
	l->state = VC_STATE_PAUSED;
	return vc_store_save_live(c, def, l);
}

static int
t_resume(struct vc_conn *c, struct vc_domain *def, struct vc_live *l)
{
	l->state = VC_STATE_RUNNING;
	l->start_ms = now_ms();
	return vc_store_save_live(c, def, l);
}

static int
t_check(struct vc_conn *c, const struct vc_domain *def)
{
	/* the test host accepts every guest type, so any XML can be checked */
	(void)c;
	(void)def;
	return 0;
}

/* libvirt's generic video defaults (one head, the model's video RAM),
 * which its drivers fill in when they have none of their own */
static int
t_postparse(struct vc_conn *c, struct vc_domain *d, const struct vc_domain *old)
{
	size_t i;

	(void)c;
	(void)old;
	for (i = 0; i < d->ndev[VC_DEV_VIDEO]; i++) {
		struct vc_dev_video *v = d->dev[VC_DEV_VIDEO][i];
		int vgamem = v->has_vgamem;

		vc_dev_video_qemu_defaults(v);
		/* QEMU's own: qxl's VGA memory */
		if (!vgamem)
			v->has_vgamem = v->vgamem = 0;
	}
	return 0;
}

static int t_attach(struct vc_conn *, struct vc_domain *, struct vc_live *, int, void *);
static int t_detach(struct vc_conn *, struct vc_domain *, struct vc_live *, int, void *);

const struct vc_driver vc_test_driver = {
	.name = "test",
	.start = t_start,
	.shutdown = t_shutdown,
	.destroy = t_stop,
	.reboot = t_reboot,
	.reset = t_reboot,
	.suspend = t_suspend,
	.resume = t_resume,
	.check = t_check,
	.postparse = t_postparse,
	.attach = t_attach,
	.detach = t_detach,
	.guest = &vc_test_guest_ops,
};

/* live attach on the simulated host: a host device is claimed through
 * the hostdev manager as a real start would; everything else just
 * appears in the live config (the caller saves it) */
static int
t_attach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	(void)l;
	if (kind == VC_DEV_INTERFACE && ((struct vc_iface *)dev)->type == VC_IFACE_HOSTDEV)
		return vc_hostdev_prepare_iface(c, live->name, dev);
	if (kind == VC_DEV_HOSTDEV)
		return vc_hostdev_prepare_hostdev(c, live->name, dev);
	return 0;
}

static int
t_detach(struct vc_conn *c, struct vc_domain *live, struct vc_live *l, int kind, void *dev)
{
	struct vc_hostdev *h = dev;
	char key[32];

	(void)l;
	if (kind == VC_DEV_INTERFACE && ((struct vc_iface *)dev)->type == VC_IFACE_HOSTDEV) {
		if (vc_hostdev_iface_key(dev, key) < 0)
			return -1;
	} else if (kind == VC_DEV_HOSTDEV && h->type == VC_HOSTDEV_PCI) {
		snprintf(key, sizeof(key), "%04x:%02x:%02x.%x", h->pci_domain, h->pci_bus,
		    h->pci_slot, h->pci_function);
	} else if (kind == VC_DEV_HOSTDEV && h->type == VC_HOSTDEV_USB) {
		if (h->has_usb_address)
			snprintf(key, sizeof(key), "usb-%03u-%03u", h->usb_bus, h->usb_device);
		else
			snprintf(key, sizeof(key), "usb-%04x:%04x", h->usb_vendor, h->usb_product);
	} else {
		return 0;
	}
	return vc_hostdev_release_dev(c, live->name, key) < 0 ? -1 : 0;
}
