// The section decoder (interp/module_reader.cc) where a .wast cannot say it: cases where wabt
// 1.0.32, the oracle of tests/wast, departs from the spec (the expectations are the official
// suite's: binary.wast and custom.wast), hostile sizes, and what reaches the Module from the
// name section.
#define BOOST_TEST_MODULE interp_module_reader
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "interp/engine.h"

using namespace wask::interp;

namespace {

// The preamble followed by `sections`.
std::vector<uint8_t> module_of(std::initializer_list<uint8_t> sections) {
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  bytes.insert(bytes.end(), sections);
  return bytes;
}

LoadError::Kind error_kind(const std::vector<uint8_t>& bytes) {
  LoadResult r = Module::load(bytes);
  BOOST_REQUIRE_MESSAGE(r.error, "the module loaded");
  BOOST_TEST_MESSAGE(r.error->message);
  return r.error->kind;
}

}  // namespace

// binary.wast: "data count and data section have inconsistent lengths" (wabt accepts it).
BOOST_AUTO_TEST_CASE(data_count_without_data_section_is_malformed) {
  LoadResult r = Module::load(module_of({0x0c, 0x01, 0x01}));
  BOOST_REQUIRE(r.error);
  BOOST_CHECK(r.error->kind == LoadError::Kind::Malformed);
  BOOST_CHECK_EQUAL(r.error->message, "data count and data section have inconsistent lengths");
  // A count of zero is consistent with no Data section.
  BOOST_CHECK(Module::load(module_of({0x0c, 0x01, 0x00})).module);
}

// Data segment flags other than 0, 1 and 2 (wabt reads 3 as a segment).
BOOST_AUTO_TEST_CASE(data_segment_kind_beyond_two_is_malformed) {
  BOOST_CHECK(error_kind(module_of({0x05, 0x03, 0x01, 0x00, 0x01, 0x0b, 0x04, 0x01, 0x03, 0x00,
                                    0x00})) == LoadError::Kind::Malformed);
}

// custom.wast: what a custom section holds is not decoded, so a broken name section costs only
// the names; a whole one names the module.
BOOST_AUTO_TEST_CASE(a_broken_name_section_is_ignored_and_a_whole_one_names_the_module) {
  LoadResult broken = Module::load(module_of({0x00, 0x07, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09}));
  BOOST_REQUIRE(broken.module);
  BOOST_CHECK_EQUAL(broken.module->name(), "");
  // Subsection 0 (the module's name) "wk", then a function-names subsection cut short.
  LoadResult cut = Module::load(
      module_of({0x00, 0x0c, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x03, 0x02, 'w', 'k', 0x01, 0x05}));
  BOOST_REQUIRE(cut.module);
  BOOST_CHECK_EQUAL(cut.module->name(), "");  // nothing of a broken section is used
  LoadResult whole =
      Module::load(module_of({0x00, 0x0a, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x03, 0x02, 'w', 'k'}));
  BOOST_REQUIRE(whole.module);
  BOOST_CHECK_EQUAL(whole.module->name(), "wk");
}

// A name inside a subsection may not reach past the subsection's end (here a length of 127 just
// past a two-byte subsection, at the module's last byte: read as a length, it would run off the
// buffer).
BOOST_AUTO_TEST_CASE(a_name_section_read_stays_inside_its_subsection) {
  LoadResult r =
      Module::load(module_of({0x00, 0x0a, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x02, 0x01, 0x00, 0x7f}));
  BOOST_REQUIRE(r.module);
  BOOST_CHECK_EQUAL(r.module->name(), "");
}

// A count near 2^32 is refused before anything is sized by it, at once.
BOOST_AUTO_TEST_CASE(huge_counts_fail_fast_without_allocating) {
  const auto start = std::chrono::steady_clock::now();
  for (uint8_t section : {0x01, 0x02, 0x03, 0x06, 0x07, 0x09, 0x0a, 0x0b}) {
    BOOST_CHECK(error_kind(module_of({section, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f})) ==
                LoadError::Kind::Malformed);
  }
  // A function type's parameter count, and a name's length.
  BOOST_CHECK(error_kind(module_of({0x01, 0x07, 0x01, 0x60, 0xff, 0xff, 0xff, 0xff, 0x0f})) ==
              LoadError::Kind::Malformed);
  BOOST_CHECK(error_kind(module_of({0x00, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f})) ==
              LoadError::Kind::Malformed);
  BOOST_CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

// exnref (0x69) is a value type of function types, globals and imports.
BOOST_AUTO_TEST_CASE(exnref_in_a_signature_and_a_global) {
  // (type (func (param exnref) (result exnref))) (global exnref (ref.null exn))
  LoadResult r = Module::load(module_of({0x01, 0x06, 0x01, 0x60, 0x01, 0x69, 0x01, 0x69, 0x06, 0x06,
                                         0x01, 0x69, 0x00, 0xd0, 0x69, 0x0b}));
  BOOST_REQUIRE_MESSAGE(r.module, (r.error ? r.error->message : ""));
  // (import "m" "g" (global exnref))
  LoadResult imported =
      Module::load(module_of({0x02, 0x08, 0x01, 0x01, 'm', 0x01, 'g', 0x03, 0x69, 0x00}));
  BOOST_REQUIRE(imported.module);
  BOOST_REQUIRE_EQUAL(imported.module->imports().size(), 1u);
  BOOST_CHECK(imported.module->imports()[0].type.global.type == ValType::ExnRef);
}
