;; vm2 (issue 12): the shapes of an interpreted VM's stack code that wask's translator fuses
;; (interp/opcodes.def, WASK_VM2_OPS): a stack slot's address `base + c + (sp << k)`
;; (i32.add_shl_imm, with constants added after it folded in), an element's load
;; `i32.load (base + (x << k))` (i32.load_add_shl), two adjacent copies (copy_pair), and a
;; local.tee whose old value is still pending on the stack (the copy out moves before the
;; producer, which then writes the local). Values and traps must be the unfused ones. Memory's
;; last 4 bytes hold 0x40040000 (1074003968).

(module
  (memory 1)
  (data (i32.const 65532) "\00\00\04\40")
  (data (i32.const 16) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
  (data (i32.const 48) "\00\00\00\00\01\00\00\00\02\00\00\00\05\00\00\00")
  (data (i32.const 64) "\00\00\00\00\01\00\00\00\00\00\00\00\01\00\00\00\02\00\00\00")

  ;; (base + c) + (x << k): the add of a constant, then the shift, then their add.
  (func (export "add_shl_imm") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (i32.const 16)) (i32.shl (local.get 1) (i32.const 2))))
  ;; (x << k) + (base + c): the shift first.
  (func (export "shl_add_imm") (param i32 i32) (result i32)
    (i32.add (i32.shl (local.get 1) (i32.const 2)) (i32.add (local.get 0) (i32.const 16))))
  ;; Shift counts modulo 32.
  (func (export "add_shl34_imm") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (i32.const -4)) (i32.shl (local.get 1) (i32.const 34))))
  ;; Constants added or subtracted after the sum join it (wrapping).
  (func (export "add_shl_imm_minus8") (param i32 i32) (result i32)
    (i32.add (i32.add (i32.shl (local.get 1) (i32.const 2)) (i32.add (local.get 0) (i32.const 16)))
             (i32.const -8)))
  (func (export "add_shl_imm_sub_add") (param i32 i32) (result i32)
    (i32.add
      (i32.sub (i32.add (i32.add (local.get 0) (i32.const 16)) (i32.shl (local.get 1) (i32.const 2)))
               (i32.const 0x7fffffff))
      (i32.const 3)))
  ;; The sum kept in a local by local.tee, and read back twice.
  (func (export "add_shl_imm_tee") (param i32 i32) (result i32) (local i32)
    (i32.add (local.tee 2 (i32.add (i32.add (local.get 0) (i32.const 16))
                                   (i32.shl (local.get 1) (i32.const 2))))
             (local.get 2)))
  ;; The add's constant kept in a local (local.tee): not the temporary the fusion needs.
  (func (export "add_imm_tee_shl") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.add (local.tee 2 (i32.add (local.get 0) (i32.const 16)))
                      (i32.shl (local.get 1) (i32.const 2)))
             (local.get 2)))
  ;; A stack slot loaded through the fused address: values and traps at the end of memory.
  (func (export "load_stack_slot") (param i32 i32) (result i32)
    (i32.load (i32.add (i32.add (i32.shl (local.get 1) (i32.const 2)) (i32.add (local.get 0) (i32.const 16)))
                       (i32.const -8))))

  ;; An element's load: the add wraps at 2^32 before the static offset (which does not).
  (func (export "load_add_shl") (param i32 i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  (func (export "load_add_shl_offset") (param i32 i32) (result i32)
    (i32.load offset=65532 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  (func (export "load_shl_add") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (i32.shl (local.get 1) (i32.const 35)) (local.get 0))))
  ;; The element consumed by a binary operator (the load fused there instead), and stored back.
  (func (export "xor_load_add_shl") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 2) (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))
  (func (export "sub_load_add_shl_l") (param i32 i32 i32) (result i32)
    (i32.sub (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))) (local.get 2)))
  (func (export "mul_load_add_shl") (param i32 i32 i32) (result i32)
    (i32.mul (local.get 2) (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))
  (func (export "add_load_add_shl_store") (param i32 i32 i32) (result i32)
    (i32.store (local.get 2)
      (i32.add (i32.load (local.get 2)) (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))
    (i32.load (local.get 2)))

  ;; Two adjacent copies, run in order (the second reads what the first wrote).
  (func (export "copy_pair") (param i32 i32) (result i32) (local i32 i32)
    (local.set 2 (local.get 0))
    (local.set 3 (local.get 2))
    (local.set 0 (local.get 1))
    (i32.sub (i32.sub (local.get 3) (local.get 0)) (local.get 2)))
  ;; A swap: three copies, a label between the last two.
  (func (export "swap") (param i32 i32) (result i32) (local i32)
    (local.set 2 (local.get 0))
    (local.set 0 (local.get 1))
    (block (local.set 1 (local.get 2)))
    (i32.sub (local.get 0) (local.get 1)))

  ;; local.tee of a local whose old value is still on the stack: the old value counts.
  (func (export "tee_pending") (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.tee 0 (i32.add (local.get 1) (i32.const 1)))))
  (func (export "tee_pending_twice") (param i32 i32) (result i32)
    (i32.sub
      (i32.sub (local.get 0) (local.tee 0 (i32.mul (local.get 0) (local.get 1))))
      (local.tee 0 (i32.shl (local.get 0) (i32.const 1)))))
  ;; The moved producer is a plain i32.add, followed by another (an i32.add_pair).
  (func (export "tee_pending_add_pair") (param i32 i32 i32) (result i32)
    (i32.sub (i32.sub (local.get 0) (local.tee 0 (i32.add (local.get 1) (local.get 2))))
             (i32.add (local.get 0) (local.get 2))))
  ;; The moved producer is a counted loop's step (fused with the loop's back edge): the
  ;; fall-through adds the old value, 9.
  (func (export "tee_pending_step") (param i32) (result i32) (local i32)
    (loop $l
      (local.get 0)
      (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 10)))
      (local.set 1 (i32.add (local.get 1)))
      (br_if $l (i32.ne (local.get 0) (i32.const 10))))
    (local.get 1))
  ;; The interpreted VM's binary case: the two stack slots' addresses, sp in a reused local.
  (func (export "vm_add") (param $base i32) (param $sp i32) (result i32) (local $p i32)
    (i32.store
      (local.tee $p (i32.add (i32.add (i32.shl (local.get $sp) (i32.const 2))
                                      (i32.add (local.get $base) (i32.const 16)))
                             (i32.const -8)))
      (i32.add (i32.load (local.get $p))
               (i32.load (i32.add (i32.add (local.get $base) (i32.const 16))
                                  (i32.shl (local.tee $p (i32.add (local.get $sp) (i32.const -1)))
                                           (i32.const 2))))))
    (local.set $sp (local.get $p))
    (i32.add (i32.mul (local.get $sp) (i32.const 1000))
             (i32.load (i32.add (i32.add (local.get $base) (i32.const 12)) (i32.shl (local.get $sp) (i32.const 2))))))

  ;; A br_table on a bytecode fetch `code[pc]` (the load fused into the branch; the code at
  ;; 48): every target, an index past the table to the default, the load's trap before any
  ;; branch, the address wrapping, targets with a value to move (stubs).
  (func (export "dispatch") (param $pc i32) (result i32)
    (block $d (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $d
        (i32.load offset=4 (i32.add (i32.shl (local.get $pc) (i32.const 2)) (i32.const 44)))))
      (return (i32.const 100)))
      (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const 103))
  (func (export "dispatch_value") (param $pc i32) (result i32)
    (block $v (result i32)
      (drop (block $b0 (result i32)
        (br_table $b0 $v (i32.const 7)
          (i32.load (i32.add (i32.shl (local.get $pc) (i32.const 34)) (i32.const 48))))))
      (i32.const 8)))

  ;; A bytecode interpreter (code at 64: inc, dbl, inc, dbl, halt): each `br $next` back to the
  ;; dispatch becomes a copy of the dispatch (its own loop_head, fetch and br_table).
  (func (export "interp") (param $pc i32) (result i32) (local $acc i32)
    (loop $next
      (block $halt (block $dbl (block $inc
        (br_table $inc $dbl $halt
          (i32.load (i32.add (i32.shl (local.get $pc) (i32.const 2)) (i32.const 64)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (br $next))
      (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next)))
    (local.get $acc))
  ;; `pc + 1` into a local right before the fetch: fused into it (br_table_fetch), written even
  ;; when the fetch leads to the exit.
  (func (export "interp_next") (param $pc i32) (result i32) (local $acc i32) (local $next i32)
    (loop $l
      (local.set $next (i32.add (local.get $pc) (i32.const 1)))
      (block $halt (block $dbl (block $inc
        (br_table $inc $dbl $halt
          (i32.load (i32.add (i32.shl (local.get $pc) (i32.const 2)) (i32.const 64)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (local.set $pc (local.get $next))
        (br $l))
      (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
      (local.set $pc (local.get $next))
      (br $l)))
    (i32.add (local.get $acc) (i32.mul (local.get $next) (i32.const 1000))))
  ;; The step writes the fetch's own base: not fused (the fetch reads the new pc).
  (func (export "interp_pre") (param $pc i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (block $halt (block $dbl (block $inc
        (br_table $inc $dbl $halt
          (i32.load (i32.add (i32.shl (local.get $pc) (i32.const 2)) (i32.const 64)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
        (br $l))
      (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
      (br $l)))
    (i32.add (local.get $acc) (i32.mul (local.get $pc) (i32.const 1000))))
)

(assert_return (invoke "add_shl_imm" (i32.const 100) (i32.const 7)) (i32.const 144))
(assert_return (invoke "add_shl_imm" (i32.const -16) (i32.const 0x40000001)) (i32.const 4))
(assert_return (invoke "shl_add_imm" (i32.const 100) (i32.const 7)) (i32.const 144))
(assert_return (invoke "shl_add_imm" (i32.const -20) (i32.const -1)) (i32.const -8))
(assert_return (invoke "add_shl34_imm" (i32.const 4) (i32.const 5)) (i32.const 20))
(assert_return (invoke "add_shl34_imm" (i32.const 0) (i32.const 0x40000000)) (i32.const -4))
(assert_return (invoke "add_shl_imm_minus8" (i32.const 100) (i32.const 3)) (i32.const 120))
(assert_return (invoke "add_shl_imm_minus8" (i32.const -8) (i32.const 0)) (i32.const 0))
(assert_return (invoke "add_shl_imm_minus8" (i32.const 0) (i32.const 0)) (i32.const 8))
(assert_return (invoke "add_shl_imm_sub_add" (i32.const 0) (i32.const 0)) (i32.const 0x80000014))
(assert_return (invoke "add_shl_imm_sub_add" (i32.const -16) (i32.const 1)) (i32.const 0x80000008))
(assert_return (invoke "add_shl_imm_tee" (i32.const 4) (i32.const 1)) (i32.const 48))
(assert_return (invoke "add_imm_tee_shl" (i32.const 4) (i32.const 1)) (i32.const 44))
(assert_return (invoke "load_stack_slot" (i32.const 0) (i32.const 2)) (i32.const 1))
(assert_return (invoke "load_stack_slot" (i32.const 0) (i32.const 4)) (i32.const 3))
(assert_return (invoke "load_stack_slot" (i32.const 65512) (i32.const 3)) (i32.const 1074003968))
(assert_trap (invoke "load_stack_slot" (i32.const 65513) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "load_stack_slot" (i32.const 65512) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "load_stack_slot" (i32.const -16) (i32.const 6)) (i32.const 1))

(assert_return (invoke "load_add_shl" (i32.const 16) (i32.const 2)) (i32.const 3))
(assert_return (invoke "load_add_shl" (i32.const 65528) (i32.const 1)) (i32.const 1074003968))
(assert_trap (invoke "load_add_shl" (i32.const 65529) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_add_shl" (i32.const 0) (i32.const 16384)) "out of bounds memory access")
(assert_return (invoke "load_add_shl" (i32.const -4) (i32.const 6)) (i32.const 2))
(assert_return (invoke "load_add_shl_offset" (i32.const -4) (i32.const 1)) (i32.const 1074003968))
(assert_trap (invoke "load_add_shl_offset" (i32.const -4) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load_shl_add" (i32.const 4) (i32.const 1)) (i32.const 1))
(assert_trap (invoke "load_shl_add" (i32.const 65529) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "xor_load_add_shl" (i32.const 16) (i32.const 3) (i32.const 6)) (i32.const 2))
(assert_trap (invoke "xor_load_add_shl" (i32.const 65532) (i32.const 1) (i32.const 6)) "out of bounds memory access")
(assert_return (invoke "sub_load_add_shl_l" (i32.const 16) (i32.const 0) (i32.const 3)) (i32.const -2))
(assert_return (invoke "mul_load_add_shl" (i32.const 16) (i32.const 1) (i32.const 21)) (i32.const 42))
(assert_trap (invoke "mul_load_add_shl" (i32.const 0) (i32.const 0x3fffffff) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "add_load_add_shl_store" (i32.const 12) (i32.const 1) (i32.const 24)) (i32.const 4))
(assert_return (invoke "add_load_add_shl_store" (i32.const 12) (i32.const 1) (i32.const 24)) (i32.const 5))
(assert_trap (invoke "add_load_add_shl_store" (i32.const 65532) (i32.const 1) (i32.const 24)) "out of bounds memory access")
(assert_return (invoke "load_add_shl" (i32.const 24) (i32.const 0)) (i32.const 5))

(assert_return (invoke "copy_pair" (i32.const 10) (i32.const 3)) (i32.const -3))
(assert_return (invoke "swap" (i32.const 10) (i32.const 3)) (i32.const -7))

(assert_return (invoke "tee_pending" (i32.const 10) (i32.const 3)) (i32.const 6))
(assert_return (invoke "tee_pending_twice" (i32.const 10) (i32.const 3)) (i32.const -80))
(assert_return (invoke "tee_pending_add_pair" (i32.const 10) (i32.const 3) (i32.const 4)) (i32.const -8))
(assert_return (invoke "tee_pending_step" (i32.const 0)) (i32.const 9))
(assert_return (invoke "tee_pending_step" (i32.const 7)) (i32.const 9))
(assert_return (invoke "vm_add" (i32.const 0) (i32.const 2)) (i32.const 1003))
(assert_return (invoke "vm_add" (i32.const 4) (i32.const 2)) (i32.const 1007))
(assert_trap (invoke "vm_add" (i32.const 65520) (i32.const 2)) "out of bounds memory access")

(assert_return (invoke "dispatch" (i32.const 0)) (i32.const 100))
(assert_return (invoke "dispatch" (i32.const 1)) (i32.const 101))
(assert_return (invoke "dispatch" (i32.const 2)) (i32.const 102))
(assert_return (invoke "dispatch" (i32.const 3)) (i32.const 103))
(assert_return (invoke "dispatch" (i32.const -1)) (i32.const 100))
(assert_return (invoke "dispatch" (i32.const 16371)) (i32.const 103))
(assert_trap (invoke "dispatch" (i32.const 16372)) "out of bounds memory access")
(assert_return (invoke "dispatch" (i32.const 0x3ffffffc)) (i32.const 100))
(assert_return (invoke "dispatch_value" (i32.const 0)) (i32.const 8))
(assert_return (invoke "dispatch_value" (i32.const 1)) (i32.const 7))
(assert_return (invoke "dispatch_value" (i32.const 3)) (i32.const 7))
(assert_trap (invoke "dispatch_value" (i32.const 16372)) "out of bounds memory access")
(assert_return (invoke "interp" (i32.const 0)) (i32.const 6))
(assert_return (invoke "interp" (i32.const 2)) (i32.const 2))
(assert_return (invoke "interp" (i32.const 4)) (i32.const 0))
(assert_return (invoke "interp" (i32.const -16)) (i32.const 4))
(assert_return (invoke "interp" (i32.const 0x3ffffff0)) (i32.const 4))
(assert_trap (invoke "interp" (i32.const 16368)) "out of bounds memory access")
(assert_return (invoke "interp_next" (i32.const 0)) (i32.const 5006))
(assert_return (invoke "interp_next" (i32.const 2)) (i32.const 5002))
(assert_return (invoke "interp_next" (i32.const 4)) (i32.const 5000))
(assert_trap (invoke "interp_next" (i32.const 16368)) "out of bounds memory access")
(assert_return (invoke "interp_pre" (i32.const -1)) (i32.const 4006))
(assert_return (invoke "interp_pre" (i32.const 3)) (i32.const 4000))
(assert_trap (invoke "interp_pre" (i32.const 16367)) "out of bounds memory access")

;; A tee's pending read after an i32.add_pair (the first add wrote the local the read sees): the
;; copy of the old value must come after the pair's first add, not before the whole pair.
(module
  (func (export "tee_pair") (param $a i32) (param $b i32) (result i32)
    (local $p i32)
    (i32.sub (local.tee $p (i32.add (local.get $a) (local.get $b)))
             (local.tee $p (i32.add (local.get $p) (local.get $a)))))
  (func (export "set_pair") (param $a i32) (param $b i32) (result i32)
    (local $p i32)
    (local.set $p (i32.add (local.get $a) (local.get $b)))
    (local.get $p)
    (local.set $p (i32.add (local.get $p) (local.get $a)))
    (i32.mul (local.get $p)))
)
(assert_return (invoke "tee_pair" (i32.const 5) (i32.const 3)) (i32.const -5))
(assert_return (invoke "tee_pair" (i32.const -1) (i32.const 1)) (i32.const 1))
(assert_return (invoke "set_pair" (i32.const 5) (i32.const 3)) (i32.const 104))
