/* hostdev.c: the hostdev manager: a locked registry of held devices, prepare and give back */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_link.h>

#include "host.h"
#include "driver.h"
#include "conf/dev_net.h"
#include "conf/devs_storage.h"
#include "driver/hostdev/hostdev.h"
#include "host/netdev.h"
#include "host/detach.h"
#include "driver/pool.h"

#define VFIO "vfio-pci"
#define RETRIES 8          /* tries when the kernel says EAGAIN/EBUSY */

/* one manager call: the registry directory, its lock, netlink on demand */
struct hd {
	struct vc_conn *c;
	char *dir;
	int lock;
	struct vc_nl *nl;
	/* the guest's uuid, when the caller knows it: 802.1Qbh names the
	 * guest by it */
	unsigned char uuid[16];
	int has_uuid;
	/* key and owner of every record, read once by reconcile and kept up
	 * to date by rec_write and rec_remove (all under the lock): a call
	 * need not read the whole registry again to find a guest's devices */
	int indexed;
	char **ikey, **iowner;
	size_t ni;
};

static void
index_set(struct hd *h, const char *key, const char *owner)
{
	size_t i;

	if (!h->indexed)
		return;
	for (i = 0; i < h->ni; i++)
		if (strcmp(h->ikey[i], key) == 0) {
			free(h->iowner[i]);
			h->iowner[i] = vc_strdup(owner);
			return;
		}
	VC_GROW(h->ikey, h->ni);
	VC_GROW(h->iowner, h->ni);
	h->ikey[h->ni] = vc_strdup(key);
	h->iowner[h->ni++] = vc_strdup(owner);
}

static void
index_drop(struct hd *h, const char *key)
{
	size_t i;

	for (i = 0; h->indexed && i < h->ni; i++)
		if (strcmp(h->ikey[i], key) == 0) {
			free(h->ikey[i]);
			free(h->iowner[i]);
			memmove(h->ikey + i, h->ikey + i + 1, (h->ni - i - 1) * sizeof(*h->ikey));
			memmove(h->iowner + i, h->iowner + i + 1, (h->ni - i - 1) * sizeof(*h->iowner));
			h->ni--;
			return;
		}
}

/* Test only (see vc_killpoint): steps of a prepare: claim config port
 * unbind override probe; of a give back: restore-driver disassociate
 * restore-config */

/* after a failed try: 1 when the error was temporary and we may try again */
static int
again(int *try)
{
	struct timespec ts = {0, 0};

	if (vc_errkind_get() != VC_ERR_TEMP || ++*try >= RETRIES)
		return 0;
	ts.tv_nsec = 10000000L * *try;          /* 10 ms, 20 ms, ... */
	nanosleep(&ts, NULL);
	vc_err_clear();
	return 1;
}

/* ---- records ---- */

static void
rec_clear(struct vc_hostdev_rec *r)
{
	free(r->key);
	free(r->owner);
	free(r->step);
	free(r->orig_driver);
	free(r->pf);
	free(r->pf_netdev);
	free(r->network);
	free(r->profile);
	memset(r, 0, sizeof(*r));
	r->vf_index = -1;
	r->vlan = -1;
}

static void
setstr(char **p, const char *s)
{
	free(*p);
	*p = s ? vc_strdup(s) : NULL;
}

static int
rec_write(struct hd *h, const struct vc_hostdev_rec *r)
{
	struct vc_buf b = {0};
	char mac[18], *path;
	int e;

	vc_buf_printf(&b, "owner=%s\nstep=%s\npci=%d\nmanaged=%d\niface=%d\n",
	              r->owner, r->step, r->pci, r->managed, r->iface);
	if (r->orig_driver)
		vc_buf_printf(&b, "orig_driver=%s\n", r->orig_driver);
	if (r->is_vf) {
		vc_buf_printf(&b, "pf=%s\nvf=%d\n", r->pf, r->vf_index);
		if (r->pf_netdev)
			vc_buf_printf(&b, "pf_netdev=%s\n", r->pf_netdev);
	}
	if (r->saved) {
		vc_mac_format(r->orig_mac, mac);
		vc_buf_printf(&b, "orig_mac=%s\norig_vlan=%u\norig_qos=%u\n", mac,
		              r->orig_vlan, r->orig_qos);
	}
	if (r->has_mac) {
		vc_mac_format(r->mac, mac);
		vc_buf_printf(&b, "mac=%s\n", mac);
	}
	if (r->vlan >= 0)
		vc_buf_printf(&b, "vlan=%d\n", r->vlan);
	if (r->network)
		vc_buf_printf(&b, "network=%s\n", r->network);
	if (r->vport) {
		char u[37];
		vc_uuid_format(r->instance, u);
		vc_buf_printf(&b, "vport=%s\ninstance=%s\nassociated=%d\n",
		              r->vport == VC_NL_QBH ? "802.1Qbh" : "802.1Qbg", u, r->associated);
		if (r->vport == VC_NL_QBH)
			vc_buf_printf(&b, "profile=%s\n", r->profile);
		else
			vc_buf_printf(&b, "vsi=%u,%u,%u\n", r->mgrid, r->typeid, r->typeidver);
	}
	/* rename makes the change atomic against a killed run; the run
	 * directory is tmpfs, so no fsync: it would not outlive a reboot */
	path = vc_asprintf("%s/%s", h->dir, r->key);
	if ((e = vc_file_replace(path, b.s, b.len, 0600)) == 0)
		index_set(h, r->key, r->owner);
	free(path);
	vc_buf_free(&b);
	return e;
}

static int
step(struct hd *h, struct vc_hostdev_rec *r, const char *s)
{
	setstr(&r->step, s);
	return rec_write(h, r);
}

static int
num(const char *v, long long min, long long max, long long *out)
{
	return vc_parse_ll(v, min, max, out);
}

/* 1 found, 0 no record, -1 error */
static int
rec_read(struct hd *h, const char *key, struct vc_hostdev_rec *r)
{
	char *path, *data, *line, *save = NULL, *v;
	size_t len;
	long long n;
	int bad = 0;

	memset(r, 0, sizeof(*r));
	r->vf_index = -1;
	r->vlan = -1;
	path = vc_asprintf("%s/%s", h->dir, key);
	if (access(path, F_OK) < 0) {
		free(path);
		return 0;
	}
	if (!(data = vc_file_read(path, &len))) {
		free(path);
		return -1;
	}
	r->key = vc_strdup(key);
	for (line = strtok_r(data, "\n", &save); line && !bad;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!(v = strchr(line, '='))) {
			bad = 1;
			break;
		}
		*v++ = '\0';
		if (strcmp(line, "owner") == 0)
			setstr(&r->owner, v);
		else if (strcmp(line, "step") == 0)
			setstr(&r->step, v);
		else if (strcmp(line, "orig_driver") == 0)
			setstr(&r->orig_driver, v);
		else if (strcmp(line, "pf") == 0) {
			setstr(&r->pf, v);
			r->is_vf = 1;
		} else if (strcmp(line, "pf_netdev") == 0)
			setstr(&r->pf_netdev, v);
		else if (strcmp(line, "pci") == 0 && num(v, 0, 1, &n) == 0)
			r->pci = n;
		else if (strcmp(line, "managed") == 0 && num(v, 0, 1, &n) == 0)
			r->managed = n;
		else if (strcmp(line, "iface") == 0 && num(v, 0, 1, &n) == 0)
			r->iface = n;
		else if (strcmp(line, "vf") == 0 && num(v, 0, 4095, &n) == 0)
			r->vf_index = n;
		else if (strcmp(line, "orig_mac") == 0 && vc_mac_parse(v, r->orig_mac) == 0)
			r->saved = 1;
		else if (strcmp(line, "orig_vlan") == 0 && num(v, 0, 4095, &n) == 0)
			r->orig_vlan = n;
		else if (strcmp(line, "orig_qos") == 0 && num(v, 0, 7, &n) == 0)
			r->orig_qos = n;
		else if (strcmp(line, "mac") == 0 && vc_mac_parse(v, r->mac) == 0)
			r->has_mac = 1;
		else if (strcmp(line, "vlan") == 0 && num(v, 0, 4095, &n) == 0)
			r->vlan = n;
		else if (strcmp(line, "network") == 0)
			setstr(&r->network, v);
		else if (strcmp(line, "vport") == 0 && strcmp(v, "802.1Qbh") == 0)
			r->vport = VC_NL_QBH;
		else if (strcmp(line, "vport") == 0 && strcmp(v, "802.1Qbg") == 0)
			r->vport = VC_NL_QBG;
		else if (strcmp(line, "instance") == 0 && vc_uuid_parse(v, r->instance) == 0)
			;
		else if (strcmp(line, "associated") == 0 && num(v, 0, 1, &n) == 0)
			r->associated = n;
		else if (strcmp(line, "profile") == 0 && *v && strlen(v) < 40)
			setstr(&r->profile, v);
		else if (strcmp(line, "vsi") == 0 &&
		         sscanf(v, "%u,%u,%u", &r->mgrid, &r->typeid, &r->typeidver) == 3)
			;
		else
			bad = 1;
	}
	free(data);
	if (bad || !r->owner || !r->step || (r->is_vf && r->vf_index < 0) ||
	    (r->vport == VC_NL_QBH && !r->profile)) {
		vc_err("%s: malformed hostdev record", path);
		free(path);
		rec_clear(r);
		return -1;
	}
	free(path);
	return 1;
}

static int
rec_remove(struct hd *h, const char *key)
{
	char *path = vc_asprintf("%s/%s", h->dir, key);
	int e = 0;

	if (unlink(path) < 0 && errno != ENOENT)
		e = vc_err("remove %s:", path);
	else
		index_drop(h, key);
	free(path);
	return e;
}

static int
strcmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* record names, sorted */
static int
rec_names(struct hd *h, char ***names, size_t *n)
{
	DIR *d;
	struct dirent *e;

	*names = NULL;
	*n = 0;
	if (!(d = opendir(h->dir)))
		return vc_err("open %s:", h->dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		/* a record being written when its run died: under the lock,
		 * nobody else is writing one */
		if (strstr(e->d_name, ".tmp.")) {
			unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		VC_APPEND(*names, *n, vc_strdup(e->d_name));
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), strcmpp);
	return 0;
}

/* ---- the manager's session ---- */

static struct vc_nl *
netlink(struct hd *h)
{
	char *rec = NULL;

	if (h->nl)
		return h->nl;
	/* the test driver's simulated host never reaches the kernel: its
	 * netlink is the recorder in its state directory unless a test
	 * chose another one */
	if (h->c->drv == &vc_test_driver && !getenv("VIRTCORE_NETLINK")) {
		rec = vc_asprintf("record:%s/netlink", h->c->statedir);
		setenv("VIRTCORE_NETLINK", rec, 1);
	}
	h->nl = vc_netdev_open();
	if (rec) {
		unsetenv("VIRTCORE_NETLINK");
		free(rec);
	}
	return h->nl;
}

static int reconcile(struct hd *h);

static int
mgr_open(struct vc_conn *c, struct hd *h)
{
	memset(h, 0, sizeof(*h));
	h->c = c;
	h->lock = -1;
	/* the test driver's guests use its simulated host, unless a test
	 * points VIRTCORE_SYSFS_ROOT at a tree of its own (with the shim) */
	if (c->drv == &vc_test_driver && !getenv("VIRTCORE_SYSFS_ROOT") &&
	    vc_host_use_conn(c) < 0)
		return -1;
	h->dir = vc_asprintf("%s/hostdev", c->rundir);
	if ((h->lock = vc_lock(h->dir, "registry")) < 0) {
		vc_err_prefix("hostdev registry");
		free(h->dir);
		return -1;
	}
	return 0;
}

static void
mgr_close(struct hd *h)
{
	vc_strv_free(h->ikey, h->ni);
	vc_strv_free(h->iowner, h->ni);
	vc_netdev_close(h->nl);
	vc_unlock(h->lock);
	free(h->dir);
	memset(h, 0, sizeof(*h));
}

/* ---- give back ---- */

/* every manager call starts here: the registry locked, and whatever a
 * dead run left half done given back first */
static int
mgr_begin(struct vc_conn *c, struct hd *h)
{
	if (mgr_open(c, h) < 0)
		return -1;
	if (reconcile(h) < 0)
		vc_err_clear();   /* a record that cannot be finished stays for the next run */
	return 0;
}

static int
restore_driver(const char *addr, const char *orig)
{
	int try = 0, r;

	if (orig) {
		while ((r = vc_pci_restore(addr, orig)) < 0 && again(&try))
			;
		return r < 0 ? -1 : 0;
	}
	/* it was bound to nothing: leave it so */
	while ((r = vc_pci_unbind(addr)) < 0 && again(&try))
		;
	if (r < 0)
		return -1;
	return vc_pci_set_override(addr, NULL);
}

static int
restore_config(struct hd *h, const struct vc_hostdev_rec *r)
{
	struct vc_nl *nl;
	struct vc_nl_link l;
	int try = 0, e;

	if (!r->pf_netdev)
		return vc_err("%s: PF %s has no network interface", r->key, r->pf);
	if (!(nl = netlink(h)) || vc_netdev_get(nl, r->pf_netdev, &l) < 0)
		return -1;
	while ((e = vc_netdev_set_vf(nl, l.ifindex, r->vf_index, r->orig_mac, 1,
	                             r->orig_vlan, r->orig_qos)) < 0 && again(&try))
		;
	if (e < 0)
		vc_err_prefix("%s: restore MAC/VLAN through %s VF %d", r->key,
		              r->pf_netdev, r->vf_index);
	return e;
}

/* the host's own UUID, which 802.1Qbh sends with the profile */
static int
host_uuid(unsigned char out[16])
{
	char *s = vc_host_read("class/dmi/id/product_uuid");
	int e;

	if (!s)
		return vc_err("802.1Qbh needs the host's UUID: %s", vc_errmsg());
	e = vc_uuid_parse(s, out);
	free(s);
	if (e < 0)
		return vc_err("802.1Qbh: the host's UUID (class/dmi/id/product_uuid) "
		              "is not a UUID");
	return 0;
}

/* (dis)associate the port profile of record r through its PF */
static int
port_request(struct hd *h, const struct vc_hostdev_rec *r, int request)
{
	struct vc_nl_port p;
	struct vc_nl_link l;
	struct vc_nl *nl;
	int try = 0, e;

	memset(&p, 0, sizeof(p));
	p.kind = r->vport;
	p.vf = r->vf_index;
	p.request = request;
	memcpy(p.instance, r->instance, 16);
	if (r->vport == VC_NL_QBH) {
		snprintf(p.profile, sizeof(p.profile), "%s", r->profile);
		if (host_uuid(p.host) < 0)
			return -1;
		p.has_host = 1;
	} else {
		p.mgrid = r->mgrid;
		p.typeid = r->typeid;
		p.typeidver = r->typeidver;
	}
	if (!r->pf_netdev)
		return vc_err("%s: PF %s has no network interface", r->key, r->pf);
	if (!(nl = netlink(h)) || vc_netdev_get(nl, r->pf_netdev, &l) < 0)
		return -1;
	while ((e = vc_netdev_vf_port(nl, l.ifindex, &p)) < 0 && again(&try))
		;
	if (e < 0)
		vc_err_prefix("%s: %s through %s VF %d", r->key,
		              request == PORT_REQUEST_ASSOCIATE ? "associate" : "disassociate",
		              r->pf_netdev, r->vf_index);
	return e;
}

/* give the device of record r back to the host, in reverse order of
 * prepare: the host driver, the port profile, then the VF's MAC and VLAN. The record goes
 * last, so a run killed here is finished by the next one. */
static int
giveback(struct hd *h, struct vc_hostdev_rec *r)
{
	struct vc_pciaddr a;

	if (step(h, r, "release") < 0)
		return -1;
	if (r->pci && r->managed) {
		if (vc_pci_addr_scan(r->key, &a) < 0)
			return -1;
		/* a device that went away has nothing left to give back */
		if (vc_pci_exists(&a) && restore_driver(r->key, r->orig_driver) < 0) {
			vc_err_prefix("%s: give back to %s", r->key,
			              r->orig_driver ? r->orig_driver : "no driver");
			return -1;
		}
		vc_killpoint("restore-driver");
	}
	if (r->is_vf && r->vport && r->associated) {
		if (port_request(h, r, PORT_REQUEST_DISASSOCIATE) < 0)
			return -1;
		vc_killpoint("disassociate");
	}
	if (r->is_vf && r->saved) {
		if (restore_config(h, r) < 0)
			return -1;
		vc_killpoint("restore-config");
	}
	return rec_remove(h, r->key);
}

/* a "done" record whose guest is not running was left by a run that died
 * between preparing and recording the guest as started (or between
 * recording it stopped and giving back): nobody will ever release it.
 * The guest's own lock tells whether a run is at work on it right now
 * (this process included): then it is not an orphan, whatever the state. */
static int
orphan(struct hd *h, const char *owner)
{
	struct vc_live l;
	int fd, live;

	if (vc_name_check("domain", owner) < 0) {
		vc_err_clear();
		return 0;
	}
	if ((fd = vc_lock_try(h->c->confdir, owner)) < 0) {
		vc_err_clear();
		return 0;
	}
	memset(&l, 0, sizeof(l));
	live = vc_store_live_read(h->c, owner, &l);
	vc_live_clear(&l);
	vc_unlock(fd);
	if (live < 0)
		vc_err_clear();
	return live == 0;
}

/* finish what dead runs left: every record not "done", and every record
 * of a guest that is not running, is given back */
static int
reconcile(struct hd *h)
{
	struct vc_hostdev_rec r;
	char **names, *last = NULL;
	size_t n, i;
	int e = 0, f, lost = 0;

	if (rec_names(h, &names, &n) < 0)
		return -1;
	h->indexed = 1;
	for (i = 0; i < n; i++) {
		if ((f = rec_read(h, names[i], &r)) <= 0) {
			if (f < 0)
				e = -1;
			continue;
		}
		index_set(h, r.key, r.owner);
		/* a guest's devices are mostly neighbours: ask once for a run */
		if (!last || strcmp(last, r.owner) != 0) {
			free(last);
			last = vc_strdup(r.owner);
			lost = orphan(h, r.owner);
		}
		if ((strcmp(r.step, "done") != 0 || lost) && giveback(h, &r) < 0)
			e = -1;
		rec_clear(&r);
	}
	free(last);
	vc_strv_free(names, n);
	return e;
}

/* give back what guest holds: 0, -1 (after trying all) */
static int
release_owner(struct hd *h, const char *guest)
{
	struct vc_hostdev_rec r;
	char **keys = NULL;
	size_t n = 0, i;
	int e = 0, f;

	if (!h->indexed) {
		if (reconcile(h) < 0)
			vc_err_clear();
		if (!h->indexed)
			return -1;
	}
	for (i = 0; i < h->ni; i++)
		if (strcmp(h->iowner[i], guest) == 0)
			VC_APPEND(keys, n, vc_strdup(h->ikey[i]));
	/* reverse order, as prepare goes forward */
	for (i = n; i-- > 0;) {
		if ((f = rec_read(h, keys[i], &r)) <= 0) {
			if (f < 0)
				e = -1;
			continue;
		}
		if (strcmp(r.owner, guest) == 0 && giveback(h, &r) < 0)
			e = -1;
		rec_clear(&r);
	}
	vc_strv_free(keys, n);
	return e;
}

/* ---- prepare ---- */

/* held by anyone? error naming the holder */
static int
check_free(struct hd *h, const char *key)
{
	struct vc_hostdev_rec o;
	int f;

	if ((f = rec_read(h, key, &o)) < 0)
		return -1;
	if (f == 0)
		return 0;
	vc_err("%s is in use by guest %s", key, o.owner);
	rec_clear(&o);
	return -1;
}

static const char *
usbname(const struct vc_iface *i, char out[64])
{
	if (i->has_usb_id)
		snprintf(out, 64, "usb vendor 0x%04x product 0x%04x", i->usb_vendor,
		         i->usb_product);
	else
		snprintf(out, 64, "usb bus %u device %u", i->hostdev_src.bus,
		         i->usb_device);
	return out;
}

int
vc_hostdev_iface_key(const struct vc_iface *i, char out[16])
{
	struct vc_pciaddr a;

	if (i->hostdev_src.type != VC_ADDR_PCI)
		return vc_err("<interface type='hostdev'> without a PCI source address");
	a.dom = i->hostdev_src.domain;
	a.bus = i->hostdev_src.bus;
	a.slot = i->hostdev_src.slot;
	a.fn = i->hostdev_src.function;
	vc_pci_addr_str(&a, out);
	return 0;
}

/* what can be refused before anything is touched */
static int
iface_check(const struct vc_iface *i, char key[16])
{
	char u[64];

	if (i->hostdev_src.type == VC_ADDR_USB || i->has_usb_id)
		return vc_err("unsupported configuration: USB network hostdev (%s) "
		              "cannot be assigned as <interface type='hostdev'>; "
		              "use <hostdev mode='subsystem' type='usb'>", usbname(i, u));
	if (vc_hostdev_iface_key(i, key) < 0)
		return -1;
	if (i->has_vport) {
		switch (i->vport_type) {
		case VC_VPORT_8021QBH:
			if (!i->vport_profileid)
				return vc_err("%s: <virtualport type='802.1Qbh'> needs a profileid", key);
			break;
		case VC_VPORT_8021QBG:
			if (!i->has_vport_managerid || !i->has_vport_typeid ||
			    !i->has_vport_typeidversion)
				return vc_err("%s: <virtualport type='802.1Qbg'> needs managerid, "
				              "typeid and typeidversion", key);
			break;
		case VC_VPORT_OPENVSWITCH:
		case VC_VPORT_MIDONET:
			return vc_err("unsupported configuration: %s: <virtualport type='%s'> "
			              "cannot be used with an SR-IOV VF (type='hostdev')",
			              key, vc_vport_type_names[i->vport_type]);
		default:
			return vc_err("unsupported configuration: %s: <virtualport> "
			              "without a type on an SR-IOV VF", key);
		}
		/* the switch sets the VLAN from the profile */
		if (i->nvlan_tags)
			return vc_err("unsupported configuration: %s: a <vlan> tag cannot be "
			              "set directly with <virtualport type='%s'>", key,
			              vc_vport_type_names[i->vport_type]);
	}
	if (i->nvlan_tags > 1 || i->vlan_trunk == VC_TRI_YES)
		return vc_err("unsupported configuration: %s: VLAN trunking is not "
		              "supported on SR-IOV VFs", key);
	if (i->nvlan_tags == 1 && i->vlan_native_modes &&
	    i->vlan_native_modes[0] != VC_VLAN_NATIVE_NONE)
		return vc_err("unsupported configuration: %s: native VLAN mode is not "
		              "supported on SR-IOV VFs", key);
	if (i->nvlan_tags == 1 && i->vlan_tags[0] > 4095)
		return vc_err("%s: VLAN %u out of range", key, i->vlan_tags[0]);
	return 0;
}

static int
guard_host(struct hd *h)
{
	if (h->c->drv == &vc_test_driver && vc_host_is_real())
		return vc_err("the test driver's simulated host has no sysfs tree "
		              "(VIRTCORE_SYSFS_ROOT): it will not touch /sys");
	return 0;
}

static int
guest_uuid(struct hd *h, const char *guest)
{
	struct vc_domain *d;

	if (h->has_uuid)
		return 0;
	/* a running guest (a live attach), else its config */
	if (!(d = vc_store_load_live(h->c, guest))) {
		vc_err_clear();
		if (!(d = vc_store_load_conf(h->c, guest)))
			return -1;
	}
	memcpy(h->uuid, d->uuid, 16);
	h->has_uuid = d->has_uuid;
	vc_domain_free(d);
	return h->has_uuid ? 0 : vc_err("%s has no uuid", guest);
}

/* the PCI device key for guest; i given for an <interface type='hostdev'>
 * (an SR-IOV VF configured with MAC and VLAN); network names the VF pool
 * it was taken from */
static int
prep_pci(struct hd *h, const char *guest, const char *key, int managed,
         const struct vc_iface *i, const char *network)
{
	struct vc_hostdev_rec r;
	struct vc_pciaddr a;
	struct vc_vf_loc loc;
	struct vc_nl_vf cfg;
	struct vc_nl *nl;
	char *physfn, *drv = NULL;
	int try = 0, e, written = 0;

	memset(&loc, 0, sizeof(loc));
	memset(&r, 0, sizeof(r));
	r.vf_index = -1;
	r.vlan = -1;
	if (guard_host(h) < 0 || check_free(h, key) < 0)
		return -1;
	if (vc_pci_addr_scan(key, &a) < 0)
		return -1;
	if (!vc_pci_exists(&a))
		return vc_err("no PCI device %s", key);
	r.key = vc_strdup(key);
	r.owner = vc_strdup(guest);
	r.pci = 1;
	r.managed = managed;
	r.iface = i != NULL;
	r.network = network ? vc_strdup(network) : NULL;
	if ((drv = vc_pci_driver(key)))
		r.orig_driver = vc_strdup(drv);
	if (i) {
		if (!(physfn = vc_host_link_name("bus/pci/devices/%s/physfn", key))) {
			vc_err("%s is not an SR-IOV virtual function: <interface "
			       "type='hostdev'> needs one (a plain NIC would lose its "
			       "MAC address at reset)", key);
			goto fail;
		}
		free(physfn);
		if (vc_vf_locate(key, &loc) < 0)
			goto fail;
		r.is_vf = 1;
		r.pf = vc_strdup(loc.pfname);
		r.pf_netdev = loc.pf_netdev ? vc_strdup(loc.pf_netdev) : NULL;
		r.vf_index = loc.index;
		if (i->has_mac) {
			r.has_mac = 1;
			memcpy(r.mac, i->mac, 6);
		}
		/* no tag clears one a previous user left */
		r.vlan = i->nvlan_tags ? (int)i->vlan_tags[0] : 0;
		if (i->has_vport) {
			r.vport = i->vport_type == VC_VPORT_8021QBH ? VC_NL_QBH : VC_NL_QBG;
			/* 802.1Qbh's instance is the guest; 802.1Qbg's is the
			 * interface's own, which a define fills in */
			if (r.vport == VC_NL_QBH && guest_uuid(h, guest) < 0)
				goto fail;
			if (r.vport == VC_NL_QBH)
				memcpy(r.instance, h->uuid, 16);
			else if (i->has_vport_instanceid)
				memcpy(r.instance, i->vport_instanceid, 16);
			else
				vc_uuid_generate(r.instance);
			r.profile = i->vport_profileid ? vc_strdup(i->vport_profileid) : NULL;
			r.mgrid = i->vport_managerid;
			r.typeid = i->vport_typeid;
			r.typeidver = i->vport_typeidversion;
		}
	}
	if (!managed && (!drv || strcmp(drv, VFIO) != 0)) {
		vc_err("%s: managed='no' but the device is %s%s, not to " VFIO
		       ": detach it first or use managed='yes'", key,
		       drv ? "bound to " : "bound to no driver", drv ? drv : "");
		goto fail;
	}
	if (managed) {
		char *p = vc_host_path("bus/pci/drivers/" VFIO);
		e = access(p, F_OK);
		free(p);
		if (e < 0) {
			vc_err("%s: the " VFIO " driver is not loaded", key);
			goto fail;
		}
	}
	/* what must come back, recorded before anything changes */
	if (r.is_vf) {
		if (!(nl = netlink(h)) || vc_vf_get_config(nl, &loc, &cfg) < 0)
			goto fail;
		r.saved = 1;
		memcpy(r.orig_mac, cfg.mac, 6);
		r.orig_vlan = cfg.vlan;
		r.orig_qos = cfg.qos;
	}
	if (step(h, &r, "claim") < 0)
		goto fail;
	written = 1;
	vc_killpoint("claim");
	if (r.is_vf) {
		if (step(h, &r, "config") < 0)
			goto fail;
		/* MAC and VLAN in one message, as libvirt sends them */
		while ((e = vc_vf_set_config(h->nl, &loc, r.has_mac ? r.mac : NULL,
		                             r.vlan)) < 0 && again(&try))
			;
		if (e < 0)
			goto fail;
		vc_killpoint("config");
		if (r.vport) {
			/* recorded first: a run killed after sending disassociates */
			r.associated = 1;
			if (step(h, &r, "port") < 0 ||
			    port_request(h, &r, PORT_REQUEST_ASSOCIATE) < 0)
				goto fail;
			vc_killpoint("port");
		}
	}
	if (managed && !(drv && strcmp(drv, VFIO) == 0)) {
		/* unbind, driver_override, drivers_probe (never new_id, which
		 * makes every later device of the same id bind to vfio) */
		if (step(h, &r, "detach") < 0)
			goto fail;
		try = 0;
		while ((e = vc_pci_unbind(key)) < 0 && again(&try))
			;
		if (e < 0)
			goto fail;
		vc_killpoint("unbind");
		if (vc_pci_set_override(key, VFIO) < 0)
			goto fail;
		vc_killpoint("override");
		try = 0;
		while ((e = vc_pci_probe(key)) < 0 && again(&try))
			;
		if (e < 0 || vc_pci_verify(key, VFIO) < 0)
			goto fail;
		vc_killpoint("probe");
	} else if (managed && vc_pci_set_override(key, VFIO) < 0) {
		goto fail;
	}
	if (step(h, &r, "done") < 0)
		goto fail;
	free(drv);
	vc_vf_loc_free(&loc);
	rec_clear(&r);
	return 0;
fail:
	if (written) {
		/* keep the first error: it says why */
		char *msg = vc_strdup(vc_errmsg());
		enum vc_errkind k = vc_errkind_get();
		if (giveback(h, &r) < 0)
			vc_err_kind(k, "%s (and giving it back failed: %s; the next "
			            "run will retry)", msg, vc_errmsg());
		else
			vc_err_kind(k, "%s", msg);
		free(msg);
	}
	free(drv);
	vc_vf_loc_free(&loc);
	rec_clear(&r);
	return -1;
}

/* a USB device: ownership only (QEMU opens it through libusb) */
static int
prep_usb(struct hd *h, const char *guest, const char *key)
{
	struct vc_hostdev_rec r;
	int e;

	if (check_free(h, key) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.vf_index = -1;
	r.vlan = -1;
	r.key = vc_strdup(key);
	r.owner = vc_strdup(guest);
	e = step(h, &r, "done");
	rec_clear(&r);
	return e;
}

static int
hostdev_key(const struct vc_hostdev *hd, char out[32])
{
	struct vc_pciaddr a;

	if (hd->type == VC_HOSTDEV_PCI) {
		a.dom = hd->pci_domain;
		a.bus = hd->pci_bus;
		a.slot = hd->pci_slot;
		a.fn = hd->pci_function;
		vc_pci_addr_str(&a, out);
		return 1;
	}
	if (hd->has_usb_address)
		snprintf(out, 32, "usb-%03u-%03u", hd->usb_bus, hd->usb_device);
	else
		snprintf(out, 32, "usb-%04x:%04x", hd->usb_vendor, hd->usb_product);
	return 0;
}

static int
managed_subsys(const struct vc_hostdev *hd)
{
	return hd->mode == VC_HOSTDEV_SUBSYS &&
	       (hd->type == VC_HOSTDEV_PCI || hd->type == VC_HOSTDEV_USB);
}

static int
prep_hostdev(struct hd *h, const char *guest, const struct vc_hostdev *hd)
{
	char key[32];

	if (!managed_subsys(hd))
		return 0;         /* scsi, mdev, caps: not host devices we move */
	if (hostdev_key(hd, key))
		return prep_pci(h, guest, key, hd->managed, NULL, NULL);
	return prep_usb(h, guest, key);
}

static int
prep_iface(struct hd *h, const char *guest, const struct vc_iface *i)
{
	char key[16];

	if (iface_check(i, key) < 0)
		return -1;
	return prep_pci(h, guest, key, i->managed == VC_TRI_YES, i, NULL);
}

/* ---- VF pools: <interface type='network'> on a forward mode='hostdev' network ---- */

/* the VFs of a pool, in its order: the <address> list, then every
 * virtfnN of the <pf> */
static int
pool_vfs(const struct vc_netport *p, char ***v, size_t *n)
{
	struct vc_pci_dev *d;
	char *pci, a[16];
	size_t k;

	*v = NULL;
	*n = 0;
	for (k = 0; k < p->naddrs; k++)
		VC_APPEND(*v, *n, vc_strdup(p->addrs[k]));
	if (!p->pf)
		return 0;
	if (!(pci = vc_netdev_pci(p->pf)))
		return vc_err("network %s: <pf dev='%s'>: no such PCI network interface",
		    p->network, p->pf);
	d = vc_pci_get(pci);
	free(pci);
	if (!d)
		return -1;
	if (!d->is_pf || !d->nvfs) {
		vc_err("network %s: <pf dev='%s'>: %s has no SR-IOV virtual functions",
		    p->network, p->pf, d->name);
		vc_pci_free(d);
		return -1;
	}
	for (k = 0; k < d->nvfs; k++) {
		vc_pci_addr_str(&d->vfs[k], a);
		VC_APPEND(*v, *n, vc_strdup(a));
	}
	vc_pci_free(d);
	return 0;
}

/* the live config shows the VF the guest was given in place of the
 * network, as libvirt's live XML shows the actual device; the network
 * stays in the registry record (vnet-hostdev-list) */
static void
to_hostdev(struct vc_iface *i, const struct vc_iface *t)
{
	i->type = VC_IFACE_HOSTDEV;
	i->managed = t->managed;
	vc_addr_clear(&i->hostdev_src);
	i->hostdev_src = t->hostdev_src;
	if (!i->nvlan_tags && t->nvlan_tags) {
		i->vlan_tags = vc_malloc(sizeof(*i->vlan_tags));
		i->vlan_native_modes = vc_malloc(sizeof(*i->vlan_native_modes));
		i->vlan_tags[0] = t->vlan_tags[0];
		i->vlan_native_modes[0] = VC_VLAN_NATIVE_NONE;
		i->nvlan_tags = 1;
	}
	/* the live XML shows the port profile the VF was given */
	if (!i->has_vport && t->has_vport) {
		i->has_vport = 1;
		i->vport_type = t->vport_type;
		i->vport_profileid = t->vport_profileid ? vc_strdup(t->vport_profileid) : NULL;
		if (t->vport_type == VC_VPORT_8021QBG) {
			i->vport_managerid = t->vport_managerid;
			i->vport_typeid = t->vport_typeid;
			i->vport_typeidversion = t->vport_typeidversion;
			i->has_vport_managerid = i->has_vport_typeid = i->has_vport_typeidversion = 1;
			memcpy(i->vport_instanceid, t->vport_instanceid, 16);
			i->has_vport_instanceid = t->has_vport_instanceid;
		}
	}
}

/* a free VF of pool p for guest's interface i, chosen under the registry
 * lock so that two guests starting at once get different ones; i becomes
 * the <interface type='hostdev'> of that VF */
static int
prep_pool(struct hd *h, const char *guest, struct vc_iface *i, const struct vc_netport *p)
{
	struct vc_hostdev_rec o;
	struct vc_pciaddr a;
	struct vc_iface t;
	unsigned tag;
	int native = VC_VLAN_NATIVE_NONE, f, e = -1;
	char **v, key[16], *first = NULL;
	enum vc_errkind fk = VC_ERR_FAIL;
	size_t n, k, tried = 0;

	if (guard_host(h) < 0 || pool_vfs(p, &v, &n) < 0)
		return -1;
	/* the first free VF; one that cannot be prepared (stuck in reset,
	 * refused by its driver) was given back whole: try the next */
	for (k = 0; k < n; k++) {
		if ((f = rec_read(h, v[k], &o)) < 0)
			goto out;
		if (f == 1) {
			rec_clear(&o);
			continue;
		}
		if (vc_pci_addr_scan(v[k], &a) < 0)
			goto out;
		t = *i;
		t.type = VC_IFACE_HOSTDEV;
		t.managed = p->managed ? VC_TRI_YES : VC_TRI_NO;
		memset(&t.hostdev_src, 0, sizeof(t.hostdev_src));
		t.hostdev_src.type = VC_ADDR_PCI;
		t.hostdev_src.domain = a.dom;
		t.hostdev_src.bus = a.bus;
		t.hostdev_src.slot = a.slot;
		t.hostdev_src.function = a.fn;
		t.hostdev_src.has_domain = t.hostdev_src.has_bus = 1;
		t.hostdev_src.has_slot = t.hostdev_src.has_function = 1;
		if (!i->has_vport && p->vport_type) {
			t.has_vport = 1;
			t.vport_type = p->vport_type;
			t.vport_profileid = p->vport_profileid;
			t.vport_managerid = p->vport_managerid;
			t.has_vport_managerid = 1;
			t.vport_typeid = p->vport_typeid;
			t.has_vport_typeid = 1;
			t.vport_typeidversion = p->vport_typeidversion;
			t.has_vport_typeidversion = 1;
			memcpy(t.vport_instanceid, p->vport_instanceid, 16);
			t.has_vport_instanceid = p->has_vport_instanceid;
		}
		if (!i->nvlan_tags && p->vlan >= 0) {
			tag = (unsigned)p->vlan;
			t.vlan_tags = &tag;
			t.vlan_native_modes = &native;
			t.nvlan_tags = 1;
			t.vlan_trunk = 0;
		}
		/* the interface's own settings are wrong for every VF alike */
		if (iface_check(&t, key) < 0) {
			vc_err_prefix("network %s", p->network);
			goto out;
		}
		tried++;
		if (prep_pci(h, guest, key, p->managed, &t, p->network) == 0) {
			to_hostdev(i, &t);
			e = 0;
			goto out;
		}
		if (!first) {
			first = vc_strdup(vc_errmsg());
			fk = vc_errkind_get();
		}
	}
	if (!tried)
		vc_err("no free VF in network %s (%zu in the pool, all held)", p->network, n);
	else if (tried == 1)
		vc_err_kind(fk, "network %s: %s", p->network, first);
	else
		vc_err_kind(fk, "network %s: none of its %zu free VFs could be prepared; "
		            "the first: %s", p->network, tried, first);
out:
	free(first);
	vc_strv_free(v, n);
	return e;
}

int
vc_hostdev_prepare_domain(struct vc_conn *c, struct vc_domain *def)
{
	struct hd h;
	struct vc_iface *i;
	struct vc_netport *np;
	size_t k, ni = def->ndev[VC_DEV_INTERFACE];
	int any = 0, e = 0;
	char key[16];

	/* refuse what cannot work before the registry or host is touched;
	 * every network an interface names must be active */
	np = vc_malloc((ni + 1) * sizeof(*np));
	for (k = 0; k < ni; k++) {
		memset(&np[k], 0, sizeof(np[k]));
		np[k].vlan = -1;
	}
	for (k = 0; e == 0 && k < ni; k++) {
		i = def->dev[VC_DEV_INTERFACE][k];
		if (i->type == VC_IFACE_NETWORK) {
			if ((e = vc_netport_resolve(c, i, &np[k])) == 0)
				any |= vc_netport_is_pool(&np[k]);
			continue;
		}
		if (i->type != VC_IFACE_HOSTDEV)
			continue;
		e = iface_check(i, key);
		any = 1;
	}
	if (e < 0) {
		vc_err_prefix("%s", def->name);
		goto out;
	}
	for (k = 0; k < def->ndev[VC_DEV_HOSTDEV]; k++)
		any |= managed_subsys(def->dev[VC_DEV_HOSTDEV][k]);
	if (!any)
		goto out;
	if (mgr_begin(c, &h) < 0) {
		e = -1;
		goto out;
	}
	memcpy(h.uuid, def->uuid, 16);
	h.has_uuid = def->has_uuid;
	/* the guest is not running: what it still holds is from a crash */
	if (release_owner(&h, def->name) < 0)
		e = -1;
	/* many VFs (a pool) take a while: unbind, bind, netlink per device */
	vc_progress_begin("%s: preparing host devices", def->name);
	for (k = 0; e == 0 && k < ni; k++) {
		vc_progress_count((unsigned)k, (unsigned)(ni + def->ndev[VC_DEV_HOSTDEV]));
		i = def->dev[VC_DEV_INTERFACE][k];
		if (i->type == VC_IFACE_HOSTDEV)
			e = prep_iface(&h, def->name, i);
		else if (i->type == VC_IFACE_NETWORK && vc_netport_is_pool(&np[k]))
			e = prep_pool(&h, def->name, i, &np[k]);
	}
	for (k = 0; e == 0 && k < def->ndev[VC_DEV_HOSTDEV]; k++) {
		vc_progress_count((unsigned)(ni + k), (unsigned)(ni + def->ndev[VC_DEV_HOSTDEV]));
		e = prep_hostdev(&h, def->name, def->dev[VC_DEV_HOSTDEV][k]);
	}
	vc_progress_end();
	if (e < 0) {
		char *msg = vc_strdup(vc_errmsg());
		enum vc_errkind kind = vc_errkind_get();
		release_owner(&h, def->name);
		vc_err_kind(kind, "%s: %s", def->name, msg);
		free(msg);
	}
	mgr_close(&h);
out:
	for (k = 0; k < ni; k++)
		vc_netport_clear(&np[k]);
	free(np);
	return e;
}

int
vc_hostdev_release_domain(struct vc_conn *c, const char *guest)
{
	struct hd h;
	char *dir = vc_asprintf("%s/hostdev", c->rundir);
	int e = vc_exists(dir);

	free(dir);
	if (!e)
		return 0;      /* nothing was ever held on this host */
	if (mgr_begin(c, &h) < 0)
		return -1;
	e = release_owner(&h, guest);
	if (e < 0)
		vc_err_prefix("%s", guest);
	mgr_close(&h);
	return e;
}

int
vc_hostdev_prepare_iface(struct vc_conn *c, const char *guest,
                         const struct vc_iface *i)
{
	struct hd h;
	int e;

	if (mgr_begin(c, &h) < 0)
		return -1;
	e = prep_iface(&h, guest, i);
	mgr_close(&h);
	return e;
}

int
vc_hostdev_prepare_pool_iface(struct vc_conn *c, const char *guest, struct vc_iface *i)
{
	struct vc_netport p;
	struct hd h;
	int e;

	if (i->type != VC_IFACE_NETWORK)
		return vc_err("%s: not an <interface type='network'>", guest);
	if (vc_netport_resolve(c, i, &p) < 0)
		return -1;
	if (!vc_netport_is_pool(&p)) {
		e = vc_err("network %s is not a VF pool (forward mode='hostdev')", p.network);
	} else if ((e = mgr_begin(c, &h)) == 0) {
		e = prep_pool(&h, guest, i, &p);
		mgr_close(&h);
	}
	vc_netport_clear(&p);
	return e;
}

int
vc_hostdev_prepare_hostdev(struct vc_conn *c, const char *guest,
                           const struct vc_hostdev *hd)
{
	struct hd h;
	int e;

	if (mgr_begin(c, &h) < 0)
		return -1;
	e = prep_hostdev(&h, guest, hd);
	mgr_close(&h);
	return e;
}

int
vc_hostdev_release_dev(struct vc_conn *c, const char *guest, const char *dev)
{
	struct hd h;
	struct vc_hostdev_rec r;
	struct vc_pciaddr a;
	char key[16];
	const char *k = dev;
	int f, e = 0;

	if (strncmp(dev, "usb-", 4) != 0) {
		if (vc_pci_addr_scan(dev, &a) < 0)
			return -1;
		vc_pci_addr_str(&a, key);
		k = key;
	}
	if (mgr_begin(c, &h) < 0)
		return -1;
	if ((f = rec_read(&h, k, &r)) <= 0) {
		e = f;
	} else if (strcmp(r.owner, guest) != 0) {
		e = vc_err("%s is held by guest %s, not %s", k, r.owner, guest);
	} else {
		e = giveback(&h, &r) < 0 ? -1 : 1;
	}
	if (f > 0)
		rec_clear(&r);
	mgr_close(&h);
	return e;
}

int
vc_hostdev_reconcile(struct vc_conn *c)
{
	struct hd h;
	int e;

	if (mgr_open(c, &h) < 0)
		return -1;
	e = reconcile(&h);
	mgr_close(&h);
	return e;
}

int
vc_hostdev_list(struct vc_conn *c, struct vc_hostdev_rec **recs, size_t *n)
{
	struct hd h;
	struct vc_hostdev_rec r;
	char **names;
	size_t nn, i;
	int f, e = 0;

	*recs = NULL;
	*n = 0;
	if (mgr_begin(c, &h) < 0)
		return -1;
	if (rec_names(&h, &names, &nn) < 0) {
		mgr_close(&h);
		return -1;
	}
	for (i = 0; i < nn; i++) {
		if ((f = rec_read(&h, names[i], &r)) < 0)
			e = -1;
		if (f <= 0)
			continue;
		VC_GROW(*recs, *n);
		(*recs)[(*n)++] = r;
	}
	vc_strv_free(names, nn);
	mgr_close(&h);
	if (e < 0) {
		vc_hostdev_list_free(*recs, *n);
		*recs = NULL;
		*n = 0;
	}
	return e;
}

void
vc_hostdev_list_free(struct vc_hostdev_rec *recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rec_clear(&recs[i]);
	free(recs);
}

/* the guest holding a PCI device ("0000:04:10.1"), or NULL; reads the
 * record directly, so a reader never creates the registry */
char *
vc_hostdev_owner(struct vc_conn *c, const char *addr)
{
	struct vc_hostdev_rec *v;
	char *p = vc_asprintf("%s/hostdev/%s", c->rundir, addr), *owner = NULL;
	size_t n, i;

	if (!vc_exists(p)) {
		free(p);
		return NULL;
	}
	free(p);
	if (vc_hostdev_list(c, &v, &n) < 0) {
		vc_err_clear();
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, addr) == 0)
			owner = vc_strdup(v[i].owner);
	vc_hostdev_list_free(v, n);
	return owner;
}

/* refuse host-side changes to a device a guest holds */
int
vc_hostdev_check_free(struct vc_conn *c, const char *name)
{
	char addr[16], *owner;

	if (vc_nodedev_pci_addr(name, addr) < 0) {
		vc_err_clear();   /* not PCI, or unknown: the caller says so */
		return 0;
	}
	if (!(owner = vc_hostdev_owner(c, addr)))
		return 0;
	vc_err("%s: held by guest %s; take it from the guest first "
	    "(vnet-hostdev-detach or stop the guest)", name, owner);
	free(owner);
	return -1;
}
