;; Validation rules not covered next to their instructions: module-level declarations, segments,
;; constant expressions, block types, and the stack discipline of every kind of block.

;; Segments must name existing memories and tables, with i32 constant offsets.
(assert_invalid (module (data (i32.const 0) "")) "unknown memory 0")
(assert_invalid (module (memory 1) (data (i64.const 0) "")) "type mismatch")
(assert_invalid (module (memory 1) (data (i32.ctz (i32.const 0)) "")) "constant expression required")
(assert_invalid (module (memory 1) (data (offset (i32.const 0) (i32.const 0)) "")) "type mismatch")
(assert_invalid (module (memory 1) (data (offset) "")) "type mismatch")
(assert_invalid (module (func $f) (elem (i32.const 0) $f)) "unknown table")
(assert_invalid (module (table 1 funcref) (func $f) (elem (i64.const 0) $f)) "type mismatch")
(assert_invalid (module (table 1 funcref) (elem (i32.const 0) func 3)) "unknown function")
(assert_invalid (module (table 1 externref) (func $f) (elem (i32.const 0) $f)) "type mismatch")
(assert_invalid (module (table 1 funcref) (elem (i32.const 0) funcref (ref.null extern))) "type mismatch")
(assert_invalid (module (table 1 funcref) (elem (i32.const 0) funcref (i32.const 0))) "type mismatch")
(assert_invalid (module (global i32 (nop))) "type mismatch")
(assert_invalid (module (global i64 (i64.const 0) (i64.const 0))) "type mismatch")
(assert_invalid (module (global f32 (f32.neg (f32.const 0)))) "constant expression required")

;; Types referenced by index must exist; block types may name a function type.
(assert_invalid (module (func (type 3))) "unknown type")
(assert_invalid (module (import "m" "f" (func (type 2)))) "unknown type")
(module
  (type $binop (func (param i32 i32) (result i32)))
  (func (export "sub_via_block_type") (param i32 i32) (result i32)
    (local.get 0) (local.get 1)
    (block (type $binop) (i32.sub)))
)
(assert_return (invoke "sub_via_block_type" (i32.const 10) (i32.const 3)) (i32.const 7))

;; The stack at the end of every kind of block must match its results exactly.
(assert_invalid (module (func (block (i32.const 1)))) "type mismatch")
(assert_invalid (module (func (loop (i32.const 1)))) "type mismatch")
(assert_invalid (module (func (if (i32.const 1) (then (i32.const 1))))) "type mismatch")
(assert_invalid (module (func (if (i32.const 1) (then) (else (i32.const 1))))) "type mismatch")
(assert_invalid (module (func (result i32) (block (result i32) (i32.const 1) (i32.const 2)))) "type mismatch")
(assert_invalid (module (func (result i32 i32) (block (result i32 i32) (i32.const 1)))) "type mismatch")
(assert_invalid (module (func (result f32) (f64.const 0))) "type mismatch")
(assert_invalid (module (func (param i32) (block (param i32) (drop)))) "type mismatch")
(assert_invalid (module (func (i32.const 0) (block (param i64) (drop)))) "type mismatch")
;; Operands from outside a block are not visible inside it.
(assert_invalid (module (func (result i32) (i32.const 1) (block (result i32) (i32.eqz)))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 1) (loop (result i32) (i32.eqz)))) "type mismatch")
;; A branch must carry its label's types: a block's results, a loop's parameters.
(assert_invalid (module (func (result i32) (block (result i32) (br 0)))) "type mismatch")
(assert_invalid (module (func (block (result i32) (br 0 (f32.const 0))) (drop))) "type mismatch")
(assert_invalid (module (func (i32.const 0) (loop (param i32) (drop) (br 0)))) "type mismatch")
(assert_invalid (module (func (block (result i32) (br_if 0 (i32.const 0)) (i32.const 0)) (drop))) "type mismatch")
(assert_invalid (module (func (block (result i32) (block (result i64) (br_table 0 1 (i32.const 0) (i32.const 0))) (drop)) (drop))) "type mismatch")
(assert_invalid (module (func (result i32) (br_table 0 (i64.const 0) (i32.const 0)))) "type mismatch")
(assert_invalid (module (func (block (br_table 0 (f32.const 0))))) "type mismatch")

;; Limits.
(assert_invalid (module (table 2 1 funcref)) "size minimum must not be greater than maximum")
(assert_invalid (module (import "m" "t" (table 2 1 funcref))) "size minimum must not be greater than maximum")
(assert_invalid (module (import "m" "m" (memory 2 1))) "size minimum must not be greater than maximum")
(assert_invalid (module (import "m" "m" (memory 65537))) "memory size must be at most 65536 pages (4GiB)")
(module (memory 0 65536))
(module (table 0 0xffffffff funcref))
;; (Not here: instantiating a 65536-page memory or a 2^32-1 element table, which would allocate them.)

;; Start function, exports, imports.
(assert_invalid (module (func) (export "f" (func 0)) (export "f" (func 0))) "duplicate export name")
(assert_invalid (module (func) (global i32 (i32.const 0)) (export "x" (func 0)) (export "x" (global 0))) "duplicate export name")
(module (import "spectest" "global_i32" (global i32)) (export "x" (global 0)))
(module (global (mut i32) (i32.const 0)) (export "mutable_export" (global 0)))

;; A module of every kind of declaration that is valid.
(module
  (type (func))
  (import "spectest" "print_i32" (func (param i32)))
  (import "spectest" "table" (table 10 funcref))
  (import "spectest" "memory" (memory 1))
  (import "spectest" "global_i32" (global i32))
  (func (type 0))
  (table 1 externref)
  (global i32 (global.get 0))
  (global funcref (ref.func 1))
  (global externref (ref.null extern))
  (export "f" (func 1))
  (export "t" (table 1))
  (export "m" (memory 0))
  (export "g" (global 1))
  (start 1)
  (elem (table 0) (i32.const 0) func 1)
  (elem funcref (ref.null func))
  (elem declare func 1)
  (data (i32.const 0) "")
  (data "passive")
)

;; More instruction rules.
(assert_invalid (module (import "spectest" "global_i32" (global i32)) (func (global.set 0 (i32.const 1)))) "global is immutable")
(assert_invalid (module (table 1 funcref) (elem declare func 9)) "unknown function")
(assert_invalid (module (func (result i32) (block (result i32) (br_if 0 (i64.const 1) (i32.const 1))))) "type mismatch")
(assert_invalid (module (func (result i32) (loop (result i32) (i64.const 0)))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0) (if (param i32) (result i32) (i32.const 1) (then (drop))))) "type mismatch")
(assert_invalid (module (func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1))))) "type mismatch")
(assert_invalid (module (memory 1) (func (drop (memory.size)) (drop (i32.load8_s align=2 (i32.const 0))))) "alignment must not be larger than natural")
(assert_invalid (module (memory 1) (func (result i64) (i64.load32_u (i32.const 0)) (i32.wrap_i64))) "type mismatch")
(assert_invalid (module (table 1 funcref) (func (table.fill 0 (i32.const 0) (ref.null extern) (i32.const 1)))) "type mismatch")
(assert_invalid (module (table 1 funcref) (func (result i32) (table.grow 0 (ref.null func) (i64.const 1)))) "type mismatch")
(assert_invalid (module (func (result funcref) (ref.null extern))) "type mismatch")
(assert_invalid (module (func (result externref) (ref.func 0)) (elem declare func 0)) "type mismatch")
