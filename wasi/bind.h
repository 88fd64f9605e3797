// The one adapter between the engine's untyped host-function calls and the typed handlers of
// wasi/syscalls.h. It decodes each wasm argument into its C++ type (Arg<T> below), rejects bad
// values before the handler runs (EFAULT, EILSEQ, EINVAL), stores the errno result, turns Exit into
// Outcome::exit, and writes the --trace-wasi line. No handler decodes a raw parameter.
// Cancellation: once the process's vfs::Cancel is triggered (kill, timeout; it also wakes the
// blocked call, which answers ECANCELED), the syscall's return is Outcome::exit(the status given
// to trigger()), so the engine unwinds the guest at once; the trace line ends in "= cancelled".
#pragma once

#include <array>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "interp/engine.h"
#include "wasi/syscalls.h"

namespace wask::wasi {

using interp::Value;

std::string hex(uint64_t v);
std::string quoted(std::string_view s);  // C-style escaped, truncated for the trace
// Decodes a path argument: bounds, UTF-8, NUL.
Expected<Path> decode_path(const GuestMemory& mem, uint32_t ptr, uint32_t len);
// Decodes NUL-terminated strings placed end to end (a final one without its NUL counts too).
Expected<StringList> decode_string_list(const GuestMemory& mem, uint32_t ptr, uint32_t len);

// How one C++ parameter type is lowered to wasm values (`sig`), decoded, and shown in the trace.
template <class T>
struct Arg;

template <>
struct Arg<uint32_t> {
  static constexpr std::string_view sig = "i";
  static Expected<uint32_t> decode(const Value* v, Call&) { return v[0].i32; }
  static std::string show(Call&, uint32_t v) { return std::to_string(v); }
};
template <>
struct Arg<uint64_t> {
  static constexpr std::string_view sig = "I";
  static Expected<uint64_t> decode(const Value* v, Call&) { return v[0].i64; }
  static std::string show(Call&, uint64_t v) { return std::to_string(v); }
};
template <>
struct Arg<int64_t> {
  static constexpr std::string_view sig = "I";
  static Expected<int64_t> decode(const Value* v, Call&) { return int64_t(v[0].i64); }
  static std::string show(Call&, int64_t v) { return std::to_string(v); }
};
template <>
struct Arg<Fd> {
  static constexpr std::string_view sig = "i";
  static Expected<Fd> decode(const Value* v, Call&) { return Fd{v[0].i32}; }
  static std::string show(Call& c, Fd fd) { return c.ctx.fds().describe(fd); }
};
template <>
struct Arg<ExitCode> {
  static constexpr std::string_view sig = "i";
  static Expected<ExitCode> decode(const Value* v, Call&) { return ExitCode{v[0].i32}; }
  static std::string show(Call&, ExitCode v) { return std::to_string(v.value); }
};
template <class T>
struct Arg<GuestPtr<T>> {
  static constexpr std::string_view sig = "i";
  static Expected<GuestPtr<T>> decode(const Value* v, Call&) { return GuestPtr<T>{v[0].i32}; }
  static std::string show(Call&, GuestPtr<T> p) { return hex(p.addr); }
};
template <>
struct Arg<Path> {
  static constexpr std::string_view sig = "ii";
  static Expected<Path> decode(const Value* v, Call& c) {
    return decode_path(c.mem, v[0].i32, v[1].i32);
  }
  static std::string show(Call&, const Path& p) { return quoted(p.text); }
};
template <>
struct Arg<StringList> {
  static constexpr std::string_view sig = "ii";
  static Expected<StringList> decode(const Value* v, Call& c) {
    return decode_string_list(c.mem, v[0].i32, v[1].i32);
  }
  static std::string show(Call&, const StringList& l) {
    std::string out = "[";
    for (size_t i = 0; i < l.items.size(); ++i) out += (i ? ", " : "") + quoted(l.items[i]);
    return out + "]";
  }
};
template <class Tag, class Int>
struct Arg<Flags<Tag, Int>> {
  using F = Flags<Tag, Int>;
  static constexpr std::string_view sig = sizeof(Int) == 8 ? "I" : "i";
  static Expected<F> decode(const Value* v, Call&) {
    uint64_t raw = sizeof(Int) == 8 ? v[0].i64 : v[0].i32;
    if (raw > std::numeric_limits<Int>::max() || (raw & ~uint64_t(valid_bits<F>())))
      return Errno::Inval;
    return F{Int(raw)};
  }
  static std::string show(Call&, F f) { return flag_names(f); }
};
template <class E>
requires std::is_enum_v<E>
struct Arg<E> {
  static constexpr std::string_view sig = "i";
  static Expected<E> decode(const Value* v, Call&) {
    if (v[0].i32 > enum_max<E>()) return Errno::Inval;
    return E(v[0].i32);
  }
  static std::string show(Call&, E e) {
    if constexpr (std::is_same_v<E, Signal>) {
      return "SIG" + std::to_string(unsigned(e));
    } else {
      return std::string(enum_name(e));
    }
  }
};

// What a successful call wrote through an output pointer, for the trace ("" if not shown).
template <class T>
std::string show_output(Call& c, const T&) {
  return {};
}
template <class T>
std::string show_output(Call& c, const GuestPtr<T>& p) {
  if constexpr (std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>) {
    auto v = c.mem.read(p);
    return v ? std::to_string(*v) : std::string();
  } else if constexpr (std::is_same_v<T, Fd>) {
    auto v = c.mem.read(p);
    return v ? c.ctx.fds().describe(*v) : std::string();
  } else {
    return {};
  }
}

template <auto Handler>
struct Binding;

template <class R, class... Args, R (*Handler)(Call&, Args...)>
struct Binding<Handler> {
  // True if the handler's parameters lower to `params` and its result to `results`.
  static constexpr bool lowers_to(std::string_view params, std::string_view results) {
    std::string_view parts[] = {Arg<Args>::sig..., ""};
    size_t pos = 0;
    for (auto part : parts) {
      if (params.substr(pos, part.size()) != part) return false;
      pos += part.size();
    }
    return pos == params.size() && results == (std::is_same_v<R, Exit> ? "" : "i");
  }

  static interp::Outcome invoke(WasiContext& ctx, std::string_view name, interp::HostCall& host,
                                std::span<const Value> args, std::span<Value> results) {
    Call call{ctx, GuestMemory(host)};
    return invoke_with(call, name, args, results, std::index_sequence_for<Args...>{});
  }

 private:
  static constexpr std::array<size_t, sizeof...(Args) + 1> offsets() {
    std::array<size_t, sizeof...(Args) + 1> out{};
    size_t sizes[] = {Arg<Args>::sig.size()..., 0};
    for (size_t i = 0; i < sizeof...(Args); ++i) out[i + 1] = out[i] + sizes[i];
    return out;
  }

  template <size_t... I>
  static interp::Outcome invoke_with(Call& call, std::string_view name, std::span<const Value> args,
                                     std::span<Value> results, std::index_sequence<I...>) {
    static constexpr auto kOffsets = offsets();
    (void)kOffsets;  // unused by handlers without parameters
    std::tuple<Expected<Args>...> decoded{Arg<Args>::decode(args.data() + kOffsets[I], call)...};
    Errno error = Errno::Success;
    ((error == Errno::Success && !std::get<I>(decoded) ? error = std::get<I>(decoded).error()
                                                       : error),
     ...);

    std::string line;
    if (call.ctx.tracing()) {
      line.append(name).append("(");
      size_t n = 0;
      ((line += (n++ ? ", " : ""),
        line += std::get<I>(decoded)
                    ? Arg<Args>::show(call, *std::get<I>(decoded))
                    : "<" + std::string(errno_name(std::get<I>(decoded).error())) + ">"),
       ...);
      line += ")";
    }

    if constexpr (std::is_same_v<R, Exit>) {
      if (error != Errno::Success) return interp::Outcome::trap(interp::TrapReason::HostError);
      Exit exit = Handler(call, *std::get<I>(decoded)...);
      if (call.ctx.tracing()) call.ctx.trace(line + " = exit " + std::to_string(exit.code));
      return interp::Outcome::exit(int32_t(exit.code));
    } else if constexpr (std::is_same_v<R, RawResult>) {
      // Not an errno: an argument that does not decode answers 0 (e.g. path_mode's "no such").
      uint32_t value = error == Errno::Success ? Handler(call, *std::get<I>(decoded)...).value : 0;
      results[0] = Value::make_i32(value);
      if (call.ctx.tracing()) call.ctx.trace(line + " = " + hex(value));
    } else {
      if (error == Errno::Success) error = Handler(call, *std::get<I>(decoded)...);
      if (call.ctx.cancelled()) {
        if (call.ctx.tracing()) call.ctx.trace(line + " = cancelled");
        return interp::Outcome::exit(call.ctx.cancel().status());
      }
      results[0] = Value::make_i32(uint32_t(error));
      if (call.ctx.tracing()) {
        line += " = " + std::to_string(unsigned(error));
        if (error != Errno::Success) {
          line += " E" + std::string(errno_name(error));
        } else {
          std::string outs;
          ((outs +=
            [&] {
              std::string s = show_output(call, *std::get<I>(decoded));
              return s.empty() ? s : (outs.empty() ? " [" : ", ") + s;
            }()),
           ...);
          if (!outs.empty()) line += outs + "]";
        }
        call.ctx.trace(line);
      }
    }
    return interp::Outcome{};
  }
};

// One host function of an import module, as a .def table lists them.
struct HostRow {
  std::string_view module, name;
  interp::FuncType type;
  // Binding<&handler>::invoke. Null: a function some bindings declare but wask does not offer;
  // it takes the import's own type and answers ENOSYS.
  interp::Outcome (*invoke)(WasiContext&, std::string_view, interp::HostCall&,
                            std::span<const Value>, std::span<Value>) = nullptr;
};

// A .def row's signature ("iIi" -> (i32, i64, i32)) as a function type.
interp::FuncType lower(std::string_view params, std::string_view results);

// Resolves imports of the modules named in `rows` with host functions bound to `ctx` (which must
// outlive them), each added to `store` at most once; a name missing from its module's rows is
// left unresolved (the link error names it). Imports of other modules go to `fallback`.
interp::ImportResolver bind_imports(interp::Store& store, WasiContext& ctx,
                                    std::span<const HostRow> rows,
                                    interp::ImportResolver fallback = {});

}  // namespace wask::wasi
