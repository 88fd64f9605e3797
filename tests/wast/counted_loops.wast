;; A counted loop's step and back edge fused (interp/opcodes.def: WASK_COUNTED_LOOP_OPS): an
;; i32.add of a constant into a local, then br_if back to the loop on (local != n). The local
;; must hold the step's value after every iteration and after the loop, the sum wrapping modulo
;; 2^32, with the step into another local than its source, and no fusion across a label. Two
;; adjacent i32.adds (WASK_COUNTED_LOOP_OPS' i32.add_pair) run in order: the second sees the
;; first's result.

(module
  ;; 0, k, 2k, ... until n: the number of iterations and the local's final value.
  (func (export "count") (param $k i32) (param $n i32) (result i32) (local $i i32) (local $c i32)
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 3))) (i32.const 30))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (local.get $i)))
  ;; Wrap-around: from 0xfffffff0 by 8 to 8 (0xfffffff8, 0, 8): three iterations.
  (func (export "wrap") (result i32) (local $i i32) (local $c i32)
    (local.set $i (i32.const 0xfffffff0))
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (i32.ne (local.get $i) (i32.const 8))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (local.get $i)))
  ;; Counting down by -1 (the constant 0xffffffff) from a parameter to 0, summing the values.
  (func (export "down") (param $i i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const -1)))
      (br_if $l (i32.ne (local.get $i) (i32.const 0))))
    (local.get $s))
  ;; The bound 0x80000000 reached from 0x7ffffffe by 1: two iterations past the signed limit.
  (func (export "past_signed") (result i32) (local $i i32) (local $c i32)
    (local.set $i (i32.const 0x7ffffffe))
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (i32.const 0x80000000))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (i32.sub (local.get $i) (i32.const 0x80000000))))
  ;; The step into another local: $j = $i - 1 each time, $i moving by 2; stops when $j == 9.
  (func (export "other_local") (result i32) (local $i i32) (local $j i32) (local $c i32)
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (local.set $j (i32.add (local.get $i) (i32.const -1)))
      (br_if $l (i32.ne (local.get $j) (i32.const 9))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000))
             (i32.add (i32.mul (local.get $i) (i32.const 10)) (local.get $j))))
  ;; The step's source is the local it writes and the bound the first value: one iteration.
  (func (export "first_hit") (param $i i32) (result i32) (local $c i32)
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 5)))
      (br_if $l (i32.ne (local.get $i) (i32.const 5))))
    (local.get $c))
  ;; A label between the step and the compare: odd iterations jump over the step to the compare.
  (func (export "label_between") (result i32) (local $i i32) (local $c i32)
    (loop $l
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (block $b
        (br_if $b (i32.and (local.get $c) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (br_if $l (i32.ne (local.get $i) (i32.const 5))))
    (i32.add (i32.mul (local.get $c) (i32.const 1000)) (local.get $i)))
  ;; Nested counted loops, the inner one's exit falling into the outer one's step.
  (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
        (br_if $inner (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 7))))
      (br_if $outer (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  ;; Two adds into two locals (a loop's two element addresses), then their values.
  (func (export "pair") (param $a i32) (param $b i32) (param $i i32) (result i32) (local $p i32) (local $q i32)
    (local.set $p (i32.add (local.get $a) (local.get $i)))
    (local.set $q (i32.add (local.get $b) (local.get $i)))
    (i32.sub (local.get $p) (i32.mul (local.get $q) (i32.const 3))))
  ;; The second add reads the first's local, and writes the local the first read.
  (func (export "pair_chained") (param $a i32) (param $b i32) (result i32)
    (local.set $b (i32.add (local.get $a) (local.get $b)))
    (local.set $a (i32.add (local.get $b) (local.get $b)))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
  ;; Both into one local: the second wins; on the operand stack: both kept, wrapping.
  (func (export "pair_same") (param $a i32) (param $b i32) (result i32) (local $p i32)
    (local.set $p (i32.add (local.get $a) (local.get $b)))
    (local.set $p (i32.add (local.get $p) (local.get $p)))
    (i32.sub (local.get $p) (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $b) (local.get $b)))))
  ;; A label between two adds: a branch lands on the second one.
  (func (export "pair_label") (param $a i32) (param $s i32) (result i32)
    (block $b
      (br_if $b (local.get $s))
      (local.set $a (i32.add (local.get $a) (local.get $a))))
    (local.set $a (i32.add (local.get $a) (i32.const 1)))
    (local.set $a (i32.add (local.get $a) (local.get $a)))
    (local.get $a))
  ;; A step and a br_if on (i != n) to a block, not a loop: the plain forms.
  (func (export "to_block") (param $i i32) (result i32)
    (block $b
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $b (i32.ne (local.get $i) (i32.const 4)))
      (return (i32.const -1)))
    (local.get $i))
)

(assert_return (invoke "count" (i32.const 3) (i32.const 30)) (i32.const 10030))
(assert_return (invoke "wrap") (i32.const 3008))
(assert_return (invoke "down" (i32.const 100)) (i32.const 5050))
(assert_return (invoke "down" (i32.const 1)) (i32.const 1))
(assert_return (invoke "past_signed") (i32.const 2000))
(assert_return (invoke "other_local") (i32.const 5109))
(assert_return (invoke "first_hit" (i32.const 0)) (i32.const 1))
(assert_return (invoke "first_hit" (i32.const -5)) (i32.const 2))
(assert_return (invoke "label_between") (i32.const 10005))
(assert_return (invoke "nested" (i32.const 4)) (i32.const 126))
(assert_return (invoke "to_block" (i32.const 0)) (i32.const -1))
(assert_return (invoke "to_block" (i32.const 1)) (i32.const 5))
(assert_return (invoke "pair" (i32.const 1000) (i32.const 100) (i32.const 7)) (i32.const 686))
(assert_return (invoke "pair" (i32.const 0xfffffff0) (i32.const 0) (i32.const 0x20)) (i32.const -80))
(assert_return (invoke "pair_chained" (i32.const 3) (i32.const 4)) (i32.const 14007))
(assert_return (invoke "pair_same" (i32.const 0x7fffffff) (i32.const 5)) (i32.const 0x7ffffffa))
(assert_return (invoke "pair_label" (i32.const 5) (i32.const 0)) (i32.const 22))
(assert_return (invoke "pair_label" (i32.const 5) (i32.const 1)) (i32.const 12))
