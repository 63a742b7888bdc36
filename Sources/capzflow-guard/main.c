/*
 * capzflow-guard: the small parent every workflow step runs under.
 *
 *     capzflow-guard <runner-pid> <program> [args...]
 *
 * The runner spawns it in a new session, so the guard's pid is the process-group id of the whole
 * step. The guard exists for three reasons:
 *
 *   1. A runner killed by SIGKILL cannot clean up, so the guard arms the parent-death signal and
 *      kills its whole group when the runner dies: no process of the step outlives the runner.
 *   2. "Record, then act": the step must not start before the runner has durably recorded it,
 *      yet starting a shell takes longer than recording. So the guard starts the program at
 *      once, with stdin from /dev/null and the runner's channel (the guard's stdin) as
 *      descriptor 3, and keeps no end of that channel itself. The program waits there for the
 *      byte 'g' that the runner writes once the start is durable; the runner gives bash a
 *      one-line prologue that does so and exits 125, running nothing, on EOF or any other byte
 *      (the runner died or gave up first). The shell starts up while the start is recorded.
 *   3. SIGTERM/SIGINT/SIGHUP sent to the group must stop the step, not the guard: the guard
 *      survives them, waits for its child and reports the child's exit status as its own.
 *
 * A second mode, `capzflow-guard --sentinel`, watches the process groups of steps that run without
 * a guard (see run_sentinel below).
 *
 * Exit status: the child's exit code; 128+N if the child was killed by signal N; 125 if the guard
 * could not start or follow the step (bad arguments, fork failed); 127 if the program could not
 * be executed.
 *
 * Linux only (prctl).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Exit codes of the guard itself (see the header). */
enum { EXIT_GUARD_FAILED = 125, EXIT_EXEC_FAILED = 127 };

/* The step's descriptor for the runner's go byte. */
enum { GO_FD = 3 };

/* The runner's pid, read by the SIGUSR2 handler. */
static volatile pid_t runner_pid;

/* Kills the whole group (the guard included) if the runner is gone. */
static void kill_group_if_orphaned(void) {
    if (getppid() != runner_pid) {
        kill(-getpgrp(), SIGKILL);
    }
}

/*
 * SIGUSR2 is the parent-death signal. On Linux it also fires when the *thread* that spawned the
 * guard exits while the runner lives on; then getppid() is unchanged and the signal is ignored.
 * getppid, getpgrp and kill are async-signal-safe.
 */
static void on_parent_death(int sig) {
    (void)sig;
    kill_group_if_orphaned();
}

/* Stop signals are meant for the step: the guard only survives them and keeps waiting. */
static void on_stop(int sig) {
    (void)sig;
}

static void install(int sig, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
}

static int parse_pid(const char *text, pid_t *pid) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value <= 1 || value > INT_MAX) {
        return -1;
    }
    *pid = (pid_t)value;
    return 0;
}

/* Runs in the forked child: a clean signal state, then the program. Never returns. */
static void exec_program(char **argv) {
    for (int sig = 1; sig < NSIG; sig++) {
        signal(sig, SIG_DFL); /* fails harmlessly for SIGKILL, SIGSTOP and glibc's own signals */
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execvp(argv[0], argv);
    fprintf(stderr, "capzflow-guard: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(EXIT_EXEC_FAILED);
}

/*
 * The sentinel (`capzflow-guard --sentinel`): one per runner, for the steps that run in shells the
 * runner started ahead without a guard of their own. It reads lines "+PGID" (watch this group) and
 * "-PGID" (it is over) on stdin. When stdin reaches end of file — the runner closed it at the end
 * of its run, or died and the kernel closed it — every group still watched gets SIGKILL, so no
 * process of those steps outlives the runner either.
 */
static int run_sentinel(void) {
    pid_t *groups = NULL;
    size_t count = 0, capacity = 0;
    char line[64];
    size_t length = 0;
    /* Read what is there (a line or several) and take it apart here: one read per line the
     * runner writes, not one per byte, leaves the CPU to the steps. */
    char chunk[4096];
    ssize_t available = 0, next = 0;
    for (;;) {
        if (next == available) {
            available = read(STDIN_FILENO, chunk, sizeof chunk);
            next = 0;
            if (available < 0 && errno == EINTR) {
                available = 0;
                continue;
            }
            if (available <= 0) {
                break;
            }
        }
        char byte = chunk[next++];
        if (byte != '\n') {
            if (length + 1 < sizeof line) {
                line[length++] = byte;
            }
            continue;
        }
        line[length] = '\0';
        length = 0;
        pid_t group;
        if ((line[0] != '+' && line[0] != '-') || parse_pid(line + 1, &group) != 0) {
            continue;
        }
        if (line[0] == '+') {
            if (count == capacity) {
                size_t grown = capacity ? capacity * 2 : 16;
                pid_t *more = realloc(groups, grown * sizeof *groups);
                if (more == NULL) {
                    kill(-group, SIGKILL); /* cannot watch it: it must not run unwatched */
                    continue;
                }
                groups = more;
                capacity = grown;
            }
            groups[count++] = group;
        } else {
            for (size_t i = 0; i < count; i++) {
                if (groups[i] == group) {
                    groups[i] = groups[--count];
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < count; i++) {
        kill(-groups[i], SIGKILL);
    }
    free(groups);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--sentinel") == 0) {
        return run_sentinel();
    }
    pid_t parent;
    if (argc < 3 || parse_pid(argv[1], &parent) != 0) {
        fprintf(stderr, "usage: capzflow-guard <runner-pid> <program> [args...]\n"
                        "       capzflow-guard --sentinel\n");
        return EXIT_GUARD_FAILED;
    }
    runner_pid = parent;

    /* Started by hand rather than in a new session: lead a group of our own, so that killing
     * "our group" can never reach whoever started us. */
    if (getpgrp() != getpid() && setpgid(0, 0) != 0) {
        perror("capzflow-guard: setpgid");
        return EXIT_GUARD_FAILED;
    }

    /* Whatever the parent left us: waitpid needs SIGCHLD not ignored, and the signals below
     * must not stay blocked. */
    signal(SIGCHLD, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    install(SIGUSR2, on_parent_death);
    install(SIGTERM, on_stop);
    install(SIGINT, on_stop);
    install(SIGHUP, on_stop);

    /* 1. Arm the parent-death signal, then check the runner did not die before it was armed. */
    if (prctl(PR_SET_PDEATHSIG, SIGUSR2) != 0) {
        perror("capzflow-guard: prctl(PR_SET_PDEATHSIG)");
        return EXIT_GUARD_FAILED;
    }
    kill_group_if_orphaned();

    /* 2. The runner's channel becomes the step's descriptor 3, where the step waits for the go
     * byte; the guard itself keeps no end of it, and the step's input is /dev/null. */
    if (dup2(STDIN_FILENO, GO_FD) < 0) {
        perror("capzflow-guard: dup2");
        return EXIT_GUARD_FAILED;
    }
    int devnull = open("/dev/null", O_RDONLY); /* after the dup2, so it cannot be descriptor 3 */
    if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0) {
        perror("capzflow-guard: /dev/null");
        return EXIT_GUARD_FAILED;
    }
    close(devnull);

    /* 3. Fork the step. Signals stay blocked across fork so that one arriving in between can
     * neither be lost in the child (our handler) nor kill it before it resets its dispositions. */
    sigset_t blocked, previous;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGHUP);
    sigaddset(&blocked, SIGUSR2);
    sigprocmask(SIG_BLOCK, &blocked, &previous);
    pid_t child = fork();
    if (child < 0) {
        perror("capzflow-guard: fork");
        return EXIT_GUARD_FAILED;
    }
    if (child == 0) {
        exec_program(argv + 2);
    }
    sigprocmask(SIG_SETMASK, &previous, NULL);
    close(GO_FD);

    /* 4. Wait for the child; stop signals interrupt waitpid but do not end the guard. */
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("capzflow-guard: waitpid");
            return EXIT_GUARD_FAILED;
        }
    }

    /* 5. Report the child's status as our own. */
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

/*
 * SwiftPM links every executable with swiftrt.o, whose constructor hands the program's Swift
 * metadata to the Swift runtime through this function. The guard is plain C and has no such
 * metadata; defining the function here keeps the runtime's start-up work (and most of its code)
 * out of a program that is started once per step. Measured with `perf stat -r 50`: 0.47 ms of
 * CPU and 47 page faults per start before, 0.32 ms and 30 after.
 */
void swift_addNewDSOImage(const void *header) {
    (void)header;
}
