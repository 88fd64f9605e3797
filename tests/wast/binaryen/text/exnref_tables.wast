;; Tables of exnref: caught exceptions kept in a table outlive the blocks that caught them and are
;; thrown again from there (throw_ref of table.get), grown, filled and copied between tables,
;; while many other caught exceptions are dropped (and freed) around them. (Invalid uses, such as
;; call_indirect through one or a funcref stored in one, are refused too, but wasm-as cannot
;; write those modules.) Checked with binaryen's
;; wasm-shell; wask runs the binary form, ../exnref_tables.wast (made by ../binary_forms.mjs).

(module
  (tag $e (param i32))
  (table $kept 4 exnref)
  (table $copy 4 exnref)
  ;; Catches `throw $e n` by reference and keeps its exnref at slot i.
  (func $keep (export "keep") (param $i i32) (param $n i32)
    (table.set $kept (local.get $i)
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw $e (local.get $n)))
        (unreachable))))
  ;; The payload of the exception kept at slot i, by throwing it again.
  (func $payload (param $t i32) (param $i i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (if (local.get $t)
          (then (throw_ref (table.get $copy (local.get $i))))
          (else (throw_ref (table.get $kept (local.get $i))))))
      (unreachable)))
  (func (export "payload") (param $i i32) (result i32) (call $payload (i32.const 0) (local.get $i)))
  (func (export "copied") (param $i i32) (result i32) (call $payload (i32.const 1) (local.get $i)))
  (func (export "copy") (table.copy $copy $kept (i32.const 0) (i32.const 0) (i32.const 4)))
  (func (export "is_null") (param $i i32) (result i32) (ref.is_null (table.get $kept (local.get $i))))
  (func (export "grow") (result i32) (table.grow $kept (ref.null exn) (i32.const 2)))
  (func (export "size") (result i32) (table.size $kept))
  (func (export "clear") (param $i i32) (table.fill $kept (local.get $i) (ref.null exn) (i32.const 1)))
  ;; Many exceptions caught and dropped between keeping two: the kept ones stay.
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw $e (local.get $n)))
        (unreachable)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
)
(assert_return (invoke "is_null" (i32.const 0)) (i32.const 1))
(invoke "keep" (i32.const 0) (i32.const 11))
(invoke "keep" (i32.const 3) (i32.const 33))
(assert_return (invoke "is_null" (i32.const 0)) (i32.const 0))
(invoke "churn" (i32.const 5000))
(assert_return (invoke "payload" (i32.const 0)) (i32.const 11))
(assert_return (invoke "payload" (i32.const 3)) (i32.const 33))
(invoke "copy")
(invoke "clear" (i32.const 0))
(assert_return (invoke "is_null" (i32.const 0)) (i32.const 1))
(assert_return (invoke "copied" (i32.const 0)) (i32.const 11))
(assert_return (invoke "copied" (i32.const 3)) (i32.const 33))
(assert_trap (invoke "payload" (i32.const 1)) "null exception reference")
(assert_trap (invoke "payload" (i32.const 4)) "out of bounds table access")
(assert_return (invoke "grow") (i32.const 4))
(assert_return (invoke "size") (i32.const 6))
(assert_trap (invoke "payload" (i32.const 5)) "null exception reference")
