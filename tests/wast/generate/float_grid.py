#!/usr/bin/env python3
# Writes tests/wast/f32.wast / f64.wast: expected values come from exact integer and IEEE
# double arithmetic here, independent of any engine; check the output with ../check_with_wabt.sh.
"""f32.wast / f64.wast (argument f32 or f64): every float operator over a grid of edge operands."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
import struct, math, sys
W=sys.argv[1]  # f32 or f64
if W=='f32':
    MB,EB,TOT=23,8,32; pk,uk='<f','<I'
else:
    MB,EB,TOT=52,11,64; pk,uk='<d','<Q'
SIGN=1<<(TOT-1); EXP=((1<<EB)-1)<<MB; MANT=(1<<MB)-1; QUIET=1<<(MB-1); CANON=EXP|QUIET
def isnan(b): return (b&EXP)==EXP and (b&MANT)!=0
def tof(b):  # bits -> python float (non-NaN)
    if W=='f32': return struct.unpack('<f',struct.pack('<I',b))[0]
    return struct.unpack('<d',struct.pack('<Q',b))[0]
def tob(x):  # python float -> bits, rounding to f32 if needed
    if W=='f32':
        try: return struct.unpack('<I',struct.pack('<f',x))[0]
        except OverflowError: return (SIGN if x<0 else 0)|EXP
    return struct.unpack('<Q',struct.pack('<d',x))[0]
def lit(b):
    if isnan(b):
        p=b&MANT; s='-' if b&SIGN else ''
        return f'{s}nan' if p==QUIET else f'{s}nan:0x{p:x}'
    x=tof(b)
    if math.isinf(x): return 'inf' if x>0 else '-inf'
    if x==0: return '-0x0p+0' if b&SIGN else '0x0p+0'
    h=x.hex()
    m,e=h.split('p'); m=m.rstrip('0').rstrip('.') if '.' in m else m
    return m+'p'+e
def c(b): return f'({W}.const {lit(b)})'
def nanres(*ins):
    nans=[b for b in ins if isnan(b)]
    if all((b&~SIGN)==CANON for b in nans): return 'C'
    return 'A'
def exp(r, ins):
    if isinstance(r,str): return f'({W}.const nan:canonical)' if r=='C' else f'({W}.const nan:arithmetic)'
    return c(r)
def arith(op):
    def f(a,b):
        if isnan(a) or isnan(b): return nanres(a,b)
        x,y=tof(a),tof(b)
        if op=='div':
            if y==0:
                if x==0: return 'C'
                return tob(math.copysign(math.inf, math.copysign(1,x)*math.copysign(1,y)))
            r=x/y
        elif op=='add': r=x+y
        elif op=='sub': r=x-y
        elif op=='mul': r=x*y
        if math.isnan(r): return 'C'
        return tob(r)
    return f
def fmin(a,b):
    if isnan(a) or isnan(b): return nanres(a,b)
    x,y=tof(a),tof(b)
    if x==y: return a|b
    return a if x<y else b
def fmax(a,b):
    if isnan(a) or isnan(b): return nanres(a,b)
    x,y=tof(a),tof(b)
    if x==y: return a&b
    return a if x>y else b
def copysign(a,b): return (a&~SIGN)|(b&SIGN)
def unary(fn):
    def f(a):
        if isnan(a): return nanres(a)
        x=tof(a)
        if math.isinf(x) or x==0: return a
        r=float(fn(x))
        return tob(math.copysign(r,x))
    return f
def fsqrt(a):
    if isnan(a): return nanres(a)
    x=tof(a)
    if x==0: return a
    if x<0: return 'C'
    if math.isinf(x): return a
    return tob(math.sqrt(x))
def hexbits(x): return tob(x)
if W=='f32':
    grid=[0,SIGN,1,SIGN|0x00800000,tob(0.5),tob(-1.0),tob(6.2831854820251465),tob(-3.4028234663852886e38),
          0x7f7fffff,EXP,SIGN|EXP,CANON,SIGN|CANON,EXP|0x200000]
else:
    grid=[0,SIGN,1,SIGN|(1<<52),tob(0.5),tob(-1.0),tob(6.283185307179586),SIGN|0x7fefffffffffffff,
          0x7fefffffffffffff,EXP,SIGN|EXP,CANON,SIGN|CANON,EXP|(1<<50)]
bin_ops={'add':arith('add'),'sub':arith('sub'),'mul':arith('mul'),'div':arith('div'),'min':fmin,'max':fmax,'copysign':copysign}
un_ops={'sqrt':fsqrt,'ceil':unary(math.ceil),'floor':unary(math.floor),'trunc':unary(math.trunc),'nearest':unary(round),
        'abs':lambda a:a&~SIGN,'neg':lambda a:a^SIGN}
def fcmp(op):
    def f(a,b):
        if isnan(a) or isnan(b): return int(op=='ne')
        x,y=tof(a),tof(b)
        return int({'eq':x==y,'ne':x!=y,'lt':x<y,'le':x<=y,'gt':x>y,'ge':x>=y}[op])
    return f
cmp_ops={o:fcmp(o) for o in ['eq','ne','lt','le','gt','ge']}
out=[f';; {W} operators over a grid of edge operands: zeros of both signs, the smallest subnormal, the',
     ';; smallest normal, 0.5, -1, 2*pi, +-max, +-inf, canonical NaNs of both signs and a signalling NaN.',
     ';; NaN results follow the spec: canonical when every NaN operand is canonical, else arithmetic;',
     ';; abs, neg and copysign only touch the sign bit, so their NaN results are exact.','','(module']
for o in bin_ops: out.append(f'  (func (export "{o}") (param {W} {W}) (result {W}) ({W}.{o} (local.get 0) (local.get 1)))')
for o in un_ops: out.append(f'  (func (export "{o}") (param {W}) (result {W}) ({W}.{o} (local.get 0)))')
for o in cmp_ops: out.append(f'  (func (export "{o}") (param {W} {W}) (result i32) ({W}.{o} (local.get 0) (local.get 1)))')
out.append(')'); out.append('')
for o,f in bin_ops.items():
    for a in grid:
        for b in grid:
            out.append(f'(assert_return (invoke "{o}" {c(a)} {c(b)}) {exp(f(a,b),(a,b))})')
    out.append('')
ugrid=grid+[tob(x) for x in [1.5,-1.5,2.5,-2.5,-0.5,0.49999997 if W=='f32' else 0.49999999999999994,
            4194303.5 if W=='f32' else 2251799813685247.5, 8388607.5 if W=='f32' else 4503599627370495.5,
            -8388609.0 if W=='f32' else -4503599627370497.0, 2.0, 4.0, 1e10, -1e-10]]
for o,f in un_ops.items():
    for a in ugrid: out.append(f'(assert_return (invoke "{o}" {c(a)}) {exp(f(a),(a,))})')
    out.append('')
for o,f in cmp_ops.items():
    for a in grid:
        for b in grid:
            out.append(f'(assert_return (invoke "{o}" {c(a)} {c(b)}) (i32.const {f(a,b)}))')
    out.append('')
out.append(';; Correct rounding of single operations: ties to even, subnormal results, overflow.')
if W=='f32':
    pairs=[(1.0,2**-24),(1.0,2**-24+2**-47),(1.0,3*2**-24),(-1.0,-2**-24),(1.0,-2**-25),(2**-126,-2**-149),
           (2**-126,0.5),(2**-149,0.5),(3*2**-149,0.5),(3.4028234663852886e38,2.0),(1.0,3.0),(2.0,3.0),
           (16777216.0,1.0),(0.1,0.2),(1e-20,1e20),(-7.0,0.0001)]
else:
    pairs=[(1.0,2**-53),(1.0,2**-53+2**-105),(1.0,3*2**-53),(-1.0,-2**-53),(1.0,-2**-54),(2**-1022,-2**-1074),
           (2**-1022,0.5),(2**-1074,0.5),(3*2**-1074,0.5),(1.7976931348623157e308,2.0),(1.0,3.0),(2.0,3.0),
           (9007199254740992.0,1.0),(0.1,0.2),(1e-200,1e200),(-7.0,0.0001)]
for o in ['add','sub','mul','div']:
    for x,y in pairs:
        a,b=tob(x),tob(y)
        out.append(f'(assert_return (invoke "{o}" {c(a)} {c(b)}) {exp(bin_ops[o](a,b),(a,b))})')
for x in [2.0,3.0,0.1,1e-30,2**-149 if W=='f32' else 2**-1074,1.0000001 if W=='f32' else 1.0000000000000002, 123456789.0]:
    a=tob(x); out.append(f'(assert_return (invoke "sqrt" {c(a)}) {exp(fsqrt(a),(a,))})')
out.append('')
open(os.path.join(HERE, '..', f'{W}.wast'), 'w').write("\n".join(out)+"\n")
