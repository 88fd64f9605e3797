#!/usr/bin/env python3
# Writes tests/wast/random_expressions.wast: random (fixed-seed) expression trees over i32/i64 with
# locals written mid-expression (local.tee), select, if, br_if and conversions. Expected results come
# from the evaluator below (left-to-right, spec semantics), independent of any engine; check the
# output with ../check_with_wabt.sh.
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261124)
BITS = {'i32': 32, 'i64': 64}
PARAMS = [('i32', 0), ('i32', 1), ('i64', 2), ('i64', 3)]  # (type, index)


def mask(t, v): return v & ((1 << BITS[t]) - 1)
def signed(t, v):
    v = mask(t, v)
    return v - (1 << BITS[t]) if v >> (BITS[t] - 1) else v


def lit(t, v):
    v = mask(t, v)
    return f'0x{v:x}' if v > 0xffff else str(v)


def rotl(t, a, b):
    n = BITS[t]; b %= n
    return mask(t, (a << b) | (a >> (n - b))) if b else a


BINOPS = {
    'add': lambda t, a, b: a + b, 'sub': lambda t, a, b: a - b, 'mul': lambda t, a, b: a * b,
    'and': lambda t, a, b: a & b, 'or': lambda t, a, b: a | b, 'xor': lambda t, a, b: a ^ b,
    'shl': lambda t, a, b: a << (b % BITS[t]), 'shr_u': lambda t, a, b: a >> (b % BITS[t]),
    'shr_s': lambda t, a, b: signed(t, a) >> (b % BITS[t]), 'rotl': rotl,
    'rotr': lambda t, a, b: rotl(t, a, BITS[t] - (b % BITS[t])),
}
CMPOPS = {
    'eq': lambda t, a, b: a == b, 'ne': lambda t, a, b: a != b,
    'lt_s': lambda t, a, b: signed(t, a) < signed(t, b), 'lt_u': lambda t, a, b: a < b,
    'ge_s': lambda t, a, b: signed(t, a) >= signed(t, b), 'gt_u': lambda t, a, b: a > b,
}
UNOPS = {
    'clz': lambda t, a: BITS[t] - a.bit_length(),
    'ctz': lambda t, a: BITS[t] if a == 0 else (a & -a).bit_length() - 1,
    'popcnt': lambda t, a: bin(a).count('1'),
    'extend8_s': lambda t, a: signed('i32', (a & 0xff) | (0xffffff00 if a & 0x80 else 0)),
    'extend16_s': lambda t, a: (a & 0xffff) - (0x10000 if a & 0x8000 else 0),
}
CONSTS = [0, 1, 2, 7, 31, 32, 63, 64, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef,
          0x8000000000000000, 0xffffffffffffffff]


def gen(t, depth):
    """Returns (text, evaluate(env) -> value) for an expression of type t."""
    if depth == 0 or rng.random() < 0.15:
        if rng.random() < 0.5:
            c = mask(t, rng.choice(CONSTS))
            return f'({t}.const {lit(t, c)})', lambda env, c=c: c
        idx = rng.choice([i for (pt, i) in PARAMS if pt == t])
        return f'(local.get {idx})', lambda env, idx=idx: env[idx]
    kind = rng.choice(['bin', 'bin', 'bin', 'cmp', 'un', 'tee', 'select', 'if', 'br_if', 'conv', 'div'])
    if kind == 'bin':
        op = rng.choice(list(BINOPS))
        xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1)
        return f'({t}.{op} {xt} {yt})', lambda env: mask(t, BINOPS[op](t, xf(env), yf(env)))
    if kind == 'div':
        op = rng.choice(['div_s', 'div_u', 'rem_s', 'rem_u'])
        xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1)
        # The divisor is made positive and non-zero so no trap can happen.
        yt = f'({t}.or ({t}.and {yt} ({t}.const 0x7fff)) ({t}.const 1))'
        def f(env):
            a = xf(env); b = (yf(env) & 0x7fff) | 1
            if op == 'div_u': return a // b
            if op == 'rem_u': return a % b
            sa = signed(t, a); q = abs(sa) // b; q = q if sa >= 0 else -q
            return mask(t, q if op == 'div_s' else sa - q * b)
        return f'({t}.{op} {xt} {yt})', f
    if kind == 'cmp':
        # A comparison of some type, widened back to t if needed.
        ct = rng.choice(['i32', 'i64']); op = rng.choice(list(CMPOPS))
        xt, xf = gen(ct, depth - 1); yt, yf = gen(ct, depth - 1)
        text = f'({ct}.{op} {xt} {yt})'
        if t == 'i64': text = f'(i64.extend_i32_u {text})'
        return text, lambda env: int(CMPOPS[op](ct, xf(env), yf(env)))
    if kind == 'un':
        op = rng.choice(list(UNOPS) if t == 'i32' else ['clz', 'ctz', 'popcnt'])
        xt, xf = gen(t, depth - 1)
        return f'({t}.{op} {xt})', lambda env: mask(t, UNOPS[op](t, xf(env)))
    if kind == 'tee':
        idx = rng.choice([i for (pt, i) in PARAMS if pt == t])
        xt, xf = gen(t, depth - 1)
        def f(env, idx=idx):
            env[idx] = xf(env)
            return env[idx]
        return f'(local.tee {idx} {xt})', f
    if kind == 'select':
        xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1); ct, cf = gen('i32', depth - 1)
        def f(env):
            x = xf(env); y = yf(env); c = cf(env)
            return x if c else y
        return f'(select {xt} {yt} {ct})', f
    if kind == 'if':
        ct, cf = gen('i32', depth - 1); xt, xf = gen(t, depth - 1); yt, yf = gen(t, depth - 1)
        return (f'(if (result {t}) {ct} (then {xt}) (else {yt}))',
                lambda env: xf(env) if cf(env) else yf(env))
    if kind == 'br_if':
        xt, xf = gen(t, depth - 1); ct, cf = gen('i32', depth - 1); yt, yf = gen(t, depth - 1)
        def f(env):
            x = xf(env); c = cf(env)
            return x if c else yf(env)
        return f'(block (result {t}) (br_if 0 {xt} {ct}) (drop) {yt})', f
    # conversions between the two widths
    if t == 'i32':
        xt, xf = gen('i64', depth - 1)
        return f'(i32.wrap_i64 {xt})', lambda env: mask('i32', xf(env))
    xt, xf = gen('i32', depth - 1)
    if rng.random() < 0.5:
        return f'(i64.extend_i32_s {xt})', lambda env: mask('i64', signed('i32', xf(env)))
    return f'(i64.extend_i32_u {xt})', lambda env: xf(env)


ARGS = [(0, 0, 0, 0), (1, 0xffffffff, 0x8000000000000000, 5), (0x80000000, 7, 0xffffffffffffffff, 64),
        (0x12345678, 0x9abcdef0, 0x0123456789abcdef, 0xfedcba9876543210)]
functions, asserts = [], []
for n in range(120):
    t = rng.choice(['i32', 'i64'])
    text, f = gen(t, rng.randint(3, 6))
    functions.append(f'  (func (export "e{n}") (param i32 i32 i64 i64) (result {t})\n    {text})')
    for args in ARGS:
        env = list(args)
        result = f(env)
        call_args = ' '.join(f'({pt}.const {lit(pt, a)})' for (pt, _), a in zip(PARAMS, args))
        asserts.append(f'(assert_return (invoke "e{n}" {call_args}) ({t}.const {lit(t, result)}))')

out = [';; Generated by tests/wast/generate/random_expressions.py (fixed seed): random i32/i64 expression',
       ';; trees with locals overwritten mid-expression, select, if, br_if, division and conversions.',
       '', '(module'] + functions + [')', ''] + asserts
open(os.path.join(HERE, '..', 'random_expressions.wast'), 'w').write('\n'.join(out) + '\n')
