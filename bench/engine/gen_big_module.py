#!/usr/bin/env python3
"""Writes a large, valid WebAssembly module for the translation-speed benchmark.

usage: gen_big_module.py OUT.wasm [MEGABYTES]   (default 30)

Function 0, exported as `trivial`, returns i32 42; thousands of other functions of type
(i32, i32) -> i32 have bodies of a few hundred bytes drawn from templates that look like compiled C:
locals, arithmetic on i32/i64/f64, loads and stores, blocks, loops, if/else, br_if, br_table and
direct calls. They are never run: the point is load + validate + translate time. The output is
deterministic (fixed seed).
"""
import random
import struct
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def vec(items):
    return uleb(len(items)) + b"".join(items)


I32, I64, F64 = 0x7F, 0x7E, 0x7C
# Locals: params 0,1 (i32); declared 2..5 i32, 6..7 i64, 8..9 f64.
I32_LOCALS, I64_LOCALS, F64_LOCALS = [0, 1, 2, 3, 4, 5], [6, 7], [8, 9]
LOCAL_DECLS = vec([uleb(4) + bytes([I32]), uleb(2) + bytes([I64]), uleb(2) + bytes([F64])])

GET, SET, TEE, DROP = 0x20, 0x21, 0x22, 0x1A
BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE, CALL = 0x02, 0x03, 0x04, 0x05, 0x0B, 0x0C, 0x0D, 0x0E, 0x10
VOID = 0x40
I32_CONST, I64_CONST, F64_CONST = 0x41, 0x42, 0x44
I32_OPS = [0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76]  # add sub mul and or xor shl shr_u
I32_CMP = [0x46, 0x47, 0x48, 0x4A, 0x4D]  # eq ne lt_s gt_s le_u
I64_OPS = [0x7C, 0x7D, 0x7E, 0x83, 0x85]  # add sub mul and xor
F64_OPS = [0xA0, 0xA1, 0xA2]  # add sub mul


def local(op, i):
    return bytes([op]) + uleb(i)


def memarg(align, offset):
    return uleb(align) + uleb(offset)


class BodyGen:
    def __init__(self, rng, nfuncs):
        self.r, self.nfuncs = rng, nfuncs

    def i32(self):
        return self.r.choice(I32_LOCALS)

    def i32_expr(self):
        """Pushes one i32."""
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return local(GET, self.i32())
        if k == 1:
            return bytes([I32_CONST]) + sleb(r.randrange(-5000, 5000))
        if k == 2:  # a load from a masked address, like a C array access
            return (local(GET, self.i32()) + bytes([I32_CONST]) + sleb(0xFFF0) + bytes([0x71])
                    + bytes([0x28]) + memarg(2, r.randrange(64)))
        if k == 3:
            return local(GET, self.i32()) + local(GET, self.i32()) + bytes([r.choice(I32_CMP)])
        return local(GET, self.i32()) + bytes([I32_CONST]) + sleb(r.randrange(1, 300)) + bytes([r.choice(I32_OPS)])

    def statement(self, depth):
        """Leaves the stack as it found it."""
        r = self.r
        k = r.randrange(12 if depth < 3 else 7)
        if k == 0:
            return self.i32_expr() + self.i32_expr() + bytes([r.choice(I32_OPS)]) + local(SET, self.i32())
        if k == 1:
            return self.i32_expr() + local(TEE, self.i32()) + bytes([DROP])
        if k == 2:
            a, b = r.sample(I64_LOCALS, 2)
            return (local(GET, a) + bytes([I64_CONST]) + sleb(r.randrange(-10**12, 10**12))
                    + bytes([r.choice(I64_OPS)]) + local(GET, b) + bytes([r.choice(I64_OPS)]) + local(SET, a))
        if k == 3:
            a, b = r.sample(F64_LOCALS, 2)
            return (local(GET, a) + bytes([F64_CONST]) + struct.pack("<d", r.uniform(-100, 100))
                    + bytes([r.choice(F64_OPS)]) + local(GET, b) + bytes([r.choice(F64_OPS)]) + local(SET, b))
        if k == 4:  # a store
            return (local(GET, self.i32()) + bytes([I32_CONST]) + sleb(0xFFF0) + bytes([0x71])
                    + self.i32_expr() + bytes([0x36]) + memarg(2, r.randrange(64)))
        if k == 5:  # a call to another function, result kept
            return (self.i32_expr() + self.i32_expr() + bytes([CALL]) + uleb(r.randrange(1, self.nfuncs))
                    + local(SET, self.i32()))
        if k == 6:  # i64 <-> i32 and f64 conversions
            return (local(GET, self.i32()) + bytes([0xAC]) + local(SET, r.choice(I64_LOCALS))
                    + local(GET, r.choice(F64_LOCALS)) + bytes([0xAA]) + local(SET, self.i32()))
        if k == 7:  # block with a conditional exit
            return (bytes([BLOCK, VOID]) + self.i32_expr() + bytes([BR_IF, 0]) + self.statements(depth + 1)
                    + bytes([END]))
        if k == 8:  # a counted loop
            c = self.i32()
            return (bytes([BLOCK, VOID, LOOP, VOID]) + self.statements(depth + 1)
                    + local(GET, c) + bytes([I32_CONST, 1, 0x6B]) + local(TEE, c)
                    + bytes([I32_CONST]) + sleb(0) + bytes([0x4A, BR_IF, 0, END, END]))
        if k == 9:
            return (self.i32_expr() + bytes([IF, VOID]) + self.statements(depth + 1) + bytes([ELSE])
                    + self.statements(depth + 1) + bytes([END]))
        if k == 10:  # a switch: three nested blocks and a br_table
            inner = self.i32_expr() + bytes([BR_TABLE]) + vec([uleb(0), uleb(1), uleb(2)]) + uleb(2)
            return (bytes([BLOCK, VOID, BLOCK, VOID, BLOCK, VOID]) + inner + bytes([END])
                    + self.statements(depth + 1) + bytes([END]) + self.statements(depth + 1) + bytes([END]))
        return self.i32_expr() + bytes([IF, VOID]) + self.statements(depth + 1) + bytes([END])

    def statements(self, depth):
        return b"".join(self.statement(depth) for _ in range(self.r.randrange(1, 4)))

    def body(self, target_size):
        code = bytearray()
        while len(code) < target_size:
            code += self.statement(0)
        code += local(GET, self.i32()) + bytes([END])
        body = LOCAL_DECLS + bytes(code)
        return uleb(len(body)) + body


def build(megabytes, seed=1):
    rng = random.Random(seed)
    target = int(megabytes * 1e6)
    body_size = 400
    # Calls go to the first CALLEES functions, so bodies can be generated until the size is reached.
    callees = 1000
    gen = BodyGen(rng, callees)
    trivial = bytes([0x00, I32_CONST]) + sleb(42) + bytes([END])
    bodies = [uleb(len(trivial)) + trivial]
    size = 0
    while size < target or len(bodies) <= callees:
        b = gen.body(rng.randrange(body_size // 2, body_size * 3 // 2))
        bodies.append(b)
        size += len(b) + 1  # the function section's entry
    types = vec([bytes([0x60]) + vec([]) + vec([bytes([I32])]),  # () -> i32
                 bytes([0x60]) + vec([bytes([I32]), bytes([I32])]) + vec([bytes([I32])])])
    funcs = vec([uleb(0)] + [uleb(1)] * (len(bodies) - 1))
    memory = vec([bytes([0x00]) + uleb(1)])
    exports = vec([uleb(len(b"trivial")) + b"trivial" + bytes([0x00]) + uleb(0)])
    code = vec(bodies)
    return (b"\0asm" + struct.pack("<I", 1) + section(1, types) + section(3, funcs) + section(5, memory)
            + section(7, exports) + section(10, code))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    data = build(float(sys.argv[2]) if len(sys.argv) == 3 else 30)
    with open(sys.argv[1], "wb") as f:
        f.write(data)
    print(f"{sys.argv[1]}: {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
