// `wask sh`: the shell in a fresh VM. Options build the VM (mounts, environment, cwd, timeout);
// then -c COMMAND, a SCRIPT file of the host, `-` (stdin), or an interactive prompt on a terminal.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <variant>

#include <fmt/format.h>

#include "shell/cli.h"
#include "shell/cli_options.h"
#include "shell/kernel/kernel.h"
#include "shell/sh/kernel_runner.h"
#include "shell/sh/line_editor.h"
#include "shell/sh/parser.h"
#include "shell/sh/shell.h"
#include "shell/wasi_command.h"
#include "wasi/stream.h"

namespace wask::shell {

namespace {

struct ShOptions {
  interp::StoreConfig limits;
  std::vector<MountSpec> mounts;
  std::vector<std::string> environ = {"PATH=/bin:/usr/bin", "HOME=/home/user", "USER=user"};
  std::string cwd = "/";
  std::optional<double> timeout_seconds;
  std::optional<std::string> command;  // -c
  bool no_cache = false;               // --no-cache
};

void set_env(std::vector<std::string>& environ, std::string_view entry) {
  std::string key(entry.substr(0, entry.find('=') + 1));
  std::erase_if(environ, [&](const std::string& e) { return e.starts_with(key); });
  environ.emplace_back(entry);
}

std::vector<Option> sh_option_table(ShOptions& options) {
  auto mount = [&options](auto parse) {
    return [&options, parse](std::string_view value) -> std::optional<std::string> {
      auto spec = parse(value);
      if (auto* error = std::get_if<std::string>(&spec)) return *error;
      options.mounts.push_back(std::get<MountSpec>(spec));
      return std::nullopt;
    };
  };
  std::vector<Option> table = {
      {"-c", "COMMAND", "run COMMAND (the words after it are $0, $1, ...)",
       [&options](std::string_view value) -> std::optional<std::string> {
         options.command = std::string(value);
         return std::nullopt;
       }},
      {"--dir", "HOST[::GUEST]", "mount host directory HOST at GUEST (as for wask run)",
       mount(parse_dir_spec)},
      {"--mount", "GUEST=SRC", "mount SRC at GUEST: host:PATH or mem, with ,ro for read-only",
       mount(parse_mount_spec)},
      {"--env", "KEY=VALUE", "set an environment variable (PATH, HOME and USER have defaults)",
       [&options](std::string_view value) -> std::optional<std::string> {
         if (value.find('=') == std::string_view::npos || value.front() == '=')
           return std::string("expected KEY=VALUE");
         set_env(options.environ, value);
         return std::nullopt;
       }},
      {"--cwd", "DIR", "the shell's working directory, a VM path (default /)",
       [&options](std::string_view value) -> std::optional<std::string> {
         if (value.empty() || value.front() != '/')
           return std::string("must be an absolute VM path");
         options.cwd = std::string(value);
         return std::nullopt;
       }},
      {"--timeout", "SECONDS", "stop the shell after SECONDS (exit status 124)",
       [&options](std::string_view value) -> std::optional<std::string> {
         char* end = nullptr;
         std::string text(value);
         double seconds = std::strtod(text.c_str(), &end);
         if (text.empty() || *end != '\0' || !(seconds > 0) || seconds > 1e9)
           return std::string("expected a positive number of seconds");
         options.timeout_seconds = seconds;
         return std::nullopt;
       }},
  };
  table.push_back(no_cache_option(options.no_cache));
  for (Option& option : limit_options(options.limits)) table.push_back(std::move(option));
  return table;
}

constexpr const char* kShUsage =
    "usage: wask sh [OPTIONS] -c COMMAND [ARG0 [ARG...]]\n"
    "       wask sh [OPTIONS] SCRIPT [ARG...]\n"
    "       wask sh [OPTIONS] [-]\n";

constexpr const char* kShDescription =
    "\n"
    "A POSIX shell (see docs/shell.md) in a fresh VM: a memfs root unless --dir or --mount puts\n"
    "something at /, plus the mounts given. Every command that is not a builtin is a WebAssembly\n"
    "program found on PATH inside the VM. SCRIPT is a file of the host. Without -c or SCRIPT,\n"
    "the script is read from stdin, or, on a terminal, typed at a prompt with line editing and\n"
    "history. The exit status is the shell's: 2 for a syntax error, 124 at the timeout.\n";

// The script's text, or the reason it cannot be read ("No such file or directory").
std::variant<std::string, std::string> read_host_file(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::variant<std::string, std::string>(std::in_place_index<1>,
                                                  std::strerror(errno ? errno : EIO));
  std::ostringstream text;
  text << in.rdbuf();
  return std::variant<std::string, std::string>(std::in_place_index<0>, text.str());
}

int interactive(sh::Shell& shell) {
  sh::LineEditor editor(STDIN_FILENO, STDOUT_FILENO);
  int status = 0;
  std::string pending;
  while (true) {
    std::optional<std::string> line = editor.read_line(pending.empty() ? "$ " : "> ");
    if (!line) break;
    pending += *line + "\n";
    // A command that is not finished yet (an open quote, `if` without `fi`) continues.
    auto parsed = sh::parse_all(pending);
    if (auto* error = std::get_if<sh::ParseError>(&parsed);
        error && error->message.find("unexpected EOF") != std::string::npos)
      continue;
    if (auto* error = std::get_if<sh::ParseError>(&parsed);
        error && error->message.find("unexpected end of file") != std::string::npos)
      continue;
    editor.add_history(pending.substr(0, pending.size() - 1));
    std::string text = std::move(pending);
    pending.clear();
    if (!shell.run_interactive_line(std::move(text), status)) return status;
  }
  return shell.last_status();
}

}  // namespace

int cli_sh(std::span<const std::string_view> args) {
  ShOptions options;
  std::vector<Option> table = sh_option_table(options);
  ParsedArgs parsed = parse_args(args, table, OptionPlacement::BeforeFirstOperand);
  if (parsed.help) {
    std::cout << kShUsage << "\noptions:\n" << describe_options(table) << kShDescription;
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << "wask sh: " << parsed.error << "\n" << kShUsage;
    return 2;
  }
  auto built = build_vfs(options.mounts, false);
  if (auto* error = std::get_if<std::string>(&built)) {
    std::cerr << "wask sh: " << *error << "\n";
    return 2;
  }
  auto vfs = std::get<std::shared_ptr<vfs::Vfs>>(built);
  for (const std::string& e : options.environ)
    if (e.starts_with("HOME=")) (void)vfs->mkdir_p(e.substr(5));  // best effort: a ro root stays

  sh::ShellConfig config;
  config.vfs = vfs;
  config.pid = int(::getpid());
  if (options.timeout_seconds)
    config.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(*options.timeout_seconds));
  KernelOptions kernel_options;
  kernel_options.vfs = vfs;
  kernel_options.limits.store = options.limits;
  kernel_options.modules = std::make_shared<ModuleCache>(module_load_options(options.no_cache));
  auto kernel = std::make_shared<Kernel>(std::move(kernel_options));
  config.runner = sh::make_kernel_runner(kernel, config.deadline);
  sh::Fds fds;
  fds.set(0, wasi::host_fd_stream(STDIN_FILENO, true, false));
  fds.set(1, wasi::host_fd_stream(STDOUT_FILENO, false, true));
  fds.set(2, wasi::host_fd_stream(STDERR_FILENO, false, true));
  if (auto st = vfs->stat(options.cwd); !st || st->type != vfs::FileType::Directory) {
    std::cerr << "wask sh: --cwd " << options.cwd << ": not a directory in the VM\n";
    return 2;
  }
  sh::Shell shell(config, fds, options.environ, options.cwd);

  std::vector<std::string> operands(parsed.operands.begin(), parsed.operands.end());
  if (options.command) {
    std::string arg0 = operands.empty() ? "wask sh" : operands[0];
    std::vector<std::string> rest;
    if (operands.size() > 1) rest.assign(operands.begin() + 1, operands.end());
    return shell.run_script(*options.command, arg0, rest);
  }
  if (!operands.empty() && operands[0] != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(operands[0], ec)) {
      std::cerr << "wask sh: " << operands[0] << ": Is a directory\n";
      return 126;
    }
    auto text = read_host_file(operands[0]);
    if (text.index() == 1) {
      std::cerr << "wask sh: " << operands[0] << ": " << std::get<1>(text) << "\n";
      return 127;
    }
    return shell.run_script(std::get<0>(std::move(text)), operands[0],
                            std::vector<std::string>(operands.begin() + 1, operands.end()));
  }
  if (operands.empty() && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO))
    return interactive(shell);
  std::ostringstream text;
  text << std::cin.rdbuf();
  std::vector<std::string> rest;
  if (operands.size() > 1) rest.assign(operands.begin() + 1, operands.end());
  return shell.run_script(text.str(), "wask sh", rest);
}

}  // namespace wask::shell
