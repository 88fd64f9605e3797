// The agent-os host modules as a guest imports them (shared/agentos-abi.md).
#pragma once
#include <stdint.h>

#define AGENTOS_IMPORT(module, name) __attribute__((import_module(#module), import_name(#name)))

AGENTOS_IMPORT(host_process, proc_spawn)
int32_t hp_spawn(const char* argv, uint32_t argv_len, const char* envp, uint32_t envp_len,
                 uint32_t in, uint32_t out, uint32_t err, const char* cwd, uint32_t cwd_len,
                 uint32_t* pid);
AGENTOS_IMPORT(host_process, proc_kill) int32_t hp_kill(uint32_t pid, uint32_t sig);
