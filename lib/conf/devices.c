/* devices.c: the tables that map element names to their parsers and formatters.
 * Each family lives in its own file and is named here, in the order
 * libvirt prints them. */
#include "../conf.h"

#define DEV(n) \
	extern void *vc_dev_##n##_parse(struct vc_x *, xmlNodePtr, int); \
	extern void vc_dev_##n##_format(struct vc_buf *, int, const void *, int); \
	extern void vc_dev_##n##_free(void *);
DEV(disk) DEV(controller) DEV(filesystem) DEV(interface) DEV(chr) DEV(input)
DEV(tpm) DEV(graphics) DEV(sound) DEV(audio) DEV(video) DEV(hostdev)
DEV(redirdev) DEV(redirfilter) DEV(hub) DEV(watchdog) DEV(memballoon) DEV(rng) DEV(panic) DEV(smartcard)
#undef DEV
#define D(e, n) { e, vc_dev_##n##_parse, vc_dev_##n##_format, vc_dev_##n##_free }

const struct vc_devtype vc_devtypes[VC_DEV_LAST] = {
	[VC_DEV_DISK] = D("disk", disk),
	[VC_DEV_CONTROLLER] = D("controller", controller),
	[VC_DEV_FILESYSTEM] = D("filesystem", filesystem),
	[VC_DEV_INTERFACE] = D("interface", interface),
	[VC_DEV_SMARTCARD] = D("smartcard", smartcard),
	[VC_DEV_SERIAL] = D("serial", chr),
	[VC_DEV_PARALLEL] = D("parallel", chr),
	[VC_DEV_CONSOLE] = D("console", chr),
	[VC_DEV_CHANNEL] = D("channel", chr),
	[VC_DEV_INPUT] = D("input", input),
	[VC_DEV_TPM] = D("tpm", tpm),
	[VC_DEV_GRAPHICS] = D("graphics", graphics),
	[VC_DEV_SOUND] = D("sound", sound),
	[VC_DEV_AUDIO] = D("audio", audio),
	[VC_DEV_VIDEO] = D("video", video),
	[VC_DEV_HOSTDEV] = D("hostdev", hostdev),
	[VC_DEV_REDIRDEV] = D("redirdev", redirdev),
	[VC_DEV_REDIRFILTER] = D("redirfilter", redirfilter),
	[VC_DEV_HUB] = D("hub", hub),
	[VC_DEV_WATCHDOG] = D("watchdog", watchdog),
	[VC_DEV_MEMBALLOON] = D("memballoon", memballoon),
	[VC_DEV_RNG] = D("rng", rng),
	[VC_DEV_PANIC] = D("panic", panic),
};

#define SECT(n) \
	extern void *vc_sect_##n##_parse(struct vc_x *, xmlNodePtr); \
	extern void vc_sect_##n##_format(struct vc_buf *, int, const void *); \
	extern void vc_sect_##n##_free(void *);
SECT(blkiotune) SECT(memtune) SECT(memorybacking) SECT(vcpus) SECT(iothreads)
SECT(cputune) SECT(numatune) SECT(resource) SECT(sysinfo) SECT(bootloader)
SECT(bootloader_args) SECT(os) SECT(idmap) SECT(features) SECT(cpu) SECT(clock)
SECT(pm) SECT(perf) SECT(seclabel) SECT(keywrap) SECT(launchsecurity)
#undef SECT
#define S(e, m, n) { e, m, vc_sect_##n##_parse, vc_sect_##n##_format, vc_sect_##n##_free }

const struct vc_secttype vc_secttypes[VC_SECT_LAST] = {
	[VC_SECT_BLKIOTUNE] = S("blkiotune", 0, blkiotune),
	[VC_SECT_MEMTUNE] = S("memtune", 0, memtune),
	[VC_SECT_MEMORYBACKING] = S("memoryBacking", 0, memorybacking),
	[VC_SECT_VCPUS] = S("vcpus", 0, vcpus),
	[VC_SECT_IOTHREADS] = S("iothreads", 0, iothreads),
	[VC_SECT_CPUTUNE] = S("cputune", 0, cputune),
	[VC_SECT_NUMATUNE] = S("numatune", 0, numatune),
	[VC_SECT_RESOURCE] = S("resource", 0, resource),
	[VC_SECT_SYSINFO] = S("sysinfo", 1, sysinfo),
	[VC_SECT_BOOTLOADER] = S("bootloader", 0, bootloader),
	[VC_SECT_BOOTLOADER_ARGS] = S("bootloader_args", 0, bootloader_args),
	[VC_SECT_OS] = S("os", 0, os),
	[VC_SECT_IDMAP] = S("idmap", 0, idmap),
	[VC_SECT_FEATURES] = S("features", 0, features),
	[VC_SECT_CPU] = S("cpu", 0, cpu),
	[VC_SECT_CLOCK] = S("clock", 0, clock),
	[VC_SECT_PM] = S("pm", 0, pm),
	[VC_SECT_PERF] = S("perf", 0, perf),
	[VC_SECT_SECLABEL] = S("seclabel", 1, seclabel),
	[VC_SECT_KEYWRAP] = S("keywrap", 0, keywrap),
	[VC_SECT_LAUNCHSECURITY] = S("launchSecurity", 0, launchsecurity),
};
