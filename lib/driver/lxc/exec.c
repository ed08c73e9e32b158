/* exec.c: vdom-exec: a command inside a running container: the init's
 * cgroups and namespaces (cgroup, ipc, uts, net, pid, mnt) joined, then a
 * child forked (it is the one in the pid namespace) with stdio passed */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "virtcore.h"
#include "lxc.h"

static const char *const ns_names[] = {"cgroup", "ipc", "uts", "net", "pid", "mnt", NULL};

/* write our pid into each of the init's cgroups (as /proc/INIT/cgroup names them) */
static int
join_cgroups(long init)
{
	char path[64], *s, *line, *next;
	int r = 0;

	snprintf(path, sizeof(path), "/proc/%ld/cgroup", init);
	if (!(s = vc_file_read(path, NULL)))
		return -1;
	for (line = s; line && *line; line = next) {
		char *c1, *c2, *p;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (!(c1 = strchr(line, ':')) || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = 0;
		if (!strstr(c2 + 1, "/lxc-"))
			continue;
		if (c1[1] == 0)
			p = vc_asprintf("/sys/fs/cgroup%s/cgroup.procs", c2 + 1);
		else if (strncmp(c1 + 1, "name=", 5) == 0)
			continue;
		else
			p = vc_asprintf("/sys/fs/cgroup/%s%s/cgroup.procs", c1 + 1, c2 + 1);
		{
			char pid[24];
			int fd = open(p, O_WRONLY | O_CLOEXEC);
			snprintf(pid, sizeof(pid), "%ld", (long)getpid());
			if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
				r = vc_err("joining cgroup %s: %s", p, strerror(errno));
			if (fd >= 0)
				close(fd);
		}
		free(p);
		if (r < 0)
			break;
	}
	free(s);
	return r;
}

int
vc_lxc_exec(struct vc_conn *c, const char *key, char *const argv[])
{
	struct vc_live l = {0};
	char *name;
	long sup, init;
	unsigned long long st;
	int fds[8], i, active, status;
	pid_t pid, mid;

	if (c->drv != &vc_lxc_driver)
		return vc_err("exec: unsupported by the %s driver", c->drv->name);
	if (!(name = vc_store_resolve(c, key)))
		return -1;
	active = vc_dom_refresh(c, name, &l, 0);
	vc_live_clear(&l);
	if (active <= 0 || !vc_lxc_sup_read(c, name, &sup, &st, &init) || !vc_lxc_pid_start(init)) {
		if (active >= 0)
			vc_err("%s: not running", name);
		free(name);
		return -1;
	}
	for (i = 0; ns_names[i]; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/%ld/ns/%s", init, ns_names[i]);
		if ((fds[i] = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
			vc_err("%s: namespace %s: %s", name, p, strerror(errno));
			while (i-- > 0)
				close(fds[i]);
			free(name);
			return -1;
		}
	}
	/* the namespaces are entered by a child: this process (and whatever
	 * runs at its exit, such as a leak checker that stops the world with
	 * ptrace) stays where it is */
	fflush(NULL);
	if ((mid = fork()) < 0) {
		vc_err("fork: %s", strerror(errno));
		goto fail;
	}
	if (mid == 0) {
		if (join_cgroups(init) < 0)
			goto child_fail;
		for (i = 0; ns_names[i]; i++) {
			if (setns(fds[i], 0) < 0) {
				vc_err("%s: entering its %s namespace: %s", name, ns_names[i], strerror(errno));
				goto child_fail;
			}
			close(fds[i]);
		}
		if ((pid = fork()) < 0) {
			vc_err("fork: %s", strerror(errno));
			goto child_fail;
		}
		if (pid == 0) {
			if (chdir("/") < 0)
				_exit(127);
			setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
			setenv("container", "lxc-libvirt", 1);
			execvp(argv[0], argv);
			fprintf(stderr, "%s: %s: %s: %s\n", vc_progname, name, argv[0], strerror(errno));
			_exit(errno == ENOENT ? 127 : 126);
		}
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				_exit(1);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
child_fail:
		fprintf(stderr, "%s: %s\n", vc_progname, vc_errmsg());
		_exit(1);
	}
	for (i = 0; ns_names[i]; i++)
		close(fds[i]);
	free(name);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(mid, &status, 0) < 0)
		if (errno != EINTR)
			return vc_err("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
fail:
	for (i = 0; ns_names[i]; i++)
		close(fds[i]);
	free(name);
	return -1;
}
