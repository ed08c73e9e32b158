/* dev_sound.c: <sound> cards and the <audio> backends they play through */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf/devs_misc.h"

const char *const vc_sound_model_names[] = {
	"", "sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "ich7",
	"virtio", NULL,
};
const char *const vc_sound_codec_names[] = {
	"", "duplex", "micro", "output", NULL,
};
const char *const vc_audio_type_names[] = {
	"", "none", "alsa", "coreaudio", "jack", "oss", "pulseaudio", "sdl",
	"spice", "file", "dbus", "pipewire", NULL,
};
static const char *const format_names[] = {
	"", "s8", "u8", "s16", "u16", "s32", "u32", "f32", NULL,
};

/* ---- sound ---- */

void *
vc_dev_sound_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct vc_dev_sound *s = vc_calloc(1, sizeof(*s));
	xmlNodePtr c;
	int r, t;

	if ((r = vc_x_enum(x, n, "model", vc_sound_model_names, &s->model)) < 0)
		goto bad;
	if (r == 0 || !s->model) {
		vc_x_err(x, n, "missing attribute 'model'");
		goto bad;
	}
	if (vc_x_yesno(x, n, "multichannel", &s->multichannel) < 0)
		goto bad;
	if (s->multichannel && s->model != 7) {
		vc_x_err(x, n, "'multichannel' is only for usb sound devices");
		goto bad;
	}
	for (c = vc_x_child(x, n, "codec"); c; c = vc_x_next(c, "codec")) {
		t = 0;
		if ((r = vc_x_enum(x, c, "type", vc_sound_codec_names, &t)) < 0)
			goto bad;
		if (r == 0 || !t) {
			vc_x_err(x, c, "missing attribute 'type'");
			goto bad;
		}
		VC_GROW(s->codecs, s->ncodecs);
		s->codecs[s->ncodecs++] = t;
	}
	if ((c = vc_x_child(x, n, "audio"))) {
		if ((r = vc_x_uint(x, c, "id", 1, 0x7fffffff, &s->audio_id)) < 0)
			goto bad;
		if (r == 0) {
			vc_x_err(x, c, "missing attribute 'id'");
			goto bad;
		}
	}
	if (vc_devinfo_parse(x, n, &s->info) < 0)
		goto bad;
	return s;
bad:
	vc_dev_sound_free(s);
	return NULL;
}

void
vc_dev_sound_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct vc_dev_sound *s = dev;
	size_t i;

	vc_f_open(b, lvl, "sound");
	vc_f_attr_enum(b, "model", vc_sound_model_names, s->model);
	vc_f_attr_yesno(b, "multichannel", s->multichannel);
	if (!s->ncodecs && !s->audio_id && !s->info.alias &&
	    s->info.addr.type == VC_ADDR_NONE) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	for (i = 0; i < s->ncodecs; i++) {
		vc_f_open(b, lvl + 1, "codec");
		vc_f_attr_enum(b, "type", vc_sound_codec_names, s->codecs[i]);
		vc_f_close_empty(b);
	}
	if (s->audio_id) {
		vc_f_open(b, lvl + 1, "audio");
		vc_f_attr_u(b, "id", s->audio_id);
		vc_f_close_empty(b);
	}
	vc_devinfo_format(b, lvl + 1, &s->info);
	vc_f_end(b, lvl, "sound");
}

void
vc_dev_sound_free(void *dev)
{
	struct vc_dev_sound *s = dev;

	if (!s)
		return;
	free(s->codecs);
	vc_devinfo_clear(&s->info);
	free(s);
}

/* ---- audio ----
 * Backends differ only in which extra attributes they take, on <audio>
 * and on its <input>/<output>; tables say which, in output order. */

enum { A_STR, A_YESNO, A_UINT };
struct aattr {
	int type;                  /* audio type index, 0 = every type */
	const char *name;
	int kind;
};

enum { T_NONE = 1, T_ALSA, T_COREAUDIO, T_JACK, T_OSS, T_PULSE, T_SDL,
       T_SPICE, T_FILE, T_DBUS, T_PIPEWIRE };

static const struct aattr top_attrs[] = {
	{ 0, "timerPeriod", A_UINT },
	{ T_OSS, "tryMMap", A_YESNO },
	{ T_OSS, "exclusive", A_YESNO },
	{ T_OSS, "dspPolicy", A_UINT },
	{ T_PULSE, "serverName", A_STR },
	{ T_SDL, "driver", A_STR },
	{ T_FILE, "path", A_STR },
	{ T_PIPEWIRE, "runtimeDir", A_STR },
};
static const struct aattr dir_attrs[] = {
	{ 0, "mixingEngine", A_YESNO },
	{ 0, "fixedSettings", A_YESNO },
	{ 0, "voices", A_UINT },
	{ 0, "bufferLength", A_UINT },
	{ T_ALSA, "dev", A_STR },
	{ T_COREAUDIO, "bufferCount", A_UINT },
	{ T_JACK, "serverName", A_STR },
	{ T_JACK, "clientName", A_STR },
	{ T_JACK, "connectPorts", A_STR },
	{ T_JACK, "exactName", A_YESNO },
	{ T_OSS, "dev", A_STR },
	{ T_OSS, "bufferCount", A_UINT },
	{ T_OSS, "tryPoll", A_YESNO },
	{ T_PULSE, "name", A_STR },
	{ T_PULSE, "streamName", A_STR },
	{ T_PULSE, "latency", A_UINT },
	{ T_SDL, "bufferCount", A_UINT },
	{ T_PIPEWIRE, "name", A_STR },
	{ T_PIPEWIRE, "streamName", A_STR },
	{ T_PIPEWIRE, "latency", A_UINT },
};
#define NTOP VC_NELEM(top_attrs)
#define NDIR VC_NELEM(dir_attrs)

struct audio_dir {
	int present;
	char *v[NDIR];
	int has_settings;
	unsigned freq, channels;
	int has_freq, has_channels, format;
};
struct audio {
	unsigned id;
	int type;
	char *v[NTOP];
	struct audio_dir dir[2];   /* input, output */
};

static int
attrs_parse(struct vc_x *x, xmlNodePtr n, int type, const struct aattr *t,
            size_t nt, char **v)
{
	unsigned long long u;
	size_t i;

	for (i = 0; i < nt; i++) {
		if (t[i].type && t[i].type != type)
			continue;
		if (!(v[i] = vc_x_attr(x, n, t[i].name)))
			continue;
		if (t[i].kind == A_YESNO && strcmp(v[i], "yes") != 0 &&
		    strcmp(v[i], "no") != 0)
			return vc_x_err(x, n, "%s '%s' is not yes or no", t[i].name, v[i]);
		if (t[i].kind == A_UINT && vc_parse_ull(v[i], 0, 0xffffffffu, &u) < 0)
			return vc_x_err(x, n, "%s '%s' is not a number", t[i].name, v[i]);
	}
	return 0;
}

static void
attrs_format(struct vc_buf *b, const struct aattr *t, size_t nt, char *const *v)
{
	size_t i;

	for (i = 0; i < nt; i++)
		vc_f_attr(b, t[i].name, v[i]);
}

static int
dir_parse(struct vc_x *x, xmlNodePtr c, int type, struct audio_dir *d)
{
	xmlNodePtr s;
	int r;

	d->present = 1;
	if (attrs_parse(x, c, type, dir_attrs, NDIR, d->v) < 0)
		return -1;
	if (!(s = vc_x_child(x, c, "settings")))
		return 0;
	d->has_settings = 1;
	if ((r = vc_x_uint(x, s, "frequency", 1, 0xffffffffu, &d->freq)) < 0)
		return -1;
	d->has_freq = r;
	if ((r = vc_x_uint(x, s, "channels", 1, 0xffffffffu, &d->channels)) < 0)
		return -1;
	d->has_channels = r;
	return vc_x_enum(x, s, "format", format_names, &d->format) < 0 ? -1 : 0;
}

static void
dir_format(struct vc_buf *b, int lvl, const char *elem, const struct audio_dir *d)
{
	vc_f_open(b, lvl, elem);
	attrs_format(b, dir_attrs, NDIR, d->v);
	if (!d->has_settings) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	vc_f_open(b, lvl + 1, "settings");
	if (d->has_freq)
		vc_f_attr_u(b, "frequency", d->freq);
	if (d->has_channels)
		vc_f_attr_u(b, "channels", d->channels);
	vc_f_attr_enum(b, "format", format_names, d->format);
	vc_f_close_empty(b);
	vc_f_end(b, lvl, elem);
}

void *
vc_dev_audio_parse(struct vc_x *x, xmlNodePtr n, int kind VC_UNUSED)
{
	struct audio *a = vc_calloc(1, sizeof(*a));
	static const char *const dirs[] = { "input", "output" };
	xmlNodePtr c;
	int r, i;

	if ((r = vc_x_uint(x, n, "id", 1, 0x7fffffff, &a->id)) < 0)
		goto bad;
	if (r == 0) {
		vc_x_err(x, n, "missing attribute 'id'");
		goto bad;
	}
	if ((r = vc_x_enum(x, n, "type", vc_audio_type_names, &a->type)) < 0)
		goto bad;
	if (r == 0 || !a->type) {
		vc_x_err(x, n, "missing attribute 'type'");
		goto bad;
	}
	if (attrs_parse(x, n, a->type, top_attrs, NTOP, a->v) < 0)
		goto bad;
	for (i = 0; i < 2; i++)
		if ((c = vc_x_child(x, n, dirs[i])) &&
		    dir_parse(x, c, a->type, &a->dir[i]) < 0)
			goto bad;
	return a;
bad:
	vc_dev_audio_free(a);
	return NULL;
}

void
vc_dev_audio_format(struct vc_buf *b, int lvl, const void *dev, int kind VC_UNUSED)
{
	const struct audio *a = dev;

	vc_f_open(b, lvl, "audio");
	vc_f_attr_u(b, "id", a->id);
	vc_f_attr_enum(b, "type", vc_audio_type_names, a->type);
	attrs_format(b, top_attrs, NTOP, a->v);
	if (!a->dir[0].present && !a->dir[1].present) {
		vc_f_close_empty(b);
		return;
	}
	vc_f_close_open(b);
	if (a->dir[0].present)
		dir_format(b, lvl + 1, "input", &a->dir[0]);
	if (a->dir[1].present)
		dir_format(b, lvl + 1, "output", &a->dir[1]);
	vc_f_end(b, lvl, "audio");
}

void
vc_dev_audio_free(void *dev)
{
	struct audio *a = dev;
	size_t i;
	int d;

	if (!a)
		return;
	for (i = 0; i < NTOP; i++)
		free(a->v[i]);
	for (d = 0; d < 2; d++)
		for (i = 0; i < NDIR; i++)
			free(a->dir[d].v[i]);
	free(a);
}

/* the id of an <audio> backend, for checks across devices */
unsigned
vc_dev_audio_id(const void *dev)
{
	return ((const struct audio *)dev)->id;
}

void *
vc_dev_audio_new(unsigned id, const char *type)
{
	struct audio *a = vc_calloc(1, sizeof(*a));
	int t = vc_enum_find(vc_audio_type_names, type);

	a->id = id;
	a->type = t > 0 ? t : T_NONE;
	return a;
}
