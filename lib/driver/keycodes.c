/* keycodes.c: virsh send-key's codesets: one row per key of a PC keyboard
 * (Linux input codes, the AT scancode sets, USB HID usages, Windows
 * virtual keys, macOS virtual keycodes), so a key named or numbered in
 * any codeset becomes the Linux code, and from it QEMU's qnum */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

#define NO 0xffff       /* no such key in the codeset */
#define E0(x) (0xe000 | (x))

/* set1: the XT/AT set 1 scancode, 0xe0xx for the ones behind an 0xe0
 * prefix; xt: the original 83-key XT's code; osx NO where none */
struct key {
	const char *name;
	unsigned short lin, set1, set2, set3, xt, usb, win32, osx;
};

#define K(n, l, s1, s2, s3, xt, usb, w, o) { "KEY_" #n, l, s1, s2, s3, xt, usb, w, o }
static const struct key keys[] = {
	K(ESC, 1, 1, 118, 8, 1, 41, 0x1b, 0x35),
	K(1, 2, 2, 22, 22, 2, 30, 0x31, 0x12),
	K(2, 3, 3, 30, 30, 3, 31, 0x32, 0x13),
	K(3, 4, 4, 38, 38, 4, 32, 0x33, 0x14),
	K(4, 5, 5, 37, 37, 5, 33, 0x34, 0x15),
	K(5, 6, 6, 46, 46, 6, 34, 0x35, 0x17),
	K(6, 7, 7, 54, 54, 7, 35, 0x36, 0x16),
	K(7, 8, 8, 61, 61, 8, 36, 0x37, 0x1a),
	K(8, 9, 9, 62, 62, 9, 37, 0x38, 0x1c),
	K(9, 10, 10, 70, 70, 10, 38, 0x39, 0x19),
	K(0, 11, 11, 69, 69, 11, 39, 0x30, 0x1d),
	K(MINUS, 12, 12, 78, 78, 12, 45, 0xbd, 0x1b),
	K(EQUAL, 13, 13, 85, 85, 13, 46, 0xbb, 0x18),
	K(BACKSPACE, 14, 14, 102, 102, 14, 42, 0x08, 0x33),
	K(TAB, 15, 15, 13, 13, 15, 43, 0x09, 0x30),
	K(Q, 16, 16, 21, 21, 16, 20, 0x51, 0x0c),
	K(W, 17, 17, 29, 29, 17, 26, 0x57, 0x0d),
	K(E, 18, 18, 36, 36, 18, 8, 0x45, 0x0e),
	K(R, 19, 19, 45, 45, 19, 21, 0x52, 0x0f),
	K(T, 20, 20, 44, 44, 20, 23, 0x54, 0x11),
	K(Y, 21, 21, 53, 53, 21, 28, 0x59, 0x10),
	K(U, 22, 22, 60, 60, 22, 24, 0x55, 0x20),
	K(I, 23, 23, 67, 67, 23, 12, 0x49, 0x22),
	K(O, 24, 24, 68, 68, 24, 18, 0x4f, 0x1f),
	K(P, 25, 25, 77, 77, 25, 19, 0x50, 0x23),
	K(LEFTBRACE, 26, 26, 84, 84, 26, 47, 0xdb, 0x21),
	K(RIGHTBRACE, 27, 27, 91, 91, 27, 48, 0xdd, 0x1e),
	K(ENTER, 28, 28, 90, 90, 28, 40, 0x0d, 0x24),
	K(LEFTCTRL, 29, 29, 20, 17, 29, 224, 0xa2, 0x3b),
	K(A, 30, 30, 28, 28, 30, 4, 0x41, 0x00),
	K(S, 31, 31, 27, 27, 31, 22, 0x53, 0x01),
	K(D, 32, 32, 35, 35, 32, 7, 0x44, 0x02),
	K(F, 33, 33, 43, 43, 33, 9, 0x46, 0x03),
	K(G, 34, 34, 52, 52, 34, 10, 0x47, 0x05),
	K(H, 35, 35, 51, 51, 35, 11, 0x48, 0x04),
	K(J, 36, 36, 59, 59, 36, 13, 0x4a, 0x26),
	K(K, 37, 37, 66, 66, 37, 14, 0x4b, 0x28),
	K(L, 38, 38, 75, 75, 38, 15, 0x4c, 0x25),
	K(SEMICOLON, 39, 39, 76, 76, 39, 51, 0xba, 0x29),
	K(APOSTROPHE, 40, 40, 82, 82, 40, 52, 0xde, 0x27),
	K(GRAVE, 41, 41, 14, 14, 41, 53, 0xc0, 0x32),
	K(LEFTSHIFT, 42, 42, 18, 18, 42, 225, 0xa0, 0x38),
	K(BACKSLASH, 43, 43, 93, 93, 43, 50, 0xdc, 0x2a),
	K(Z, 44, 44, 26, 26, 44, 29, 0x5a, 0x06),
	K(X, 45, 45, 34, 34, 45, 27, 0x58, 0x07),
	K(C, 46, 46, 33, 33, 46, 6, 0x43, 0x08),
	K(V, 47, 47, 42, 42, 47, 25, 0x56, 0x09),
	K(B, 48, 48, 50, 50, 48, 5, 0x42, 0x0b),
	K(N, 49, 49, 49, 49, 49, 17, 0x4e, 0x2d),
	K(M, 50, 50, 58, 58, 50, 16, 0x4d, 0x2e),
	K(COMMA, 51, 51, 65, 65, 51, 54, 0xbc, 0x2b),
	K(DOT, 52, 52, 73, 73, 52, 55, 0xbe, 0x2f),
	K(SLASH, 53, 53, 74, 74, 53, 56, 0xbf, 0x2c),
	K(RIGHTSHIFT, 54, 54, 89, 89, 54, 229, 0xa1, 0x3c),
	K(KPASTERISK, 55, 55, 124, 126, 55, 85, 0x6a, 0x43),
	K(LEFTALT, 56, 56, 17, 25, 56, 226, 0xa4, 0x3a),
	K(SPACE, 57, 57, 41, 41, 57, 44, 0x20, 0x31),
	K(CAPSLOCK, 58, 58, 88, 20, 58, 57, 0x14, 0x39),
	K(F1, 59, 59, 5, 7, 59, 58, 0x70, 0x7a),
	K(F2, 60, 60, 6, 15, 60, 59, 0x71, 0x78),
	K(F3, 61, 61, 4, 23, 61, 60, 0x72, 0x63),
	K(F4, 62, 62, 12, 31, 62, 61, 0x73, 0x76),
	K(F5, 63, 63, 3, 39, 63, 62, 0x74, 0x60),
	K(F6, 64, 64, 11, 47, 64, 63, 0x75, 0x61),
	K(F7, 65, 65, 0x83, 55, 65, 64, 0x76, 0x62),
	K(F8, 66, 66, 10, 63, 66, 65, 0x77, 0x64),
	K(F9, 67, 67, 1, 71, 67, 66, 0x78, 0x65),
	K(F10, 68, 68, 9, 79, 68, 67, 0x79, 0x6d),
	K(NUMLOCK, 69, 69, 119, 118, 69, 83, 0x90, NO),
	K(SCROLLLOCK, 70, 70, 126, 95, 70, 71, 0x91, NO),
	K(KP7, 71, 71, 108, 108, 71, 95, 0x67, 0x59),
	K(KP8, 72, 72, 117, 117, 72, 96, 0x68, 0x5b),
	K(KP9, 73, 73, 125, 125, 73, 97, 0x69, 0x5c),
	K(KPMINUS, 74, 74, 123, 132, 74, 86, 0x6d, 0x4e),
	K(KP4, 75, 75, 107, 107, 75, 92, 0x64, 0x56),
	K(KP5, 76, 76, 115, 115, 76, 93, 0x65, 0x57),
	K(KP6, 77, 77, 116, 116, 77, 94, 0x66, 0x58),
	K(KPPLUS, 78, 78, 121, 124, 78, 87, 0x6b, 0x45),
	K(KP1, 79, 79, 105, 105, 79, 89, 0x61, 0x53),
	K(KP2, 80, 80, 114, 114, 80, 90, 0x62, 0x54),
	K(KP3, 81, 81, 122, 122, 81, 91, 0x63, 0x55),
	K(KP0, 82, 82, 112, 112, 82, 98, 0x60, 0x52),
	K(KPDOT, 83, 83, 113, 113, 83, 99, 0x6e, 0x41),
	K(ZENKAKUHANKAKU, 85, 0x76, 95, 0, 0, 148, 0, NO),
	K(102ND, 86, 0x56, 97, 19, 0, 100, 0xe2, 0x0a),
	K(F11, 87, 0x57, 120, 86, 101, 68, 0x7a, 0x67),
	K(F12, 88, 0x58, 7, 94, 102, 69, 0x7b, 0x6f),
	K(RO, 89, 0x73, 81, 0, 0, 135, 0xc1, 0x5e),
	K(KATAKANA, 90, 0x78, 99, 0, 0, 146, 0, NO),
	K(HIRAGANA, 91, 0x77, 98, 0, 0, 147, 0, NO),
	K(HENKAN, 92, 0x79, 100, 134, 0, 138, 0x1c, NO),
	K(KATAKANAHIRAGANA, 93, 0x70, 19, 135, 0, 136, 0, NO),
	K(MUHENKAN, 94, 0x7b, 103, 133, 0, 139, 0x1d, NO),
	K(KPJPCOMMA, 95, 0x5c, 39, 0, 0, 140, 0, 0x5f),
	K(KPENTER, 96, E0(0x1c), E0(0x5a), 121, 0, 88, 0, 0x4c),
	K(RIGHTCTRL, 97, E0(0x1d), E0(0x14), 88, 0, 228, 0xa3, 0x3e),
	K(KPSLASH, 98, E0(0x35), E0(0x4a), 119, 0, 84, 0x6f, 0x4b),
	K(SYSRQ, 99, 0x54, 0x84, 87, 0, 70, 0x2c, NO),
	K(RIGHTALT, 100, E0(0x38), E0(0x11), 57, 0, 230, 0xa5, 0x3d),
	K(HOME, 102, E0(0x47), E0(0x6c), 110, 0, 74, 0x24, 0x73),
	K(UP, 103, E0(0x48), E0(0x75), 99, 109, 82, 0x26, 0x7e),
	K(PAGEUP, 104, E0(0x49), E0(0x7d), 111, 0, 75, 0x21, 0x74),
	K(LEFT, 105, E0(0x4b), E0(0x6b), 97, 111, 80, 0x25, 0x7b),
	K(RIGHT, 106, E0(0x4d), E0(0x74), 106, 112, 79, 0x27, 0x7c),
	K(END, 107, E0(0x4f), E0(0x69), 101, 0, 77, 0x23, 0x77),
	K(DOWN, 108, E0(0x50), E0(0x72), 96, 110, 81, 0x28, 0x7d),
	K(PAGEDOWN, 109, E0(0x51), E0(0x7a), 109, 0, 78, 0x22, 0x79),
	K(INSERT, 110, E0(0x52), E0(0x70), 103, 107, 73, 0x2d, 0x72),
	K(DELETE, 111, E0(0x53), E0(0x71), 100, 108, 76, 0x2e, 0x75),
	K(MUTE, 113, E0(0x20), E0(0x23), 156, 0, 127, 0xad, 0x4a),
	K(VOLUMEDOWN, 114, E0(0x2e), E0(0x21), 157, 0, 129, 0xae, 0x49),
	K(VOLUMEUP, 115, E0(0x30), E0(0x32), 149, 0, 128, 0xaf, 0x48),
	K(POWER, 116, E0(0x5e), E0(0x37), 0, 0, 102, 0, NO),
	K(KPEQUAL, 117, 0x59, 15, 0, 0, 103, 0x92, 0x51),
	K(PAUSE, 119, E0(0x46), 0, 98, 0, 72, 0x13, NO),
	K(KPCOMMA, 121, 0x7e, 109, 0, 0, 133, 0x6c, NO),
	K(HANGEUL, 122, 0xf2, 0xf2, 0, 0, 144, 0x15, NO),
	K(HANJA, 123, 0xf1, 0xf1, 0, 0, 145, 0x19, NO),
	K(YEN, 124, 0x7d, 106, 0, 0, 137, 0, 0x5d),
	K(LEFTMETA, 125, E0(0x5b), E0(0x1f), 139, 0, 227, 0x5b, 0x37),
	K(RIGHTMETA, 126, E0(0x5c), E0(0x27), 140, 0, 231, 0x5c, 0x36),
	K(COMPOSE, 127, E0(0x5d), E0(0x2f), 141, 0, 101, 0x5d, 0x6e),
	K(STOP, 128, E0(0x68), E0(0x28), 10, 0, 120, 0xa9, NO),
	K(AGAIN, 129, E0(0x05), 0, 11, 0, 121, 0, NO),
	K(PROPS, 130, E0(0x06), 0, 12, 0, 0, 0, NO),
	K(UNDO, 131, E0(0x07), 0, 16, 0, 122, 0, NO),
	K(FRONT, 132, E0(0x0c), 0, 0, 0, 119, 0, NO),
	K(COPY, 133, E0(0x78), 0, 24, 0, 124, 0, NO),
	K(OPEN, 134, 0x64, 0, 32, 0, 116, 0, NO),
	K(PASTE, 135, 0x65, 0, 40, 0, 125, 0, NO),
	K(FIND, 136, E0(0x41), 0, 48, 0, 126, 0, NO),
	K(CUT, 137, E0(0x3c), 0, 56, 0, 123, 0, NO),
	K(HELP, 138, E0(0x75), 0, 9, 0, 117, 0x2f, NO),
	K(MENU, 139, E0(0x1e), 0, 145, 0, 118, 0, NO),
	K(CALC, 140, E0(0x21), E0(0x2b), 163, 0, 0, 0, NO),
	K(SLEEP, 142, E0(0x5f), E0(0x3f), 0, 0, 0, 0x5f, NO),
	K(WAKEUP, 143, E0(0x63), E0(0x5e), 0, 0, 0, 0, NO),
	K(MAIL, 155, E0(0x6c), E0(0x48), 0, 0, 0, 0xb4, NO),
	K(BOOKMARKS, 156, E0(0x66), E0(0x18), 0, 0, 0, 0xab, NO),
	K(COMPUTER, 157, E0(0x6b), E0(0x40), 0, 0, 0, 0, NO),
	K(BACK, 158, E0(0x6a), E0(0x38), 0, 0, 0, 0xa6, NO),
	K(FORWARD, 159, E0(0x69), E0(0x30), 0, 0, 0, 0xa7, NO),
	K(NEXTSONG, 163, E0(0x19), E0(0x4d), 0, 0, 0, 0xb0, NO),
	K(PLAYPAUSE, 164, E0(0x22), E0(0x34), 0, 0, 0, 0xb3, NO),
	K(PREVIOUSSONG, 165, E0(0x10), E0(0x15), 0, 0, 0, 0xb1, NO),
	K(STOPCD, 166, E0(0x24), E0(0x3b), 0, 0, 0, 0xb2, NO),
	K(HOMEPAGE, 172, E0(0x32), E0(0x3a), 0, 0, 0, 0xac, NO),
	K(REFRESH, 173, E0(0x67), E0(0x20), 0, 0, 0, 0xa8, NO),
	K(F13, 183, 0x5d, 0x2f, 127, 0, 104, 0x7c, 0x69),
	K(F14, 184, 0x5e, 0x37, 128, 0, 105, 0x7d, 0x6b),
	K(F15, 185, 0x5f, 0x3f, 129, 0, 106, 0x7e, 0x71),
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* what virsh names them, in libvirt's order */
const char *const vc_keycode_set_names[] = {
	"linux", "xt", "atset1", "atset2", "atset3", "os_x", "xt_kbd", "usb",
	"win32", "rfb", "qnum", NULL,
};

int
vc_keycode_set(const char *name)
{
	int i;

	for (i = 0; vc_keycode_set_names[i]; i++)
		if (strcmp(vc_keycode_set_names[i], name) == 0)
			return i;
	return -1;
}

/* QEMU's qnum: set 1 with the 0xe0 prefix folded into the top bit */
static unsigned
qnum(const struct key *k)
{
	return (k->set1 & 0xff00) == 0xe000 ? 0x80 | (k->set1 & 0x7f) : k->set1;
}

/* k's code in set (NO: none); sets as in vc_keycode_set_names */
static unsigned
code(const struct key *k, int set)
{
	switch (set) {
	case VC_KEYSET_LINUX: return k->lin;
	case VC_KEYSET_XT: return k->xt ? k->xt : NO;
	case VC_KEYSET_ATSET1: return k->set1;
	case VC_KEYSET_ATSET2: return k->set2 ? k->set2 : NO;
	case VC_KEYSET_ATSET3: return k->set3 ? k->set3 : NO;
	case VC_KEYSET_OSX: return k->osx;
	case VC_KEYSET_XT_KBD:
		/* Linux's xtkbd: the prefixed ones at 0x100 up */
		return (k->set1 & 0xff00) == 0xe000 ? 0x100 | (k->set1 & 0xff) : k->set1;
	case VC_KEYSET_USB: return k->usb ? k->usb : NO;
	case VC_KEYSET_WIN32: return k->win32 ? k->win32 : NO;
	case VC_KEYSET_RFB:
	case VC_KEYSET_QNUM: return qnum(k);
	}
	return NO;
}

/* "30", "0x1e" or, in the linux codeset, "KEY_A" */
int
vc_keycode_parse(int set, const char *s, unsigned *lin)
{
	unsigned long v;
	char *end;
	size_t i;

	if (*s >= '0' && *s <= '9') {
		errno = 0;
		v = strtoul(s, &end, 0);
		if (errno || *end || v >= NO)
			return vc_err("keycode '%s': not a number of 0 to %u", s, NO - 1);
		for (i = 0; i < NKEYS; i++)
			if (code(&keys[i], set) == v) {
				*lin = keys[i].lin;
				return 0;
			}
		return vc_err("keycode %s: no such key in the %s codeset", s,
		    vc_keycode_set_names[set]);
	}
	if (set != VC_KEYSET_LINUX)
		return vc_err("keycode '%s': key names are those of the linux codeset "
		    "(KEY_A); the %s codeset takes numbers", s, vc_keycode_set_names[set]);
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, s) == 0) {
			*lin = keys[i].lin;
			return 0;
		}
	return vc_err("keycode '%s': no such key name (KEY_A, KEY_LEFTCTRL, ...)", s);
}

static const struct key *
bylinux(unsigned lin)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].lin == lin)
			return &keys[i];
	return NULL;
}

const char *
vc_keycode_name(unsigned lin)
{
	const struct key *k = bylinux(lin);

	return k ? k->name : NULL;
}

unsigned
vc_keycode_qnum(unsigned lin)
{
	const struct key *k = bylinux(lin);

	return k ? qnum(k) : 0;
}
