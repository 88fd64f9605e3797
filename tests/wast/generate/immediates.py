#!/usr/bin/env python3
# Writes tests/wast/immediates.wast: expected values come from exact integer and IEEE
# double arithmetic here, independent of any engine; check the output with ../check_with_wabt.sh.
"""immediates.wast: every binary operator with a constant operand on either side."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
import struct, math
out=[';; Every binary operator with a constant operand on the right and on the left, as a translator may',
     ';; fold constants into instructions: the folded forms must compute exactly what the plain ones do',
     ';; (no algebraic shortcuts such as x+0 -> x, x*1 -> x or x-x -> 0 on floats).','']
def intops(B):
    M=(1<<B)-1
    def s(x): x&=M; return x-(1<<B) if x>>(B-1) else x
    def tdiv(a,b):
        q=abs(a)//abs(b); return q if (a<0)==(b<0) else -q
    ops={'add':lambda a,b:a+b,'sub':lambda a,b:a-b,'mul':lambda a,b:a*b,
     'div_s':lambda a,b:'zero' if b==0 else ('ovf' if s(a)==-(1<<(B-1)) and s(b)==-1 else tdiv(s(a),s(b))),
     'div_u':lambda a,b:'zero' if b==0 else a//b,
     'rem_s':lambda a,b:'zero' if b==0 else s(a)-s(b)*tdiv(s(a),s(b)),
     'rem_u':lambda a,b:'zero' if b==0 else a%b,
     'and':lambda a,b:a&b,'or':lambda a,b:a|b,'xor':lambda a,b:a^b,
     'shl':lambda a,b:a<<(b&(B-1)),'shr_s':lambda a,b:s(a)>>(b&(B-1)),'shr_u':lambda a,b:a>>(b&(B-1)),
     'rotl':lambda a,b:(a<<(b&(B-1)))|(a>>(B-(b&(B-1)))),'rotr':lambda a,b:(a>>(b&(B-1)))|(a<<(B-(b&(B-1)))),
     'eq':lambda a,b:int(a==b),'ne':lambda a,b:int(a!=b),'lt_s':lambda a,b:int(s(a)<s(b)),'lt_u':lambda a,b:int(a<b),
     'le_s':lambda a,b:int(s(a)<=s(b)),'le_u':lambda a,b:int(a<=b),'gt_s':lambda a,b:int(s(a)>s(b)),'gt_u':lambda a,b:int(a>b),
     'ge_s':lambda a,b:int(s(a)>=s(b)),'ge_u':lambda a,b:int(a>=b)}
    return ops,M
def ilit(x,B):
    x&=(1<<B)-1
    return f'0x{x:x}' if x>0xffff else str(x)
for B in (32,64):
    T=f'i{B}'; ops,M=intops(B)
    consts=[0,1,M,1<<(B-1),(1<<(B-1))-1,B+1,0x12345678 if B==32 else 0x123456789abcdef0]
    args=[0,1,M,1<<(B-1),7,0xdeadbeef if B==32 else 0xfedcba9876543210]
    out.append('(module')
    for o in ops:
        res='i32' if o in('eq','ne') or o[:2] in('lt','le','gt','ge') else T
        for k,c in enumerate(consts):
            out.append(f'  (func (export "{o}_r{k}") (param {T}) (result {res}) ({T}.{o} (local.get 0) ({T}.const {ilit(c,B)})))')
            out.append(f'  (func (export "{o}_l{k}") (param {T}) (result {res}) ({T}.{o} ({T}.const {ilit(c,B)}) (local.get 0)))')
    out.append(')')
    for o,f in ops.items():
        res='i32' if o in('eq','ne') or o[:2] in('lt','le','gt','ge') else T
        RB=32 if res=='i32' else B
        for k,c in enumerate(consts):
            for side in 'rl':
                for a in args:
                    x,y=(a,c) if side=='r' else (c,a)
                    r=f(x,y); call=f'(invoke "{o}_{side}{k}" ({T}.const {ilit(a,B)}))'
                    if r=='zero': out.append(f'(assert_trap {call} "integer divide by zero")')
                    elif r=='ovf': out.append(f'(assert_trap {call} "integer overflow")')
                    else: out.append(f'(assert_return {call} ({res}.const {ilit(r,RB)}))')
    out.append('')
# floats
for W in ('f32','f64'):
    if W=='f32': MB,EB,TOT=23,8,32
    else: MB,EB,TOT=52,11,64
    SIGN=1<<(TOT-1); EXP=((1<<EB)-1)<<MB; MANT=(1<<MB)-1; QUIET=1<<(MB-1); CANON=EXP|QUIET
    def isnan(b): return (b&EXP)==EXP and (b&MANT)!=0
    def tof(b): return struct.unpack('<f',struct.pack('<I',b))[0] if W=='f32' else struct.unpack('<d',struct.pack('<Q',b))[0]
    def tob(x):
        if W=='f32':
            try: return struct.unpack('<I',struct.pack('<f',x))[0]
            except OverflowError: return (SIGN if x<0 else 0)|EXP
        return struct.unpack('<Q',struct.pack('<d',x))[0]
    def lit(b):
        if isnan(b):
            p=b&MANT; sg='-' if b&SIGN else ''
            return f'{sg}nan' if p==QUIET else f'{sg}nan:0x{p:x}'
        x=tof(b)
        if math.isinf(x): return 'inf' if x>0 else '-inf'
        if x==0: return '-0x0p+0' if b&SIGN else '0x0p+0'
        m,e=x.hex().split('p'); m=m.rstrip('0').rstrip('.')
        return m+'p'+e
    def nanres(*ins):
        nans=[b for b in ins if isnan(b)]
        return 'C' if all((b&~SIGN)==CANON for b in nans) else 'A'
    def arith(op):
        def f(a,b):
            if isnan(a) or isnan(b): return nanres(a,b)
            x,y=tof(a),tof(b)
            if op=='div':
                if y==0:
                    if x==0: return 'C'
                    return tob(math.copysign(math.inf, math.copysign(1,x)*math.copysign(1,y)))
                r=x/y
            else: r={'add':x+y,'sub':x-y,'mul':x*y}[op]
            return 'C' if math.isnan(r) else tob(r)
        return f
    def fmin(a,b):
        if isnan(a) or isnan(b): return nanres(a,b)
        x,y=tof(a),tof(b)
        return a|b if x==y else (a if x<y else b)
    def fmax(a,b):
        if isnan(a) or isnan(b): return nanres(a,b)
        x,y=tof(a),tof(b)
        return a&b if x==y else (a if x>y else b)
    def cmpf(op):
        def f(a,b):
            if isnan(a) or isnan(b): return int(op=='ne')
            x,y=tof(a),tof(b)
            return int({'eq':x==y,'ne':x!=y,'lt':x<y,'le':x<=y,'gt':x>y,'ge':x>=y}[op])
        return f
    ops={'add':arith('add'),'sub':arith('sub'),'mul':arith('mul'),'div':arith('div'),'min':fmin,'max':fmax,
         'copysign':lambda a,b:(a&~SIGN)|(b&SIGN)}
    cmps={o:cmpf(o) for o in ['eq','ne','lt','le','gt','ge']}
    consts=[0,SIGN,tob(1.0),tob(-1.0),EXP,SIGN|EXP,CANON,EXP|(QUIET>>1),tob(0.5)]
    args=[0,SIGN,tob(1.0),tob(-2.5),EXP,SIGN|EXP,SIGN|CANON,EXP|1,1]
    out.append('(module')
    for o in list(ops)+list(cmps):
        res='i32' if o in cmps else W
        for k,c in enumerate(consts):
            out.append(f'  (func (export "{o}_r{k}") (param {W}) (result {res}) ({W}.{o} (local.get 0) ({W}.const {lit(c)})))')
            out.append(f'  (func (export "{o}_l{k}") (param {W}) (result {res}) ({W}.{o} ({W}.const {lit(c)}) (local.get 0)))')
    out.append(')')
    for o,f in list(ops.items())+list(cmps.items()):
        for k,c in enumerate(consts):
            for side in 'rl':
                for a in args:
                    x,y=(a,c) if side=='r' else (c,a)
                    r=f(x,y); call=f'(invoke "{o}_{side}{k}" ({W}.const {lit(a)}))'
                    if o in cmps: e=f'(i32.const {r})'
                    elif r=='C': e=f'({W}.const nan:canonical)'
                    elif r=='A': e=f'({W}.const nan:arithmetic)'
                    else: e=f'({W}.const {lit(r)})'
                    out.append(f'(assert_return {call} {e})')
    out.append('')
open(os.path.join(HERE, '..', 'immediates.wast'), 'w').write("\n".join(out)+"\n")
