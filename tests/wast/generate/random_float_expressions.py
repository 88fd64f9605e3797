#!/usr/bin/env python3
# Writes tests/wast/random_float_expressions.wast: random (fixed-seed) f32/f64 expression trees
# (arithmetic, sqrt, min/max, rounding, sign ops, demote/promote, compares feeding select and if).
# Expected results come from the IEEE evaluator below (f32 ops round once from exact doubles),
# independent of any engine; every NaN that can arise is canonical, and no operation exposes a
# NaN's sign. Check the output with ../check_with_wabt.sh.
import math
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(1124)
NAN = float('nan')


def to_f32(x):
    if math.isnan(x): return NAN
    try:
        return struct.unpack('<f', struct.pack('<f', x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def rnd(t, x): return to_f32(x) if t == 'f32' else x


def lit(t, x):
    if math.isnan(x): return 'nan'
    if math.isinf(x): return 'inf' if x > 0 else '-inf'
    if x == 0: return '-0x0p+0' if math.copysign(1, x) < 0 else '0x0p+0'
    m, e = x.hex().split('p')
    return m.rstrip('0').rstrip('.') + 'p' + e


def div(a, b):
    if b == 0:
        if a == 0 or math.isnan(a): return NAN
        return math.copysign(math.inf, math.copysign(1, a) * math.copysign(1, b))
    return a / b


def fmin(a, b):
    if math.isnan(a) or math.isnan(b): return NAN
    if a == b: return a if math.copysign(1, a) < 0 else b
    return min(a, b)


def fmax(a, b):
    if math.isnan(a) or math.isnan(b): return NAN
    if a == b: return b if math.copysign(1, a) < 0 else a
    return max(a, b)


def integral(fn):
    def f(a):
        if math.isnan(a) or math.isinf(a) or a == 0: return a
        return math.copysign(float(fn(a)), a)
    return f


def sqrt(a):
    if math.isnan(a) or a < 0: return NAN
    return math.sqrt(a)


def arith(op):
    def f(a, b):
        if math.isnan(a) or math.isnan(b): return NAN
        if op == 'div': return div(a, b)
        try:
            r = {'add': lambda: a + b, 'sub': lambda: a - b, 'mul': lambda: a * b}[op]()
        except OverflowError:
            r = math.inf
        return r
    return f


BIN = {'add': arith('add'), 'sub': arith('sub'), 'mul': arith('mul'), 'div': arith('div'),
       'min': fmin, 'max': fmax}
UN = {'sqrt': sqrt, 'abs': abs, 'neg': lambda a: -a, 'ceil': integral(math.ceil),
      'floor': integral(math.floor), 'trunc': integral(math.trunc), 'nearest': integral(round)}
CMP = {'eq': lambda a, b: a == b, 'ne': lambda a, b: not (a == b), 'lt': lambda a, b: a < b,
       'le': lambda a, b: a <= b, 'gt': lambda a, b: a > b, 'ge': lambda a, b: a >= b}
CONSTS = [0.0, -0.0, 1.0, -1.5, 0.1, 3.0, 1e30, -1e-30, 2.5, math.inf, -math.inf, 1e300, 5e-324]
PARAMS = {'f32': 0, 'f64': 1}


def gen(t, depth):
    if depth == 0 or rng.random() < 0.15:
        if rng.random() < 0.5:
            c = rnd(t, rng.choice(CONSTS))
            return f'({t}.const {lit(t, c)})', lambda env, c=c: c
        return f'(local.get {PARAMS[t]})', lambda env: env[PARAMS[t]]
    kind = rng.choice(['bin', 'bin', 'bin', 'un', 'select', 'if', 'conv', 'copysign_const'])
    if kind == 'bin':
        op = rng.choice(list(BIN)); xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1)
        return f'({t}.{op} {xt} {yt})', lambda env: rnd(t, BIN[op](xf(env), yf(env)))
    if kind == 'un':
        op = rng.choice(list(UN)); xt, xf = gen(t, depth - 1)
        return f'({t}.{op} {xt})', lambda env: rnd(t, UN[op](xf(env)))
    if kind == 'copysign_const':  # the sign source is a constant: a NaN's sign is never observed
        xt, xf = gen(t, depth - 1); s = rng.choice([1.0, -1.0, 0.0, -0.0])
        return (f'({t}.copysign {xt} ({t}.const {lit(t, s)}))',
                lambda env: NAN if math.isnan(xf(env)) else math.copysign(xf(env), s))
    if kind in ('select', 'if'):
        ct = rng.choice(['f32', 'f64']); op = rng.choice(list(CMP))
        at, af = gen(ct, depth - 1); bt, bf = gen(ct, depth - 1)
        xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1)
        cond = f'({ct}.{op} {at} {bt})'
        if kind == 'select':
            def f(env):
                x = xf(env); y = yf(env); c = CMP[op](af(env), bf(env))
                return x if c else y
            return f'(select {xt} {yt} {cond})', f
        def g(env):
            return xf(env) if CMP[op](af(env), bf(env)) else yf(env)
        return f'(if (result {t}) {cond} (then {xt}) (else {yt}))', g
    if t == 'f32':
        xt, xf = gen('f64', depth - 1)
        return f'(f32.demote_f64 {xt})', lambda env: to_f32(xf(env))
    xt, xf = gen('f32', depth - 1)
    return f'(f64.promote_f32 {xt})', lambda env: xf(env)


ARGS = [(0.0, 0.0), (1.5, -2.25), (-0.0, 1e300), (to_f32(3.4e38), -1e-310), (math.inf, 0.5), (to_f32(0.1), 0.1)]
functions, asserts = [], []
for n in range(100):
    t = rng.choice(['f32', 'f64'])
    text, f = gen(t, rng.randint(2, 6))
    functions.append(f'  (func (export "e{n}") (param f32 f64) (result {t})\n    {text})')
    for a32, a64 in ARGS:
        r = f([a32, a64])
        expected = f'({t}.const nan:canonical)' if math.isnan(r) else f'({t}.const {lit(t, r)})'
        asserts.append(f'(assert_return (invoke "e{n}" (f32.const {lit("f32", a32)}) (f64.const {lit("f64", a64)})) {expected})')

out = [';; Generated by tests/wast/generate/random_float_expressions.py (fixed seed): random f32/f64',
       ';; expression trees; every NaN that can arise is canonical.', '', '(module'] + functions + [')', ''] + asserts
open(os.path.join(HERE, '..', 'random_float_expressions.wast'), 'w').write('\n'.join(out) + '\n')
