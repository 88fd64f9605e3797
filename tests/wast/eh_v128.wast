;; Exceptions and tail calls carrying v128 values (two slots each): payloads mixing v128 and
;; scalars, values below the try, through a call; tail calls with v128 arguments. Checked with
;; wabt's spectest-interp.

(module
  (tag $vv (param v128 i32 v128))
  (func $thrower (param v128) (throw $vv (local.get 0) (i32.const 7) (v128.const i32x4 5 6 7 8)))
  ;; Caught here, then summed: lane 1 of what was below the try, lanes 0 and 3, and the i32.
  ;; (No locals besides parameters in a function with a try: wabt 1.0.32's interpreter aborts.)
  (func $sum (param $below v128) (param $a v128) (param $n i32) (param $b v128) (result i32)
    (i32.add (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $below)))
      (i32.add (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 3 (local.get $b)))
               (local.get $n))))
  (func (export "catch_v128") (result i32)
    (v128.const i64x2 100 200)  ;; below the try: kept
    (try (result v128 i32 v128)
      (do (call $thrower (v128.const i32x4 1 2 3 4)) (unreachable))
      (catch $vv))
    (call $sum))  ;; 200 + (1 + 8) + 7 = 216
  ;; Tail calls with v128 arguments and results, counting down.
  (func $spin (param v128 i32) (result v128)
    (if (result v128) (i32.eqz (local.get 1))
      (then (local.get 0))
      (else (return_call $spin (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4))
                               (i32.sub (local.get 1) (i32.const 1))))))
  (func (export "spin") (param i32) (result i32)
    (i32x4.extract_lane 3 (call $spin (v128.const i32x4 0 0 0 0) (local.get 0))))
)
(assert_return (invoke "catch_v128") (i32.const 216))
(assert_return (invoke "spin" (i32.const 1000000)) (i32.const 4000000))
