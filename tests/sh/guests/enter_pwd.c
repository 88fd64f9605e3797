// Linked into every guest: start in $PWD, the convention by which WASI commands learn the
// working directory the shell gave them (wasi-libc itself starts in "/").
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void enter_pwd(void) {
  const char* pwd = getenv("PWD");
  if (pwd && *pwd) (void)chdir(pwd);
}
