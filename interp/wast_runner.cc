// The .wast runner: wabt parses the script, each command runs against our engine. Learned from
// the spec interpreter's script/run.ml and wabt's spectest-interp; the structure is our own.
#include "interp/wast_runner.h"

#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "interp/spectest.h"
#include "interp/wabt_types.h"
#include "interp/wast_text.h"
#include "wabt/cast.h"
#include "wabt/ir.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

namespace wask::interp {

namespace {

using ExportMap = std::map<std::string, Extern, std::less<>>;

// ---------------------------------------------------------------------------------------------
// Script constants <-> engine values.

V128 to_v128(const ::v128& v) {
  V128 bytes;
  for (int i = 0; i < 16; ++i) bytes[size_t(i)] = v.u8(i);
  return bytes;
}

// An invoke argument. A non-null funcref cannot be written in a script, so none is accepted.
std::optional<Value> to_value(const wabt::Const& c) {
  switch (c.type()) {
    case wabt::Type::I32:
      return Value::make_i32(c.u32());
    case wabt::Type::I64:
      return Value::make_i64(c.u64());
    case wabt::Type::F32:
      return Value::make_f32_bits(c.f32_bits());
    case wabt::Type::F64:
      return Value::make_f64_bits(c.f64_bits());
    case wabt::Type::V128:
      return Value::make_v128(to_v128(c.vec128()));
    case wabt::Type::FuncRef:
      if (c.ref_bits() == wabt::Const::kRefNullBits) return Value::make_null(ValType::FuncRef);
      return std::nullopt;
    case wabt::Type::ExternRef:
      if (c.ref_bits() == wabt::Const::kRefNullBits) return Value::make_null(ValType::ExternRef);
      return Value::make_externref(c.ref_bits());
    default:
      return std::nullopt;
  }
}

bool f32_matches(uint32_t actual, uint32_t expected, wabt::ExpectedNan nan) {
  switch (nan) {
    case wabt::ExpectedNan::Canonical:
      return (actual & 0x7fffffffu) == 0x7fc00000u;
    case wabt::ExpectedNan::Arithmetic:
      return (actual & 0x7fc00000u) == 0x7fc00000u;
    case wabt::ExpectedNan::None:
      return actual == expected;  // bit-exact, as the spec compares
  }
  return false;
}

bool f64_matches(uint64_t actual, uint64_t expected, wabt::ExpectedNan nan) {
  constexpr uint64_t kQuietNan = 0x7ff8000000000000ull;
  switch (nan) {
    case wabt::ExpectedNan::Canonical:
      return (actual & ~(uint64_t{1} << 63)) == kQuietNan;
    case wabt::ExpectedNan::Arithmetic:
      return (actual & kQuietNan) == kQuietNan;
    case wabt::ExpectedNan::None:
      return actual == expected;
  }
  return false;
}

bool v128_matches(const V128& actual, const wabt::Const& expected) {
  auto lane32 = [&](int lane) {
    uint32_t v;
    std::memcpy(&v, actual.data() + lane * 4, 4);
    return v;
  };
  auto lane64 = [&](int lane) {
    uint64_t v;
    std::memcpy(&v, actual.data() + lane * 8, 8);
    return v;
  };
  if (expected.lane_type() == wabt::Type::F32) {
    for (int lane = 0; lane < 4; ++lane) {
      if (!f32_matches(lane32(lane), expected.v128_lane<uint32_t>(lane),
                       expected.expected_nan(lane))) {
        return false;
      }
    }
    return true;
  }
  if (expected.lane_type() == wabt::Type::F64) {
    for (int lane = 0; lane < 2; ++lane) {
      if (!f64_matches(lane64(lane), expected.v128_lane<uint64_t>(lane),
                       expected.expected_nan(lane))) {
        return false;
      }
    }
    return true;
  }
  return actual == to_v128(expected.vec128());
}

bool matches(const wabt::Const& expected, const Value& actual) {
  std::optional<ValType> type = from_wabt(expected.type());
  if (!type || *type != actual.type) return false;
  switch (actual.type) {
    case ValType::I32:
      return actual.i32 == expected.u32();
    case ValType::I64:
      return actual.i64 == expected.u64();
    case ValType::F32:
      return f32_matches(actual.f32_bits, expected.f32_bits(), expected.expected_nan());
    case ValType::F64:
      return f64_matches(actual.f64_bits, expected.f64_bits(), expected.expected_nan());
    case ValType::V128:
      return v128_matches(actual.v128, expected);
    case ValType::FuncRef:
      // `(ref.func)` in an expectation stands for any non-null function reference.
      return (expected.ref_bits() == wabt::Const::kRefNullBits) == actual.ref.is_null();
    case ValType::ExnRef:  // wabt's script text has no exnref constants: only null compares
    case ValType::ExternRef:
      if (expected.ref_bits() == wabt::Const::kRefNullBits) return actual.ref.is_null();
      return !actual.ref.is_null() && actual.ref.raw == expected.ref_bits();
  }
  return false;
}

std::string describe_expected(const wabt::Const& c) {
  const char* nan = c.expected_nan() == wabt::ExpectedNan::Canonical    ? "nan:canonical"
                    : c.expected_nan() == wabt::ExpectedNan::Arithmetic ? "nan:arithmetic"
                                                                        : nullptr;
  if (c.type() == wabt::Type::F32 && nan) return fmt::format("f32:{}", nan);
  if (c.type() == wabt::Type::F64 && nan) return fmt::format("f64:{}", nan);
  if (c.type() == wabt::Type::V128 &&
      (c.lane_type() == wabt::Type::F32 || c.lane_type() == wabt::Type::F64)) {
    bool any_nan = false;
    for (int lane = 0; lane < 4; ++lane) any_nan |= c.is_expected_nan(lane);
    if (any_nan) return fmt::format("v128 with {} NaN lanes", c.lane_type().GetName());
  }
  if (c.type() == wabt::Type::FuncRef && c.ref_bits() != wabt::Const::kRefNullBits) {
    return "funcref:non-null";
  }
  if (std::optional<Value> v = to_value(c)) return to_string(*v);
  return fmt::format("<{}>", c.type().GetName());
}

std::string describe_values(const std::vector<Value>& values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) text += ", ";
    text += to_string(values[i]);
  }
  return text + ")";
}

std::string describe_consts(const wabt::ConstVector& consts) {
  std::string text = "(";
  for (size_t i = 0; i < consts.size(); ++i) {
    if (i) text += ", ";
    text += describe_expected(consts[i]);
  }
  return text + ")";
}

// `trap "integer overflow"`, `link error "..."`: what an outcome was, on one line.
std::string describe_outcome(const Outcome& outcome) {
  switch (outcome.kind) {
    case OutcomeKind::Ok:
      return "success";
    case OutcomeKind::Trap:
      return "trap \"" + outcome.message + "\"";
    case OutcomeKind::Exhaustion:
      return "exhaustion \"" + outcome.message + "\"";
    case OutcomeKind::Interrupted:
      return "interrupted";
    case OutcomeKind::Exception:
      return "exception \"" + outcome.exception_tag + "\"";
    case OutcomeKind::Exit:
      return outcome.message;
    case OutcomeKind::LinkError:
      return "link error \"" + outcome.message + "\"";
    case OutcomeKind::Crash:
      return "internal error \"" + outcome.message + "\"";
  }
  return "unknown outcome";
}

std::string describe_load_error(const LoadError& error) {
  return fmt::format("{} module \"{}\" at offset {}",
                     error.kind == LoadError::Kind::Malformed ? "malformed" : "invalid",
                     error.message, error.offset);
}

// ---------------------------------------------------------------------------------------------
// The runner: one store per script, the spectest module, registered names, named instances.

// A module from a script, in the form it was written, ready to load.
struct ScriptBinary {
  std::vector<uint8_t> bytes;
  std::string text_error;  // the text (or quoted text) could not be compiled: malformed text
};

// What an action produced, or why it could not run at all.
struct ActionResult {
  Outcome outcome;
  std::vector<Value> values;
  std::string error;  // the action itself is wrong: unknown module, export or argument
};

class Runner {
 public:
  Runner(std::string_view filename, std::ostream& report, const WastOptions& options)
      : filename_(filename), report_(report), options_(options), store_(options.store) {
    SpectestPrinter print;
    if (options_.verbose) print = [this](std::string_view line) { report_ << line << '\n'; };
    for (auto& [name, ext] : make_spectest(store_, std::move(print))) {
      registry_["spectest"][name] = ext;
    }
  }

  WastSummary run(std::string_view text) {
    wast::RewrittenScript rewritten = wast::rewrite_quoted_modules(text, filename_);
    quote_errors_ = std::move(rewritten.quote_errors);
    if (wast::is_blank(rewritten.text))
      return summary_;  // no commands: wabt would call it an error

    // One command at a time: what wabt cannot parse (or would abort on) fails alone.
    for (const wast::ScriptCommand& text : wast::split_commands(rewritten.text)) {
      line_offset_ = text.line - 1;
      if (std::optional<wast::BinaryModuleText> binary = wast::top_level_binary_module(text.text)) {
        wabt::BinaryScriptModule module;
        module.name = binary->name;
        module.loc.line = 1;
        module.data = std::move(binary->bytes);
        define_module(text.line, &module, nullptr, module.name);
        continue;
      }
      if (std::optional<wast::BeyondWabt> beyond = wast::find_beyond_wabt(text.text)) {
        fail(text.line, "command", "WebAssembly 2.0 text (what wabt 1.0.32 parses)",
             fmt::format("{} (`{}` at line {})", beyond->feature, beyond->word,
                         text.line + beyond->line - 1));
        continue;
      }
      wabt::Errors errors;
      std::unique_ptr<wabt::WastLexer> lexer = wabt::WastLexer::CreateBufferLexer(
          filename_, text.text.data(), text.text.size(), &errors);
      wabt::Features features;
      features.enable_exceptions();
      features.enable_tail_call();
      features.enable_extended_const();
      features.enable_relaxed_simd();
      features.enable_multi_memory();
      features.enable_memory64();
      wabt::WastParseOptions parse_options(features);
      std::unique_ptr<wabt::Script> script;
      wabt::Result parsed = wabt::ParseWastScript(lexer.get(), &script, &errors, &parse_options);
      if (wabt::Failed(parsed) || !script) {
        uint32_t line = errors.empty() ? text.line : line_of(errors.front().loc);
        std::string message =
            errors.empty() ? std::string("unknown error") : errors.front().message;
        if (errors.size() > 1) message += fmt::format(" (and {} more errors)", errors.size() - 1);
        fail(line, "command", "a command wabt can parse", "parse error: " + message);
        continue;
      }
      for (const std::unique_ptr<wabt::Command>& command : script->commands) {
        try {
          run_command(*command);
        } catch (const std::exception& e) {
          fail(command_line(*command), "command", "no internal error",
               std::string("exception: ") + e.what());
        }
      }
    }
    return summary_;
  }

 private:
  // --- reporting ---

  void pass(uint32_t line, std::string_view command) {
    ++summary_.passed;
    if (options_.verbose) report_ << fmt::format("{}:{}: {}: ok\n", filename_, line, command);
  }

  void fail(uint32_t line, std::string_view command, std::string_view expected,
            std::string_view got) {
    ++summary_.failed;
    report_ << fmt::format("{}:{}: {}: expected {}, got {}\n", filename_, line, command, expected,
                           got);
  }

  // wabt's lines count from the start of the command it parsed.
  uint32_t line_of(const wabt::Location& loc) const {
    return uint32_t(std::max(loc.line, 0)) + line_offset_;
  }

  uint32_t command_line(const wabt::Command& command) const {
    using namespace wabt;
    switch (command.type) {
      case CommandType::Module:
        return line_of(cast<ModuleCommand>(&command)->module.loc);
      case CommandType::ScriptModule:
        return line_of(cast<ScriptModuleCommand>(&command)->script_module->location());
      case CommandType::Action:
        return line_of(cast<ActionCommand>(&command)->action->loc);
      case CommandType::Register:
        return line_of(cast<RegisterCommand>(&command)->var.loc);
      case CommandType::AssertMalformed:
        return line_of(cast<AssertMalformedCommand>(&command)->module->location());
      case CommandType::AssertInvalid:
        return line_of(cast<AssertInvalidCommand>(&command)->module->location());
      case CommandType::AssertUnlinkable:
        return line_of(cast<AssertUnlinkableCommand>(&command)->module->location());
      case CommandType::AssertUninstantiable:
        return line_of(cast<AssertUninstantiableCommand>(&command)->module->location());
      case CommandType::AssertReturn:
        return line_of(cast<AssertReturnCommand>(&command)->action->loc);
      case CommandType::AssertTrap:
        return line_of(cast<AssertTrapCommand>(&command)->action->loc);
      case CommandType::AssertExhaustion:
        return line_of(cast<AssertExhaustionCommand>(&command)->action->loc);
      case CommandType::AssertException:
        return line_of(cast<AssertExceptionCommand>(&command)->action->loc);
    }
    return 0;
  }

  // --- modules ---

  ScriptBinary binary_of(const wabt::ScriptModule& script_module) {
    using namespace wabt;
    switch (script_module.type()) {
      case ScriptModuleType::Text: {
        wast::CompiledWat compiled =
            wast::write_wasm(cast<TextScriptModule>(&script_module)->module);
        return {std::move(compiled.bytes), std::move(compiled.error)};
      }
      case ScriptModuleType::Binary: {
        auto* binary = cast<BinaryScriptModule>(&script_module);
        // A top-level quoted module arrives here rewritten as binary; its text may have failed.
        auto quote_error = quote_errors_.find(line_of(binary->loc));
        if (quote_error != quote_errors_.end()) {
          ScriptBinary failed{{}, std::move(quote_error->second)};
          quote_errors_.erase(quote_error);  // one rewritten module per entry
          return failed;
        }
        return {binary->data, {}};
      }
      case ScriptModuleType::Quoted: {
        auto* quoted = cast<QuotedScriptModule>(&script_module);
        std::string_view text(reinterpret_cast<const char*>(quoted->data.data()),
                              quoted->data.size());
        wast::CompiledWat compiled = wast::compile_wat(text, filename_);
        return {std::move(compiled.bytes), std::move(compiled.error)};
      }
    }
    return {{}, "unknown script module kind"};
  }

  LoadResult load(const std::vector<uint8_t>& bytes, std::string_view name) {
    LoadOptions load_options;
    load_options.name = std::string(name.starts_with('$') ? name.substr(1) : name);
    return Module::load(bytes, load_options);
  }

  InstantiateResult instantiate(std::shared_ptr<const Module> module) {
    store_.set_fuel(options_.store.fuel);  // each command gets the whole budget
    return store_.instantiate(std::move(module),
                              [this](const ImportDesc& import) { return resolve_import(import); });
  }

  std::optional<Extern> resolve_import(const ImportDesc& import) {
    auto module = registry_.find(import.module);
    if (module == registry_.end()) return std::nullopt;
    auto ext = module->second.find(import.name);
    if (ext != module->second.end()) return ext->second;
    // spectest offers a tag of whatever type is asked for under any name: one per name and
    // type, so modules that import the same one share its exceptions.
    if (import.module == "spectest" && import.type.kind == ExternKind::Tag) {
      const std::string key = import.name + " " + to_string(import.type.tag);
      auto [it, fresh] = spectest_tags_.try_emplace(key);
      if (fresh) it->second = store_.add_tag(import.type.tag, "spectest." + import.name);
      return it->second;
    }
    return std::nullopt;
  }

  // `(module ...)`: define a module, instantiate it, make it the current one.
  void define_module(uint32_t line, const wabt::ScriptModule* script_module,
                     const wabt::Module* text_module, const std::string& name) {
    current_ = nullptr;  // a module that fails leaves no current module behind
    ScriptBinary binary;
    if (text_module) {
      wast::CompiledWat compiled = wast::write_wasm(*text_module);
      binary = {std::move(compiled.bytes), std::move(compiled.error)};
    } else {
      binary = binary_of(*script_module);
    }
    if (!binary.text_error.empty()) {
      return fail(line, "module", "a valid module", "malformed text: " + binary.text_error);
    }
    LoadResult loaded = load(binary.bytes, name);
    if (!loaded.module) {
      return fail(line, "module", "a valid module",
                  loaded.error ? describe_load_error(*loaded.error) : "a load failure");
    }
    InstantiateResult result = instantiate(loaded.module);
    if (!result.outcome.ok() || !result.instance) {
      return fail(line, "module", "instantiation", describe_outcome(result.outcome));
    }
    current_ = result.instance;
    if (!name.empty()) named_[name] = current_;
    pass(line, "module");
  }

  Instance* find_instance(const wabt::Var& var) const {
    if (var.is_name()) {
      auto it = named_.find(var.name());
      return it == named_.end() ? nullptr : it->second;
    }
    return current_;  // no module named: the most recent one
  }

  // --- actions ---

  ActionResult perform(const wabt::Action& action) {
    ActionResult result;
    Instance* instance = find_instance(action.module_var);
    if (!instance) {
      result.error = action.module_var.is_name()
                         ? fmt::format("unknown module {}", action.module_var.name())
                         : std::string("no module defined");
      return result;
    }
    std::optional<Extern> ext = instance->find_export(action.name);
    if (!ext) {
      result.error = fmt::format("unknown export \"{}\"", action.name);
      return result;
    }

    if (action.type() == wabt::ActionType::Get) {
      if (ext->kind != ExternKind::Global) {
        result.error = fmt::format("export \"{}\" is not a global", action.name);
        return result;
      }
      result.values.push_back(store_.global_get(*ext));
      return result;
    }

    if (ext->kind != ExternKind::Func) {
      result.error = fmt::format("export \"{}\" is not a function", action.name);
      return result;
    }
    const auto* invoke = wabt::cast<wabt::InvokeAction>(&action);
    FuncType type = store_.type_of(*ext).func;
    std::vector<Value> args;
    for (const wabt::Const& c : invoke->args) {
      std::optional<Value> v = to_value(c);
      if (!v) {
        result.error =
            fmt::format("an argument of type {} that cannot be passed", c.type().GetName());
        return result;
      }
      args.push_back(*v);
    }
    bool args_fit = args.size() == type.params.size();
    for (size_t i = 0; args_fit && i < args.size(); ++i) args_fit = args[i].type == type.params[i];
    if (!args_fit) {
      std::string given;
      for (const Value& v : args)
        given += (given.empty() ? "" : ", ") + std::string(to_string(v.type));
      result.error =
          fmt::format("arguments ({}) for \"{}\" of type {}", given, action.name, to_string(type));
      return result;
    }
    store_.set_fuel(options_.store.fuel);
    result.outcome = store_.call(*ext, args, result.values);
    return result;
  }

  // "assert_return" or, with the action named, for the failure line's command part.
  static std::string action_text(const wabt::Action& action) {
    return fmt::format("{} \"{}\"", action.type() == wabt::ActionType::Get ? "get" : "invoke",
                       action.name);
  }

  // --- commands ---

  void run_command(const wabt::Command& command) {
    using namespace wabt;
    uint32_t line = command_line(command);
    switch (command.type) {
      case CommandType::Module: {
        const wabt::Module& module = cast<ModuleCommand>(&command)->module;
        return define_module(line, nullptr, &module, module.name);
      }
      case CommandType::ScriptModule: {
        const auto* c = cast<ScriptModuleCommand>(&command);
        std::string name = c->module.name;
        if (name.empty()) {
          if (auto* b = dyn_cast<BinaryScriptModule>(c->script_module.get())) name = b->name;
          if (auto* q = dyn_cast<QuotedScriptModule>(c->script_module.get())) name = q->name;
        }
        return define_module(line, c->script_module.get(), nullptr, name);
      }
      case CommandType::Register:
        return run_register(line, *cast<RegisterCommand>(&command));
      case CommandType::Action:
        return run_action(line, *cast<ActionCommand>(&command)->action);
      case CommandType::AssertReturn:
        return run_assert_return(line, *cast<AssertReturnCommand>(&command));
      case CommandType::AssertTrap: {
        const auto* c = cast<AssertTrapCommand>(&command);
        return run_assert_trap(line, "assert_trap", *c->action, c->text, OutcomeKind::Trap);
      }
      case CommandType::AssertExhaustion: {
        const auto* c = cast<AssertExhaustionCommand>(&command);
        return run_assert_trap(line, "assert_exhaustion", *c->action, c->text,
                               OutcomeKind::Exhaustion);
      }
      case CommandType::AssertMalformed:
        return run_assert_malformed(line, *cast<AssertMalformedCommand>(&command)->module);
      case CommandType::AssertInvalid:
        return run_assert_invalid(line, *cast<AssertInvalidCommand>(&command)->module);
      case CommandType::AssertUnlinkable:
        return run_assert_unlinkable(line, *cast<AssertUnlinkableCommand>(&command)->module);
      case CommandType::AssertUninstantiable: {
        const auto* c = cast<AssertUninstantiableCommand>(&command);
        return run_assert_uninstantiable(line, *c->module, c->text);
      }
      case CommandType::AssertException:
        return run_assert_exception(line, *cast<AssertExceptionCommand>(&command)->action);
    }
  }

  void run_register(uint32_t line, const wabt::RegisterCommand& command) {
    Instance* instance = find_instance(command.var);
    if (!instance) {
      return fail(line, "register", "a defined module",
                  command.var.is_name() ? "unknown module " + command.var.name()
                                        : std::string("no module defined"));
    }
    ExportMap& exports = registry_[command.module_name];
    exports.clear();
    for (const auto& [name, ext] : instance->exports()) exports[name] = ext;
    pass(line, "register");
  }

  void run_action(uint32_t line, const wabt::Action& action) {
    ActionResult result = perform(action);
    std::string command = action_text(action);
    if (!result.error.empty()) return fail(line, command, "a valid action", result.error);
    if (!result.outcome.ok())
      return fail(line, command, "success", describe_outcome(result.outcome));
    pass(line, command);
  }

  void run_assert_return(uint32_t line, const wabt::AssertReturnCommand& command) {
    ActionResult result = perform(*command.action);
    if (!result.error.empty()) return fail(line, "assert_return", "a valid action", result.error);
    const wabt::Expectation& expectation = *command.expected;
    std::string expected_text;
    bool ok = false;
    if (expectation.type() == wabt::ExpectationType::Either) {
      // (either v1 v2 ...): one result, equal to any one of the alternatives.
      for (size_t i = 0; i < expectation.expected.size(); ++i) {
        expected_text += (i ? " or " : "") + describe_expected(expectation.expected[i]);
        ok |= result.values.size() == 1 && matches(expectation.expected[i], result.values[0]);
      }
      expected_text = "(" + expected_text + ")";
    } else {
      expected_text = describe_consts(expectation.expected);
      ok = result.values.size() == expectation.expected.size();
      for (size_t i = 0; ok && i < result.values.size(); ++i) {
        ok = matches(expectation.expected[i], result.values[i]);
      }
    }
    if (!result.outcome.ok()) {
      return fail(line, "assert_return", expected_text, describe_outcome(result.outcome));
    }
    if (!ok) return fail(line, "assert_return", expected_text, describe_values(result.values));
    pass(line, "assert_return");
  }

  // The spec runners accept a trap whose message starts with (wabt: contains) the expected text.
  static bool message_matches(const std::string& actual, const std::string& expected) {
    return actual.find(expected) != std::string::npos;
  }

  void run_assert_trap(uint32_t line, std::string_view command, const wabt::Action& action,
                       const std::string& text, OutcomeKind kind) {
    ActionResult result = perform(action);
    if (!result.error.empty()) return fail(line, command, "a valid action", result.error);
    std::string expected =
        fmt::format("{} \"{}\"", kind == OutcomeKind::Trap ? "trap" : "exhaustion", text);
    if (result.outcome.kind != kind || !message_matches(result.outcome.message, text)) {
      std::string got = result.outcome.ok() ? "success " + describe_values(result.values)
                                            : describe_outcome(result.outcome);
      return fail(line, command, expected, got);
    }
    pass(line, command);
  }

  void run_assert_exception(uint32_t line, const wabt::Action& action) {
    ActionResult result = perform(action);
    if (!result.error.empty())
      return fail(line, "assert_exception", "a valid action", result.error);
    if (result.outcome.kind != OutcomeKind::Exception) {
      std::string got = result.outcome.ok() ? "success " + describe_values(result.values)
                                            : describe_outcome(result.outcome);
      return fail(line, "assert_exception", "an uncaught exception", got);
    }
    pass(line, "assert_exception");
  }

  void run_assert_malformed(uint32_t line, const wabt::ScriptModule& script_module) {
    ScriptBinary binary = binary_of(script_module);
    if (!binary.text_error.empty()) return pass(line, "assert_malformed");  // text is malformed
    LoadResult loaded = load(binary.bytes, {});
    if (loaded.error && loaded.error->kind == LoadError::Kind::Malformed) {
      return pass(line, "assert_malformed");
    }
    // wabt's text front end leaves some of the text format's rules to its validator, so quoted
    // text that wabt accepts but encodes as an invalid binary counts as malformed too.
    if (loaded.error && script_module.type() == wabt::ScriptModuleType::Quoted) {
      return pass(line, "assert_malformed");
    }
    fail(line, "assert_malformed", "a malformed module",
         loaded.error ? describe_load_error(*loaded.error) : "a module that loads");
  }

  void run_assert_invalid(uint32_t line, const wabt::ScriptModule& script_module) {
    ScriptBinary binary = binary_of(script_module);
    if (!binary.text_error.empty()) {
      return fail(line, "assert_invalid", "an invalid module",
                  "malformed text: " + binary.text_error);
    }
    LoadResult loaded = load(binary.bytes, {});
    if (loaded.error && loaded.error->kind == LoadError::Kind::Invalid) {
      return pass(line, "assert_invalid");
    }
    fail(line, "assert_invalid", "an invalid module",
         loaded.error ? describe_load_error(*loaded.error) : "a valid module");
  }

  // Loads a module that must be valid; on failure reports it and returns null.
  std::shared_ptr<const Module> load_valid(uint32_t line, std::string_view command,
                                           const wabt::ScriptModule& script_module) {
    ScriptBinary binary = binary_of(script_module);
    if (!binary.text_error.empty()) {
      fail(line, command, "a valid module", "malformed text: " + binary.text_error);
      return nullptr;
    }
    LoadResult loaded = load(binary.bytes, {});
    if (!loaded.module) {
      fail(line, command, "a valid module",
           loaded.error ? describe_load_error(*loaded.error) : "a load failure");
    }
    return loaded.module;
  }

  void run_assert_unlinkable(uint32_t line, const wabt::ScriptModule& script_module) {
    std::shared_ptr<const Module> module = load_valid(line, "assert_unlinkable", script_module);
    if (!module) return;
    InstantiateResult result = instantiate(module);
    if (result.outcome.kind != OutcomeKind::LinkError) {
      return fail(line, "assert_unlinkable", "a link error", describe_outcome(result.outcome));
    }
    pass(line, "assert_unlinkable");
  }

  void run_assert_uninstantiable(uint32_t line, const wabt::ScriptModule& script_module,
                                 const std::string& text) {
    std::shared_ptr<const Module> module = load_valid(line, "assert_uninstantiable", script_module);
    if (!module) return;
    InstantiateResult result = instantiate(module);
    if (result.outcome.kind != OutcomeKind::Trap ||
        !message_matches(result.outcome.message, text)) {
      return fail(line, "assert_uninstantiable", fmt::format("trap \"{}\"", text),
                  describe_outcome(result.outcome));
    }
    pass(line, "assert_uninstantiable");
  }

  std::string filename_;
  std::ostream& report_;
  const WastOptions& options_;
  Store store_;
  std::map<std::string, ExportMap, std::less<>> registry_;  // by registered module name
  std::map<std::string, Extern> spectest_tags_;             // by "name type"
  std::map<std::string, Instance*, std::less<>> named_;     // "$name" -> instance
  Instance* current_ = nullptr;
  std::map<uint32_t, std::string> quote_errors_;
  uint32_t line_offset_ = 0;  // lines before the command being run
  WastSummary summary_;
};

}  // namespace

WastSummary run_wast_text(std::string_view text, std::string_view filename, std::ostream& report,
                          const WastOptions& options) {
  Runner runner(filename, report, options);
  return runner.run(text);
}

WastSummary run_wast_file(const std::string& path, std::ostream& report,
                          const WastOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report << fmt::format("{}:0: read: expected a readable file, got {}\n", path,
                          std::strerror(errno));
    return WastSummary{0, 1};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return run_wast_text(text.str(), path, report, options);
}

}  // namespace wask::interp
