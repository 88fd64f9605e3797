;; table64 (memory64 proposal): 64-bit table limits, i64 indices and sizes in call_indirect,
;; return_call_indirect and table.get/set/size/grow/fill/copy/init, i64 element offsets. An i64
;; index of 2^32 or more is out of bounds, never wrapped to a small one. Checked with binaryen's
;; wasm-shell; wask runs the binary form, ../table64.wast (made by ../binary_forms.mjs).

(module $m
  (type $ii (func (param i32) (result i32)))
  (table $t (export "t") i64 4 8 funcref)
  (table $e i64 2 externref)
  (table $s 3 funcref)  ;; a 32-bit table beside them
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (elem (table $t) (i64.const 1) func $double $inc)
  (elem (table $s) (i32.const 0) func $inc)
  (elem $pass func $inc $double)
  (func (export "call") (param i64 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "return_call") (param i64 i32) (result i32)
    (return_call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "call32") (param i32 i32) (result i32)
    (call_indirect $s (type $ii) (local.get 1) (local.get 0)))
  (func (export "size") (result i64) (table.size $t))
  (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "set") (param i64) (table.set $t (local.get 0) (ref.func $inc)))
  (func (export "fill") (param i64 i64)
    (table.fill $t (local.get 0) (ref.func $double) (local.get 1)))
  (func (export "copy") (param i64 i64 i64)
    (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_32") (param i32 i64 i32)
    (table.copy $s $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_from_32") (param i64 i32 i32)
    (table.copy $t $s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i64 i32 i32)
    (table.init $t $pass (local.get 0) (local.get 1) (local.get 2)))
  (func (export "ext_set") (param i64 externref) (table.set $e (local.get 0) (local.get 1)))
  (func (export "ext_get") (param i64) (result externref) (table.get $e (local.get 0)))
  ;; the scratch a rewrite uses must not disturb the body's own locals
  (func (export "locals_kept") (param i64) (result i64) (local $x i64) (local $y i32)
    (local.set $x (i64.const 77)) (local.set $y (i32.const 5))
    (table.fill $t (local.get 0) (ref.null func) (i64.const 0))
    (i64.add (local.get $x) (i64.extend_i32_u (local.get $y))))
)

;; The element segment wrote [null, $double, $inc, null].
(assert_return (invoke "call" (i64.const 1) (i32.const 5)) (i32.const 10))
(assert_return (invoke "call" (i64.const 2) (i32.const 5)) (i32.const 6))
(assert_return (invoke "return_call" (i64.const 1) (i32.const 7)) (i32.const 14))
(assert_trap (invoke "call" (i64.const 0) (i32.const 5)) "uninitialized element")
(assert_trap (invoke "call" (i64.const 4) (i32.const 5)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001) (i32.const 5)) "undefined element")
(assert_trap (invoke "return_call" (i64.const 0x1_0000_0002) (i32.const 5)) "undefined element")
(assert_trap (invoke "call" (i64.const -1) (i32.const 5)) "undefined element")
(assert_return (invoke "is_null" (i64.const 0)) (i32.const 1))
(assert_return (invoke "is_null" (i64.const 1)) (i32.const 0))
(assert_trap (invoke "is_null" (i64.const 0x1_0000_0001)) "out of bounds table access")

;; Sizes are i64; a failed grow is -1 as an i64.
(assert_return (invoke "size") (i64.const 4))
(assert_return (invoke "grow" (i64.const 2)) (i64.const 4))
(assert_return (invoke "size") (i64.const 6))
(assert_return (invoke "grow" (i64.const 3)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "size") (i64.const 6))

(invoke "set" (i64.const 0))
(assert_return (invoke "call" (i64.const 0) (i32.const 5)) (i32.const 6))
(assert_trap (invoke "set" (i64.const 6)) "out of bounds table access")
(assert_trap (invoke "set" (i64.const 0x1_0000_0000)) "out of bounds table access")

;; fill: [i, i + n) must lie inside the table, n = 0 at the end included.
(invoke "fill" (i64.const 4) (i64.const 2))
(assert_return (invoke "call" (i64.const 5) (i32.const 7)) (i32.const 14))
(invoke "fill" (i64.const 6) (i64.const 0))
(assert_trap (invoke "fill" (i64.const 5) (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 0x1_0000_0006) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "locals_kept" (i64.const 7)) "out of bounds table access")
(assert_return (invoke "locals_kept" (i64.const 6)) (i64.const 82))

;; copy within the table, and to and from a 32-bit one (the count is then an i32).
(invoke "copy" (i64.const 3) (i64.const 1) (i64.const 2))  ;; [$inc $double $inc $double $inc]
(assert_return (invoke "call" (i64.const 3) (i32.const 5)) (i32.const 10))
(assert_return (invoke "call" (i64.const 4) (i32.const 5)) (i32.const 6))
(assert_trap (invoke "copy" (i64.const 0) (i64.const 0x1_0000_0000) (i64.const 1))
  "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 0) (i64.const 0) (i64.const 0x1_0000_0001))
  "out of bounds table access")
(invoke "copy_to_32" (i32.const 1) (i64.const 3) (i32.const 2))
(assert_return (invoke "call32" (i32.const 1) (i32.const 5)) (i32.const 10))
(assert_return (invoke "call32" (i32.const 2) (i32.const 5)) (i32.const 6))
(assert_trap (invoke "copy_to_32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1))
  "out of bounds table access")
(invoke "copy_from_32" (i64.const 5) (i32.const 1) (i32.const 1))
(assert_return (invoke "call" (i64.const 5) (i32.const 5)) (i32.const 10))
(assert_trap (invoke "copy_from_32" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 1))
  "out of bounds table access")

;; init from a passive segment at an i64 destination.
(invoke "init" (i64.const 0) (i32.const 0) (i32.const 2))
(assert_return (invoke "call" (i64.const 0) (i32.const 5)) (i32.const 6))
(assert_return (invoke "call" (i64.const 1) (i32.const 5)) (i32.const 10))
(assert_trap (invoke "init" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 1))
  "out of bounds table access")

;; A table of externrefs.
(invoke "ext_set" (i64.const 1) (ref.extern 7))
(assert_return (invoke "ext_get" (i64.const 1)) (ref.extern 7))
(assert_return (invoke "ext_get" (i64.const 0)) (ref.null extern))
(assert_trap (invoke "ext_get" (i64.const 2)) "out of bounds table access")
(assert_trap (invoke "ext_get" (i64.const 0x1_0000_0001)) "out of bounds table access")

;; An element segment out of bounds at instantiation: its offset is not wrapped either.
(assert_trap
  (module (table i64 2 funcref) (func $f) (elem (table 0) (i64.const 0x1_0000_0000) func $f))
  "out of bounds table access")

;; Imports match a 64-bit table only with a 64-bit one.
(register "m" $m)
(module (import "m" "t" (table i64 4 funcref)))
(assert_unlinkable (module (import "m" "t" (table 4 funcref))) "incompatible import type")

;; Limits beyond 32 bits are allowed in the type (no table that large is made here).
(module (table i64 0 0x1_0000_0000 funcref))
(assert_invalid (module binary "\00asm\01\00\00\00" "\04\05\01\70\05\02\01")  ;; i64 2 1
  "size minimum must not be greater than maximum")

;; Indices and sizes of a 64-bit table are i64, and its element offsets too (hand-written
;; binaries: wasm-as assembles only valid modules).
(assert_invalid  ;; call_indirect with an i32 index
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\09\01\07\00\41\00\11\00\00\0b")
  "type mismatch")
(assert_invalid  ;; table.size as an i32
  (module binary "\00asm\01\00\00\00"
    "\01\05\01\60\00\01\7f" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\07\01\05\00\fc\10\00\0b")
  "type mismatch")
(assert_invalid  ;; table.get with an i32 index
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\09\01\07\00\41\00\25\00\1a\0b")
  "type mismatch")
(assert_invalid  ;; table.set with an i32 index
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\0a\01\08\00\41\00\d0\70\26\00\0b")
  "type mismatch")
(assert_invalid  ;; table.grow by an i32
  (module binary "\00asm\01\00\00\00"
    "\01\05\01\60\00\01\7e" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\0b\01\09\00\d0\70\41\01\fc\0f\00\0b")
  "type mismatch")
(assert_invalid  ;; table.fill of an i32 count
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\0a\0d\01\0b\00\42\00\d0\70\41\01\fc\11\00\0b")
  "type mismatch")
(assert_invalid  ;; table.copy from a 32-bit table with an i64 count
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\07\02\70\04\01\70\00\01" "\0a\0e\01\0c\00\42\00\41\00\42\01\fc\0e\00\01\0b")
  "type mismatch")
(assert_invalid  ;; table.init at an i32 destination
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\09\04\01\01\00\00" "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\0c\00\00\0b")
  "type mismatch")
(assert_invalid  ;; an element segment at an i32 offset
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01" "\09\09\01\02\00\41\00\0b\00\01\00" "\0a\04\01\02\00\0b")
  "type mismatch")

;; A body of a module with a 64-bit table has its own locals only.
(assert_invalid
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\04\04\01\70\04\01"
    "\0a\07\01\05\00\20\00\1a\0b")  ;; (func (drop (local.get 0)))
  "unknown local")
