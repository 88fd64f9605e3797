;; The call path's translation shortcuts (docs/interp.md, "Translation" and "Frames"): a result
;; written straight to slot 0 before `return`, locals zeroed on every call although frames reuse
;; the same value stack, back edges that charge their loop, and br_table to blocks and a loop.

(module
  ;; The last instruction writes the result to slot 0 while reading slot 0 (a parameter).
  (func (export "sub_params") (param i32 i32) (result i32) (i32.sub (local.get 1) (local.get 0)))
  (func (export "shl_param") (param i64) (result i64) (i64.shl (local.get 0) (i64.const 3)))
  ;; A block's value reaches its end from a branch and from the fall-through: the instruction
  ;; before the end must keep writing the block's slot.
  (func (export "block_then_return") (param i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (i32.const 100) (local.get 0)))
      (i32.add (local.get 0) (i32.const 7))))
  ;; br_if to the function's label with a value, then more code on the fall-through path.
  (func (export "br_if_return") (param i32) (result i32)
    (drop (br_if 0 (i32.mul (local.get 0) (i32.const 3)) (i32.gt_s (local.get 0) (i32.const 10))))
    (i32.add (local.get 0) (i32.const 1000)))

  ;; Dirties the value stack above the caller's frame, then a function whose locals must read 0.
  (func $dirty (param i64) (result i64)
    (local i64 i64 i64 i64 i64 i64)
    (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (local.set 3 (local.get 0))
    (local.set 4 (local.get 0)) (local.set 5 (local.get 0)) (local.set 6 (local.get 0))
    (local.get 6))
  (func $sum_two (param i32) (result i64) (local i64 i64)
    (i64.add (i64.extend_i32_u (local.get 0)) (i64.add (local.get 1) (local.get 2))))
  (func $sum_six (param i32) (result i64) (local i64 i64 i64 i64 i64 f64)
    (i64.add (i64.extend_i32_u (local.get 0))
      (i64.add (i64.add (local.get 1) (local.get 2))
        (i64.add (i64.add (local.get 3) (local.get 4))
          (i64.add (local.get 5) (i64.reinterpret_f64 (local.get 6)))))))
  (func (export "fresh_locals") (result i64) (local i64)
    (drop (call $dirty (i64.const -1)))
    (local.set 0 (call $sum_two (i32.const 1)))
    (drop (call $dirty (i64.const -1)))
    (i64.add (local.get 0) (call $sum_six (i32.const 2))))
  ;; An i32 result read back as a whole slot by the caller (a call's argument, then a return).
  (func $pass (param i32) (result i32) (local.get 0))
  (func (export "i32_through_calls") (param i32) (result i64)
    (i64.extend_i32_u (call $pass (i32.add (local.get 0) (i32.const -1)))))

  ;; Back edges: br and br_if to a loop.
  (func (export "count_br_if") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 2)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1))
  (func (export "count_br") (param i32) (result i32) (local i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (i32.const 3)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))

  ;; br_table to blocks and to a loop; an index past the end takes the default.
  (func (export "table") (param i32) (result i32) (local i32)
    (block $b2
      (block $b1
        (block $b0
          (loop $again
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_table $b0 $b1 $again $b2 3
              (i32.add (local.get 0) (local.get 1)))))
        (return (i32.add (local.get 1) (i32.const 10))))
      (return (i32.add (local.get 1) (i32.const 20))))
    (i32.add (local.get 1) (i32.const 30)))
)

(assert_return (invoke "sub_params" (i32.const 5) (i32.const 3)) (i32.const -2))
(assert_return (invoke "shl_param" (i64.const 5)) (i64.const 40))
(assert_return (invoke "block_then_return" (i32.const 0)) (i32.const 7))
(assert_return (invoke "block_then_return" (i32.const 1)) (i32.const 100))
(assert_return (invoke "br_if_return" (i32.const 11)) (i32.const 33))
(assert_return (invoke "br_if_return" (i32.const 10)) (i32.const 1010))
(assert_return (invoke "fresh_locals") (i64.const 3))
(assert_return (invoke "i32_through_calls" (i32.const 0)) (i64.const 0xffffffff))
(assert_return (invoke "count_br_if" (i32.const 5)) (i32.const 10))
(assert_return (invoke "count_br" (i32.const 0)) (i32.const 0))
(assert_return (invoke "count_br" (i32.const 4)) (i32.const 12))
(assert_return (invoke "table" (i32.const -1)) (i32.const 11))
(assert_return (invoke "table" (i32.const 0)) (i32.const 21))
(assert_return (invoke "table" (i32.const 1)) (i32.const 32))
(assert_return (invoke "table" (i32.const 2)) (i32.const 31))
(assert_return (invoke "table" (i32.const 7)) (i32.const 31))
