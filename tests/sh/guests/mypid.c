// mypid: prints its own pid (the agent-os host_process proc_getpid under wask, getpid natively),
// so a test can compare it with the shell's $!.
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#ifdef __wasi__
__attribute__((import_module("host_process"), import_name("proc_getpid"))) int32_t proc_getpid(
    uint32_t* pid);
static long own_pid(void) {
  uint32_t pid = 0;
  return proc_getpid(&pid) == 0 ? (long)pid : -1;
}
#else
static long own_pid(void) { return (long)getpid(); }
#endif

int main(void) {
  printf("%ld\n", own_pid());
  return 0;
}
