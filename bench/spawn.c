/* spawn.c: run a command N times with posix_spawn and print the mean
 * wall time per run in microseconds; a shell loop's own fork cost would
 * hide what is measured. usage: spawn N cmd [args...] (stdout discarded) */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char *argv[])
{
	posix_spawn_file_actions_t fa;
	struct timespec a, b;
	long n, i;
	int st, bad = 0;
	pid_t pid;

	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: spawn N cmd [args...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ) != 0) {
			perror(argv[2]);
			return 1;
		}
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1e3);
	if (bad)
		fprintf(stderr, "spawn: %d of %ld runs failed\n", bad, n);
	return bad ? 1 : 0;
}
