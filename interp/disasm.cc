// A text listing of translated code, for debugging the translator and for docs/interp.md.
#include <fmt/format.h>

#include <map>

#include "interp/module_impl.h"

namespace wask::interp {

std::string disassemble(const Module::Impl& mod, uint32_t defined_index) {
  const CompiledFunc& f = mod.funcs.at(defined_index);
  if (translate_function(mod, f) == nullptr)
    return fmt::format("func {}: untranslatable\n", f.func_index);
  std::map<uint64_t, Op> ops;  // handler word -> op
  const void* const* table = handler_table();
  for (size_t i = 0; i < kOpCount; ++i) {
    ops[table ? reinterpret_cast<uint64_t>(table[i]) : i] = static_cast<Op>(i);
  }
  std::string out =
      fmt::format("func {} ({}): {} params, {} locals, {} slots\n", f.func_index,
                  mod.func_name(f.func_index), f.num_params, f.num_locals, f.frame_slots);
  const std::vector<CodeUnit>& code = f.code;
  const uint32_t end = static_cast<uint32_t>(code.size());
  for (uint32_t pc = 0; pc < end;) {
    auto it = ops.find(load_u64(&code[pc]));
    if (it == ops.end()) {
      out += fmt::format("{:6}: ??\n", pc);
      break;
    }
    const Op op = it->second;
    uint32_t n = kOpOperandUnits[static_cast<size_t>(op)];
    if (op == Op::Call || op == Op::ReturnCall) n = 2;  // the callee pointer differs run to run
    out += fmt::format("{:6}: {:<22}", pc, op_name(op));
    for (uint32_t k = 0; k < n; ++k)
      out += fmt::format(" {}", static_cast<int32_t>(code[pc + 2 + k]));
    if (op == Op::BrTable || op == Op::BrTableLoadShlAddImm || op == Op::BrTableFetch) {
      const uint32_t count = code[pc + (op == Op::BrTable ? 3 : 2)];
      const uint32_t table = pc + op_length(op);  // the table follows the operands
      out += " [";
      for (uint32_t k = 0; k <= count; ++k)
        out += fmt::format("{}{}", k ? " " : "", static_cast<int32_t>(code[table + k]));
      out += "]";
    }
    out += "\n";
    pc += instruction_length(op, &code[pc]);
  }
  return out;
}

std::string Module::disassembly() const {
  std::string out;
  for (uint32_t i = 0; i < impl().funcs.size(); ++i) out += disassemble(impl(), i);
  return out;
}

}  // namespace wask::interp
