;; calls3's superinstructions (interp/opcodes.def, WASK_CALLS3_OPS): a call whose one argument the
;; i32.add_imm just before computed, an i32.add into slot 0 fused with the return after it, a
;; constant byte stored without a const instruction, and the i64 gt_u back edge. Values, wrapping
;; adds, traps at the end of memory and call-stack exhaustion must be those of the plain forms.

(module
  (memory 1)

  ;; fib's shape: both exits are an i32.add into slot 0, the recursive call's argument an add.
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.add (local.get 0) (i32.const -1)))
                     (call $fib (i32.add (local.get 0) (i32.const -2)))))))
  (func $id (param i32) (result i32) (local.get 0))
  ;; The argument's add wraps at 2^32.
  (func (export "call_add_imm") (param i32) (result i32)
    (call $id (i32.add (local.get 0) (i32.const 1))))
  ;; The argument computed into its own slot from a stack value (a = d).
  (func (export "call_add_imm_stack") (param i32) (result i32)
    (call $id (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const -7))))
  ;; The caller's values below the argument survive the call.
  (func (export "call_add_imm_below") (param i32) (result i32)
    (i32.sub (i32.mul (local.get 0) (i32.const 10)) (call $id (i32.add (local.get 0) (i32.const 5)))))
  ;; No end to the recursion: the fused call hits the depth limit.
  (func $down (export "down") (param i32) (result i32)
    (call $down (i32.add (local.get 0) (i32.const 1))))

  ;; An add into slot 0, then return (explicit, and at the function's end), both forms.
  (func (export "add_return") (param i32 i32) (result i32)
    (return (i32.add (local.get 0) (local.get 1))))
  (func (export "add_end") (param i32 i32) (result i32)
    (i32.add (local.get 1) (local.get 0)))
  (func (export "add_imm_return") (param i32) (result i32)
    (return (i32.add (local.get 0) (i32.const -5))))
  (func (export "add_imm_end") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 0x7fffffff)))
  ;; The add on one arm only: the other arm's return is a plain one.
  (func (export "add_return_arm") (param i32) (result i32)
    (if (local.get 0) (then (return (i32.add (local.get 0) (i32.const 100)))))
    (i32.const 7))
  ;; Called from another function: the result reaches the caller's slot.
  (func $add3 (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add_return_called") (param i32) (result i32)
    (i32.mul (call $add3 (local.get 0) (i32.const 2)) (call $add3 (local.get 0) (i32.const -1))))

  ;; An i32.add_imm into a local (tee) copied to another local: both get the wrapped sum.
  (func (export "tee_set") (param i32) (result i64) (local i32 i32)
    (local.set 1 (local.tee 2 (i32.add (local.get 0) (i32.const -2))))
    (i64.or (i64.shl (i64.extend_i32_u (local.get 1)) (i64.const 32)) (i64.extend_i32_u (local.get 2))))
  ;; fib's loop: the tee'd value also stays on the stack past the loop.
  (func (export "tee_loop") (param i32) (result i32) (local i32 i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 2 (i32.gt_u (local.get 0) (i32.const 3)))
      (local.set 0 (local.tee 3 (i32.add (local.get 0) (i32.const -2))))
      (br_if $l (local.get 2)))
    (i32.add (local.get 3) (local.get 1)))

  ;; A constant byte: only the low 8 bits are stored; the bounds check is the store's.
  (func (export "store8_const") (param i32)
    (i32.store8 (local.get 0) (i32.const 0x1ab)))
  (func (export "store8_const_offset") (param i32)
    (i32.store8 offset=1 (local.get 0) (i32.const 1)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  ;; A byte's zero test that branches (sieve's scan): plain, with an add, with an offset.
  (func (export "zero_byte") (param i32) (result i32)
    (block (br_if 0 (i32.eqz (i32.load8_u (local.get 0)))) (return (i32.const 1)))
    (i32.const 0))
  (func (export "zero_byte_add") (param i32) (result i32)
    (block (br_if 0 (i32.eqz (i32.load8_u offset=1 (i32.add (local.get 0) (i32.const -1)))))
      (return (i32.const 1)))
    (i32.const 0))
  ;; The loaded byte is a local's value: it must still be written.
  (func (export "zero_byte_local") (param i32) (result i32) (local i32)
    (block (br_if 0 (i32.eqz (local.tee 1 (i32.load8_u (local.get 0))))) (return (local.get 1)))
    (i32.const -1))

  ;; sieve's marking loop: a constant byte every k bytes while j < limit (a 64-bit compare).
  (func (export "mark") (param $j i32) (param $k i32) (param $limit i64) (result i32)
    (local $n i32)
    (loop $l
      (i32.store8 (local.get $j) (i32.const 1))
      (local.set $j (i32.add (local.get $j) (local.get $k)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i64.gt_u (local.get $limit) (i64.extend_i32_u (local.get $j)))))
    (local.get $n))
)

(assert_return (invoke "fib" (i32.const 0)) (i32.const 0))
(assert_return (invoke "fib" (i32.const 1)) (i32.const 1))
(assert_return (invoke "fib" (i32.const 2)) (i32.const 1))
(assert_return (invoke "fib" (i32.const 10)) (i32.const 55))
(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "fib" (i32.const -3)) (i32.const -3))
(assert_return (invoke "call_add_imm" (i32.const 41)) (i32.const 42))
(assert_return (invoke "call_add_imm" (i32.const 0x7fffffff)) (i32.const 0x80000000))
(assert_return (invoke "call_add_imm" (i32.const -1)) (i32.const 0))
(assert_return (invoke "call_add_imm_stack" (i32.const 5)) (i32.const 8))
(assert_return (invoke "call_add_imm_stack" (i32.const 0)) (i32.const -7))
(assert_return (invoke "call_add_imm_below" (i32.const 7)) (i32.const 58))
(assert_exhaustion (invoke "down" (i32.const 0)) "call stack exhausted")
(assert_return (invoke "add_return" (i32.const 3) (i32.const 4)) (i32.const 7))
(assert_return (invoke "add_return" (i32.const -1) (i32.const 2)) (i32.const 1))
(assert_return (invoke "add_end" (i32.const 0x80000000) (i32.const 0x80000000)) (i32.const 0))
(assert_return (invoke "add_imm_return" (i32.const 3)) (i32.const -2))
(assert_return (invoke "add_imm_end" (i32.const 1)) (i32.const 0x80000000))
(assert_return (invoke "add_return_arm" (i32.const 1)) (i32.const 101))
(assert_return (invoke "add_return_arm" (i32.const 0)) (i32.const 7))
(assert_return (invoke "add_return_called" (i32.const 5)) (i32.const 28))
(assert_return (invoke "store8_const" (i32.const 65535)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0xab))
(assert_trap (invoke "store8_const" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "store8_const" (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "store8_const_offset" (i32.const 65534)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 1))
(assert_return (invoke "tee_set" (i32.const 7)) (i64.const 0x0000000500000005))
(assert_return (invoke "tee_set" (i32.const 1)) (i64.const 0xffffffffffffffff))
(assert_return (invoke "tee_loop" (i32.const 9)) (i32.const 25))
(assert_return (invoke "tee_loop" (i32.const 2)) (i32.const 2))
(assert_return (invoke "zero_byte" (i32.const 65535)) (i32.const 1))
(assert_return (invoke "zero_byte" (i32.const 65534)) (i32.const 0))
(assert_trap (invoke "zero_byte" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "zero_byte_add" (i32.const 65535)) (i32.const 1))
(assert_return (invoke "zero_byte_add" (i32.const 100)) (i32.const 0))
;; -1 + 0 wraps to 0xffffffff before the offset 1 is added: past the end, not byte 0.
(assert_trap (invoke "zero_byte_add" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "zero_byte_add" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "zero_byte_local" (i32.const 65535)) (i32.const 1))
(assert_return (invoke "zero_byte_local" (i32.const 100)) (i32.const -1))
;; The static offset is added without wrapping: 0xffffffff + 1 is past the end.
(assert_trap (invoke "store8_const_offset" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "store8_const_offset" (i32.const 65535)) "out of bounds memory access")
(assert_return (invoke "mark" (i32.const 100) (i32.const 7) (i64.const 200)) (i32.const 15))
(assert_return (invoke "load8" (i32.const 198)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 199)) (i32.const 0))
(assert_return (invoke "mark" (i32.const 0) (i32.const 1) (i64.const 0)) (i32.const 1))
;; The last byte of memory marked, then the next store traps.
(assert_trap (invoke "mark" (i32.const 65534) (i32.const 1) (i64.const 70000)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65534)) (i32.const 1))
