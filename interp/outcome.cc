#include "interp/outcome.h"

#include <fmt/format.h>

namespace wask::interp {

std::string_view trap_message(TrapReason reason) {
  switch (reason) {
#define X(name, text)    \
  case TrapReason::name: \
    return text;
    WASK_TRAP_REASONS(X)
#undef X
  }
  return "unknown trap";
}

Outcome Outcome::trap(TrapReason r) { return trap(r, std::string(trap_message(r))); }
Outcome Outcome::trap(TrapReason r, std::string message) {
  Outcome o;
  o.kind = OutcomeKind::Trap;
  o.reason = r;
  o.message = std::move(message);
  return o;
}
Outcome Outcome::exhaustion(TrapReason r) {
  Outcome o = trap(r);
  o.kind = OutcomeKind::Exhaustion;
  return o;
}
Outcome Outcome::interrupted() {
  Outcome o;
  o.kind = OutcomeKind::Interrupted;
  o.message = "interrupted";
  return o;
}
Outcome Outcome::exit(int32_t code) {
  Outcome o;
  o.kind = OutcomeKind::Exit;
  o.exit_code = code;
  o.message = fmt::format("exit with code {}", code);
  return o;
}
Outcome Outcome::exception(std::string tag) {
  Outcome o;
  o.kind = OutcomeKind::Exception;
  o.message = "uncaught exception: tag " + tag;
  o.exception_tag = std::move(tag);
  return o;
}
Outcome Outcome::link_error(std::string message) {
  Outcome o;
  o.kind = OutcomeKind::LinkError;
  o.message = std::move(message);
  return o;
}
Outcome Outcome::crash(std::string message) {
  Outcome o;
  o.kind = OutcomeKind::Crash;
  o.message = std::move(message);
  return o;
}

std::string describe(const Outcome& outcome) {
  std::string text;
  switch (outcome.kind) {
    case OutcomeKind::Ok:
      return "ok";
    case OutcomeKind::Trap:
      text = "trap: " + outcome.message;
      break;
    case OutcomeKind::Exhaustion:
      text = "exhaustion: " + outcome.message;
      break;
    case OutcomeKind::Interrupted:
    case OutcomeKind::Exception:
      text = outcome.message;
      break;
    case OutcomeKind::Exit:
      return outcome.message;
    case OutcomeKind::LinkError:
      return "link error: " + outcome.message;
    case OutcomeKind::Crash:
      return "internal error: " + outcome.message;
  }
  for (const BacktraceFrame& f : outcome.backtrace) {
    std::string name = f.func_name.empty() ? fmt::format("func[{}]", f.func_index) : f.func_name;
    if (!f.module_name.empty()) name = f.module_name + "!" + name;
    text += fmt::format("\n  at {} (func {})", name, f.func_index);
  }
  if (outcome.omitted_frames != 0) {
    text += fmt::format("\n  ... {} more frames", outcome.omitted_frames);
  }
  return text;
}

}  // namespace wask::interp
