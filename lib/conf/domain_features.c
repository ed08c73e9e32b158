/* domain_features.c: <features>, <pm> and <perf> of a domain */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/sections.h"

const char *const vc_feature_names[] = {
	"acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm",
	"pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic",
	"hpt", "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen",
	"cfpc", "sbbc", "ibs", "tcg", "async-teardown", "ras", "ps2", "aia", NULL
};
const char *const vc_hyperv_names[] = {
	"relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer",
	"reset", "vendor_id", "frequencies", "reenlightenment", "tlbflush", "ipi",
	"evmcs", "avic", "emsr_bitmap", "xmm_input", NULL
};
const char *const vc_kvmfeat_names[] = {
	"hidden", "hint-dedicated", "poll-control", "pv-ipi", "dirty-ring", NULL
};
const char *const vc_xenfeat_names[] = { "e820_host", "passthrough", NULL };
const char *const vc_hyperv_mode_names[] = { "", "custom", "passthrough", NULL };
const char *const vc_gic_names[] = { "", "2", "3", "host", NULL };
const char *const vc_capability_names[] = {
	"", "audit_control", "audit_write", "block_suspend", "chown",
	"dac_override", "dac_read_search", "fowner", "fsetid", "ipc_lock",
	"ipc_owner", "kill", "lease", "linux_immutable", "mac_admin",
	"mac_override", "mknod", "net_admin", "net_bind_service",
	"net_broadcast", "net_raw", "setgid", "setfcap", "setpcap", "setuid",
	"sys_admin", "sys_boot", "sys_chroot", "sys_module", "sys_nice",
	"sys_pacct", "sys_ptrace", "sys_rawio", "sys_resource", "sys_time",
	"sys_tty_config", "syslog", "wake_alarm", "checkpoint_restore",
	"perfmon", "bpf", NULL
};
static const char *const onoff[] = { "", "on", "off", NULL };
static const char *const ioapic_names[] = { "", "qemu", "kvm", NULL };
static const char *const hpt_names[] = { "", "enabled", "disabled", "required", NULL };
static const char *const msrs_names[] = { "", "ignore", "fault", NULL };
static const char *const cfpc_names[] = { "", "broken", "workaround", "fixed", NULL };
static const char *const ibs_names[] = { "", "broken", "workaround", "fixed-ibs",
	"fixed-ccd", "fixed-na", NULL };
static const char *const aia_names[] = { "", "aplic", "aplic-imsic", "none", NULL };
static const char *const cap_policy_names[] = { "", "default", "allow", "deny", NULL };
static const char *const xen_pt_names[] = { "", "sync_pt", "share_pt", NULL };

/* how a feature element looks */
enum { SHAPE_PRESENCE, SHAPE_STATE, SHAPE_OTHER };
static const unsigned char shape[VC_FEAT_LAST] = {
	[VC_FEAT_ACPI] = SHAPE_PRESENCE, [VC_FEAT_PAE] = SHAPE_PRESENCE,
	[VC_FEAT_VIRIDIAN] = SHAPE_PRESENCE, [VC_FEAT_PRIVNET] = SHAPE_PRESENCE,
	[VC_FEAT_HAP] = SHAPE_STATE, [VC_FEAT_PVSPINLOCK] = SHAPE_STATE,
	[VC_FEAT_PMU] = SHAPE_STATE, [VC_FEAT_VMPORT] = SHAPE_STATE,
	[VC_FEAT_VMCOREINFO] = SHAPE_STATE, [VC_FEAT_HTM] = SHAPE_STATE,
	[VC_FEAT_NESTED_HV] = SHAPE_STATE, [VC_FEAT_CCF_ASSIST] = SHAPE_STATE,
	[VC_FEAT_RAS] = SHAPE_STATE, [VC_FEAT_PS2] = SHAPE_STATE,
	[VC_FEAT_APIC] = SHAPE_OTHER, [VC_FEAT_HYPERV] = SHAPE_OTHER,
	[VC_FEAT_KVM] = SHAPE_OTHER, [VC_FEAT_CAPABILITIES] = SHAPE_OTHER,
	[VC_FEAT_GIC] = SHAPE_OTHER, [VC_FEAT_SMM] = SHAPE_OTHER,
	[VC_FEAT_IOAPIC] = SHAPE_OTHER, [VC_FEAT_HPT] = SHAPE_OTHER,
	[VC_FEAT_MSRS] = SHAPE_OTHER, [VC_FEAT_XEN] = SHAPE_OTHER,
	[VC_FEAT_CFPC] = SHAPE_OTHER, [VC_FEAT_SBBC] = SHAPE_OTHER,
	[VC_FEAT_IBS] = SHAPE_OTHER, [VC_FEAT_TCG] = SHAPE_OTHER,
	[VC_FEAT_ASYNC_TEARDOWN] = SHAPE_OTHER, [VC_FEAT_AIA] = SHAPE_OTHER,
};

void
vc_sect_features_free(void *p)
{
	struct vc_features *f = p;

	if (f)
		free(f->hv_vendor_id);
	free(f);
}

/* a required on/off state= attribute */
static int
req_state(struct vc_x *x, xmlNodePtr c, int *v)
{
	int r = vc_x_onoff(x, c, "state", v);

	if (r == 0)
		return vc_x_err(x, c, "missing 'state' attribute");
	return r < 0 ? -1 : 0;
}

/* a required enum attribute */
static int
req_enum(struct vc_x *x, xmlNodePtr c, const char *attr, const char *const *names, int *v)
{
	int r = vc_x_enum(x, c, attr, names, v);

	if (r == 0)
		return vc_x_err(x, c, "missing attribute %s", attr);
	return r < 0 ? -1 : 0;
}

/* <elem unit='...'>N</elem> into KiB */
static int
scaled_child(struct vc_x *x, xmlNodePtr c, const char *defunit, unsigned long long *kib)
{
	char *unit = vc_x_attr(x, c, "unit"), *t = vc_x_text(c);
	int r = vc_parse_scaled(t, unit, defunit, kib);

	if (r < 0)
		vc_x_err(x, c, "invalid size '%s': %s", t, vc_errmsg());
	free(unit);
	free(t);
	return r < 0 ? -1 : 0;
}

static int
parse_hyperv(struct vc_x *x, xmlNodePtr n, struct vc_features *f)
{
	xmlNodePtr c, d;
	int i, r;

	if (vc_x_enum(x, n, "mode", vc_hyperv_mode_names, &f->hyperv_mode) < 0)
		return -1;
	if (!f->hyperv_mode)
		f->hyperv_mode = VC_HV_MODE_CUSTOM;
	for (i = 0; i < VC_HV_LAST; i++) {
		if (!(c = vc_x_child(x, n, vc_hyperv_names[i])))
			continue;
		if (req_state(x, c, &f->hyperv[i]) < 0)
			return -1;
		switch (i) {
		case VC_HV_SPINLOCKS:
			if ((r = vc_x_uint(x, c, "retries", 4095, 0xffffffffu, &f->hv_spinlocks)) < 0)
				return -1;
			if (r == 0 && f->hyperv[i] == VC_TRI_YES)
				return vc_x_err(x, c, "missing HyperV spinlock retry count");
			break;
		case VC_HV_VENDOR_ID:
			f->hv_vendor_id = vc_x_attr(x, c, "value");
			if (f->hyperv[i] == VC_TRI_YES) {
				if (!f->hv_vendor_id)
					return vc_x_err(x, c, "missing 'value' attribute for HyperV feature 'vendor_id'");
				if (strlen(f->hv_vendor_id) > 12)
					return vc_x_err(x, c, "HyperV vendor_id value must not be more than 12 characters");
			}
			break;
		case VC_HV_STIMER:
			if ((d = vc_x_child(x, c, "direct")) && req_state(x, d, &f->hv_stimer_direct) < 0)
				return -1;
			break;
		case VC_HV_TLBFLUSH:
			if ((d = vc_x_child(x, c, "direct")) && req_state(x, d, &f->hv_tlbflush_direct) < 0)
				return -1;
			if ((d = vc_x_child(x, c, "extended")) && req_state(x, d, &f->hv_tlbflush_extended) < 0)
				return -1;
			break;
		}
	}
	return 0;
}

static int
parse_kvm(struct vc_x *x, xmlNodePtr n, struct vc_features *f)
{
	xmlNodePtr c;
	int i, r;

	for (i = 0; i < VC_KVM_LAST; i++) {
		if (!(c = vc_x_child(x, n, vc_kvmfeat_names[i])))
			continue;
		if (req_state(x, c, &f->kvm[i]) < 0)
			return -1;
		if (i == VC_KVM_DIRTY_RING) {
			if ((r = vc_x_uint(x, c, "size", 1024, 65536, &f->kvm_dirty_ring_size)) < 0)
				return -1;
			if (r && (f->kvm_dirty_ring_size & (f->kvm_dirty_ring_size - 1)))
				return vc_x_err(x, c, "dirty ring must be power of 2 and ranges [1024, 65536]");
		}
	}
	return 0;
}

static int
parse_xen(struct vc_x *x, xmlNodePtr n, struct vc_features *f)
{
	xmlNodePtr c;
	int i;

	for (i = 0; i < VC_XEN_LAST; i++) {
		if (!(c = vc_x_child(x, n, vc_xenfeat_names[i])))
			continue;
		if (req_state(x, c, &f->xen[i]) < 0)
			return -1;
		if (i == VC_XEN_PASSTHROUGH &&
		    vc_x_enum(x, c, "mode", xen_pt_names, &f->xen_passthrough_mode) < 0)
			return -1;
	}
	return 0;
}

static int
parse_caps(struct vc_x *x, xmlNodePtr n, struct vc_features *f)
{
	xmlNodePtr c;
	int i;

	if (vc_x_enum(x, n, "policy", cap_policy_names, &f->cap_policy) < 0)
		return -1;
	if (!f->cap_policy)
		f->cap_policy = 1;
	for (i = 1; vc_capability_names[i]; i++)
		if ((c = vc_x_child(x, n, vc_capability_names[i]))) {
			f->caps[i] = VC_TRI_YES;
			if (vc_x_onoff(x, c, "state", &f->caps[i]) < 0)
				return -1;
			if (!f->caps[i])
				f->caps[i] = VC_TRI_YES;
		}
	return 0;
}

static int
parse_other(struct vc_x *x, xmlNodePtr c, int i, struct vc_features *f)
{
	xmlNodePtr d;
	unsigned long long kib;
	int r;

	f->state[i] = VC_TRI_YES;
	switch (i) {
	case VC_FEAT_APIC:
		return vc_x_onoff(x, c, "eoi", &f->apic_eoi) < 0 ? -1 : 0;
	case VC_FEAT_HYPERV:
		return parse_hyperv(x, c, f);
	case VC_FEAT_KVM:
		return parse_kvm(x, c, f);
	case VC_FEAT_XEN:
		return parse_xen(x, c, f);
	case VC_FEAT_CAPABILITIES:
		return parse_caps(x, c, f);
	case VC_FEAT_GIC:
		return vc_x_enum(x, c, "version", vc_gic_names, &f->gic_version) < 0 ? -1 : 0;
	case VC_FEAT_SMM:
		if (vc_x_onoff(x, c, "state", &f->state[i]) < 0)
			return -1;
		if (!f->state[i])
			f->state[i] = VC_TRI_YES;
		if ((d = vc_x_child(x, c, "tseg"))) {
			if (scaled_child(x, d, "MiB", &kib) < 0)
				return -1;
			if (kib % 1024)
				return vc_x_err(x, d, "SMM TSEG size must be divisible by 1 MiB");
			if (f->state[i] != VC_TRI_YES)
				return vc_x_err(x, d, "Unable to set TSEG size with SMM turned off");
			f->smm_tseg = kib;
			f->has_smm_tseg = 1;
		}
		return 0;
	case VC_FEAT_IOAPIC:
		return vc_x_enum(x, c, "driver", ioapic_names, &f->ioapic_driver) < 0 ? -1 : 0;
	case VC_FEAT_HPT:
		if (vc_x_enum(x, c, "resizing", hpt_names, &f->hpt_resizing) < 0)
			return -1;
		if ((d = vc_x_child(x, c, "maxpagesize"))) {
			if (scaled_child(x, d, "KiB", &f->hpt_maxpagesize) < 0)
				return -1;
			f->has_hpt_maxpagesize = 1;
		}
		return 0;
	case VC_FEAT_MSRS:
		return req_enum(x, c, "unknown", msrs_names, &f->msrs_unknown);
	case VC_FEAT_CFPC:
		return req_enum(x, c, "value", cfpc_names, &f->cfpc);
	case VC_FEAT_SBBC:
		return req_enum(x, c, "value", cfpc_names, &f->sbbc);
	case VC_FEAT_IBS:
		return req_enum(x, c, "value", ibs_names, &f->ibs);
	case VC_FEAT_AIA:
		return req_enum(x, c, "value", aia_names, &f->aia);
	case VC_FEAT_TCG:
		if ((d = vc_x_child(x, c, "tb-cache"))) {
			if (scaled_child(x, d, "MiB", &f->tcg_tb_cache) < 0)
				return -1;
			f->has_tcg_tb_cache = 1;
		}
		return 0;
	case VC_FEAT_ASYNC_TEARDOWN:
		if ((r = vc_x_yesno(x, c, "enabled", &f->async_teardown)) < 0)
			return -1;
		if (r == 0)
			f->async_teardown = VC_TRI_YES;
		return 0;
	}
	return 0;
}

void *
vc_sect_features_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_features *f = vc_calloc(1, sizeof(*f));
	xmlNodePtr c;
	int i;

	for (i = 0; i < VC_FEAT_LAST; i++) {
		if (!(c = vc_x_child(x, n, vc_feature_names[i])))
			continue;
		switch (shape[i]) {
		case SHAPE_PRESENCE:
			f->state[i] = VC_TRI_YES;
			break;
		case SHAPE_STATE:
			if (vc_x_onoff(x, c, "state", &f->state[i]) < 0)
				goto bad;
			if (!f->state[i])
				f->state[i] = VC_TRI_YES;
			break;
		default:
			if (parse_other(x, c, i, f) < 0)
				goto bad;
		}
	}
	return f;
bad:
	vc_sect_features_free(f);
	return NULL;
}

static void
state_elem(struct vc_buf *b, int lvl, const char *name, int st)
{
	vc_f_open(b, lvl, name);
	vc_f_attr_enum(b, "state", onoff, st);
	vc_f_close_empty(b);
}

static void
format_hyperv(struct vc_buf *b, int lvl, const struct vc_features *f)
{
	int i, any = 0;

	vc_f_open(b, lvl, "hyperv");
	vc_f_attr_enum(b, "mode", vc_hyperv_mode_names, f->hyperv_mode);
	for (i = 0; i < VC_HV_LAST; i++) {
		if (!f->hyperv[i])
			continue;
		if (!any++)
			vc_f_close_open(b);
		vc_f_open(b, lvl + 1, vc_hyperv_names[i]);
		vc_f_attr_enum(b, "state", onoff, f->hyperv[i]);
		if (f->hyperv[i] == VC_TRI_YES && i == VC_HV_SPINLOCKS)
			vc_f_attr_u(b, "retries", f->hv_spinlocks);
		if (f->hyperv[i] == VC_TRI_YES && i == VC_HV_VENDOR_ID)
			vc_f_attr(b, "value", f->hv_vendor_id);
		if (i == VC_HV_STIMER && f->hv_stimer_direct) {
			vc_f_close_open(b);
			state_elem(b, lvl + 2, "direct", f->hv_stimer_direct);
			vc_f_end(b, lvl + 1, vc_hyperv_names[i]);
		} else if (i == VC_HV_TLBFLUSH && (f->hv_tlbflush_direct || f->hv_tlbflush_extended)) {
			vc_f_close_open(b);
			if (f->hv_tlbflush_direct)
				state_elem(b, lvl + 2, "direct", f->hv_tlbflush_direct);
			if (f->hv_tlbflush_extended)
				state_elem(b, lvl + 2, "extended", f->hv_tlbflush_extended);
			vc_f_end(b, lvl + 1, vc_hyperv_names[i]);
		} else {
			vc_f_close_empty(b);
		}
	}
	if (any)
		vc_f_end(b, lvl, "hyperv");
	else
		vc_f_close_empty(b);
}

static void
format_kvm(struct vc_buf *b, int lvl, const struct vc_features *f)
{
	int i, any = 0;

	for (i = 0; i < VC_KVM_LAST; i++)
		any |= f->kvm[i];
	if (!any) {
		vc_f_open(b, lvl, "kvm");
		vc_f_close_empty(b);
		return;
	}
	vc_f_open(b, lvl, "kvm");
	vc_f_close_open(b);
	for (i = 0; i < VC_KVM_LAST; i++) {
		if (!f->kvm[i])
			continue;
		vc_f_open(b, lvl + 1, vc_kvmfeat_names[i]);
		vc_f_attr_enum(b, "state", onoff, f->kvm[i]);
		if (i == VC_KVM_DIRTY_RING && f->kvm[i] == VC_TRI_YES && f->kvm_dirty_ring_size)
			vc_f_attr_u(b, "size", f->kvm_dirty_ring_size);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "kvm");
}

static void
format_xen(struct vc_buf *b, int lvl, const struct vc_features *f)
{
	int i, any = 0;

	for (i = 0; i < VC_XEN_LAST; i++)
		any |= f->xen[i];
	vc_f_open(b, lvl, "xen");
	if (!any) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	for (i = 0; i < VC_XEN_LAST; i++) {
		if (!f->xen[i])
			continue;
		vc_f_open(b, lvl + 1, vc_xenfeat_names[i]);
		vc_f_attr_enum(b, "state", onoff, f->xen[i]);
		if (i == VC_XEN_PASSTHROUGH)
			vc_f_attr_enum(b, "mode", xen_pt_names, f->xen_passthrough_mode);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "xen");
}

static void
format_caps(struct vc_buf *b, int lvl, const struct vc_features *f)
{
	int i, any = 0;

	vc_f_open(b, lvl, "capabilities");
	vc_f_attr_enum(b, "policy", cap_policy_names, f->cap_policy);
	for (i = 1; vc_capability_names[i]; i++) {
		if (!f->caps[i])
			continue;
		if (!any++)
			vc_f_close_open(b);
		state_elem(b, lvl + 1, vc_capability_names[i], f->caps[i]);
	}
	if (any)
		vc_f_end(b, lvl, "capabilities");
	else
		vc_f_close_empty(b);
}

static void
format_other(struct vc_buf *b, int lvl, int i, const struct vc_features *f)
{
	const char *name = vc_feature_names[i];

	switch (i) {
	case VC_FEAT_HYPERV:
		format_hyperv(b, lvl, f);
		return;
	case VC_FEAT_KVM:
		format_kvm(b, lvl, f);
		return;
	case VC_FEAT_XEN:
		format_xen(b, lvl, f);
		return;
	case VC_FEAT_CAPABILITIES:
		format_caps(b, lvl, f);
		return;
	case VC_FEAT_SMM:
		vc_f_open(b, lvl, name);
		vc_f_attr_enum(b, "state", onoff, f->state[i]);
		if (!f->has_smm_tseg) {
			vc_f_close_empty(b);
			return;
		}
		vc_f_close_open(b);
		vc_buf_indent(b, lvl + 1);
		vc_buf_printf(b, "<tseg unit='MiB'>%llu</tseg>\n", f->smm_tseg / 1024);
		vc_f_end(b, lvl, name);
		return;
	case VC_FEAT_HPT:
		vc_f_open(b, lvl, name);
		vc_f_attr_enum(b, "resizing", hpt_names, f->hpt_resizing);
		if (!f->has_hpt_maxpagesize) {
			vc_f_close_empty(b);
			return;
		}
		vc_f_close_open(b);
		vc_buf_indent(b, lvl + 1);
		vc_buf_printf(b, "<maxpagesize unit='KiB'>%llu</maxpagesize>\n", f->hpt_maxpagesize);
		vc_f_end(b, lvl, name);
		return;
	case VC_FEAT_TCG:
		vc_f_open(b, lvl, name);
		if (!f->has_tcg_tb_cache) {
			vc_f_close_empty(b);
			return;
		}
		vc_f_close_open(b);
		vc_buf_indent(b, lvl + 1);
		vc_buf_printf(b, "<tb-cache unit='KiB'>%llu</tb-cache>\n", f->tcg_tb_cache);
		vc_f_end(b, lvl, name);
		return;
	}
	vc_f_open(b, lvl, name);
	switch (i) {
	case VC_FEAT_APIC:
		vc_f_attr_enum(b, "eoi", onoff, f->apic_eoi);
		break;
	case VC_FEAT_GIC:
		vc_f_attr_enum(b, "version", vc_gic_names, f->gic_version);
		break;
	case VC_FEAT_IOAPIC:
		vc_f_attr_enum(b, "driver", ioapic_names, f->ioapic_driver);
		break;
	case VC_FEAT_MSRS:
		vc_f_attr_enum(b, "unknown", msrs_names, f->msrs_unknown);
		break;
	case VC_FEAT_CFPC:
		vc_f_attr_enum(b, "value", cfpc_names, f->cfpc);
		break;
	case VC_FEAT_SBBC:
		vc_f_attr_enum(b, "value", cfpc_names, f->sbbc);
		break;
	case VC_FEAT_IBS:
		vc_f_attr_enum(b, "value", ibs_names, f->ibs);
		break;
	case VC_FEAT_AIA:
		vc_f_attr_enum(b, "value", aia_names, f->aia);
		break;
	case VC_FEAT_ASYNC_TEARDOWN:
		vc_f_attr_yesno(b, "enabled", f->async_teardown);
		break;
	}
	vc_f_close_empty(b);
}

void
vc_sect_features_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_features *f = p;
	int i, any = 0;

	if (!f)
		return;
	for (i = 0; i < VC_FEAT_LAST; i++)
		any |= f->state[i];
	if (!any)
		return;
	vc_f_open(b, lvl, "features");
	vc_f_close_open(b);
	for (i = 0; i < VC_FEAT_LAST; i++) {
		if (!f->state[i])
			continue;
		switch (shape[i]) {
		case SHAPE_PRESENCE:
			vc_f_open(b, lvl + 1, vc_feature_names[i]);
			vc_f_close_empty(b);
			break;
		case SHAPE_STATE:
			state_elem(b, lvl + 1, vc_feature_names[i], f->state[i]);
			break;
		default:
			format_other(b, lvl + 1, i, f);
		}
	}
	vc_f_end(b, lvl, "features");
}

/* ---- <pm> ---- */

void
vc_sect_pm_free(void *p)
{
	free(p);
}

void *
vc_sect_pm_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_pm *pm = vc_calloc(1, sizeof(*pm));
	xmlNodePtr c;

	if ((c = vc_x_child(x, n, "suspend-to-mem")) && vc_x_yesno(x, c, "enabled", &pm->mem) < 0)
		goto bad;
	if ((c = vc_x_child(x, n, "suspend-to-disk")) && vc_x_yesno(x, c, "enabled", &pm->disk) < 0)
		goto bad;
	return pm;
bad:
	free(pm);
	return NULL;
}

void
vc_sect_pm_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_pm *pm = p;

	if (!pm || (!pm->mem && !pm->disk))
		return;
	vc_f_open(b, lvl, "pm");
	vc_f_close_open(b);
	if (pm->mem) {
		vc_f_open(b, lvl + 1, "suspend-to-mem");
		vc_f_attr_yesno(b, "enabled", pm->mem);
		vc_f_close_empty(b);
	}
	if (pm->disk) {
		vc_f_open(b, lvl + 1, "suspend-to-disk");
		vc_f_attr_yesno(b, "enabled", pm->disk);
		vc_f_close_empty(b);
	}
	vc_f_end(b, lvl, "pm");
}

/* ---- <perf> ---- */

const char *const vc_perf_names[] = {
	"", "cmt", "mbmt", "mbml", "cpu_cycles", "instructions",
	"cache_references", "cache_misses", "branch_instructions",
	"branch_misses", "bus_cycles", "stalled_cycles_frontend",
	"stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock", "task_clock",
	"page_faults", "context_switches", "cpu_migrations", "page_faults_min",
	"page_faults_maj", "alignment_faults", "emulation_faults", NULL
};

void
vc_sect_perf_free(void *p)
{
	free(p);
}

void *
vc_sect_perf_parse(struct vc_x *x, xmlNodePtr n)
{
	struct vc_perf *pf = vc_calloc(1, sizeof(*pf));
	xmlNodePtr c;
	int ev, en;

	for (c = vc_x_child(x, n, "event"); c; c = vc_x_next(c, "event")) {
		if (req_enum(x, c, "name", vc_perf_names, &ev) < 0)
			goto bad;
		if (vc_x_yesno(x, c, "enabled", &en) < 0)
			goto bad;
		if (!en) {
			vc_x_err(x, c, "missing attribute enabled");
			goto bad;
		}
		if (pf->ev[ev]) {
			vc_x_err(x, c, "perf event '%s' was already specified", vc_perf_names[ev]);
			goto bad;
		}
		pf->ev[ev] = en;
	}
	return pf;
bad:
	free(pf);
	return NULL;
}

void
vc_sect_perf_format(struct vc_buf *b, int lvl, const void *p)
{
	const struct vc_perf *pf = p;
	int i, any = 0;

	if (!pf)
		return;
	for (i = 1; i <= VC_PERF_LAST; i++) {
		if (!pf->ev[i])
			continue;
		if (!any++) {
			vc_f_open(b, lvl, "perf");
			vc_f_close_open(b);
		}
		vc_f_open(b, lvl + 1, "event");
		vc_f_attr(b, "name", vc_perf_names[i]);
		vc_f_attr_yesno(b, "enabled", pf->ev[i]);
		vc_f_close_empty(b);
	}
	if (any)
		vc_f_end(b, lvl, "perf");
}
