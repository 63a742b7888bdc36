#define _GNU_SOURCE
#include "capzflow_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int capzflow_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

int capzflow_spawn(pid_t *pid, int *pidfd, int *pidfd_failed, const char *path, char *const argv[],
                   char *const envp[], int input, int output, const char *directory) {
    *pidfd_failed = 0;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int error = posix_spawn_file_actions_init(&actions);
    if (error != 0) {
        return error;
    }
    error = posix_spawnattr_init(&attributes);
    if (error != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return error;
    }
    /* dup2 clears close-on-exec on the copies; everything else above 2 is closed. */
    error = posix_spawn_file_actions_adddup2(&actions, input, 0);
    if (error == 0) error = posix_spawn_file_actions_adddup2(&actions, output, 1);
    if (error == 0) error = posix_spawn_file_actions_adddup2(&actions, output, 2);
    if (error == 0) error = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (error == 0 && directory != NULL) error = posix_spawn_file_actions_addchdir_np(&actions, directory);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    if (error == 0) error = posix_spawnattr_setsigmask(&attributes, &none);
    if (error == 0) error = posix_spawnattr_setsigdefault(&attributes, &all);
    if (error == 0) error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (error == 0) error = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        return error;
    }
    /* The child cannot be reaped before we do, so its pid still names it here. */
    int fd = (int)syscall(SYS_pidfd_open, *pid, 0);
    if (fd < 0) {
        error = errno;
        *pidfd_failed = 1;
        kill(*pid, SIGKILL);
        while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return error;
    }
    *pidfd = fd;
    return 0;
}

int capzflow_has_exited(int pidfd) {
    struct pollfd watched = {.fd = pidfd, .events = POLLIN};
    return poll(&watched, 1, 0) == 1 ? 1 : 0;
}

int capzflow_reap(pid_t pid, int *code, int *signal) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return errno;
        }
    }
    if (WIFEXITED(status)) {
        *code = WEXITSTATUS(status);
        *signal = 0;
    } else {
        *code = -1;
        *signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    return 0;
}

int capzflow_wait(int fd, int pidfd, int timeout_ms) {
    struct pollfd watched[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
    int count = fd >= 0 ? 2 : 1;
    int ready = poll(watched, (nfds_t)count, timeout_ms);
    if (ready < 0 && errno != EINTR && timeout_ms != 0) {
        usleep((useconds_t)(timeout_ms > 0 ? timeout_ms : 50) * 1000);
    }
    if (ready <= 0) {
        return 0;
    }
    int result = 0;
    if (watched[0].revents != 0) result |= 2;
    if (count == 2 && watched[1].revents != 0) result |= 1;
    return result;
}
