// A kernel-test guest that imports the agent-os ABI (host_process, host_fs, host_user).
// `proc MODE ARGS...`; modes that start children run `/bin/proc` (PATH=/bin) again.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agentos.h"

#define IMPORT AGENTOS_IMPORT

IMPORT(host_process, proc_waitpid)
int32_t hp_waitpid(uint32_t pid, uint32_t options, uint32_t* status, uint32_t* ret_pid);
IMPORT(host_process, proc_getpid) int32_t hp_getpid(uint32_t* pid);
IMPORT(host_process, proc_getppid) int32_t hp_getppid(uint32_t* pid);
IMPORT(host_process, fd_pipe) int32_t hp_pipe(uint32_t* r, uint32_t* w);
IMPORT(host_process, fd_dup) int32_t hp_dup(uint32_t fd, uint32_t* out);
IMPORT(host_process, fd_dup2) int32_t hp_dup2(uint32_t from, uint32_t to);
IMPORT(host_process, fd_dup_min) int32_t hp_dup_min(uint32_t fd, uint32_t min, uint32_t* out);
IMPORT(host_process, sleep_ms) int32_t hp_sleep(uint32_t ms);
IMPORT(host_fs, path_mode) uint32_t hf_path_mode(const char* p, uint32_t len, uint32_t follow);
IMPORT(host_fs, fd_mode) uint32_t hf_fd_mode(uint32_t fd);
IMPORT(host_fs, chmod) int32_t hf_chmod(const char* p, uint32_t len, uint32_t mode);
IMPORT(host_user, getuid) int32_t hu_getuid(uint32_t* uid);
IMPORT(host_user, isatty) int32_t hu_isatty(uint32_t fd, uint32_t* yes);
IMPORT(host_user, getpwuid)
int32_t hu_getpwuid(uint32_t uid, char* buf, uint32_t len, uint32_t* ret_len);

static const char kEnv[] = "PATH=/bin";
#define NONE 0xFFFFFFFFu

// Starts `proc ARGS...` with the given stdio; answers the errno, the pid through *pid.
static int32_t spawn_fds(char** args, int n, uint32_t in, uint32_t out, uint32_t err,
                         uint32_t* pid) {
  char buf[1024];
  uint32_t len = 0;
  const char* head = "proc";
  for (int i = -1; i < n; ++i) {
    const char* a = i < 0 ? head : args[i];
    size_t l = strlen(a) + 1;
    memcpy(buf + len, a, l);
    len += (uint32_t)l;
  }
  return hp_spawn(buf, len, kEnv, sizeof kEnv, in, out, err, "", 0, pid);
}
static int32_t spawn(char** args, int n, uint32_t* pid) { return spawn_fds(args, n, 0, 1, 2, pid); }

static uint32_t wait_for(uint32_t pid) {
  uint32_t status = 999, got = 0;
  int32_t e = hp_waitpid(pid, 0, &status, &got);
  if (e) {
    printf("waitpid: errno %d\n", e);
    return 999;
  }
  return status;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  char** rest = argv + 2;
  int nrest = argc - 2;
  setvbuf(stdout, NULL, _IONBF, 0);

  if (!strcmp(mode, "exit")) return nrest ? atoi(rest[0]) : 0;
  if (!strcmp(mode, "echo")) {
    for (int i = 0; i < nrest; ++i) printf("%s%s", i ? " " : "", rest[i]);
    printf("\n");
    return 0;
  }
  if (!strcmp(mode, "cat")) {
    char b[4096];
    ssize_t n;
    while ((n = read(0, b, sizeof b)) > 0) fwrite(b, 1, (size_t)n, stdout);
    return n < 0 ? 1 : 0;
  }
  if (!strcmp(mode, "loop")) {
    volatile uint64_t spins = 0;
    for (;;) ++spins;
  }
  if (!strcmp(mode, "sleep")) {  // host_process.sleep_ms
    int32_t e = hp_sleep(nrest ? (uint32_t)atoi(rest[0]) : 1000);
    printf("slept %d\n", e);
    return 0;
  }
  if (!strcmp(mode, "nanosleep")) {  // poll_oneoff on a clock
    struct timespec ts = {nrest ? atoi(rest[0]) : 1000, 0};
    nanosleep(&ts, NULL);
    printf("woke\n");
    return 0;
  }
  if (!strcmp(mode, "trap")) __builtin_trap();
  if (!strcmp(mode, "ids")) {
    uint32_t pid = 0, ppid = 0, uid = 0, tty = 7, len = 0;
    char pw[128];
    hp_getpid(&pid);
    hp_getppid(&ppid);
    hu_getuid(&uid);
    hu_isatty(1, &tty);
    int32_t e = hu_getpwuid(uid, pw, sizeof pw - 1, &len);
    pw[e ? 0 : len] = 0;
    printf("pid %u ppid %u uid %u tty %u pw %s\n", pid, ppid, uid, tty, pw);
    printf("short buffer %d\n", hu_getpwuid(uid, pw, 3, &len));
    return 0;
  }
  if (!strcmp(mode, "modes")) {  // path_mode/fd_mode/chmod of each path given
    for (int i = 0; i < nrest; ++i) {
      const char* p = rest[i];
      printf("%s %o %o\n", p, hf_path_mode(p, strlen(p), 1), hf_path_mode(p, strlen(p), 0));
    }
    printf("fd1 %o\n", hf_fd_mode(1));
    printf("fd99 %o\n", hf_fd_mode(99));
    if (nrest) {
      int32_t e = hf_chmod(rest[0], strlen(rest[0]), 0600);
      printf("chmod %d -> %o\n", e, hf_path_mode(rest[0], strlen(rest[0]), 1));
    }
    return 0;
  }
  if (!strcmp(mode, "run")) {  // run ARGS...: spawn proc ARGS, wait, report
    uint32_t pid = 0;
    int32_t e = spawn(rest, nrest, &pid);
    if (e) {
      printf("spawn: errno %d\n", e);
      return 1;
    }
    printf("status %u\n", wait_for(pid));
    return 0;
  }
  if (!strcmp(mode, "spawnpath")) {  // spawnpath CMD: spawn a command by name or path
    uint32_t pid = 0;
    char buf[256];
    size_t l = strlen(rest[0]) + 1;
    memcpy(buf, rest[0], l);
    int32_t e = hp_spawn(buf, (uint32_t)l, kEnv, sizeof kEnv, 0, 1, 2, "", 0, &pid);
    printf("spawn %s: errno %d\n", rest[0], e);
    if (!e) printf("status %u\n", wait_for(pid));
    return 0;
  }
  if (!strcmp(mode, "waitany")) {  // waitany N: N children exiting 1..N, reaped in any order
    int n = atoi(rest[0]), sum = 0;
    for (int i = 1; i <= n; ++i) {
      char code[16];
      snprintf(code, sizeof code, "%d", i);
      char* args[] = {"exit", code};
      uint32_t pid;
      if (spawn(args, 2, &pid)) return 1;
    }
    for (int i = 0; i < n; ++i) {
      uint32_t status = 0, got = 0;
      if (hp_waitpid(NONE, 0, &status, &got) || got == 0) return 1;
      sum += (int)status;
    }
    uint32_t status, got;
    printf("sum %d, then %d\n", sum, hp_waitpid(NONE, 0, &status, &got));
    return 0;
  }
  if (!strcmp(mode, "errors")) {
    uint32_t status = 0, got = 0, self = 0;
    hp_getpid(&self);
    printf("waitpid unknown %d\n", hp_waitpid(99999, 0, &status, &got));
    printf("waitpid self %d\n", hp_waitpid(self, 0, &status, &got));
    printf("waitpid any %d\n", hp_waitpid(NONE, 0, &status, &got));
    printf("kill unknown %d\n", hp_kill(99999, 9));
    char* args[] = {"sleep", "100000"};
    uint32_t pid = 0;
    spawn(args, 2, &pid);
    got = 7;
    printf("nohang %d got %u\n", hp_waitpid(pid, 1, &status, &got), got);
    printf("kill 0 %d\n", hp_kill(pid, 0));
    hp_kill(pid, 15);
    printf("status %u\n", wait_for(pid));
    return 0;
  }
  if (!strcmp(mode, "kill")) {  // kill SIG MODE ARGS...: start a child, stop it, report it
    uint32_t sig = (uint32_t)atoi(rest[0]), pid = 0;
    if (spawn(rest + 1, nrest - 1, &pid)) return 1;
    hp_sleep(100);
    int32_t e = hp_kill(pid, sig);
    printf("kill %d status %u\n", e, wait_for(pid));
    return 0;
  }
  if (!strcmp(mode, "killpiped")) {  // killpiped SIG MODE...: the child's stdin a silent pipe
    uint32_t sig = (uint32_t)atoi(rest[0]), pid = 0, r = 0, w = 0;
    if (hp_pipe(&r, &w) || spawn_fds(rest + 1, nrest - 1, r, 1, 2, &pid)) return 1;
    hp_sleep(100);
    int32_t e = hp_kill(pid, sig);
    printf("kill %d status %u\n", e, wait_for(pid));
    return 0;
  }
  if (!strcmp(mode, "orphans")) {  // exit leaving one exited and one sleeping child unwaited
    char* done[] = {"exit", "0"};
    char* sleeper[] = {"sleep", "300"};
    uint32_t a = 0, b = 0;
    if (spawn(done, 2, &a) || spawn(sleeper, 2, &b)) return 1;
    hp_sleep(100);
    return 0;
  }
  if (!strcmp(mode, "bomb")) {  // bomb DEPTH: each process starts the next until refused
    int depth = nrest ? atoi(rest[0]) : 0;
    char next[16];
    snprintf(next, sizeof next, "%d", depth + 1);
    char* args[] = {"bomb", next};
    uint32_t pid = 0;
    int32_t e = spawn(args, 2, &pid);
    if (e) {
      printf("bomb: spawn refused at depth %d: errno %d\n", depth, e);
      return 1;
    }
    return (int)wait_for(pid);
  }
  if (!strcmp(mode, "pipeline")) {  // echo WORDS | cat, through fd_pipe
    uint32_t r = 0, w = 0, a = 0, b = 0;
    int32_t e = hp_pipe(&r, &w);
    if (e) {
      printf("fd_pipe: errno %d\n", e);
      return 1;
    }
    char* producer[] = {"echo", "through", "a", "pipe"};
    char* consumer[] = {"cat"};
    if (spawn_fds(producer, 4, NONE, w, 2, &a) || spawn_fds(consumer, 1, r, 1, 2, &b)) return 1;
    close((int)r);
    close((int)w);
    uint32_t sa = wait_for(a), sb = wait_for(b);
    printf("statuses %u %u\n", sa, sb);
    return 0;
  }
  if (!strcmp(mode, "dup")) {  // fd_dup/fd_dup2/fd_dup_min onto stdout
    uint32_t d = 0, m = 0;
    printf("dup %d\n", hp_dup(1, &d));
    write((int)d, "via dup\n", 8);
    printf("dup_min %d %u\n", hp_dup_min(1, 10, &m), m);
    write((int)m, "via dup_min\n", 12);
    printf("dup2 %d\n", hp_dup2(2, (uint32_t)d));  // d now writes to stderr
    write((int)d, "to stderr\n", 10);
    printf("dup bad %d\n", hp_dup(77, &d));
    return 0;
  }
  fprintf(stderr, "proc: unknown mode %s\n", mode);
  return 2;
}
