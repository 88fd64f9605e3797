#!/usr/bin/env python3
# Writes tests/wast/conversions.wast: expected values come from exact integer and IEEE
# double arithmetic here, independent of any engine; check the output with ../check_with_wabt.sh.
"""conversions.wast: every conversion operator at its boundaries."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
import struct, math
def f32b(x):
    try: return struct.unpack('<I',struct.pack('<f',x))[0]
    except OverflowError: return 0x7f800000|(0x80000000 if x<0 else 0)
def f64b(x): return struct.unpack('<Q',struct.pack('<d',x))[0]
def f32v(b): return struct.unpack('<f',struct.pack('<I',b))[0]
def f64v(b): return struct.unpack('<d',struct.pack('<Q',b))[0]
L={'f32':(23,8,32,f32v),'f64':(52,11,64,f64v)}
def isnan(t,b):
    mb,eb,tot,_=L[t]; E=((1<<eb)-1)<<mb
    return (b&E)==E and b&((1<<mb)-1)
def canon(t,b):
    mb,eb,tot,_=L[t]; return (b & ~(1<<(tot-1))) == (((1<<eb)-1)<<mb)|(1<<(mb-1))
def lit(t,b):
    mb,eb,tot,v=L[t]
    if isnan(t,b):
        p=b&((1<<mb)-1); s='-' if b>>(tot-1) else ''
        return f'{s}nan' if p==1<<(mb-1) else f'{s}nan:0x{p:x}'
    x=v(b)
    if math.isinf(x): return 'inf' if x>0 else '-inf'
    if x==0: return '-0x0p+0' if b>>(tot-1) else '0x0p+0'
    m,e=x.hex().split('p'); m=m.rstrip('0').rstrip('.')
    return m+'p'+e
def ilit(n,bits):
    n&=(1<<bits)-1
    return f'0x{n:x}' if n>0xffff else str(n)
def round_int(n,mb):
    if n==0: return 0.0
    s=-1 if n<0 else 1; m=abs(n); l=m.bit_length()
    if l>mb+1:
        sh=l-(mb+1); q=m>>sh; rem=m&((1<<sh)-1); half=1<<(sh-1)
        if rem>half or (rem==half and q&1): q+=1
        m=q<<sh
    return s*float(m)
out=[';; Conversions: wrap/extend, trapping and saturating float->int truncation at the exact range',
     ';; boundaries, int->float conversion (correctly rounded, no double rounding), demote/promote',
     ';; (NaN handling) and reinterpret (bit-exact, NaN payloads kept).','','(module']
convs=[]
for it in ['i32','i64']:
    for ft in ['f32','f64']:
        for sg in 'su':
            convs.append((f'{it}.trunc_{ft}_{sg}',ft,it)); convs.append((f'{it}.trunc_sat_{ft}_{sg}',ft,it))
for ft in ['f32','f64']:
    for it in ['i32','i64']:
        for sg in 'su': convs.append((f'{ft}.convert_{it}_{sg}',it,ft))
convs+= [('i32.wrap_i64','i64','i32'),('i64.extend_i32_s','i32','i64'),('i64.extend_i32_u','i32','i64'),
         ('f32.demote_f64','f64','f32'),('f64.promote_f32','f32','f64'),('i32.reinterpret_f32','f32','i32'),
         ('i64.reinterpret_f64','f64','i64'),('f32.reinterpret_i32','i32','f32'),('f64.reinterpret_i64','i64','f64')]
for name,a,r in convs:
    out.append(f'  (func (export "{name}") (param {a}) (result {r}) ({name} (local.get 0)))')
out.append(')'); out.append('')
fvals={'f32':[0,0x80000000,1,0x80000001]+[f32b(x) for x in [1.0,-1.0,1.5,-1.5,0.99999994,-0.99999994,-1.0000001,
     2147483520.0,2.0**31,-2.0**31,-2147483904.0,4294967040.0,2.0**32,-2.0**32,9.223371487098962e18,2.0**63,-2.0**63,
     -9.223373136366404e18,1.8446742974197924e19,2.0**64,3.4028234663852886e38,-3.4028234663852886e38,123456.789]]
     +[0x7f800000,0xff800000,0x7fc00000,0xffc00000,0x7fa00000,0x7fc00001],
  'f64':[0,1<<63,1,(1<<63)|1]+[f64b(x) for x in [1.0,-1.0,1.5,-1.5,0.9999999999999999,-0.9999999999999999,-1.0000000000000002,
     2147483647.0,2147483647.9,2.0**31,-2147483648.9,-2147483649.0,-2.0**31,4294967295.0,4294967295.9,2.0**32,-2.0**32,
     9.223372036854774e18,2.0**63,-2.0**63,-9.223372036854778e18,1.844674407370955e19,2.0**64,1.7976931348623157e308,
     -1.7976931348623157e308,-1e300,1e-300,3.4028235677973366e38,3.4028235677973362e38,1.401298464324817e-45,7.006492321624085e-46,
     7.006492321624087e-46,1.0000000596046448,1.0000000596046450,1.1754942807573643e-38]]
     +[0x7ff0000000000000,0xfff0000000000000,0x7ff8000000000000,0xfff8000000000000,0x7ff4000000000000,0x7ff8000000000001,0x7ff0000000000001]}
ivals={'i32':[0,1,0xffffffff,0x80000000,0x7fffffff,16777217,16777219,0x80000080,0x80000081,0xffffff7f,0xffffff80,0xffffffc0,123456789,0xfffffff9],
  'i64':[0,1,(1<<64)-1,1<<63,(1<<63)-1,(1<<53)+1,0x20000020000001,(-0x20000020000001)&((1<<64)-1),0x8000008000000001,
         0xffffff7fffffffff,0xffffff8000000000,0x8000000000000401,0x8000000000000400,0xfffffffffffffbff,0x7ffffffffffffdff,
         0x7fffff4000000001,0x7fffff4000000000,0xffffffff,0x100000000,0xfffffffffffffff9,0x123456789abcdef0]}
def sgn(n,bits): return n-(1<<bits) if n>>(bits-1) else n
for name,a,r in convs:
    rb=int(r[1:]); ab=int(a[1:])
    op=name.split('.')[1]
    vals=fvals[a] if a[0]=='f' else ivals[a]
    for b in vals:
        arg=f'({a}.const {lit(a,b) if a[0]=="f" else ilit(b,ab)})'
        call=f'(invoke "{name}" {arg})'
        if op.startswith('trunc'):
            signed=op.endswith('_s'); lo,hi=(-(1<<(rb-1)),(1<<(rb-1))-1) if signed else (0,(1<<rb)-1)
            sat='sat' in op
            if isnan(a,b):
                out.append(f'(assert_return {call} ({r}.const 0))' if sat else f'(assert_trap {call} "invalid conversion to integer")'); continue
            x=L[a][3](b)
            if math.isinf(x): t = hi+1 if x>0 else lo-1
            else: t=int(x)
            if t<lo or t>hi:
                if sat: out.append(f'(assert_return {call} ({r}.const {ilit(lo if t<lo else hi,rb)}))')
                else: out.append(f'(assert_trap {call} "integer overflow")')
            else: out.append(f'(assert_return {call} ({r}.const {ilit(t,rb)}))')
        elif op.startswith('convert'):
            n=sgn(b,ab) if op.endswith('_s') else b
            x=round_int(n,L[r][0]); res=f32b(x) if r=='f32' else f64b(x)
            out.append(f'(assert_return {call} ({r}.const {lit(r,res)}))')
        elif op=='wrap_i64': out.append(f'(assert_return {call} (i32.const {ilit(b,32)}))')
        elif op=='extend_i32_s': out.append(f'(assert_return {call} (i64.const {ilit(sgn(b,32),64)}))')
        elif op=='extend_i32_u': out.append(f'(assert_return {call} (i64.const {ilit(b,64)}))')
        elif op in ('demote_f64','promote_f32'):
            if isnan(a,b):
                out.append(f'(assert_return {call} ({r}.const nan:{"canonical" if canon(a,b) else "arithmetic"}))'); continue
            x=L[a][3](b); res=f32b(x) if r=='f32' else f64b(x)
            out.append(f'(assert_return {call} ({r}.const {lit(r,res)}))')
        elif op.startswith('reinterpret'):
            if r[0]=='i': out.append(f'(assert_return {call} ({r}.const {ilit(b,rb)}))')
            else: out.append(f'(assert_return {call} ({r}.const {lit(r,b)}))')
    out.append('')
# extra int bit patterns for reinterpret into floats (NaN payloads)
for b in [0x7fa00000,0xff800001,0x7f800000,0x80000000,0x00000001]:
    out.append(f'(assert_return (invoke "f32.reinterpret_i32" (i32.const {ilit(b,32)})) (f32.const {lit("f32",b)}))')
for b in [0x7ff4000000000000,0xfff0000000000001,0x8000000000000000,1]:
    out.append(f'(assert_return (invoke "f64.reinterpret_i64" (i64.const {ilit(b,64)})) (f64.const {lit("f64",b)}))')
out.append('')
out.append(';; Operand type errors.')
out.append('(assert_invalid (module (func (result i32) (i32.trunc_f32_s (f64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result f32) (f32.convert_i64_u (i32.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result f64) (f64.promote_f32 (f64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result i64) (i64.extend_i32_s (i64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result i32) (i32.wrap_i64 (i32.const 0)))) "type mismatch")')
open(os.path.join(HERE, '..', 'conversions.wast'), 'w').write("\n".join(out)+"\n")
