"""Shared by the memory .wast generators: the scalar loads and stores (text, value type, width,
signed) and a minimal binary encoder (for modules the text format of wabt 1.0.32 cannot write)."""

LOADS = [('i32.load8_s', 'i32', 1, True), ('i32.load8_u', 'i32', 1, False), ('i32.load16_s', 'i32', 2, True),
         ('i32.load16_u', 'i32', 2, False), ('i32.load', 'i32', 4, False), ('i64.load8_s', 'i64', 1, True),
         ('i64.load8_u', 'i64', 1, False), ('i64.load16_s', 'i64', 2, True), ('i64.load16_u', 'i64', 2, False),
         ('i64.load32_s', 'i64', 4, True), ('i64.load32_u', 'i64', 4, False), ('i64.load', 'i64', 8, False)]
STORES = [('i32.store8', 'i32', 1), ('i32.store16', 'i32', 2), ('i32.store', 'i32', 4), ('i64.store8', 'i64', 1),
          ('i64.store16', 'i64', 2), ('i64.store32', 'i64', 4), ('i64.store', 'i64', 8)]


def uleb(n):
    b = bytearray()
    while True:
        low, n = n & 0x7f, n >> 7
        b.append(low | (0x80 if n else 0))
        if not n: return bytes(b)


def section(i, payload): return bytes([i]) + uleb(len(payload)) + payload


def vec(items): return uleb(len(items)) + b''.join(items)


def wast_binary(wasm):  # the string of a (module binary ...)
    return 'binary "' + ''.join(f'\\{x:02x}' for x in wasm) + '"'
