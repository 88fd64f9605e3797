#!/usr/bin/env python3
# Writes tests/wast/i64.wast: expected values come from exact integer and IEEE
# double arithmetic here, independent of any engine; check the output with ../check_with_wabt.sh.
"""i64.wast: the i64 operators over a grid of edge operands."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
M=(1<<64)-1
def s(x): x&=M; return x-(1<<64) if x>>63 else x
def u(x): return x&M
def fmt(x): 
    x=u(x)
    return "0x%x"%x if x>0xffff and x!=M else str(s(x))
vals=[0,1,u(-1),2,1<<63,(1<<63)-1,0x123456789abcdef0,0xffffffff,0x100000000,u(-7),3]
def tdiv(a,b):
    q=abs(a)//abs(b); return q if (a<0)==(b<0) else -q
ops={
 'add':lambda a,b:a+b,'sub':lambda a,b:a-b,'mul':lambda a,b:a*b,
 'div_s':lambda a,b:'zero' if b==0 else ('ovf' if s(a)==-(1<<63) and s(b)==-1 else tdiv(s(a),s(b))),
 'div_u':lambda a,b:'zero' if b==0 else u(a)//u(b),
 'rem_s':lambda a,b:'zero' if b==0 else s(a)-s(b)*tdiv(s(a),s(b)),
 'rem_u':lambda a,b:'zero' if b==0 else u(a)%u(b),
 'and':lambda a,b:a&b,'or':lambda a,b:a|b,'xor':lambda a,b:a^b,
 'shl':lambda a,b:a<<(b&63),'shr_s':lambda a,b:s(a)>>(b&63),'shr_u':lambda a,b:u(a)>>(b&63),
 'rotl':lambda a,b:(a<<(b&63))|(a>>(64-(b&63))),'rotr':lambda a,b:(a>>(b&63))|(a<<(64-(b&63))),
}
cmps={'eq':lambda a,b:a==b,'ne':lambda a,b:a!=b,'lt_s':lambda a,b:s(a)<s(b),'lt_u':lambda a,b:a<b,
 'le_s':lambda a,b:s(a)<=s(b),'le_u':lambda a,b:a<=b,'gt_s':lambda a,b:s(a)>s(b),'gt_u':lambda a,b:a>b,
 'ge_s':lambda a,b:s(a)>=s(b),'ge_u':lambda a,b:a>=b}
un={'clz':lambda a:64-a.bit_length(),'ctz':lambda a:64 if a==0 else (a&-a).bit_length()-1,'popcnt':lambda a:bin(a).count('1'),
 'extend8_s':lambda a:s(a&0xff)-(0x100 if a&0x80 else 0)-s(a&0xff)+ ((a&0xff)-(0x100 if a&0x80 else 0)),
 'extend16_s':lambda a:(a&0xffff)-(0x10000 if a&0x8000 else 0),
 'extend32_s':lambda a:(a&0xffffffff)-(1<<32 if a&0x80000000 else 0)}
un['extend8_s']=lambda a:(a&0xff)-(0x100 if a&0x80 else 0)
out=[";; i64 operators over a grid of edge operands (0, 1, -1, 2, min, max, a mixed pattern, the 32-bit",
";; boundaries, -7, 3), plus shift counts at and beyond 64.","","(module"]
for o in list(ops)+list(cmps):
    res='i32' if o in cmps else 'i64'
    out.append(f'  (func (export "{o}") (param i64 i64) (result {res}) (i64.{o} (local.get 0) (local.get 1)))')
for o in un:
    out.append(f'  (func (export "{o}") (param i64) (result i64) (i64.{o} (local.get 0)))')
out.append('  (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))')
out.append(")")
out.append("")
shiftcounts=[0,1,31,32,63,64,65,127,u(-1)]
for o,f in ops.items():
    bs = shiftcounts if o in('shl','shr_s','shr_u','rotl','rotr') else vals
    for a in vals:
        for b in bs:
            r=f(a,b)
            call=f'(invoke "{o}" (i64.const {fmt(a)}) (i64.const {fmt(b)}))'
            if r=='zero': out.append(f'(assert_trap {call} "integer divide by zero")')
            elif r=='ovf': out.append(f'(assert_trap {call} "integer overflow")')
            else: out.append(f'(assert_return {call} (i64.const {fmt(r)}))')
    out.append("")
for o,f in cmps.items():
    for a in vals:
        for b in vals:
            out.append(f'(assert_return (invoke "{o}" (i64.const {fmt(a)}) (i64.const {fmt(b)})) (i32.const {int(f(a,b))}))')
    out.append("")
uvals=vals+[0x80,0x7f,0xff,0x8000,0x7fff,0x80000000,0x7fffffff,0xfedcba9876543210,1<<62,0x00ff00ff00ff00ff]
for o,f in un.items():
    for a in uvals:
        out.append(f'(assert_return (invoke "{o}" (i64.const {fmt(a)})) (i64.const {fmt(f(a))}))')
    out.append("")
for a in uvals:
    out.append(f'(assert_return (invoke "eqz" (i64.const {fmt(a)})) (i32.const {int(a==0)}))')
out.append("")
out.append(';; Operand type errors.')
out.append('(assert_invalid (module (func (result i64) (i64.add (i32.const 0) (i64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result i64) (i64.eqz (i64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result i32) (i64.lt_u (i64.const 0) (f64.const 0)))) "type mismatch")')
out.append('(assert_invalid (module (func (result i64) (i64.shl (i64.const 0) (i32.const 0)))) "type mismatch")')
open(os.path.join(HERE, '..', 'i64.wast'), 'w').write("\n".join(out)+"\n")
