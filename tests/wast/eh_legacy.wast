;; Exception handling, the legacy instructions (try, catch, catch_all, throw, rethrow, delegate):
;; tags defined, exported and imported; exceptions crossing module boundaries; payloads of every
;; type; rethrow at several depths; delegate to an outer try, a block and the caller; traps inside
;; a try are never caught. Expectations follow from the spec's rules (comments), checked with
;; wabt's spectest-interp (check_with_wabt.sh).

(module $thrower
  (tag $e (export "e") (param i32))
  (tag $empty (export "empty"))
  (func (export "throw_e") (param i32) (throw $e (local.get 0)))
  (func (export "throw_empty") (throw $empty))
  ;; Catches its own tag and adds 1000 to the value.
  (func (export "catch_e") (param i32) (result i32)
    (try (result i32)
      (do (throw $e (local.get 0)))
      (catch $e (i32.add (i32.const 1000)))))
)
(register "thrower" $thrower)

(module $main
  (import "thrower" "e" (tag $e (param i32)))
  (import "thrower" "empty" (tag $empty))
  (import "thrower" "throw_e" (func $throw_e (param i32)))
  (import "thrower" "throw_empty" (func $throw_empty))
  (tag $local (param i32))
  (tag $mixed (param i32 i64 f32 f64))
  (tag $two (param i64 i64))
  (type $v (func))
  (table 2 funcref)
  (elem (i32.const 0) func $throw_local_7)

  (func $throw_local_7 (throw $local (i32.const 7)))

  ;; The imported tag catches what the other instance throws: value + 1.
  (func (export "catch_imported") (param i32) (result i32)
    (try (result i32)
      (do (call $throw_e (local.get 0)) (i32.const -1))
      (catch $e (i32.add (i32.const 1)))))
  ;; Our own tag does not match the other instance's: catch_all takes it.
  (func (export "own_tag_mismatch") (result i32)
    (try (result i32)
      (do (call $throw_e (i32.const 5)) (i32.const -1))
      (catch $local)
      (catch_all (i32.const 99))))
  ;; Thrown here, caught in the other instance's function? No: that one throws its own; ours
  ;; escapes to the caller uncaught.
  (func (export "uncaught_local") (throw $local (i32.const 3)))
  (func (export "uncaught_imported") (call $throw_empty))

  ;; Every value type in one payload, back out in order.
  (func (export "mixed") (result i32 i64 f32 f64)
    (try (result i32 i64 f32 f64)
      (do (throw $mixed (i32.const -1) (i64.const 0x123456789abcdef0) (f32.const -0.5)
                        (f64.const 0x1.8p+1000)))
      (catch $mixed)))
  ;; Values below the try survive the unwinding: 10 * (5 + 6).
  (func (export "below") (result i64)
    (i64.const 10)
    (try (result i64)
      (do (i64.const 99) (throw $two (i64.const 5) (i64.const 6)))
      (catch $two (i64.add)))
    (i64.mul))

  ;; Through call_indirect and through a frame that has its own try (not matching).
  (func $middle (result i32)
    (try (result i32)
      (do (call_indirect (type $v) (i32.const 0)) (i32.const 0))
      (catch $e (drop) (i32.const -2))))
  (func (export "through_frames") (result i32)
    (try (result i32)
      (do (call $middle))
      (catch $local (i32.mul (i32.const 3)))))

  ;; Traps are never caught, not even by catch_all, in this frame or a callee.
  (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trap_in_try") (param i32) (result i32)
    (try (result i32)
      (do (call $div (i32.const 10) (local.get 0)))
      (catch_all (i32.const -1))))
  (func (export "unreachable_in_try")
    (try (do (unreachable)) (catch_all)))
  (func (export "oob_in_try") (result i32)
    (try (result i32)
      (do (call_indirect (type $v) (i32.const 1)) (i32.const 0))
      (catch_all (i32.const -1))))

  ;; rethrow 0 inside the catch, rethrow 1 from a block inside it, rethrow of the outer catch's
  ;; exception from an inner catch (level 1 vs 0): the value shows which one came out.
  (func (export "rethrow0") (result i32)
    (try (result i32)
      (do (try (do (throw $local (i32.const 11))) (catch $local (drop) (rethrow 0))) (i32.const 0))
      (catch $local)))
  (func (export "rethrow_from_block") (result i32)
    (try (result i32)
      (do (try (do (throw $local (i32.const 12)))
               (catch_all (block (rethrow 1))))
          (i32.const 0))
      (catch $local)))
  (func (export "rethrow_outer") (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $local (i32.const 1)))
          (catch $local
            (drop)
            (try (do (throw $local (i32.const 2)))
                 (catch $local (drop) (rethrow 1)))))  ;; the outer catch's: value 1
        (i32.const 0))
      (catch $local)))
  (func (export "rethrow_inner") (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $local (i32.const 1)))
          (catch $local
            (drop)
            (try (do (throw $local (i32.const 2)))
                 (catch $local (drop) (rethrow 0)))))  ;; the inner catch's: value 2
        (i32.const 0))
      (catch $local)))
  ;; After an inner catch body has run and ended, the outer one still rethrows its own.
  (func (export "rethrow_after_inner") (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $local (i32.const 21)))
          (catch $local
            (drop)
            (try (do (throw $local (i32.const 22))) (catch $local (drop)))
            (try (do (call $throw_local_7)) (catch_all))
            (rethrow 0)))
        (i32.const 0))
      (catch $local)))
  ;; A catch body that calls a function which catches and rethrows its own exceptions.
  (func $catch_and_rethrow (try (do (throw $local (i32.const 31))) (catch_all (rethrow 0))))
  (func (export "rethrow_across_call") (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $local (i32.const 30)))
          (catch $local
            (drop)
            (try (do (call $catch_and_rethrow)) (catch $local (drop)))
            (rethrow 0)))
        (i32.const 0))
      (catch $local)))

  ;; delegate: to an outer try, past a block to the try around it, and to the caller.
  (func (export "delegate_outer") (result i32)
    (try $outer (result i32)
      (do (try (do (throw $local (i32.const 41)))
               (delegate $outer))
          (i32.const 0))
      (catch $local)))
  (func (export "delegate_past_catch") (result i32)
    (try $t (result i32)
      (do
        (try (result i32)
          (do (try (do (throw $local (i32.const 42))) (delegate $t)) (i32.const 0))
          (catch $local (drop) (i32.const -1))))  ;; skipped: the delegate goes to $t
      (catch $local)))
  (func $delegate_to_caller
    (try (do (try (do (throw $local (i32.const 43))) (delegate 1))) (catch_all)))
  (func (export "delegate_caller") (result i32)
    (try (result i32) (do (call $delegate_to_caller) (i32.const 0)) (catch $local)))
  ;; A delegate inside a catch body goes to the try around that catch's try.
  (func (export "delegate_in_catch") (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $empty))
          (catch_all (try (do (throw $local (i32.const 44))) (delegate 0))))
        (i32.const 0))
      (catch $local)))

  ;; Branches out of a try body and out of a catch body; a try with parameters.
  (func (export "br_out") (param i32) (result i32)
    (block $b (result i32)
      (try (result i32)
        (do (br_if $b (i32.const 1) (local.get 0)) (throw $local (i32.const 2)))
        (catch $local (br $b (i32.add (i32.const 10)))))))
  (func (export "try_params") (param i32) (result i32)
    (local.get 0)
    (try (param i32) (result i32)
      (do (i32.const 2) (i32.mul) (throw $local))
      (catch $local (i32.add (i32.const 1)))))

  ;; A loop that throws and catches many times: each catch body ends before the next.
  ;; (wabt 1.0.32's interpreter aborts on a try directly in a loop; engine_test has that case.)
  (func $catch_one (param i32) (result i32)
    (try (result i32) (do (throw $local (local.get 0))) (catch $local)))
  (func (export "loop") (param i32) (result i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $catch_one (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get $sum))
  ;; Deep recursion, thrown at the bottom, caught at the top.
  (func $deep (param i32)
    (if (i32.eqz (local.get 0)) (then (throw $local (i32.const 77))))
    (call $deep (i32.sub (local.get 0) (i32.const 1))))
  (func (export "deep") (result i32)
    (try (result i32) (do (call $deep (i32.const 1000)) (i32.const 0)) (catch $local)))
  ;; The exception of a tail-called function goes to the caller's caller.
  (func $tail_thrower (return_call $throw_local_7))
  (func (export "tail_throw") (result i32)
    (try (result i32) (do (call $tail_thrower) (i32.const 0)) (catch $local)))
  ;; A return_call leaves the try it is in: the callee's exception is not caught by it.
  (func $tail_in_try (try (do (return_call $throw_local_7)) (catch_all)))
  (func (export "tail_leaves_try") (result i32)
    (try (result i32) (do (call $tail_in_try) (i32.const 0)) (catch $local (i32.add (i32.const 100)))))
  (func (export "tail_leaves_try_uncaught") (try (do (return_call $throw_local_7)) (catch_all)))
)

(assert_return (invoke $thrower "catch_e" (i32.const 5)) (i32.const 1005))
(assert_return (invoke "catch_imported" (i32.const 41)) (i32.const 42))
(assert_return (invoke "own_tag_mismatch") (i32.const 99))
(assert_exception (invoke "uncaught_local"))
(assert_exception (invoke "uncaught_imported"))
(assert_exception (invoke $thrower "throw_e" (i32.const 1)))
(assert_return (invoke "mixed")
  (i32.const -1) (i64.const 0x123456789abcdef0) (f32.const -0.5) (f64.const 0x1.8p+1000))
(assert_return (invoke "below") (i64.const 110))
(assert_return (invoke "through_frames") (i32.const 21))
(assert_return (invoke "trap_in_try" (i32.const 5)) (i32.const 2))
(assert_trap (invoke "trap_in_try" (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "unreachable_in_try") "unreachable")
(assert_trap (invoke "oob_in_try") "uninitialized element")
(assert_return (invoke "rethrow0") (i32.const 11))
(assert_return (invoke "rethrow_from_block") (i32.const 12))
(assert_return (invoke "rethrow_outer") (i32.const 1))
(assert_return (invoke "rethrow_inner") (i32.const 2))
(assert_return (invoke "rethrow_after_inner") (i32.const 21))
(assert_return (invoke "rethrow_across_call") (i32.const 30))
(assert_return (invoke "delegate_outer") (i32.const 41))
(assert_return (invoke "delegate_past_catch") (i32.const 42))
(assert_return (invoke "delegate_caller") (i32.const 43))
(assert_return (invoke "delegate_in_catch") (i32.const 44))
(assert_return (invoke "br_out" (i32.const 1)) (i32.const 1))
(assert_return (invoke "br_out" (i32.const 0)) (i32.const 12))
(assert_return (invoke "try_params" (i32.const 20)) (i32.const 41))
;; 100000 + 99999 + ... + 1 = 5000050000, mod 2^32 = 705082704
(assert_return (invoke "loop" (i32.const 100000)) (i32.const 705082704))
(assert_return (invoke "deep") (i32.const 77))
(assert_return (invoke "tail_throw") (i32.const 7))
(assert_return (invoke "tail_leaves_try") (i32.const 107))
(assert_exception (invoke "tail_leaves_try_uncaught"))

;; Linking: a tag import must have the same type.
(assert_unlinkable
  (module (import "thrower" "e" (tag (param i64))))
  "incompatible import type")
(assert_unlinkable
  (module (import "thrower" "throw_e" (tag (param i32))))
  "incompatible import type")

;; Validation.
(assert_invalid (module (func (throw 0))) "unknown tag")
(assert_invalid (module (tag (param i32)) (func (throw 0))) "type mismatch")
(assert_invalid (module (func (try (do) (catch_all (rethrow 1))))) "invalid rethrow label")
(assert_invalid (module (func (block (rethrow 0)))) "invalid rethrow label")
(assert_invalid (module (tag (param i32)) (func (try (do) (catch 0)))) "type mismatch")

