// host_process.proc_waitpid as the released agent-os binaries import it: (pid, options,
// ret_status) answering a POSIX wait status, and EBUSY (10) under WNOHANG while the child runs.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agentos.h"

AGENTOS_IMPORT(host_process, proc_waitpid)
int32_t hp_waitpid3(uint32_t pid, uint32_t options, uint32_t* status);

static uint32_t start(const char* argv, uint32_t len) {
  static const char env[] = "PATH=/bin";
  uint32_t pid = 0;
  hp_spawn(argv, len, env, sizeof env, 0, 1, 2, "", 0, &pid);
  return pid;
}

int main(void) {
  static const char exit3[] = "proc\0exit\0003";
  static const char sleeper[] = "proc\0sleep\000100000";
  uint32_t status = 0;
  uint32_t a = start(exit3, sizeof exit3);
  int32_t e = hp_waitpid3(a, 0, &status);
  printf("exit 3: errno %d wstatus 0x%x\n", e, status);
  uint32_t b = start(sleeper, sizeof sleeper);
  printf("running: errno %d\n", hp_waitpid3(b, 1, &status));
  hp_kill(b, 9);
  e = hp_waitpid3(b, 0, &status);
  printf("killed: errno %d wstatus 0x%x\n", e, status);
  printf("no child: errno %d\n", hp_waitpid3(0xFFFFFFFFu, 0, &status));
  return 0;
}
