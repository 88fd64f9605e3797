// `wask run`: call one export (--invoke) or run a WASI command module (`_start`) over the VFS.
// Every option is a row of run_option_table(); each mode is its own function.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "shell/bin_commands.h"
#include "shell/cli.h"
#include "shell/cli_options.h"
#include "shell/invoke.h"
#include "shell/wasi_command.h"
#include "wasi/stream.h"

namespace wask::shell {

namespace {

// Everything `wask run` can be told, filled in by the option table.
struct RunOptions {
  interp::StoreConfig limits;
  std::optional<std::string> invoke;  // --invoke NAME: call this export instead of `_start`
  // WASI command mode.
  std::vector<MountSpec> mounts;                     // --dir, --mount, in order
  std::vector<std::string> environ;                  // --env KEY=VALUE
  std::string cwd = "/";                             // --cwd DIR
  bool cwd_given = false;                            // only then does the guest get PWD
  std::optional<std::chrono::milliseconds> timeout;  // --timeout SECONDS
  bool deterministic = false;                        // --deterministic
  bool trace = false;                                // --trace-wasi: to stderr ...
  std::optional<std::string> trace_file;             // ... or --trace-wasi=FILE
  bool no_cache = false;                             // --no-cache
};

// "2", "0.25": a duration in whole milliseconds, up to a year.
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double seconds = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(seconds >= 0) || seconds > 366 * 86400.0)
    return std::nullopt;
  return std::chrono::milliseconds(int64_t(seconds * 1000 + 0.5));
}

// Adds a mount parsed by `parse` (parse_dir_spec or parse_mount_spec).
template <class Parse>
Option mount_option(std::string_view name, std::string_view value_name, std::string help,
                    RunOptions& options, Parse parse) {
  return {name, value_name, std::move(help),
          [&options, parse](std::string_view value) -> std::optional<std::string> {
            auto spec = parse(value);
            if (auto* error = std::get_if<std::string>(&spec)) return *error;
            options.mounts.push_back(std::get<MountSpec>(spec));
            return std::nullopt;
          }};
}

std::vector<Option> run_option_table(RunOptions& options) {
  std::vector<Option> table = {
      {"--invoke", "NAME", "call the exported function NAME with ARGs and print its results",
       [&options](std::string_view value) -> std::optional<std::string> {
         if (value.empty()) return std::string("needs a function name");
         options.invoke = std::string(value);
         return std::nullopt;
       }},
  };
  table.push_back(mount_option(
      "--dir", "HOST[::GUEST]",
      "mount host directory HOST at GUEST (default HOST; relative from /, so . is the root)",
      options, parse_dir_spec));
  table.push_back(
      mount_option("--mount", "GUEST=SRC",
                   "mount SRC at GUEST: host:PATH or mem, with ,ro for read-only and, for mem,\n"
                   "                       ,size=N[K|M|G] ,inodes=N (default 512M, 131072)",
                   options, parse_mount_spec));
  table.push_back({"--env", "KEY=VALUE", "set an environment variable for the guest",
                   [&options](std::string_view value) -> std::optional<std::string> {
                     if (value.find('=') == std::string_view::npos || value.front() == '=')
                       return std::string("expected KEY=VALUE");
                     options.environ.emplace_back(value);
                     return std::nullopt;
                   }});
  table.push_back({"--cwd", "DIR", "the guest's working directory, a VM path (default /)",
                   [&options](std::string_view value) -> std::optional<std::string> {
                     if (value.empty() || value.front() != '/')
                       return std::string("must be an absolute VM path");
                     options.cwd = std::string(value);
                     options.cwd_given = true;
                     return std::nullopt;
                   }});
  table.push_back({"--timeout", "SECONDS",
                   "end the guest at this deadline (it may be blocked or looping) with status 124",
                   [&options](std::string_view value) -> std::optional<std::string> {
                     auto seconds = parse_seconds(value);
                     if (!seconds) return std::string("expected a number of seconds, e.g. 2.5");
                     options.timeout = *seconds;
                     return std::nullopt;
                   }});
  table.push_back({"--deterministic", "",
                   "fixed clocks (advancing per reading) and seeded random_get: identical runs",
                   [&options](std::string_view) -> std::optional<std::string> {
                     options.deterministic = true;
                     return std::nullopt;
                   }});
  table.push_back({"--trace-wasi", "",
                   "trace every WASI call, decoded, to stderr (--trace-wasi=FILE: to FILE)",
                   [&options](std::string_view) -> std::optional<std::string> {
                     options.trace = true;
                     return std::nullopt;
                   }});
  table.push_back(no_cache_option(options.no_cache));
  for (Option& option : limit_options(options.limits)) table.push_back(std::move(option));
  return table;
}

constexpr const char* kRunUsage =
    "usage: wask run [OPTIONS] MODULE.wasm [ARG...]\n"
    "       wask run [OPTIONS] --invoke NAME MODULE.wasm [ARG...]\n";

constexpr const char* kRunDescription =
    "\n"
    "Without --invoke, runs MODULE.wasm as a WASI command: its `_start` with ARGs as argv[1..].\n"
    "A MODULE starting with /bin/ is one of wask's own commands (/bin/ls, /bin/cat ...), which\n"
    "every VM also has, read-only, at /bin.\n"
    "Every file access goes through the VM's VFS: a fresh in-memory root unless --dir or --mount\n"
    "puts something at /, plus the mounts given. The guest's preopens are the VM root (fd 3) and\n"
    "the cwd (fd 4) when --dir, --mount or --cwd is given or MODULE is in /bin, none otherwise.\n"
    "stdin, stdout and stderr pass through. The exit status is the guest's exit code. The guest\n"
    "runs as a kernel process: it may start others (the agent-os host_process ABI) from the VFS.\n"
    "It sees exactly the environment given with --env (plus PWD when --cwd is given).\n"
    "\n"
    "With --invoke, instantiates MODULE.wasm (which must have no imports), calls its exported\n"
    "function NAME with one ARG per parameter and prints each result on its own line as\n"
    "TYPE:VALUE (e.g. i32:55). Options come before MODULE.wasm; every word after it is an ARG.\n"
    "\n"
    "ARG syntax by parameter type:\n"
    "  i32, i64   decimal or 0x hex, signed or unsigned: 42, -1, 4294967295, 0xff\n"
    "  f32, f64   decimal, hex float, inf, -inf, nan, nan:0xPAYLOAD: 1.5, 0x1p-3, -0\n"
    "  externref  null or a number; funcref: null\n"
    "  v128       SHAPE:LANES, one quoted word: \"i32x4:1 2 3 4\", \"i8x16:0 1 ... 15\",\n"
    "             \"f64x2:0.5 -inf\" (shapes i8x16 i16x8 i32x4 i64x2 f32x4 f64x2)\n"
    "Results print integers signed and floats in the shortest form that reads back exactly;\n"
    "a v128 as four signed i32 lanes: v128:i32x4:1 -2 3 4.\n"
    "\n"
    "exit status: 0 success; 2 bad usage, unreadable or invalid module, or an import that\n"
    "cannot be satisfied; 134 the guest trapped or ran out of stack or fuel (the trap and a\n"
    "backtrace go to stderr); 124 the --timeout fired.\n"
    "\n"
    "options:\n";

// --invoke NAME MODULE.wasm [ARG...]
int run_invoke_mode(const RunOptions& options, std::span<const std::string_view> operands) {
  if (operands.empty()) {
    std::fprintf(stderr, "wask run: --invoke needs a MODULE.wasm\n%s", kRunUsage);
    return kExitUsage;
  }
  InvokeRequest request;
  request.module_path = std::string(operands[0]);
  request.function = *options.invoke;
  for (std::string_view arg : operands.subspan(1)) request.args.emplace_back(arg);
  request.limits = options.limits;
  request.load = module_load_options(options.no_cache);
  return run_invoke(request, std::cout, std::cerr);
}

// MODULE.wasm [ARG...]: run `_start` under WASI.
int run_command_mode(const RunOptions& options, std::span<const std::string_view> operands) {
  std::string module_path(operands[0]);
  const interp::LoadOptions load = module_load_options(options.no_cache);
  auto module = load_command_module(module_path, load);  // /bin/NAME: the embedded command
  if (auto* error = std::get_if<std::string>(&module)) {
    std::cerr << "wask run: " << *error << "\n";
    return kExitUsage;
  }
  auto fs = build_vfs(options.mounts, options.deterministic);
  if (auto* error = std::get_if<std::string>(&fs)) {
    std::cerr << "wask run: " << *error << "\n";
    return kExitUsage;
  }
  CommandSpec spec;
  for (std::string_view arg : operands) spec.args.emplace_back(arg);
  spec.environ = options.environ;
  spec.cwd = options.cwd;
  spec.pwd_from_cwd = options.cwd_given;
  spec.timeout = options.timeout;
  spec.modules = std::make_shared<ModuleCache>(load);  // the processes it spawns
  // Without a namespace asked for, no preopen: fds from 3 on stay free, as under wasmtime. One of
  // the VM's own commands (/bin/NAME) asks for the VM it lives in.
  const bool vm_command = module_path.starts_with(kBinPrefix);
  spec.preopens = !options.mounts.empty() || options.cwd_given || vm_command;
  spec.deterministic = options.deterministic;
  spec.limits = options.limits;
  // A guest writing to a closed pipe gets EPIPE, as a native program would with SIGPIPE ignored,
  // instead of the signal killing wask.
  std::signal(SIGPIPE, SIG_IGN);
  spec.stdin_stream = wasi::host_fd_stream(STDIN_FILENO, true, false);
  spec.stdout_stream = wasi::host_fd_stream(STDOUT_FILENO, false, true);
  spec.stderr_stream = wasi::host_fd_stream(STDERR_FILENO, false, true);
  std::ofstream trace_file;
  if (options.trace_file) {
    trace_file.open(*options.trace_file);
    if (!trace_file) {
      std::cerr << "wask run: cannot write the trace to '" << *options.trace_file << "'\n";
      return kExitUsage;
    }
    spec.trace = &trace_file;
  } else if (options.trace) {
    spec.trace = &std::cerr;
  }
  return run_wasi_command(std::get<0>(module), std::get<0>(fs), spec, std::cerr);
}

// `--trace-wasi=FILE` is the flag with a value: take it out before the table parses the rest
// (only among the options, which end at the first operand).
std::vector<std::string_view> take_trace_file(std::span<const std::string_view> args,
                                              const std::vector<Option>& table,
                                              RunOptions& options) {
  std::vector<std::string_view> rest;
  bool in_options = true;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (in_options && arg.rfind("--trace-wasi=", 0) == 0) {
      options.trace = true;
      options.trace_file = std::string(arg.substr(13));
      continue;
    }
    rest.push_back(arg);
    if (!in_options) continue;
    if (arg == "--" || arg.empty() || arg[0] != '-') {
      in_options = false;
      continue;
    }
    for (const Option& option : table) {
      if (option.name == arg && !option.value_name.empty() && i + 1 < args.size()) {
        rest.push_back(args[++i]);  // the option's value, whatever it looks like
      }
    }
  }
  return rest;
}

}  // namespace

int cli_run(std::span<const std::string_view> args) {
  RunOptions options;
  std::vector<Option> table = run_option_table(options);
  std::vector<std::string_view> rest = take_trace_file(args, table, options);
  ParsedArgs parsed = parse_args(rest, table, OptionPlacement::BeforeFirstOperand);
  if (parsed.help) {
    std::cout << kRunUsage << kRunDescription << describe_options(table);
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << "wask run: " << parsed.error << "\n" << kRunUsage;
    return kExitUsage;
  }
  if (options.invoke) return run_invoke_mode(options, parsed.operands);
  if (parsed.operands.empty()) {
    std::cerr << kRunUsage << "`wask run --help` describes every option.\n";
    return kExitUsage;
  }
  return run_command_mode(options, parsed.operands);
}

}  // namespace wask::shell
