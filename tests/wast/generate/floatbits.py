"""Bit-level f32/f64 helpers shared by the .wast generators: the fields of a format, NaN tests,
bits <-> Python float, and the .wast literal for a bit pattern (NaN payloads kept)."""
import math
import struct


class Float:
    def __init__(self, w):
        self.w = w  # 'f32' or 'f64'
        self.mb, self.eb, self.tot = (23, 8, 32) if w == 'f32' else (52, 11, 64)
        self.SIGN = 1 << (self.tot - 1)
        self.EXP = ((1 << self.eb) - 1) << self.mb
        self.MANT = (1 << self.mb) - 1
        self.QUIET = 1 << (self.mb - 1)
        self.CANON = self.EXP | self.QUIET

    def isnan(self, b):
        return (b & self.EXP) == self.EXP and (b & self.MANT) != 0

    def tof(self, b):  # bits -> Python float
        if self.w == 'f32':
            return struct.unpack('<f', struct.pack('<I', b))[0]
        return struct.unpack('<d', struct.pack('<Q', b))[0]

    def tob(self, x):  # Python float -> bits, rounding to f32 (overflow: infinity) if needed
        if self.w == 'f32':
            try:
                return struct.unpack('<I', struct.pack('<f', x))[0]
            except OverflowError:
                return (self.SIGN if x < 0 else 0) | self.EXP
        return struct.unpack('<Q', struct.pack('<d', x))[0]

    def lit(self, b):  # the .wast text of a bit pattern: exact hex floats, nan:0x payloads
        if self.isnan(b):
            p = b & self.MANT
            sign = '-' if b & self.SIGN else ''
            return f'{sign}nan' if p == self.QUIET else f'{sign}nan:0x{p:x}'
        x = self.tof(b)
        if math.isinf(x):
            return 'inf' if x > 0 else '-inf'
        if x == 0:
            return '-0x0p+0' if b & self.SIGN else '0x0p+0'
        m, e = x.hex().split('p')
        return m.rstrip('0').rstrip('.') + 'p' + e

    # The spec's results computed exactly here, as references: a bit pattern, or 'C' / 'A' for
    # "a canonical NaN" / "an arithmetic NaN" (nan:canonical / nan:arithmetic in a script).
    def nanres(self, *ins):
        nans = [b for b in ins if self.isnan(b)]
        return 'C' if all((b & ~self.SIGN) == self.CANON for b in nans) else 'A'

    def arith(self, op):  # add, sub, mul, div on bit patterns
        def f(a, b):
            if self.isnan(a) or self.isnan(b):
                return self.nanres(a, b)
            x, y = self.tof(a), self.tof(b)
            if op == 'div':
                if y == 0:
                    if x == 0:
                        return 'C'
                    return self.tob(math.copysign(math.inf, math.copysign(1, x) * math.copysign(1, y)))
                r = x / y
            else:
                r = {'add': x + y, 'sub': x - y, 'mul': x * y}[op]
            return 'C' if math.isnan(r) else self.tob(r)
        return f

    def fmin(self, a, b):  # -0 < +0; equal operands merge their signs
        if self.isnan(a) or self.isnan(b):
            return self.nanres(a, b)
        x, y = self.tof(a), self.tof(b)
        return a | b if x == y else (a if x < y else b)

    def fmax(self, a, b):
        if self.isnan(a) or self.isnan(b):
            return self.nanres(a, b)
        x, y = self.tof(a), self.tof(b)
        return a & b if x == y else (a if x > y else b)
