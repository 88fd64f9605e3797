;; Standard exception handling: try_table (catch, catch_ref, catch_all, catch_all_ref), throw_ref
;; and exnref. The oracle is binaryen's wasm-shell over this text; wask runs its binary form
;; (../eh_standard.wast, binary_forms.mjs). What binaryen judges wrongly (a catch clause of kind
;; 4, exnref through an untyped select) is checked in tests/interp/eh_test.cc.

(module $M
  (tag $e0 (export "e0"))
  (tag $e1 (export "e1") (param i32))
  (tag $e2 (export "e2") (param i32 i64))
  (tag $ev (param v128))

  (func $throw (param i32)
    (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $e0)))
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e1 (i32.const 11))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $e2 (i32.const 22) (i64.const 222))))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (unreachable)))
    (if (i32.eq (local.get 0) (i32.const 5)) (then (throw $ev (v128.const i64x2 0 0)))))

  ;; Each clause kind, several in order: the first that matches takes it, picked by tag.
  (func (export "clauses") (param i32) (result i32)
    (block $all
      (block $r2 (result i32 i64)
        (block $c1 (result i32)
          (block $c0 (result exnref)
            (try_table (catch_ref $e0 $c0) (catch $e1 $c1) (catch $e2 $r2) (catch_all $all)
              (call $throw (local.get 0)))
            (return (i32.const -1)))
          (drop)
          (return (i32.const 100)))
        (return (i32.add (i32.const 1000))))
      (i32.wrap_i64)
      (return (i32.add)))
    (i32.const 7))

  ;; catch_all_ref keeps the exception whole: throw_ref raises it again, tag and payload.
  (func (export "rethrown_payload") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e1 $h)
        (block $k (result exnref)
          (try_table (catch_all_ref $k)
            (call $throw (local.get 0)))
          (return (i32.const -1)))
        (throw_ref))
      (return (i32.const -2)))
    (i32.add (i32.const 1)))

  ;; Through two exnrefs: caught whole twice, raised again twice, then caught by its tag.
  (func (export "twice") (result i32 i64)
    (block $h (result i32 i64)
      (try_table (catch $e2 $h)
        (block $k2 (result exnref)
          (try_table (catch_all_ref $k2)
            (block $k1 (result exnref)
              (try_table (catch_all_ref $k1)
                (throw $e2 (i32.const 5) (i64.const 6)))
              (unreachable))
            (throw_ref))
          (unreachable))
        (throw_ref))
      (unreachable)))

  ;; Nested try_tables: the inner one does not match, the outer one does.
  (func (export "nested") (result i32)
    (block $outer (result i32)
      (try_table (catch $e1 $outer)
        (block $inner
          (try_table (catch $e0 $inner)
            (throw $e1 (i32.const 7))))
        (return (i32.const -1)))
      (return (i32.const -2))))

  ;; br out of a try_table: a later throw is not caught by it.
  (func (export "br_out") (result i32)
    (block $done (result i32)
      (block $h
        (try_table (catch_all $h)
          (br $done (i32.const 3))))
      (i32.const -1)))
  (func (export "after_br_out")
    (block $b
      (try_table (catch_all $b)
        (br $b)))
    (throw $e0))

  ;; A catch whose label is a loop: the body runs again (a retry), and the function's own label.
  (func (export "retry") (result i32)
    (local $n i32)
    (loop $again
      (try_table (catch $e0 $again)
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (if (i32.lt_u (local.get $n) (i32.const 5)) (then (throw $e0)))))
    (local.get $n))
  (func (export "to_function") (result i32)
    (try_table (catch $e1 0)
      (throw $e1 (i32.const 42)))
    (i32.const -1))

  ;; Exceptions cross frames: thrown two calls deep, caught here.
  (func $deep (param i32) (call $throw (local.get 0)))
  (func (export "across_calls") (result i32)
    (block $h (result i32)
      (try_table (catch $e1 $h) (call $deep (i32.const 1)))
      (i32.const -1)))

  ;; exnref through block results and a typed select; ref.is_null on it.
  (func (export "select_rethrow") (param i32) (result i32)
    (block $h1 (result i32)
      (block $h2 (result i32 i64)
        (try_table (catch $e1 $h1) (catch $e2 $h2)
          (block $k1 (result exnref)
            (try_table (catch_all_ref $k1) (call $throw (i32.const 1)))
            (unreachable))
          (block $k2 (result exnref)
            (try_table (catch_all_ref $k2) (call $throw (i32.const 2)))
            (unreachable))
          (throw_ref (select (result exnref) (local.get 0))))
        (unreachable))
      (drop)))
  (func (export "is_null") (param i32) (result i32)
    (ref.is_null
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (call $throw (local.get 0)))
        (ref.null exn))))

  ;; throw_ref of null traps; a trap inside a try_table is never caught.
  (func (export "throw_null") (throw_ref (ref.null exn)))
  (func (export "trap_inside") (result i32)
    (block $h
      (try_table (catch_all $h) (call $throw (i32.const 3))))
    (i32.const -1))

  ;; Uncaught: the exception leaves the module with its tag.
  (func (export "uncaught") (param i32)
    (throw_ref
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (call $throw (local.get 0)))
        (ref.null exn))))

  ;; A v128 payload through catch_ref and throw_ref.
  (func (export "v128") (result i32)
    (block $h (result v128)
      (try_table (catch $ev $h)
        (block $k (result exnref)
          (try_table (catch_all_ref $k)
            (throw $ev (v128.const i32x4 1 2 3 4)))
          (unreachable))
        (throw_ref))
      (unreachable))
    (i32x4.extract_lane 2))

  ;; Values below a try_table stay in their slots across a catch.
  (func (export "below") (param i32) (result i32)
    (i32.const 1000)
    (block $h (result i32)
      (try_table (catch $e1 $h)
        (throw $e1 (local.get 0)))
      (unreachable))
    (i32.add))

  ;; Legacy and standard interoperate: a legacy catch takes what a throw inside try_table code
  ;; raised, a try_table takes what a legacy rethrow raised, and throw_ref goes through both.
  (func (export "legacy_catches_standard") (result i32)
    (try (result i32)
      (do
        (block $h
          (try_table (catch $e0 $h) (throw $e1 (i32.const 9))))
        (i32.const -1))
      (catch $e1)))
  (func (export "standard_catches_legacy_rethrow") (result i32)
    (block $h (result i32)
      (try_table (catch $e1 $h)
        (try
          (do (throw $e1 (i32.const 8)))
          (catch_all (rethrow 0))))
      (i32.const -1)))
  (func (export "legacy_catches_throw_ref") (result i32)
    (try (result i32)
      (do
        (throw_ref
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (call $throw (i32.const 1)))
            (unreachable))))
      (catch $e1 (i32.add (i32.const 1)))))
  (func (export "catch_ref_in_legacy_catch") (result i32)
    (try $t (result i32)
      (do (throw $e1 (i32.const 4)))
      (catch_all
        (block $h (result i32)
          (try_table (catch $e1 $h) (rethrow $t))
          (i32.const -1)))))
)
(register "M" $M)

(assert_return (invoke "clauses" (i32.const 0)) (i32.const 100))
(assert_return (invoke "clauses" (i32.const 1)) (i32.const 1011))
(assert_return (invoke "clauses" (i32.const 2)) (i32.const 244))
(assert_return (invoke "clauses" (i32.const 4)) (i32.const -1))
(assert_return (invoke "clauses" (i32.const 5)) (i32.const 7))
(assert_trap (invoke "clauses" (i32.const 3)) "unreachable")
(assert_return (invoke "rethrown_payload" (i32.const 1)) (i32.const 12))
(assert_exception (invoke "rethrown_payload" (i32.const 0)))
(assert_return (invoke "twice") (i32.const 5) (i64.const 6))
(assert_return (invoke "nested") (i32.const 7))
(assert_return (invoke "br_out") (i32.const 3))
(assert_exception (invoke "after_br_out"))
(assert_return (invoke "retry") (i32.const 5))
(assert_return (invoke "to_function") (i32.const 42))
(assert_return (invoke "across_calls") (i32.const 11))
(assert_return (invoke "select_rethrow" (i32.const 1)) (i32.const 11))
(assert_return (invoke "select_rethrow" (i32.const 0)) (i32.const 22))
(assert_return (invoke "is_null" (i32.const 1)) (i32.const 0))
(assert_return (invoke "is_null" (i32.const 4)) (i32.const 1))
(assert_trap (invoke "throw_null") "null exception reference")
(assert_trap (invoke "trap_inside") "unreachable")
(assert_exception (invoke "uncaught" (i32.const 2)))
(assert_trap (invoke "uncaught" (i32.const 4)) "null exception reference")
(assert_return (invoke "v128") (i32.const 3))
(assert_return (invoke "below" (i32.const 5)) (i32.const 1005))
(assert_return (invoke "legacy_catches_standard") (i32.const 9))
(assert_return (invoke "standard_catches_legacy_rethrow") (i32.const 8))
(assert_return (invoke "legacy_catches_throw_ref") (i32.const 12))
(assert_return (invoke "catch_ref_in_legacy_catch") (i32.const 4))

;; Module boundaries: a second module imports M's tags; exceptions and exnrefs go both ways.
(module $N
  (import "M" "e1" (tag $e1 (param i32)))
  (import "M" "e0" (tag $e0))
  (import "M" "clauses" (func $clauses (param i32) (result i32)))
  (import "M" "uncaught" (func $uncaught (param i32)))
  (tag $local (param i32))
  (func (export "imported_tag") (result i32)
    (block $h (result i32)
      (try_table (catch $e1 $h) (call $uncaught (i32.const 1)))
      (i32.const -1)))
  (func (export "own_tag_not_theirs") (result i32)
    (block $any (result exnref)
      (block $h (result i32)
        (try_table (catch $local $h) (catch_all_ref $any)
          (call $uncaught (i32.const 1)))
        (i32.const -1))
      (return))
    (drop)
    (i32.const 77))
  (func (export "their_catch_all") (result i32)
    (call $clauses (i32.const 4)))
  (func (export "through_exnref") (result i32)
    (block $h (result i32)
      (try_table (catch $e1 $h)
        (block $k (result exnref)
          (try_table (catch_all_ref $k) (call $uncaught (i32.const 1)))
          (unreachable))
        (throw_ref))
      (unreachable))
    (i32.add (i32.const 100)))
)
(assert_return (invoke "imported_tag") (i32.const 11))
(assert_return (invoke "own_tag_not_theirs") (i32.const 77))
(assert_return (invoke "their_catch_all") (i32.const -1))
(assert_return (invoke "through_exnref") (i32.const 111))

;; exnref in types: catch_ref with a payload (a multi-value label), exnref locals, params and
;; results, through a call and back.
(module $T
  (tag $e (param i32 i64))
  (func $catch (param i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h)
        (if (local.get 0) (then (throw $e (local.get 0) (i64.const 7)))))
      (ref.null exn)))
  (func $rethrow (param exnref) (throw_ref (local.get 0)))
  (func (export "payload_and_ref") (param i32) (result i32 i64)
    (local $x exnref)
    (block $h (result i32 i64)
      (try_table (catch $e $h)
        (block $k (result i32 i64 exnref)
          (try_table (catch_ref $e $k)
            (throw $e (local.get 0) (i64.const 9)))
          (unreachable))
        (local.set $x)
        (drop)
        (drop)
        (call $rethrow (local.get $x)))
      (unreachable)))
  (func (export "through_locals") (param i32) (result i32)
    (local $a exnref)
    (local.set $a (call $catch (local.get 0)))
    (if (ref.is_null (local.get $a)) (then (return (i32.const -1))))
    (block $h (result i32 i64)
      (try_table (catch $e $h) (call $rethrow (local.get $a)))
      (unreachable))
    (drop))
  (func (export "null_param") (call $rethrow (ref.null exn)))
)
(assert_return (invoke "payload_and_ref" (i32.const 5)) (i32.const 5) (i64.const 9))
(assert_return (invoke "through_locals" (i32.const 3)) (i32.const 3))
(assert_return (invoke "through_locals" (i32.const 0)) (i32.const -1))
(assert_trap (invoke "null_param") "null exception reference")

;; Validation: the spec's errors. Written in binary (binaryen's text parser refuses them).
;; catch $e (param i32) into a label of [i64].
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\11\01\0f\00\02\7e\1f\40\01\00\00\00\00\0b\00\0b\1a\0b")
  "type mismatch")
;; catch_ref $e into a label of [i32] (no exnref).
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\11\01\0f\00\02\7f\1f\40\01\01\00\00\00\0b\00\0b\1a\0b")
  "type mismatch")
;; catch_all_ref into a label of [i32].
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\10\01\0e\00\02\7f\1f\40\01\03\00\00\0b\00\0b\1a\0b")
  "type mismatch")
;; catch_all into a label of [exnref].
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\10\01\0e\00\02\69\1f\40\01\02\00\00\0b\00\0b\1a\0b")
  "type mismatch")
;; throw_ref of an i32.
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\07\01\05\00\41\00\0a\0b")
  "type mismatch")
;; ref.null func as the result of an exnref block.
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\0a\01\08\00\02\69\d0\70\0b\1a\0b")
  "type mismatch")
;; ref.is_null takes an exnref: its i32, not an exnref, then ends the exnref block.
(assert_invalid
  (module binary
    "\00asm\01\00\00\00" "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\0b\01\09\00\02\69\d0\69\d1\0b\1a\0b")
  "type mismatch")
;; catch $e with tag 5 of none: unknown tag.
(assert_invalid
  (module binary
    "\00asm\01\00\00\00"
    "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\0e\01\0c\00\02\40\1f\40\01\00\05\00\0b\0b\0b")
  "unknown tag")
;; catch_all to label 5 of 1: unknown label.
(assert_invalid
  (module binary
    "\00asm\01\00\00\00"
    "\01\08\02\60\00\00\60\01\7f\00" "\03\02\01\00" "\0d\03\01\00\01"
    "\0a\0a\01\08\00\1f\40\01\02\05\0b\0b")
  "unknown label")
