// A bytecode interpreter: a dense `switch` over opcodes (compiled to br_table) and built-in
// functions reached through a table of function pointers (compiled to call_indirect).
#include <stdint.h>

enum Op {
  PUSH, LOAD, STORE, ADD, SUB, MUL, AND, XOR, SHR, DUP, DROP, JMP, JNZ, LT, CALLB, INC, HALT
};

// Values are unsigned so that overflow wraps the same way natively and in wasm.
typedef uint32_t (*Builtin)(uint32_t);

static uint32_t b_square(uint32_t x) { return x * x; }
static uint32_t b_mix(uint32_t x) { return (x ^ (x >> 7)) * 0x2545f491u; }
static uint32_t b_abs(uint32_t x) { return (int32_t)x < 0 ? -x : x; }
static uint32_t b_popcount(uint32_t x) { return (uint32_t)__builtin_popcount(x); }

// Not const and indexed by bytecode: the compiler cannot turn these calls into direct ones.
static Builtin builtins[] = {b_square, b_mix, b_abs, b_popcount};

// Registers: r0 = i, r1 = acc, r2 = limit.
static const int32_t program[] = {
    PUSH, 0, STORE, 0,                           //  0: i = 0
    PUSH, 7, STORE, 1,                           //  4: acc = 7
    // loop:
    LOAD, 0, CALLB, 0, LOAD, 1, XOR, STORE, 1,  //  8: acc ^= square(i)
    LOAD, 1, CALLB, 1, PUSH, 3, AND,            // 17: t = mix(acc) & 3
    CALLB, 3, LOAD, 1, ADD, STORE, 1,           // 24: acc += popcount(t)
    LOAD, 1, PUSH, 11, SHR, LOAD, 0, MUL,       // 31: (acc >> 11) * i
    CALLB, 2, DUP, DROP, LOAD, 1, SUB, STORE, 1, // 39: acc -= abs(...)
    INC, 0,                                      // 48: i++
    LOAD, 0, LOAD, 2, LT, JNZ, 8,                // 50: if (i < limit) goto loop
    LOAD, 1, HALT,                               // 57: return acc
};

static uint32_t run(const int32_t *code, uint32_t limit) {
  uint32_t stack[64], regs[4] = {0, 0, limit, 0};
  int32_t sp = 0, pc = 0;
  for (;;) {
    switch (code[pc++]) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = regs[code[pc++]]; break;
      case STORE: regs[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case DROP: sp--; break;
      case JMP: pc = code[pc]; break;
      case JNZ: pc = stack[--sp] ? code[pc] : pc + 1; break;
      case LT: sp--; stack[sp - 1] = (int32_t)stack[sp - 1] < (int32_t)stack[sp]; break;
      case CALLB: stack[sp - 1] = builtins[code[pc++]](stack[sp - 1]); break;
      case INC: regs[code[pc++]]++; break;
      case HALT: return stack[sp - 1];
      default: return 0xdeadbeefu;  // a corrupt program: a wrong checksum, loudly
    }
  }
}

static volatile uint32_t iterations = 600000;

int64_t bench_main(void) {
  uint64_t sum = 0;
  for (int32_t round = 0; round < 4; round++) sum = sum * 31 + run(program, iterations + round);
  return (int64_t)sum;
}
