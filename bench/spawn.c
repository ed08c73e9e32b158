/* spawn.c: run a command N times with posix_spawn and print the mean
 * wall time per run in microseconds; a shell loop's own fork cost would
 * hide what is measured. usage: spawn N cmd [args...] (stdout discarded);
 * an argument with %d gets the run's number (0..N-1): g%d.xml.  With
 * SPAWN_CPU set, a second line gives the CPU time per run. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char *argv[])
{
	posix_spawn_file_actions_t fa;
	char **av, buf[64][256];
	int k;
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
	if (argc - 2 > 63)
		return 2;
	av = calloc((size_t)argc, sizeof(*av));
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		for (k = 2; k < argc; k++) {
			if (strstr(argv[k], "%d")) {
				snprintf(buf[k - 2], sizeof(buf[0]), argv[k], (int)i);
				av[k - 2] = buf[k - 2];
			} else {
				av[k - 2] = argv[k];
			}
		}
		if (posix_spawnp(&pid, av[0], &fa, NULL, av, environ) != 0) {
			perror(argv[2]);
			return 1;
		}
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1e3);
	if (getenv("SPAWN_CPU")) {
		/* CPU time (user + system) per run too: on a loaded host the
		 * wall time is mostly waiting for a core */
		struct rusage ru;
		getrusage(RUSAGE_CHILDREN, &ru);
		printf("%.1f\n", ((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
		    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / n);
	}
	free(av);
	if (bad)
		fprintf(stderr, "spawn: %d of %ld runs failed\n", bad, n);
	return bad ? 1 : 0;
}
