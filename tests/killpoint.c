/*
** killpoint.c: run a command under ptrace and kill it with SIGKILL just
** before its N-th file system call, for the crash tests
** (tests/cli/test_crash.sh).  Test-only; not installed.
**
**   killpoint count CMD [ARGS...]   run CMD to the end; print
**                                   "syscalls=M exit=S"
**   killpoint at N CMD [ARGS...]    SIGKILL CMD at the entry of its N-th
**                                   file system call (it never runs);
**                                   print "killed=N", or "exited=S
**                                   syscalls=M" when CMD ended first
**
** The file system calls counted are those that read, write, sync,
** truncate, lock, open, close, rename or delete files (file_calls).  A
** file only changes at such a call, so a kill just before each one
** reaches every state the files can be left in: points spread over these
** calls cover a run's whole life (reading the input, writing the WAL, the
** commit frame, the checkpoint, deleting the WAL), where points spread
** over time land mostly in the CPU-bound parsing and checking, which
** changes no file.  A seccomp filter (SECCOMP_RET_TRACE) stops the
** command at these calls only, so the rest runs at full speed; it
** compares the native system call numbers only (no 32-bit ABI).
**
** CMD's standard input and output go to /dev/null; its standard error is
** kept.  Exit status: 0 when the report line was printed, 1 on an error
** of killpoint itself (message on stderr), 2 on a usage error.  Linux
** only (ptrace, seccomp).  Under a sanitizer build, run CMD with
** ASAN_OPTIONS=detect_leaks=0: LeakSanitizer refuses to run in a traced
** process.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The file system calls counted (those this architecture has). */
static const long file_calls[] = {
#ifdef SYS_read
    SYS_read,
#endif
#ifdef SYS_write
    SYS_write,
#endif
#ifdef SYS_pread64
    SYS_pread64,
#endif
#ifdef SYS_pwrite64
    SYS_pwrite64,
#endif
#ifdef SYS_readv
    SYS_readv,
#endif
#ifdef SYS_writev
    SYS_writev,
#endif
#ifdef SYS_preadv
    SYS_preadv,
#endif
#ifdef SYS_pwritev
    SYS_pwritev,
#endif
#ifdef SYS_fsync
    SYS_fsync,
#endif
#ifdef SYS_fdatasync
    SYS_fdatasync,
#endif
#ifdef SYS_ftruncate
    SYS_ftruncate,
#endif
#ifdef SYS_fcntl
    SYS_fcntl,
#endif
#ifdef SYS_open
    SYS_open,
#endif
#ifdef SYS_openat
    SYS_openat,
#endif
#ifdef SYS_close
    SYS_close,
#endif
#ifdef SYS_unlink
    SYS_unlink,
#endif
#ifdef SYS_unlinkat
    SYS_unlinkat,
#endif
#ifdef SYS_rename
    SYS_rename,
#endif
#ifdef SYS_renameat
    SYS_renameat,
#endif
#ifdef SYS_renameat2
    SYS_renameat2,
#endif
};
#define N_FILE_CALLS (sizeof file_calls / sizeof file_calls[0])

/*
** Install a seccomp filter that stops the calling process for its tracer
** (SECCOMP_RET_TRACE) at every call of file_calls and lets every other
** call run untraced.  The filter survives exec.  Returns 0 or -1.
*/
static int trace_file_calls(void)
{
  struct sock_filter code[N_FILE_CALLS + 3];
  struct sock_fprog prog;
  size_t i, n = 0;

  code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                           offsetof(struct seccomp_data, nr));
  for (i = 0; i < N_FILE_CALLS; i++) {
    /* equal: jump over the rest of the list to RET_TRACE */
    code[n++] = (struct sock_filter)BPF_JUMP(
        BPF_JMP | BPF_JEQ | BPF_K, (unsigned)file_calls[i],
        (unsigned char)(N_FILE_CALLS - i), 0);
  }
  code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
  prog.len = (unsigned short)n;
  prog.filter = code;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
    return -1;
  }
  return 0;
}

/* Print the usage on stderr and return 2. */
static int usage(void)
{
  fputs("usage: killpoint count CMD [ARGS...]\n"
        "       killpoint at N CMD [ARGS...]\n",
        stderr);
  return 2;
}

/*
** In the child: ask to be traced, point stdin and stdout at /dev/null,
** stop so the parent can set its options, install the filter, then exec
** argv.  Never returns.
*/
static void child(char **argv)
{
  int fd = open("/dev/null", O_RDWR);

  if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0) {
    perror("killpoint: /dev/null");
    _exit(127);
  }
  if (fd > 2) {
    close(fd);
  }
  if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
    perror("killpoint: PTRACE_TRACEME");
    _exit(127);
  }
  raise(SIGSTOP);
  if (trace_file_calls() < 0) {
    perror("killpoint: seccomp filter");
    _exit(127);
  }
  execvp(argv[0], argv);
  fprintf(stderr, "killpoint: %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

/* Exit status of a finished child as a shell would show it. */
static int shell_status(int status)
{
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
** Trace pid (stopped at its SIGSTOP) to the end, or, when kill_at > 0,
** kill it at its kill_at-th file system call, before the call runs.
** Prints the report line.  Returns 0, or 1 on a ptrace error.
*/
static int trace(pid_t pid, long kill_at)
{
  long count = 0;
  int status, sig = 0;

  if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
             (void *)(long)(PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)) < 0) {
    perror("killpoint: PTRACE_SETOPTIONS");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return 1;
  }
  for (;;) {
    if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig) < 0) {
      perror("killpoint: PTRACE_CONT");
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return 1;
    }
    sig = 0;
    if (waitpid(pid, &status, 0) < 0) {
      perror("killpoint: waitpid");
      return 1;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      break;
    }
    if (status >> 8 != (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
      /* a signal for the program: pass it on, except the SIGTRAP that
         follows exec */
      sig = WSTOPSIG(status) == SIGTRAP ? 0 : WSTOPSIG(status);
      continue;
    }
    if (++count == kill_at) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) == pid && !WIFSIGNALED(status) &&
             !WIFEXITED(status)) {
        /* reap the stops until the kill lands */
      }
      printf("killed=%ld\n", kill_at);
      return 0;
    }
  }
  if (kill_at > 0) {
    printf("exited=%d syscalls=%ld\n", shell_status(status), count);
  } else {
    printf("syscalls=%ld exit=%d\n", count, shell_status(status));
  }
  return 0;
}

/* Entry point: parse the mode, start the command, trace it. */
int main(int argc, char **argv)
{
  long kill_at = 0;
  int first;
  pid_t pid;
  int status;

  if (argc >= 3 && strcmp(argv[1], "count") == 0) {
    first = 2;
  } else if (argc >= 4 && strcmp(argv[1], "at") == 0) {
    char *end = NULL;
    errno = 0;
    kill_at = strtol(argv[2], &end, 10);
    if (errno != 0 || end == argv[2] || *end != '\0' || kill_at < 1) {
      fprintf(stderr, "killpoint: N: '%s' is not a positive number\n", argv[2]);
      return 2;
    }
    first = 3;
  } else {
    return usage();
  }
  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    perror("killpoint: fork");
    return 1;
  }
  if (pid == 0) {
    child(argv + first);
  }
  if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
    fprintf(stderr, "killpoint: %s did not start under ptrace\n", argv[first]);
    return 1;
  }
  return trace(pid, kill_at);
}
