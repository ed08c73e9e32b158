/* util.h: the bottom layer: errors, buffers, files, locks, names, numbers */
#ifndef VC_UTIL_H
#define VC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define VC_NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define VC_UNUSED __attribute__((unused))
#define VC_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* the public API's types: exit contract (virtcore(7)), error kinds, ... */
#include "api/virtcore.h"

/* Error kinds: decide the exit status a tool returns. */

/* err.c: one pending error message per process; lib records, bin prints.
 * A format ending in ':' appends strerror(errno). Returns -1. */
int vc_err(const char *fmt, ...) VC_PRINTF(1, 2);
int vc_err_kind(enum vc_errkind k, const char *fmt, ...) VC_PRINTF(2, 3);
/* prefix the pending message with "what: " */
void vc_err_prefix(const char *fmt, ...) VC_PRINTF(1, 2);
const char *vc_errmsg(void);
enum vc_errkind vc_errkind_get(void);
void vc_err_clear(void);

/* alloc.c: allocation that cannot fail (abort on OOM, as xmalloc does) */
void *vc_malloc(size_t n);
void *vc_calloc(size_t n, size_t m);
void *vc_realloc(void *p, size_t n);
char *vc_strdup(const char *s);
char *vc_strndup(const char *s, size_t n);
char *vc_asprintf(const char *fmt, ...) VC_PRINTF(1, 2);
/* make room for element n of an array of n elements: geometric growth,
 * so n appends cost O(n) in all, with no capacity field to keep */
void *vc_grow(void *p, size_t n, size_t size);
#define VC_GROW(arr, n) ((arr) = vc_grow((arr), (n), sizeof(*(arr))))
/* grow an array by one slot and store p */
#define VC_APPEND(arr, n, p) do { \
	VC_GROW(arr, n); \
	(arr)[(n)++] = (p); } while (0)

/* buf.c: growable string */
struct vc_buf {
	char *s;
	size_t len, cap;
};
void vc_buf_add(struct vc_buf *b, const char *s, size_t n);
void vc_buf_puts(struct vc_buf *b, const char *s);
void vc_buf_putc(struct vc_buf *b, char c);
void vc_buf_printf(struct vc_buf *b, const char *fmt, ...) VC_PRINTF(2, 3);
void vc_buf_vprintf(struct vc_buf *b, const char *fmt, va_list ap);
/* XML escaping of text (&<>) and attribute values (&<>'") */
void vc_buf_esc(struct vc_buf *b, const char *s, int attr);
void vc_buf_indent(struct vc_buf *b, int level);   /* 2 spaces a level */
char *vc_buf_take(struct vc_buf *b);               /* NUL-terminated, buf reset */
void vc_buf_free(struct vc_buf *b);

/* exec.c: run a program (posix_spawnp, PATH searched), stdin fed from in,
 * stdout and stderr collected. Returns its exit status (128+signal when
 * killed), -1 + vc_err when it cannot run (a missing tool names the
 * package that gives it). Under --dry-run (VIRTCORE_DRY_RUN=1) the command
 * line is printed on stdout, sh-quoted, instead, and 0 returned with empty
 * output: the one place lib/ writes to stdout. */
int vc_exec(const char *const argv[], const char *in, size_t inlen,
            char **out, size_t *outlen, char **err);
/* vc_exec, where a non-zero exit becomes -1 + "TOOL: its last stderr line (exit N)" */
int vc_exec_ok(const char *const argv[], char **out);
int vc_dry_run(void);
void vc_buf_argv(struct vc_buf *b, const char *const argv[]);
const char *vc_exec_hint(const char *tool);

/* file.c */
/* read a whole file (or fd 0 when path is "-"); NULL on error */
char *vc_file_read(const char *path, size_t *len);
char *vc_fd_read(int fd, size_t *len);
/* write atomically: temp in same directory, fsync, rename, fsync dir */
int vc_file_write_atomic(const char *path, const char *data, size_t len, int mode);
/* the same rename, without fsync: for run state on tmpfs, which does not
 * outlive a reboot anyway (hostdev records, the netlink recorder) */
int vc_file_replace(const char *path, const char *data, size_t len, int mode);
int vc_mkdir_p(const char *path, int mode);
int vc_exists(const char *path);
/* read first line of a small file (sysfs attributes), newline stripped */
char *vc_file_line(const char *path);
/* write a string to an existing file (sysfs attributes) */
int vc_file_put(const char *path, const char *s);
/* remove PATH.tmp.PID files whose writer is dead (a killed atomic write) */
void vc_file_clean_stale(const char *path);
/* vc_file_read, refusing input longer than max bytes without reading it all */
char *vc_file_read_max(const char *path, size_t max, size_t *len);
/* the largest XML document a tool reads (libvirt caps what it reads too) */
#define VC_XML_MAX (16u << 20)

/* Test only: VIRTCORE_TEST_KILL_AT=STEP makes the process SIGKILL itself
 * when it reaches vc_killpoint(STEP), to leave state half done as a crash
 * would. Read nowhere else; not for users. */
void vc_killpoint(const char *step);

/* lock.c: flock on DIR/.NAME.lock; waits up to VC_LOCK_WAIT_MS then
 * fails with VC_ERR_TEMP. Returns fd >= 0 or -1. */
#define VC_LOCK_WAIT_MS 5000
int vc_lock(const char *dir, const char *name);
/* the same without waiting: -1 with VC_ERR_TEMP when another holder has it
 * (another open of the lock in this process counts as another holder) */
int vc_lock_try(const char *dir, const char *name);
void vc_unlock(int fd);
/* vc_lock, where a busy lock names shown (the object the caller works
 * on) instead of the lock's own name */
int vc_lock_as(const char *dir, const char *name, const char *shown);
/* a store-wide lock: flock on the directory itself, which must exist */
int vc_lock_dir(const char *dir, const char *shown);

/* name.c: names that become file names */
int vc_name_check(const char *kind, const char *name);

/* parse.c: numbers with limits, strtonum style; return -1 with error */
int vc_parse_ull(const char *s, unsigned long long min, unsigned long long max,
                 unsigned long long *v);
int vc_parse_ll(const char *s, long long min, long long max, long long *v);
/* vc_parse_ull that also takes 0x hex (libvirt's base-0/16 attributes:
 * address parts, USB and PCI ids) */
int vc_parse_ull_x(const char *s, unsigned long long min, unsigned long long max,
                   unsigned long long *v);
/* value in unit (libvirt's unit= names; NULL = default_unit) to KiB */
int vc_parse_scaled(const char *s, const char *unit, const char *default_unit,
                    unsigned long long *kib);
/* bytes in a unit: returns multiplier or 0 if unknown */
unsigned long long vc_unit_scale(const char *unit);

/* dup.c: the smallest index whose element equals an earlier one (by
 * cmp), or n when all differ; O(n log n) */
size_t vc_first_dup(const void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *));

/* uuid.c */
int vc_uuid_parse(const char *s, unsigned char out[16]);
void vc_uuid_format(const unsigned char u[16], char out[37]);
void vc_uuid_generate(unsigned char out[16]);
/* deterministic: a stable uuid from a string (name-based, for tests/MACs) */

/* mac.c */
int vc_mac_parse(const char *s, unsigned char out[6]);
void vc_mac_format(const unsigned char m[6], char out[18]);
void vc_mac_generate(unsigned char out[6]);   /* 52:54:00:xx:xx:xx */

/* random.c */
void vc_random(void *buf, size_t n);

/* time */
unsigned long long vc_now_ms(void);

/* progress.c: while a wait lasts longer than a second (VIRTCORE_PROGRESS_MS)
 * and stderr is a terminal, "prog: WHAT (done/total) N s" on stderr, redrawn
 * each second and erased at the end; nothing otherwise. begin/end pair up. */
extern const char *vc_progress_prog;    /* the tool's name (vc_tool_init) */
void vc_progress_begin(const char *fmt, ...) VC_PRINTF(1, 2);
void vc_progress_count(unsigned done, unsigned total);
void vc_progress_end(void);

#endif
