// C++ exceptions across frames, built with -fwasm-exceptions (legacy try/catch/delegate/rethrow):
// every scenario prints what happens, so a run under wask and one under node can be compared.
//   throws           all the caught scenarios, exit status 0
//   throws terminate a throw through a noexcept function: std::terminate -> a handler, status 3
//   throws abort     the same with the default terminate handler: abort, a trap
//   throws uncaught  a throw nothing catches: the wasm exception leaves _start
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace {

int live_guards = 0;

struct Guard {
  const char* name;
  explicit Guard(const char* n) : name(n) { ++live_guards; }
  ~Guard() {
    --live_guards;
    std::printf("  ~Guard(%s) uncaught=%d\n", name, std::uncaught_exceptions());
  }
};

struct ParseError : std::runtime_error {
  int line;
  ParseError(const std::string& what, int l) : std::runtime_error(what), line(l) {}
};

struct Counted {
  static int alive;
  int id;
  explicit Counted(int i) : id(i) { ++alive; }
  Counted(const Counted& o) : id(o.id + 100) {
    ++alive;
    std::printf("  Counted copy %d -> %d\n", o.id, id);
  }
  ~Counted() { --alive; }
};
int Counted::alive = 0;

struct Left {
  int left = 11;
  virtual ~Left() = default;
};
struct Right {
  int right = 22;
  virtual ~Right() = default;
};
struct Both : Left, Right {
  int both = 33;
};
struct Base {
  int base = 44;
  virtual ~Base() = default;
};
struct Mid1 : virtual Base {
  int m1 = 1;
};
struct Mid2 : virtual Base {
  int m2 = 2;
};
struct Diamond : Mid1, Mid2 {};

// Kept out of line so each throw really crosses frames.
[[gnu::noinline]] void parse(int depth) {
  Guard g(depth == 0 ? "parse0" : depth == 1 ? "parse1" : "parse2");
  if (depth == 2) throw ParseError("bad token", 42);
  parse(depth + 1);
}

// Counts its destructions without printing: the deep scenario has one per frame.
struct Tally {
  static int destroyed;
  ~Tally() { ++destroyed; }
};
int Tally::destroyed = 0;

[[gnu::noinline]] int recurse(int n) {
  Tally t;
  if (n == 0) throw std::out_of_range("bottom");
  return recurse(n - 1) + 1;
}

void across_frames() {
  std::puts("across frames:");
  try {
    Guard outer("outer");
    parse(0);
  } catch (const std::exception& e) {
    const auto* p = dynamic_cast<const ParseError*>(&e);
    std::printf("  caught std::exception: %s (line %d)\n", e.what(), p ? p->line : -1);
  }
}

void nested() {
  std::puts("nested:");
  try {
    try {
      parse(1);
    } catch (const std::logic_error& e) {
      std::printf("  wrong: logic_error %s\n", e.what());
    } catch (int) {
      std::puts("  wrong: int");
    }
    std::puts("  wrong: not reached");
  } catch (const std::runtime_error& e) {
    std::printf("  outer caught runtime_error: %s\n", e.what());
  }
}

void rethrow() {
  std::puts("rethrow:");
  const void* first = nullptr;
  try {
    try {
      throw Counted(7);
    } catch (Counted& c) {
      first = &c;
      std::printf("  inner caught %d, alive %d\n", c.id, Counted::alive);
      Guard g("in-handler");
      throw;
    }
  } catch (const Counted& c) {
    std::printf("  outer caught %d, same object %s, alive %d\n", c.id, &c == first ? "yes" : "no",
                Counted::alive);
  }
  std::printf("  after: alive %d\n", Counted::alive);
}

void replace_in_handler() {
  std::puts("replace in handler:");
  try {
    try {
      throw Counted(1);
    } catch (const Counted& c) {
      std::printf("  caught %d, throwing a logic_error\n", c.id);
      throw std::logic_error("replacement");
    }
  } catch (const std::exception& e) {
    std::printf("  caught %s, alive %d\n", e.what(), Counted::alive);
  }
}

void by_value() {
  std::puts("by value:");
  try {
    throw Counted(5);
  } catch (Counted c) {
    std::printf("  caught copy %d, alive %d\n", c.id, Counted::alive);
  }
  std::printf("  after: alive %d\n", Counted::alive);
}

void scalars_and_pointers() {
  std::puts("scalars and pointers:");
  try {
    throw 42;
  } catch (long) {
    std::puts("  wrong: long");
  } catch (int v) {
    std::printf("  int %d\n", v);
  }
  try {
    throw "a C string";
  } catch (const char* s) {
    std::printf("  const char* \"%s\"\n", s);
  }
  static Both both;
  try {
    throw &both;
  } catch (Right* r) {
    std::printf("  Both* as Right*: right=%d, adjusted %s\n", r->right,
                static_cast<void*>(r) != static_cast<void*>(&both) ? "yes" : "no");
  }
  try {
    throw &both;
  } catch (const void* v) {
    std::printf("  Both* as const void*: same %s\n", v == &both ? "yes" : "no");
  }
  try {
    throw 2.5;
  } catch (...) {
    std::puts("  catch (...) took a double");
  }
}

void class_hierarchies() {
  std::puts("class hierarchies:");
  try {
    throw Both();
  } catch (const Right& r) {
    std::printf("  Both as Right: right=%d\n", r.right);
  }
  try {
    throw Diamond();
  } catch (const Base& b) {
    std::printf("  Diamond as virtual Base: base=%d\n", b.base);
  }
  try {
    throw Diamond();
  } catch (const Mid2& m) {
    std::printf("  Diamond as Mid2: m2=%d base=%d\n", m.m2, m.base);
  }
}

void deep() {
  std::puts("deep:");
  try {
    recurse(200);
  } catch (const std::out_of_range& e) {
    std::printf("  caught %s after 201 frames, %d destructors ran\n", e.what(), Tally::destroyed);
  }
}

struct Member {
  const char* name;
  explicit Member(const char* n, bool fail) : name(n) {
    if (fail) throw std::runtime_error(std::string("constructing ") + n);
    std::printf("  Member(%s)\n", n);
  }
  ~Member() { std::printf("  ~Member(%s)\n", name); }
};
struct Composite {
  Member a, b, c;
  Composite() : a("a", false), b("b", false), c("c", true) {}
};

void in_constructor() {
  std::puts("in constructor:");
  try {
    Composite x;
    std::puts("  wrong: constructed");
  } catch (const std::exception& e) {
    std::printf("  caught: %s\n", e.what());
  }
}

// Only throws that libc++'s headers compile into this file: what libc++.a itself would throw
// (std::string's out-of-line members, operator new, stoi) aborts, as it is built without
// exceptions.
void library_throws() {
  std::puts("library throws:");
  std::vector<int> v{1, 2, 3};
  try {
    std::printf("  %d\n", v.at(7));
  } catch (const std::out_of_range&) {
    std::puts("  vector::at threw out_of_range");
  }
  auto owned = std::make_unique<Counted>(9);
  try {
    std::optional<int> none;
    std::printf("  %d\n", none.value());
  } catch (const std::exception&) {
    std::printf("  optional::value threw, unique_ptr holds %d\n", owned->id);
  }
  try {
    std::variant<int, const char*> number = 5;
    std::printf("  %s\n", std::get<const char*>(number));
  } catch (const std::bad_variant_access&) {
    std::puts("  get<const char*> of an int variant threw bad_variant_access");
  }
}

void exception_ptrs() {
  std::puts("exception_ptr:");
  std::exception_ptr saved;
  try {
    throw ParseError("saved", 3);
  } catch (...) {
    saved = std::current_exception();
  }
  std::printf("  saved %s\n", saved ? "non-null" : "null");
  try {
    std::rethrow_exception(saved);
  } catch (const ParseError& e) {
    std::printf("  rethrown: %s line %d\n", e.what(), e.line);
  }
  try {
    std::rethrow_exception(std::make_exception_ptr(std::invalid_argument("made")));
  } catch (const std::logic_error& e) {
    std::printf("  make_exception_ptr: %s\n", e.what());
  }
  try {
    try {
      throw std::runtime_error("inner");
    } catch (...) {
      std::throw_with_nested(std::logic_error("outer"));
    }
  } catch (const std::logic_error& e) {
    std::printf("  nested outer: %s\n", e.what());
    try {
      std::rethrow_if_nested(e);
    } catch (const std::runtime_error& inner) {
      std::printf("  nested inner: %s\n", inner.what());
    }
  }
}

[[gnu::noinline]] void must_not_throw() noexcept {
  Guard g("noexcept");
  parse(2);
}

[[noreturn]] void on_terminate() {
  std::printf("terminate handler: current exception %s\n",
              std::current_exception() ? "set" : "none");
  std::fflush(stdout);
  std::_Exit(3);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IONBF, 0);  // each line is out before a trap ends the run
  const char* mode = argc > 1 ? argv[1] : "";
  if (std::strcmp(mode, "terminate") == 0) {
    std::set_terminate(on_terminate);
    must_not_throw();
  } else if (std::strcmp(mode, "abort") == 0) {
    std::puts("throwing through noexcept, default terminate handler");
    must_not_throw();
  } else if (std::strcmp(mode, "uncaught") == 0) {
    std::puts("throwing out of main");
    Guard g("main");
    parse(0);
  }
  across_frames();
  nested();
  rethrow();
  replace_in_handler();
  by_value();
  scalars_and_pointers();
  class_hierarchies();
  deep();
  in_constructor();
  library_throws();
  exception_ptrs();
  std::printf("guards alive %d, Counted alive %d\n", live_guards, Counted::alive);
  return live_guards == 0 && Counted::alive == 0 ? 0 : 1;
}
