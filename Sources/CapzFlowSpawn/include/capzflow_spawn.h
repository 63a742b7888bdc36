#ifndef CAPZFLOW_SPAWN_H
#define CAPZFLOW_SPAWN_H

#include <sys/types.h>

/*
 * The process calls the runner makes for every step, in C because Swift's Glibc module does not
 * expose the GNU parts they need (pipe2, pidfd_open, posix_spawn's setsid/chdir/closefrom).
 * Linux 5.3 or newer (pidfd_open).
 */

/* A pipe whose two ends are close-on-exec from the start, so no process spawned meanwhile by
 * another thread can inherit them. 0 or an errno value. */
int capzflow_pipe(int fds[2]);

/*
 * Spawns `path` with `argv` and `envp` in a new session (its pid is its process-group id), with
 * `input` as its stdin, `output` as its stdout and stderr, every other descriptor closed, an
 * empty signal mask and default signal dispositions, in `directory` unless it is NULL. `pidfd`
 * receives a pidfd for the child (close-on-exec), with which its exit can be polled. 0 or an
 * errno value; `*pidfd_failed` is 1 when the process could be started but not given a pidfd
 * (the kernel is older than 5.3, or a seccomp profile refuses pidfd_open; the child is then
 * killed and reaped), else 0.
 */
int capzflow_spawn(pid_t *pid, int *pidfd, int *pidfd_failed, const char *path, char *const argv[],
                   char *const envp[], int input, int output, const char *directory);

/* Whether the child behind `pidfd` has exited (it is then a zombie until reaped): 1, else 0. */
int capzflow_has_exited(int pidfd);

/*
 * Reaps the exited child `pid`; `code` is its exit code, or -1 when a signal killed it, which
 * `signal` then names (0 otherwise). 0 or an errno value (ECHILD: someone else reaped it).
 */
int capzflow_reap(pid_t pid, int *code, int *signal);

/* Waits until `fd` is readable or `pidfd` has exited, at most `timeout_ms` (-1: no limit; `fd`
 * may be -1). Bits of the result: 1 readable (or closed), 2 exited; 0 on timeout, and after
 * sleeping out the time limit (50 ms without one) if poll itself failed, so a caller's loop
 * cannot spin. */
int capzflow_wait(int fd, int pidfd, int timeout_ms);

#endif
