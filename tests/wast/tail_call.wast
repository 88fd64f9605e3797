;; Tail calls (return_call, return_call_indirect): results, argument shuffles through locals,
;; mutual recursion far deeper than the call stack (constant stack), calls across instances and
;; to host functions, and the traps of return_call_indirect. Expectations: arithmetic in the
;; comments, checked with wabt's spectest-interp (check_with_wabt.sh).

(module $tc
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (type $ii_i (func (param i64 i64) (result i64)))
  (type $i_i (func (param i32) (result i32)))
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $even_i $odd_i $sum_down)

  ;; sum of 1..n with an accumulator: n (n + 1) / 2
  (func $sum (export "sum") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $acc) (local.get $n))))))

  ;; Arguments that read the parameters they replace: (a, b) -> (b, a) until the counter ends.
  (func $swap (export "swap") (param $a i32) (param $b i32) (param $k i32) (result i32)
    (if (result i32) (i32.eqz (local.get $k))
      (then (i32.sub (local.get $a) (local.get $b)))
      (else (return_call $swap (local.get $b) (local.get $a)
                               (i32.sub (local.get $k) (i32.const 1))))))

  ;; A callee with more locals than the caller's frame: its frame grows in place.
  (func $wide (param $x i32) (result i32) (local i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.const 5))
    (i32.add (local.get $x) (i32.wrap_i64 (local.get 1))))
  (func (export "to_wide") (param i32) (result i32)
    (return_call $wide (i32.add (local.get 0) (i32.const 1))))

  ;; Mutual recursion through the table.
  (func $even_i (type $i_i)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect $t (type $i_i) (i32.sub (local.get 0) (i32.const 1))
                                  (i32.const 1)))))
  (func $odd_i (type $i_i)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect $t (type $i_i) (i32.sub (local.get 0) (i32.const 1))
                                  (i32.const 0)))))
  (func (export "even") (param i32) (result i32) (call $even_i (local.get 0)))
  (func $sum_down (type $ii_i)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call_indirect $t (type $ii_i) (i64.sub (local.get 0) (i64.const 1))
                                  (i64.add (local.get 1) (local.get 0)) (i32.const 2)))))
  (func (export "sum_indirect") (param i64) (result i64)
    (return_call_indirect $t (type $ii_i) (local.get 0) (i64.const 0) (i32.const 2)))

  ;; The traps of return_call_indirect are call_indirect's.
  (func (export "tail_undefined") (result i32)
    (return_call_indirect $t (type $i_i) (i32.const 0) (i32.const 9)))
  (func (export "tail_uninitialized") (result i32)
    (return_call_indirect $t (type $i_i) (i32.const 0) (i32.const 3)))
  (func (export "tail_mismatch") (result i32)
    (return_call_indirect $t (type $i_i) (i32.const 0) (i32.const 2)))

  ;; A tail call to a host function returns its (no) results to our caller.
  (func (export "tail_host") (param i32) (return_call $print_i32 (local.get 0)))
  ;; A tail call inside a block, below values of the caller's own operand stack.
  (func (export "tail_in_block") (param i32) (result i32)
    (i32.const 100)
    (drop (block (result i32)
      (br_if 0 (i32.const 7) (i32.eqz (local.get 0)))
      (return_call $wide (local.get 0)))))
)

;; 10 million deep: 10^7 (10^7 + 1) / 2
(assert_return (invoke "sum" (i64.const 10000000) (i64.const 0)) (i64.const 50000005000000))
(assert_return (invoke "sum" (i64.const 0) (i64.const 3)) (i64.const 3))
;; 7 swaps of (10, 3): an odd count ends with (3, 10)
(assert_return (invoke "swap" (i32.const 10) (i32.const 3) (i32.const 7)) (i32.const -7))
(assert_return (invoke "swap" (i32.const 10) (i32.const 3) (i32.const 1000000)) (i32.const 7))
(assert_return (invoke "to_wide" (i32.const 1)) (i32.const 7))
(assert_return (invoke "even" (i32.const 1000001)) (i32.const 0))
(assert_return (invoke "even" (i32.const 1000000)) (i32.const 1))
(assert_return (invoke "sum_indirect" (i64.const 1000000)) (i64.const 500000500000))
(assert_trap (invoke "tail_undefined") "undefined element")
(assert_trap (invoke "tail_uninitialized") "uninitialized element")
(assert_trap (invoke "tail_mismatch") "indirect call type mismatch")
(assert_return (invoke "tail_host" (i32.const 42)))
(assert_return (invoke "tail_in_block" (i32.const 0)) (i32.const 100))
(assert_return (invoke "tail_in_block" (i32.const 2)) (i32.const 7))  ;; $wide: 2 + 5

;; Across instances: the exported function runs in its own instance's frame.
(register "tc" $tc)
(module
  (import "tc" "sum" (func $sum (param i64 i64) (result i64)))
  (func (export "outer") (param i64) (result i64)
    (return_call $sum (local.get 0) (i64.const 1)))
)
(assert_return (invoke "outer" (i64.const 4)) (i64.const 11))

;; Validation: the callee's results must be the caller's.
(assert_invalid
  (module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (type $t (func (result i64))) (table 1 funcref)
    (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
