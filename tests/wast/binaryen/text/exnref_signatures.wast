;; exnref (exception handling's reference to a caught exception) in the places outside function
;; bodies where a value type may appear: function types, globals, imports and exports. Nothing
;; here makes an exnref (that is try_table's catch_ref) or inspects one (ref.is_null): every
;; exnref is the null of the globals' initialisers, passed through parameters, results and
;; globals. Checked with binaryen's wasm-shell; wask runs the binary form, ../exnref_signatures.wast
;; (made by ../binary_forms.mjs).

(module $exporter
  (type $pass (func (param exnref) (result exnref)))
  (global $null (export "null") exnref (ref.null exn))
  (global $slot (export "slot") (mut exnref) (ref.null exn))
  (func $id (export "id") (type $pass) (local.get 0))
  ;; an exnref between two numbers: the parameters' slots stay in order
  (func $sum (export "sum") (param i32 exnref i64) (result i32)
    (i32.add (local.get 0) (i32.wrap_i64 (local.get 2))))
  (func (export "store") (result i32)
    (global.set $slot (call $id (global.get $null)))
    (call $sum (i32.const 40) (global.get $slot) (i64.const 2)))
)
(register "exporter" $exporter)
(assert_return (invoke $exporter "store") (i32.const 42))

;; Imports whose types hold exnref link against the exporter's items of the same types.
(module $importer
  (import "exporter" "id" (func $id (param exnref) (result exnref)))
  (import "exporter" "sum" (func $sum (param i32 exnref i64) (result i32)))
  (import "exporter" "null" (global $null exnref))
  (import "exporter" "slot" (global $slot (mut exnref)))
  (func (export "through_imports") (result i32)
    (global.set $slot (call $id (global.get $null)))
    (call $sum (i32.const -1) (global.get $slot) (i64.const 0x1_0000_0005)))
)
(assert_return (invoke $importer "through_imports") (i32.const 4))

;; exnref is its own type: an item of another reference type does not match, nor does a
;; mutable global an immutable one.
(assert_unlinkable
  (module (import "exporter" "id" (func (param externref) (result exnref))))
  "incompatible import type")
(assert_unlinkable
  (module (import "exporter" "id" (func (param exnref) (result funcref))))
  "incompatible import type")
(assert_unlinkable
  (module (import "exporter" "null" (global externref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "exporter" "slot" (global exnref)))
  "incompatible import type")
