/* shell.h: vsh: virsh-like command names, each run as a virtcore tool */
#ifndef VC_SHELL_H
#define VC_SHELL_H

#include <stdio.h>

/* what a command's first operand names, for tab completion */
enum vc_sh_operand {
	VC_SH_NONE, VC_SH_DOMAIN, VC_SH_NETWORK, VC_SH_DEVICE, VC_SH_FILE, VC_SH_COMMAND,
};

struct vc_sh_cmd {
	const char *name;               /* as typed: "dominfo" */
	const char *tool;               /* what runs: "vdom-info"; NULL: built in */
	enum vc_sh_operand operand;
	const char *desc;               /* one line for help */
};

/* the command table, ended by a NULL name */
extern const struct vc_sh_cmd vc_sh_cmds[];

struct vc_sh {
	char *uri;              /* from -c or connect; NULL: the tools' default */
	char *tooldir;          /* the directory of the vsh binary, or NULL */
	int status;             /* of the last command */
	int interactive;        /* a terminal: ^C stops the tool, not vsh */
	int quit;
};

void vc_sh_init(struct vc_sh *sh, const char *uri);
void vc_sh_free(struct vc_sh *sh);
const struct vc_sh_cmd *vc_sh_find(const char *name);

/* split a line into words as sh(1) does for '...', "..." and \ (no
 * expansion); an unquoted # starts a comment.  *argv is NULL-terminated.
 * Returns the number of words, or -1 with an error (unterminated quote). */
int vc_sh_split(const char *line, char ***argv);
void vc_sh_argv_free(char **argv);

/* run one command (argv[0] is its name); returns its status, also kept in
 * sh->status.  Builtins print on out. */
int vc_sh_run(struct vc_sh *sh, int argc, char **argv, FILE *out);
/* split and run one line; blank lines and comments keep the status */
int vc_sh_line(struct vc_sh *sh, const char *line, FILE *out);

/* read commands until quit or end of input: with line editing, a prompt,
 * history and completion when interactive, else line by line from fd 0
 * without reading ahead (a tool may read the rest).  Returns the status of
 * the last command. */
int vc_sh_loop(struct vc_sh *sh);

#endif
