#!/usr/bin/env python3
# Writes tests/wast/compare_branches.wast: every comparison feeding br_if and if, with both operands
# in locals and with a constant on the right, over edge values (NaN included: a false comparison
# must not branch, and `if` must take `else`). Interpreters fuse these pairs, and the negated form
# used for `if` is wrong for NaN when written as the opposite comparison. Expected values are computed
# here; check the output with ../check_with_wabt.sh.
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
INTS = {'i32': [0, 1, 0xffffffff, 0x80000000, 0x7fffffff],
        'i64': [0, 1, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff]}
FLOATS = [-0.0, 0.0, 1.0, -math.inf, math.inf, math.nan]
ICMP = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u']
FCMP = ['eq', 'ne', 'lt', 'gt', 'le', 'ge']


def signed(t, v):
    n = 32 if t == 'i32' else 64
    return v - (1 << n) if v >> (n - 1) else v


def icmp(t, op, a, b):
    if op.endswith('_s'): a, b = signed(t, a), signed(t, b)
    base = op.split('_')[0]
    return {'eq': a == b, 'ne': a != b, 'lt': a < b, 'gt': a > b, 'le': a <= b, 'ge': a >= b}[base]


def fcmp(op, a, b):
    return {'eq': a == b, 'ne': a != b, 'lt': a < b, 'gt': a > b, 'le': a <= b, 'ge': a >= b}[op]


def lit(t, v):
    if t in ('i32', 'i64'): return f'0x{v:x}' if v > 0xffff else str(v)
    if math.isnan(v): return 'nan'
    if math.isinf(v): return 'inf' if v > 0 else '-inf'
    if v == 0: return '-0x0p+0' if math.copysign(1, v) < 0 else '0x0p+0'
    return v.hex()


funcs, asserts = [], []
for t in ['i32', 'i64', 'f32', 'f64']:
    ops = ICMP if t[0] == 'i' else FCMP
    values = INTS[t] if t[0] == 'i' else FLOATS
    consts = [values[1], values[3]] if t[0] == 'i' else [0.0, math.nan]
    for op in ops:
        test = (lambda a, b, op=op, t=t: icmp(t, op, a, b)) if t[0] == 'i' else (lambda a, b, op=op: fcmp(op, a, b))
        name = f'{t}_{op}'
        cmp_locals = f'({t}.{op} (local.get 0) (local.get 1))'
        funcs.append(f'  (func (export "br_if_{name}") (param {t} {t}) (result i32)\n'
                     f'    (block (result i32) (br_if 0 (i32.const 1) {cmp_locals}) (drop) (i32.const 0)))')
        funcs.append(f'  (func (export "if_{name}") (param {t} {t}) (result i32)\n'
                     f'    (if (result i32) {cmp_locals} (then (i32.const 1)) (else (i32.const 0))))')
        for a in values:
            for b in values:
                args = f'({t}.const {lit(t, a)}) ({t}.const {lit(t, b)})'
                r = int(test(a, b))
                asserts.append(f'(assert_return (invoke "br_if_{name}" {args}) (i32.const {r}))')
                asserts.append(f'(assert_return (invoke "if_{name}" {args}) (i32.const {r}))')
        for k, c in enumerate(consts):
            cmp_const = f'({t}.{op} (local.get 0) ({t}.const {lit(t, c)}))'
            funcs.append(f'  (func (export "br_if_{name}_c{k}") (param {t}) (result i32)\n'
                         f'    (block (result i32) (br_if 0 (i32.const 1) {cmp_const}) (drop) (i32.const 0)))')
            funcs.append(f'  (func (export "if_{name}_c{k}") (param {t}) (result i32)\n'
                         f'    (if (result i32) {cmp_const} (then (i32.const 1)) (else (i32.const 0))))')
            for a in values:
                r = int(test(a, c))
                asserts.append(f'(assert_return (invoke "br_if_{name}_c{k}" ({t}.const {lit(t, a)})) (i32.const {r}))')
                asserts.append(f'(assert_return (invoke "if_{name}_c{k}" ({t}.const {lit(t, a)})) (i32.const {r}))')

# i32.eqz and a bare i32 condition, both ways.
funcs.append('  (func (export "br_if_eqz") (param i32) (result i32)\n'
             '    (block (result i32) (br_if 0 (i32.const 1) (i32.eqz (local.get 0))) (drop) (i32.const 0)))')
funcs.append('  (func (export "if_eqz") (param i32) (result i32)\n'
             '    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 0))))')
funcs.append('  (func (export "br_if_eqz64") (param i64) (result i32)\n'
             '    (block (result i32) (br_if 0 (i32.const 1) (i64.eqz (local.get 0))) (drop) (i32.const 0)))')
for v in INTS['i32']:
    for f in ['br_if_eqz', 'if_eqz']:
        asserts.append(f'(assert_return (invoke "{f}" (i32.const {lit("i32", v)})) (i32.const {int(v == 0)}))')
for v in INTS['i64'] + [1 << 32]:
    asserts.append(f'(assert_return (invoke "br_if_eqz64" (i64.const {lit("i64", v)})) (i32.const {int(v == 0)}))')

# Backward branches: a compare-and-branch closing a loop, with a local or a constant bound.
funcs.append('  (func (export "count_up_to") (param i32) (result i32) (local i32)\n'
             '    (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n'
             '      (br_if 0 (i32.lt_s (local.get 1) (local.get 0))))\n'
             '    (local.get 1))')
funcs.append('  (func (export "count_up_to_10") (result i32) (local i64)\n'
             '    (loop (local.set 0 (i64.add (local.get 0) (i64.const 1)))\n'
             '      (br_if 0 (i64.ne (local.get 0) (i64.const 10))))\n'
             '    (i32.wrap_i64 (local.get 0)))')
funcs.append('  (func (export "float_loop") (param f64) (result f64) (local f64)\n'
             '    (loop (local.set 1 (f64.add (local.get 1) (f64.const 1)))\n'
             '      (br_if 0 (f64.lt (local.get 1) (local.get 0))))\n'
             '    (local.get 1))')
funcs.append('  (func (export "float_loop_ge") (param f32) (result f32) (local f32)\n'
             '    (loop (local.set 1 (f32.add (local.get 1) (f32.const 1)))\n'
             '      (br_if 0 (f32.gt (local.get 0) (local.get 1))))\n'
             '    (local.get 1))')
for n, r in [(5, 5), (0, 1), (-3, 1), (1000, 1000)]:
    asserts.append(f'(assert_return (invoke "count_up_to" (i32.const {n})) (i32.const {r}))')
asserts.append('(assert_return (invoke "count_up_to_10") (i32.const 10))')
for lim, r in [('7.5', '8'), ('nan', '1'), ('-inf', '1'), ('0', '1')]:
    asserts.append(f'(assert_return (invoke "float_loop" (f64.const {lim})) (f64.const {r}))')
    asserts.append(f'(assert_return (invoke "float_loop_ge" (f32.const {lim})) (f32.const {r}))')

out = [';; Generated by tests/wast/generate/compare_branches.py: every comparison feeding br_if and if,',
       ';; operands in locals or a constant on the right, over edge values including NaN.', '', '(module']
out += funcs + [')', ''] + asserts
open(os.path.join(HERE, '..', 'compare_branches.wast'), 'w').write('\n'.join(out) + '\n')
