;; Extended constant expressions: i32/i64 add, sub and mul (with global.get of imports) in
;; global initialisers and in data and element segment offsets. Expectations: the arithmetic in
;; the comments (wrapping at 2^32 / 2^64), checked with wabt's spectest-interp.

(module
  (import "spectest" "global_i32" (global $g32 i32))  ;; 666
  (import "spectest" "global_i64" (global $g64 i64))  ;; 666
  (global (export "sum") i32 (i32.add (global.get $g32) (i32.const 334)))         ;; 1000
  (global (export "diff") i32 (i32.sub (i32.const 0) (i32.const 1)))              ;; -1
  (global (export "wrap") i32 (i32.mul (i32.const 0x10000) (i32.const 0x10001)))  ;; 0x10000
  (global (export "nested") i64
    (i64.mul (i64.add (global.get $g64) (i64.const 4))
             (i64.sub (i64.const 10) (i64.const 3))))                             ;; 670 * 7 = 4690
  (global (export "wrap64") i64
    (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))                    ;; 0x100000000
  (global (export "min64") i64 (i64.sub (i64.const 0) (i64.const 0x8000000000000000)))
  (memory 1)
  ;; Data at 666 - 600 = 66 and 2 * 50 = 100.
  (data (offset (i32.sub (global.get $g32) (i32.const 600))) "\2a")
  (data (offset (i32.mul (i32.const 2) (i32.const 50))) "\07")
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  ;; Element at 3 - 1 = 2.
  (table 4 funcref)
  (elem (offset (i32.sub (i32.const 3) (i32.const 1))) func $five)
  (func $five (result i32) (i32.const 5))
  (type $r (func (result i32)))
  (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
)

(assert_return (get "sum") (i32.const 1000))
(assert_return (get "diff") (i32.const -1))
(assert_return (get "wrap") (i32.const 0x10000))
(assert_return (get "nested") (i64.const 4690))
(assert_return (get "wrap64") (i64.const 0x100000000))
(assert_return (get "min64") (i64.const 0x8000000000000000))
(assert_return (invoke "load8" (i32.const 66)) (i32.const 42))
(assert_return (invoke "load8" (i32.const 100)) (i32.const 7))
(assert_return (invoke "call" (i32.const 2)) (i32.const 5))
(assert_trap (invoke "call" (i32.const 1)) "uninitialized element")

;; An out-of-bounds computed offset traps at instantiation: 0x10000 - 1 + 2 bytes.
(assert_trap
  (module (memory 1) (data (offset (i32.sub (i32.const 0x10000) (i32.const 1))) "ab"))
  "out of bounds memory access")

;; Only add, sub and mul are constant; operand types must match.
(assert_invalid (module (global i32 (i32.div_s (i32.const 1) (i32.const 1))))
  "constant expression required")
(assert_invalid (module (global i32 (i32.and (i32.const 1) (i32.const 1))))
  "constant expression required")
(assert_invalid (module (global i32 (i32.add (i32.const 1) (i64.const 1)))) "type mismatch")
(assert_invalid (module (global i64 (i32.add (i32.const 1) (i32.const 1)))) "type mismatch")
