#include "shell/invoke.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <variant>

#include <fmt/format.h>

#include "shell/value_text.h"
#include "shell/wasi_command.h"

namespace wask::shell {

namespace {

using namespace interp;

// The status and stderr text for a call or instantiation that did not return normally.
int report_failure(const Outcome& outcome, std::ostream& err) {
  switch (outcome.kind) {
    case OutcomeKind::Ok:
      return 0;
    case OutcomeKind::Exit:
      return outcome.exit_code;
    case OutcomeKind::Trap:
    case OutcomeKind::Exception:
    case OutcomeKind::Exhaustion:
    case OutcomeKind::Interrupted:  // --invoke sets no interrupt; reported like a trap if it did
      err << describe(outcome) << '\n';
      return kExitTrap;
    case OutcomeKind::LinkError:
      err << "wask run: " << describe(outcome) << '\n';
      return kExitUsage;
    case OutcomeKind::Crash:
      err << "wask run: " << describe(outcome) << '\n';
      return kExitInternal;
  }
  return kExitInternal;
}

std::string function_exports(const Module& module) {
  std::string names;
  for (const ExportDesc& e : module.exports()) {
    if (e.type.kind != ExternKind::Func) continue;
    names += (names.empty() ? "" : ", ") + e.name;
  }
  return names.empty() ? "none" : names;
}

}  // namespace

int run_invoke(const InvokeRequest& request, std::ostream& out, std::ostream& err) {
  auto read = read_module_file(request.module_path);
  if (auto* error = std::get_if<std::string>(&read)) {
    err << "wask run: " << *error << '\n';
    return kExitUsage;
  }
  const ModuleFile& file = std::get<ModuleFile>(read);
  // Backtraces name the module by its file name.
  LoadResult loaded = Module::load(
      file.bytes, file.load_options(std::filesystem::path(request.module_path).filename().string(),
                                    request.load));
  if (!loaded.module) {
    const char* kind =
        loaded.error && loaded.error->kind == LoadError::Kind::Invalid ? "invalid" : "malformed";
    err << fmt::format("wask run: '{}' is not a valid module: {} (at byte offset {}): {}\n",
                       request.module_path, kind, loaded.error ? loaded.error->offset : 0,
                       loaded.error ? loaded.error->message : "unknown error");
    return kExitUsage;
  }

  std::optional<ExportDesc> target;
  for (const ExportDesc& e : loaded.module->exports()) {
    if (e.name == request.function && e.type.kind == ExternKind::Func) target = e;
  }
  if (!target) {
    err << fmt::format("wask run: '{}' exports no function '{}' (its functions: {})\n",
                       request.module_path, request.function, function_exports(*loaded.module));
    return kExitUsage;
  }
  const FuncType& type = target->type.func;
  if (request.args.size() != type.params.size()) {
    err << fmt::format("wask run: '{}' has type {}: expected {} argument{}, got {}\n",
                       request.function, to_string(type), type.params.size(),
                       type.params.size() == 1 ? "" : "s", request.args.size());
    return kExitUsage;
  }
  std::vector<Value> args;
  for (size_t i = 0; i < request.args.size(); ++i) {
    ParsedValue parsed = parse_value(type.params[i], request.args[i]);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      err << fmt::format("wask run: argument {} of '{}' ({}): {}\n", i + 1, request.function,
                         to_string(type.params[i]), *error);
      return kExitUsage;
    }
    args.push_back(std::get<Value>(parsed));
  }

  Store store(request.limits);
  // --invoke provides no imports; remember the first one asked for, to name it.
  std::optional<ImportDesc> unresolved;
  InstantiateResult instance =
      store.instantiate(loaded.module, [&](const ImportDesc& import) -> std::optional<Extern> {
        if (!unresolved) unresolved = import;
        return std::nullopt;
      });
  if (instance.outcome.kind == OutcomeKind::LinkError) {
    err << fmt::format("wask run: cannot link '{}': {}\n", request.module_path,
                       instance.outcome.message);
    if (unresolved) {
      err << fmt::format(
          "wask run: import \"{}\" \"{}\" ({}) cannot be satisfied: --invoke "
          "provides no imports\n",
          unresolved->module, unresolved->name, to_string(unresolved->type.kind));
    }
    return kExitUsage;
  }
  if (!instance.outcome.ok() || !instance.instance) {
    return report_failure(instance.outcome, err);  // the start function trapped or exited
  }

  std::optional<Extern> func = instance.instance->find_export(request.function);
  if (!func) {
    err << fmt::format("wask run: export '{}' vanished after instantiation\n", request.function);
    return kExitInternal;
  }
  std::vector<Value> results;
  Outcome outcome = store.call(*func, args, results);
  if (!outcome.ok()) return report_failure(outcome, err);
  for (const Value& v : results) out << format_value(v) << '\n';
  return 0;
}

}  // namespace wask::shell
