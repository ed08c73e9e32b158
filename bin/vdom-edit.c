/* vdom-edit: edit a guest's config in $EDITOR; saved only if it validates */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "virtcore.h"

static int
edit(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int st;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	/* EDITOR may carry arguments ("emacs -nw"), as in every Unix tool */
	if ((pid = fork()) < 0)
		return vc_err("fork:");
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return vc_err("wait for editor:");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return vc_err("editor '%s' failed; nothing changed", ed);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct vc_define_opts o = {0};
	struct vc_domain *d;
	struct vc_conn *c;
	char tmp[] = "/tmp/vdom-edit.XXXXXX.xml", *old, *new = NULL, *name = NULL;
	size_t len;
	int ch, fd, r = -1;

	vc_tool_init(argc, argv, "[-c uri] name|uuid");
	while ((ch = vc_getopt(argc, argv, "", NULL)) != -1)
		vc_usage();
	if (argc - optind != 1)
		vc_usage();
	c = vc_tool_conn();
	if (!(old = vc_dom_xml(c, argv[optind], 1)))
		vc_die();
	if ((fd = mkstemps(tmp, 4)) < 0)
		vc_die_msg(VC_EXIT_FAIL, "create %s: %m", tmp);
	close(fd);
	if (vc_file_write_atomic(tmp, old, strlen(old), 0600) < 0 || edit(tmp) < 0 ||
	    !(new = vc_file_read_max(tmp, VC_XML_MAX, &len)))
		goto out;
	if (strcmp(old, new) == 0) {
		r = 0;
		goto out;
	}
	if (!(d = vc_domain_parse(new, len, tmp)))
		goto out;
	{
		struct vc_domain *od = vc_domain_parse(old, strlen(old), "stored");
		int same = od && strcmp(od->name, d->name) == 0;
		vc_domain_free(od);
		vc_domain_free(d);
		if (!same) {
			vc_err("renaming a guest with vdom-edit is not supported; nothing changed");
			goto out;
		}
	}
	o.file = tmp;
	r = vc_dom_define(c, new, len, &o, &name);
out:
	unlink(tmp);
	free(old);
	free(new);
	free(name);
	vc_conn_close(c);
	vc_report(r);
	return vc_exit(VC_EXIT_OK);
}
