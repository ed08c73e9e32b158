/* domcaps.c: what the host's QEMU offers guests through this driver
 * (virsh domcapabilities): the emulator and machine from the cached probe
 * (caps.c), and the devices and features argv.c builds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "driver/qemu/qemu.h"
#include "driver/qemu/guest.h"

/* what argv.c builds; file scope: the formatter reads them after return */
static const char *const loader_types[] = { "rom", "pflash", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };
static const char *const no[] = { "no", NULL };
static const char *const disk_devices[] = { "disk", "cdrom", NULL };
static const char *const buses_pc[] = { "ide", "scsi", "virtio", "sata", NULL };
static const char *const buses_q35[] = { "scsi", "virtio", "sata", NULL };
static const char *const gfx_types[] = { "sdl", "vnc", "egl-headless", NULL };
static const char *const video_models[] = { "vga", "cirrus", "vmvga", "qxl", "virtio",
	"none", "bochs", "ramfb", NULL };
static const char *const hostdev_modes[] = { "subsystem", NULL };
static const char *const hostdev_types[] = { "usb", "pci", NULL };
static const char *const pci_backends[] = { "vfio", NULL };
static const char *const rng_models[] = { "virtio", NULL };
static const char *const rng_backends[] = { "random", "egd", "builtin", NULL };
static const char *const fs_drivers[] = { "path", NULL };

/* qemu-system-ARCH on PATH, or NULL */
static char *
find_emulator(const char *arch)
{
	const char *path = getenv("PATH"), *e;
	char *p;

	for (path = path && *path ? path : "/usr/bin:/bin"; *path; path = *e ? e + 1 : e) {
		e = strchrnul(path, ':');
		if (e == path || *path != '/')
			continue;
		p = vc_asprintf("%.*s/qemu-system-%s", (int)(e - path), path, arch);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static char *
host_arch(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return vc_strdup("x86_64");
	return vc_strdup(strcmp(u.machine, "arm64") == 0 ? "aarch64" : u.machine);
}

/* "name canonical" lines after the key line: canonical of name, or NULL */
static char *
machine_of(const char *tab, const char *name)
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

/* QEMU 7.2's max_cpus of the machine families */
static unsigned
vcpu_max(const char *machine)
{
	if (strstr(machine, "q35") || strncmp(machine, "microvm", 7) == 0)
		return 288;
	if (strcmp(machine, "isapc") == 0)
		return 1;
	return 255;
}

/* UEFI builds Debian's ovmf and qemu-efi-aarch64 install */
static char **
loaders(const char *arch)
{
	static const char *const x86[] = { "/usr/share/OVMF/OVMF_CODE_4M.fd",
	    "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/qemu/OVMF.fd", NULL };
	static const char *const arm[] = { "/usr/share/AAVMF/AAVMF_CODE.fd", NULL };
	const char *const *p = strcmp(arch, "aarch64") == 0 ? arm : x86;
	char **v = vc_calloc(4, sizeof(*v));
	size_t n = 0;

	for (; *p; p++)
		if (access(*p, R_OK) == 0)
			v[n++] = vc_strdup(*p);
	return v;
}

int
vc_qemu_domcaps(struct vc_conn *c, const struct vc_domcaps_req *r, struct vc_domcaps *d)
{
	const char *base, *virttype;
	char *tab = NULL, *harch = host_arch(), *m;
	int kvm = access("/dev/kvm", R_OK | W_OK) == 0, q35, r_ = -1;

	virttype = r->virttype ? r->virttype : kvm ? "kvm" : "qemu";
	if (strcmp(virttype, "qemu") != 0 && strcmp(virttype, "kvm") != 0) {
		vc_err("virttype '%s': the qemu driver runs qemu and kvm guests", virttype);
		goto out;
	}
	if (r->emulator) {
		if (access(r->emulator, X_OK) < 0) {
			vc_err("emulator %s:", r->emulator);
			goto out;
		}
		d->path = vc_strdup(r->emulator);
	} else if (!(d->path = find_emulator(r->arch ? r->arch : harch))) {
		vc_err("no emulator qemu-system-%s on PATH", r->arch ? r->arch : harch);
		goto out;
	}
	base = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
	d->arch = vc_strdup(strncmp(base, "qemu-system-", 12) == 0 ? base + 12
	    : r->arch ? r->arch : harch);
	if (r->arch && strcmp(r->arch, d->arch) != 0) {
		vc_err("emulator %s runs %s guests, not %s", d->path, d->arch, r->arch);
		goto out;
	}
	if (strcmp(virttype, "kvm") == 0 && (!kvm || strcmp(d->arch, harch) != 0)) {
		vc_err("virttype kvm: KVM is not available for %s guests on this host%s", d->arch,
		    kvm ? "" : " (/dev/kvm)");
		goto out;
	}
	d->domain = vc_strdup(virttype);
	if (!(tab = vc_qemu_caps_machines(c, d->path)))
		goto out;
	if (!(m = machine_of(tab, r->machine ? r->machine : "default"))) {
		vc_err("emulator %s has no machine type '%s' (vsh: qemu -machine help)", d->path,
		    r->machine ? r->machine : "default");
		goto out;
	}
	d->machine = m;
	q35 = strstr(m, "q35") != NULL;
	d->vcpu_max = vcpu_max(m);
	d->iothreads = 0;                    /* <iothreads> is not built yet */
	d->firmware = NULL;                  /* auto-selection: name a <loader> */
	d->loader = 1;
	d->loader_values = loaders(d->arch);
	d->loader_enum[0] = (struct vc_dc_enum){ "type", loader_types };
	d->loader_enum[1] = (struct vc_dc_enum){ "readonly", yes_no };
	d->loader_enum[2] = (struct vc_dc_enum){ "secure", no };
	/* host-passthrough and host-model become -cpu host under KVM (max
	 * under TCG, which has no host CPU to pass) */
	d->cpu_passthrough = strcmp(virttype, "kvm") == 0;
	d->cpu_maximum = 1;
	d->cpu_host_model = 0;
	d->cpu_custom = 1;
	d->cpu_models = vc_qemu_caps_cpus(c, d->path);
	d->memory_backing = 0;
	d->devices[0] = (struct vc_dc_elem){ "disk", 1, {
	    { "diskDevice", disk_devices },
	    { "bus", q35 ? buses_q35 : buses_pc } } };
	d->devices[1] = (struct vc_dc_elem){ "graphics", 1, {
	    { "type", gfx_types } } };
	d->devices[2] = (struct vc_dc_elem){ "video", 1, {
	    { "modelType", video_models } } };
	d->devices[3] = (struct vc_dc_elem){ "hostdev", 1, {
	    { "mode", hostdev_modes }, { "startupPolicy", NULL },
	    { "subsysType", hostdev_types }, { "capsType", NULL },
	    { "pciBackend", pci_backends } } };
	d->devices[4] = (struct vc_dc_elem){ "rng", 1, {
	    { "model", rng_models }, { "backendModel", rng_backends } } };
	d->devices[5] = (struct vc_dc_elem){ "filesystem", 1, { { "driverType", fs_drivers } } };
	d->devices[6] = (struct vc_dc_elem){ "tpm", 0, { { 0 } } };
	d->devices[7] = (struct vc_dc_elem){ "redirdev", 0, { { 0 } } };
	d->devices[8] = (struct vc_dc_elem){ "panic", 0, { { 0 } } };
	d->features[0] = (struct vc_dc_elem){ "gic", 0, { { 0 } } };
	d->features[1] = (struct vc_dc_elem){ "vmcoreinfo", 0, { { 0 } } };
	d->features[2] = (struct vc_dc_elem){ "genid", 0, { { 0 } } };
	d->features[3] = (struct vc_dc_elem){ "backingStoreInput", 0, { { 0 } } };
	d->features[4] = (struct vc_dc_elem){ "backup", 0, { { 0 } } };
	d->features[5] = (struct vc_dc_elem){ "ps2", strncmp(m, "pc", 2) == 0 || strcmp(m, "isapc") == 0,
	    { { 0 } } };
	d->features[6] = (struct vc_dc_elem){ "sev", 0, { { 0 } } };
	d->features[7] = (struct vc_dc_elem){ "sgx", 0, { { 0 } } };
	r_ = 0;
out:
	free(tab);
	free(harch);
	return r_;
}
