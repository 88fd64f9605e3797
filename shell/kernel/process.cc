#include "shell/kernel/process.h"

#include <fmt/format.h>

#include "shell/invoke.h"
#include "wasi/agentos.h"

namespace wask::shell {

void write_to_fd(wasi::WasiContext& ctx, uint32_t fd, std::string_view text) {
  const wasi::FdEntry* entry = ctx.fds().find(wasi::Fd{fd});
  if (!entry || !entry->file) return;
  // Cancellable: a full pipe whose reader is gone or stuck must not hold the process up.
  (void)entry->file->write(std::as_bytes(std::span(text.data(), text.size())), &ctx.cancel());
}

int run_process(Process& process, ProcessLaunch& launch) {
  interp::StoreConfig config = launch.store;
  config.interrupt = process.interrupt;
  interp::Store store(config);
  wasi::WasiContext& ctx = *launch.ctx;
  const std::string& name = process.args.empty() ? std::string() : process.args[0];

  // WASI preview1 passes 32-bit pointers into memory 0: a 64-bit memory has no preview1 ABI.
  for (const interp::ExportDesc& e : launch.module->exports()) {
    if (e.type.kind == interp::ExternKind::Memory && e.type.memory.is64) {
      write_to_fd(ctx, 2,
                  fmt::format("wask: {}: the module's memory \"{}\" is 64-bit (memory64); WASI "
                              "preview1 needs a 32-bit memory\n",
                              name, e.name));
      return launch.setup_failure_status;
    }
  }
  std::optional<interp::ImportDesc> unresolved;
  interp::ImportResolver resolve = wasi::wasi_imports(store, ctx);
  interp::InstantiateResult instance =
      store.instantiate(launch.module, [&](const interp::ImportDesc& import) {
        auto found = resolve(import);
        if (!found && !unresolved) unresolved = import;
        return found;
      });
  interp::Outcome outcome = instance.outcome;
  if (outcome.ok()) {
    std::optional<interp::Extern> start = instance.instance->find_export("_start");
    if (!start || start->kind != interp::ExternKind::Func) {
      write_to_fd(ctx, 2, fmt::format("wask: {}: the module exports no _start function\n", name));
      return launch.setup_failure_status;
    }
    std::vector<interp::Value> results;
    outcome = store.call(*start, {}, results);
  }
  switch (outcome.kind) {
    case interp::OutcomeKind::Ok:
      return 0;
    case interp::OutcomeKind::Exit:
      return int(uint32_t(outcome.exit_code) & 0xff);
    case interp::OutcomeKind::Interrupted:
      return process.ending() ? process.end_status.load() : kExitSignalBase + int(kSigKill);
    case interp::OutcomeKind::Trap:
    case interp::OutcomeKind::Exception:
    case interp::OutcomeKind::Exhaustion:
      write_to_fd(ctx, 2, describe(outcome) + "\n");
      return kExitTrapped;
    case interp::OutcomeKind::LinkError: {
      std::string text = fmt::format("wask: {}: {}\n", name, describe(outcome));
      if (unresolved)
        text += fmt::format("wask: {}: import \"{}\" \"{}\" is not provided\n", name,
                            unresolved->module, unresolved->name);
      write_to_fd(ctx, 2, text);
      return launch.setup_failure_status;
    }
    case interp::OutcomeKind::Crash:
      write_to_fd(ctx, 2, fmt::format("wask: {}: {}\n", name, describe(outcome)));
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace wask::shell
