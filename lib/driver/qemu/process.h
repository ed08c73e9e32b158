/* process.h: launching, identifying and killing QEMU processes without a daemon */
#ifndef VC_QEMU_PROCESS_H
#define VC_QEMU_PROCESS_H

#include <sys/types.h>

/* One launched QEMU.  start is the kernel's start time of the process
 * (/proc/PID/stat field 22): with the pid it names the process for good,
 * so a recycled pid is never mistaken for our QEMU. */
struct vc_proc {
	pid_t pid;
	unsigned long long start;
	char *log;              /* log file holding QEMU's stdout/stderr */
	off_t logoff;           /* log size before this run: its output follows */
	int status;             /* wait status once reaped, else -1 */
};

/* fork/exec argv (argv[0] a path, or searched in PATH) in its own session,
 * stdin /dev/null, stdout/stderr appended to log, other fds closed.
 * An exec failure (missing binary) is reported here.  0 or -1. */
int vc_proc_spawn(struct vc_proc *p, char *const argv[], const char *log);
/* the same, keeping fds keep[0..nkeep) open in QEMU under their numbers
 * (a macvtap's fd=N on the command line) */
int vc_proc_spawn_fds(struct vc_proc *p, char *const argv[], const char *log,
                      const int *keep, size_t nkeep);
/* the process died (or is dying) early: wait up to wait_ms for it, reap it,
 * and record QEMU's own last error line from this run's log.  Returns -1. */
int vc_proc_fail(struct vc_proc *p, int wait_ms);
/* QEMU's last error line in log from offset off ("qemu-system-x86_64:
 * -foo: invalid option"), else its last line; NULL when the log is empty */
char *vc_proc_log_error(const char *log, off_t off);
/* SIGTERM, then SIGKILL after timeout_ms; waits for the process to vanish
 * (reaps it when it is our child).  A pid whose start time differs from
 * start (0: do not check) is not ours and is left alone.  0 or -1. */
int vc_proc_kill(pid_t pid, unsigned long long start, int timeout_ms);
/* wait up to timeout_ms for the process to end; 1 gone, 0 still there */
int vc_proc_wait(pid_t pid, unsigned long long start, int timeout_ms);
/* 1: pid runs and is the process started at start (0: any); 0: gone,
 * a zombie, or recycled */
int vc_proc_alive(pid_t pid, unsigned long long start);
/* start time and state letter (R, S, Z, ...) of a pid; -1 if none */
int vc_proc_stat(pid_t pid, unsigned long long *start, char *state);
/* release what vc_proc_spawn allocated */
void vc_proc_free(struct vc_proc *p);

/* pid file "PID START\n", written atomically */
int vc_pidfile_write(const char *path, pid_t pid, unsigned long long start);
/* 0 and pid/start, or -1 (errno ENOENT when there is no pid file) */
int vc_pidfile_read(const char *path, pid_t *pid, unsigned long long *start);

#endif
