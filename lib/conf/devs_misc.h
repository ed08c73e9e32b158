/* devs_misc.h: character, smartcard, input, tpm, graphics, sound, audio, video, watchdog, memballoon, rng, panic devices */
#ifndef VC_DEVS_MISC_H
#define VC_DEVS_MISC_H

#include "conf.h"
#include "conf/dev_info.h"

/* ---- character devices (dev_chr.c) ---- */
enum vc_chr_type {
	VC_CHR_NONE, VC_CHR_NULL, VC_CHR_VC, VC_CHR_PTY, VC_CHR_DEV,
	VC_CHR_FILE, VC_CHR_PIPE, VC_CHR_STDIO, VC_CHR_UDP, VC_CHR_TCP,
	VC_CHR_UNIX, VC_CHR_SPICEVMC, VC_CHR_SPICEPORT, VC_CHR_NMDM,
	VC_CHR_QEMU_VDAGENT, VC_CHR_DBUS,
};
extern const char *const vc_chr_type_names[];
enum { VC_CHR_MODE_NONE, VC_CHR_MODE_BIND, VC_CHR_MODE_CONNECT };
extern const char *const vc_chr_mode_names[];
enum { VC_CHR_PROTO_NONE, VC_CHR_PROTO_RAW, VC_CHR_PROTO_TELNET,
       VC_CHR_PROTO_TELNETS, VC_CHR_PROTO_TLS };
extern const char *const vc_chr_proto_names[];

struct vc_seclabel_dev {
	char *model;
	int relabel;               /* VC_TRI_* yes/no */
	char *label;
};

/* the backend of a character device; also used by rng egd, tpm, smartcard */
struct vc_chr_source {
	int type;                  /* enum vc_chr_type */
	char *path;                /* pty dev file pipe unix */
	int append;                /* file: VC_TRI_* on/off */
	int mode;                  /* tcp unix: bind/connect */
	char *host, *service;      /* tcp; udp connect side */
	char *bind_host, *bind_service;   /* udp bind side */
	int tls;                   /* tcp: VC_TRI_* yes/no */
	int protocol;              /* tcp <protocol type/> */
	int reconnect;             /* VC_TRI_* yes/no, absent = no element */
	unsigned reconnect_timeout;
	int has_reconnect_timeout;
	char *master, *slave;      /* nmdm */
	char *channel;             /* spiceport, dbus */
	int clipboard;             /* qemu-vdagent: VC_TRI_* yes/no */
	int mouse;                 /* qemu-vdagent: 0, 1 server, 2 client */
	struct vc_seclabel_dev *seclabels;
	size_t nseclabels;
	char *log_file;
	int log_append;            /* VC_TRI_* on/off */
};
/* parse the <source>/<protocol>/<log> children of n; type was read from
 * n's type attribute by the caller.  chan_virtio: a unix path may be absent. */
int vc_chr_source_parse(struct vc_x *x, xmlNodePtr n, struct vc_chr_source *s,
                        int path_optional);
void vc_chr_source_format(struct vc_buf *b, int lvl, const struct vc_chr_source *s);
void vc_chr_source_clear(struct vc_chr_source *s);
/* a deep copy into d (whose old contents are not freed); equal sources */
void vc_chr_source_copy(struct vc_chr_source *d, const struct vc_chr_source *s);
int vc_chr_source_equal(const struct vc_chr_source *a, const struct vc_chr_source *b);

enum vc_chr_serial_target {
	VC_SERIAL_TGT_NONE, VC_SERIAL_TGT_ISA, VC_SERIAL_TGT_USB,
	VC_SERIAL_TGT_PCI, VC_SERIAL_TGT_SPAPR_VIO, VC_SERIAL_TGT_SYSTEM,
	VC_SERIAL_TGT_SCLP, VC_SERIAL_TGT_ISA_DEBUG,
};
extern const char *const vc_serial_target_names[];
extern const char *const vc_serial_model_names[];
enum vc_chr_console_target {
	VC_CONSOLE_TGT_NONE, VC_CONSOLE_TGT_SERIAL, VC_CONSOLE_TGT_XEN,
	VC_CONSOLE_TGT_UML, VC_CONSOLE_TGT_VIRTIO, VC_CONSOLE_TGT_LXC,
	VC_CONSOLE_TGT_OPENVZ, VC_CONSOLE_TGT_SCLP, VC_CONSOLE_TGT_SCLPLM,
};
extern const char *const vc_console_target_names[];
enum vc_chr_channel_target {
	VC_CHANNEL_TGT_NONE, VC_CHANNEL_TGT_GUESTFWD, VC_CHANNEL_TGT_VIRTIO,
	VC_CHANNEL_TGT_XEN,
};
extern const char *const vc_channel_target_names[];
enum { VC_CHANNEL_STATE_NONE, VC_CHANNEL_STATE_CONNECTED, VC_CHANNEL_STATE_DISCONNECTED };
extern const char *const vc_channel_state_names[];

struct vc_dev_chr {
	int kind;                  /* VC_DEV_SERIAL/PARALLEL/CONSOLE/CHANNEL */
	struct vc_chr_source src;
	int target_type;           /* per kind: vc_*_target_names */
	int port;                  /* target port; -1 absent */
	int model;                 /* serial <target><model name/> */
	char *target_name;         /* channel virtio/xen */
	int target_state;          /* channel virtio, live only */
	char *fwd_address, *fwd_port;   /* channel guestfwd */
	struct vc_devinfo info;
};

/* ---- smartcard (dev_smartcard.c) ---- */
enum { VC_SMARTCARD_NONE, VC_SMARTCARD_HOST, VC_SMARTCARD_HOST_CERTIFICATES,
       VC_SMARTCARD_PASSTHROUGH };
extern const char *const vc_smartcard_mode_names[];
#define VC_SMARTCARD_NCERTS 3
struct vc_dev_smartcard {
	int mode;
	char *certs[VC_SMARTCARD_NCERTS];   /* host-certificates: names or absolute paths */
	char *database;            /* host-certificates: absolute path, NULL default */
	struct vc_chr_source src;  /* passthrough: src.type is the type= attribute */
	struct vc_devinfo info;    /* address: ccid */
};
/* libvirt's post-parse: a smartcard without an address gets the next
 * slot of ccid controller 0, and each ccid controller a smartcard names
 * is added when missing.  Call after vc_devs_storage_postparse (controller
 * indexes are known then). */
void vc_devs_smartcard_postparse(struct vc_domain *d);

/* ---- input (dev_input.c) ---- */
enum { VC_INPUT_NONE, VC_INPUT_MOUSE, VC_INPUT_TABLET, VC_INPUT_KEYBOARD,
       VC_INPUT_PASSTHROUGH, VC_INPUT_EVDEV };
extern const char *const vc_input_type_names[];
enum { VC_INPUT_BUS_NONE, VC_INPUT_BUS_PS2, VC_INPUT_BUS_USB, VC_INPUT_BUS_XEN,
       VC_INPUT_BUS_PARALLELS, VC_INPUT_BUS_VIRTIO, VC_INPUT_BUS_NONEBUS };
extern const char *const vc_input_bus_names[];
extern const char *const vc_input_model_names[];
extern const char *const vc_input_grab_names[];
extern const char *const vc_input_grabtoggle_names[];

struct vc_dev_input {
	int type, bus, model;
	char *evdev;               /* passthrough source evdev=, evdev source dev= */
	int grab, grab_toggle, repeat;   /* evdev; repeat VC_TRI_* on/off */
	struct vc_virtio_opts virtio;
	struct vc_devinfo info;
};

/* ---- tpm (dev_misc.c) ---- */
extern const char *const vc_tpm_model_names[];
enum { VC_TPM_BACKEND_NONE, VC_TPM_BACKEND_PASSTHROUGH, VC_TPM_BACKEND_EMULATOR,
       VC_TPM_BACKEND_EXTERNAL };
extern const char *const vc_tpm_backend_names[];
extern const char *const vc_tpm_version_names[];
extern const char *const vc_tpm_pcr_names[];
struct vc_dev_tpm {
	int model, backend, version;
	char *device_path;         /* passthrough <device path/> */
	int persistent_state;      /* VC_TRI_* yes/no */
	unsigned debug;
	int has_debug;
	char *secret;              /* emulator <encryption secret/> */
	int source_type;           /* emulator <source type=file|dir path/> */
	char *source_path;
	unsigned pcr_banks;        /* bit i = vc_tpm_pcr_names[i + 1] */
	int has_pcr_banks;
	char *profile_source, *profile_name;
	int profile_remove_disabled;
	struct vc_chr_source ext;  /* external: <source type='unix' .../> */
	struct vc_devinfo info;
};

/* ---- graphics (dev_graphics.c) ---- */
enum { VC_GFX_NONE, VC_GFX_SDL, VC_GFX_VNC, VC_GFX_RDP, VC_GFX_DESKTOP,
       VC_GFX_SPICE, VC_GFX_EGL_HEADLESS, VC_GFX_DBUS };
extern const char *const vc_gfx_type_names[];
enum { VC_LISTEN_NONE_ABSENT, VC_LISTEN_NONE, VC_LISTEN_ADDRESS,
       VC_LISTEN_NETWORK, VC_LISTEN_SOCKET };
extern const char *const vc_listen_type_names[];
struct vc_gfx_listen {
	int type;
	char *address, *network, *socket;
};
enum { VC_SPICE_CH_MAIN, VC_SPICE_CH_DISPLAY, VC_SPICE_CH_INPUTS,
       VC_SPICE_CH_CURSOR, VC_SPICE_CH_PLAYBACK, VC_SPICE_CH_RECORD,
       VC_SPICE_CH_SMARTCARD, VC_SPICE_CH_USBREDIR, VC_SPICE_CH_LAST };
struct vc_dev_graphics {
	int type;
	int port, tls_port, websocket;   /* 0 absent */
	int autoport;              /* 1 yes, 0 no */
	char *keymap, *passwd, *passwd_valid_to;
	int connected, share_policy, power_control, default_mode;
	/* sdl, desktop */
	char *display, *xauth;
	int fullscreen;            /* VC_TRI_* */
	/* rdp */
	int replace_user, multi_user;
	/* dbus */
	char *address;
	int p2p;
	struct vc_gfx_listen *listens;
	size_t nlistens;
	/* spice children */
	int channel_mode[VC_SPICE_CH_LAST];
	int image, jpeg, zlib, playback, streaming, mouse, clipboard, filetransfer;
	int gl;                    /* VC_TRI_* */
	char *rendernode;
	int has_gl;
	unsigned audio_id;         /* vnc, dbus <audio id/> */
};

/* ---- video (dev_video.c) ---- */
enum { VC_VIDEO_DEFAULT, VC_VIDEO_VGA, VC_VIDEO_CIRRUS, VC_VIDEO_VMVGA,
       VC_VIDEO_XEN, VC_VIDEO_VBOX, VC_VIDEO_QXL, VC_VIDEO_PARALLELS,
       VC_VIDEO_VIRTIO, VC_VIDEO_GOP, VC_VIDEO_NONE, VC_VIDEO_BOCHS,
       VC_VIDEO_RAMFB };
extern const char *const vc_video_type_names[];
struct vc_dev_video {
	int type;
	unsigned ram, vram, vram64, vgamem, heads;
	int has_ram, has_vram, has_vram64, has_vgamem, has_heads;
	int primary;               /* 1 when primary='yes' */
	int blob;                  /* VC_TRI_* on/off */
	int has_accel;
	int accel3d, accel2d;      /* VC_TRI_* yes/no */
	char *rendernode;
	int has_res;
	unsigned res_x, res_y;
	int driver_name;           /* qemu / vhostuser */
	int vgaconf;
	struct vc_virtio_opts virtio;
	struct vc_devinfo info;
};
/* libvirt's rules over all videos of a domain: the primary one goes
 * first; without one the first is primary.  -1 on two primaries. */
int vc_dev_video_order(void **videos, size_t n);
/* what QEMU's driver fills in: heads, video RAM sizes */
void vc_dev_video_qemu_defaults(struct vc_dev_video *v);

/* ---- sound, audio (dev_sound.c) ---- */
extern const char *const vc_sound_model_names[];
extern const char *const vc_sound_codec_names[];
struct vc_dev_sound {
	int model;
	int *codecs;
	size_t ncodecs;
	unsigned audio_id;         /* 0 absent */
	int multichannel;          /* usb: VC_TRI_* yes/no */
	int streams;               /* virtio */
	struct vc_devinfo info;
};
extern const char *const vc_audio_type_names[];
/* <audio> is private to dev_sound.c; its id for checks across devices */
unsigned vc_dev_audio_id(const void *dev);
/* a bare <audio id type/> (type a vc_audio_type_names entry) */
void *vc_dev_audio_new(unsigned id, const char *type);

/* ---- rules across devices (dev_misc.c), for domain.c ---- */
/* generic post-parse: serial/parallel/console ports, console target type,
 * the primary video first.  -1 with an error set (two primary videos). */
int vc_devs_misc_postparse(struct vc_domain *d);
/* QEMU x86 defaults: serial target type+model, input buses, implicit ps2
 * mouse and keyboard, video RAM and heads, a default <audio> backend, a
 * virtio memballoon, the iTCO watchdog of q35 machines (q35 != 0).
 * Call before vc_devs_misc_postparse. */
void vc_devs_misc_qemu_defaults(struct vc_domain *d, int q35);

/* ---- watchdog, memballoon, rng, panic (dev_misc.c) ---- */
extern const char *const vc_watchdog_model_names[];
extern const char *const vc_watchdog_action_names[];
struct vc_dev_watchdog {
	int model, action;
	struct vc_devinfo info;
};

extern const char *const vc_memballoon_model_names[];
struct vc_dev_memballoon {
	int model;
	int autodeflate, free_page_reporting;   /* VC_TRI_* on/off */
	unsigned period;
	int has_period;
	struct vc_virtio_opts virtio;
	struct vc_devinfo info;
};

extern const char *const vc_rng_model_names[];
enum { VC_RNG_BACKEND_NONE, VC_RNG_BACKEND_RANDOM, VC_RNG_BACKEND_EGD,
       VC_RNG_BACKEND_BUILTIN };
extern const char *const vc_rng_backend_names[];
struct vc_dev_rng {
	int model, backend;
	unsigned rate_bytes, rate_period;
	int has_rate, has_rate_period;
	char *random_path;         /* <backend model='random'>PATH</backend> */
	struct vc_chr_source egd;  /* egd: type= on <backend> */
	struct vc_virtio_opts virtio;
	struct vc_devinfo info;
};

extern const char *const vc_panic_model_names[];
struct vc_dev_panic {
	int model;
	struct vc_devinfo info;
};

/* the device table entries (devices.c) */
#define VC_DEV_DECL(fam) \
	void *vc_dev_##fam##_parse(struct vc_x *x, xmlNodePtr n, int kind); \
	void vc_dev_##fam##_format(struct vc_buf *b, int lvl, const void *dev, int kind); \
	void vc_dev_##fam##_free(void *dev);
VC_DEV_DECL(chr)
VC_DEV_DECL(smartcard)
VC_DEV_DECL(input)
VC_DEV_DECL(tpm)
VC_DEV_DECL(graphics)
VC_DEV_DECL(sound)
VC_DEV_DECL(audio)
VC_DEV_DECL(video)
VC_DEV_DECL(watchdog)
VC_DEV_DECL(memballoon)
VC_DEV_DECL(rng)
VC_DEV_DECL(panic)
#undef VC_DEV_DECL

#endif
