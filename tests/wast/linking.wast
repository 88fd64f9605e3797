;; Linking and instantiation: imports of every kind from spectest and from registered modules,
;; shared memories/tables/globals, the start function, link errors and failed instantiation.

;; spectest's imports, each kind.
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_i64" (func $print_i64 (param i64)))
  (import "spectest" "print_f32" (func $print_f32 (param f32)))
  (import "spectest" "print_f64" (func $print_f64 (param f64)))
  (import "spectest" "print_i32_f32" (func $print_i32_f32 (param i32 f32)))
  (import "spectest" "print_f64_f64" (func $print_f64_f64 (param f64 f64)))
  (import "spectest" "print" (func $print))
  (import "spectest" "global_i32" (global $gi32 i32))
  (import "spectest" "global_i64" (global $gi64 i64))
  (import "spectest" "global_f32" (global $gf32 f32))
  (import "spectest" "global_f64" (global $gf64 f64))
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (func (export "print_all")
    (call $print_i32 (i32.const 1))
    (call $print_i64 (i64.const 2))
    (call $print_f32 (f32.const 3))
    (call $print_f64 (f64.const 4))
    (call $print_i32_f32 (i32.const 5) (f32.const 6))
    (call $print_f64_f64 (f64.const 7) (f64.const 8))
    (call $print))
  ;; The float globals are 666.6 in the spec interpreter but 666 in some hosts: check the range.
  (func (export "globals") (result i32 i64 i32 i32)
    (global.get $gi32) (global.get $gi64)
    (i32.and (f32.ge (global.get $gf32) (f32.const 666)) (f32.lt (global.get $gf32) (f32.const 667)))
    (i32.and (f64.ge (global.get $gf64) (f64.const 666)) (f64.lt (global.get $gf64) (f64.const 667))))
  (func (export "memory_size") (result i32) (memory.size))
  (func (export "table_size") (result i32) (table.size 0))
)
(invoke "print_all")
(assert_return (invoke "globals") (i32.const 666) (i64.const 666) (i32.const 1) (i32.const 1))
(assert_return (invoke "memory_size") (i32.const 1))
(assert_return (invoke "table_size") (i32.const 10))

;; Importing with a smaller minimum and a larger (or no) maximum than the export is fine.
(module
  (import "spectest" "memory" (memory 0))
  (import "spectest" "table" (table 5 funcref))
)
(module
  (import "spectest" "memory" (memory 1 3))
  (import "spectest" "table" (table 10 30 funcref))
)

;; A module that exports one of everything, registered under a name.
(module $exporter
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $answer (result i32) (i32.const 42))
  (memory (export "mem") 1 4)
  (table (export "tab") 3 funcref)
  (elem (i32.const 0) $answer)
  (global (export "const_g") i32 (i32.const 7))
  (global (export "mut_g") (mut i64) (i64.const 100))
  (global (export "ext_g") (mut externref) (ref.null extern))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "get_mut") (result i64) (global.get 1))
  (func (export "call_slot") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)
(register "exporter" $exporter)

(module $importer
  (type $ret_i32 (func (result i32)))
  (import "exporter" "add" (func $add (param i32 i32) (result i32)))
  (import "exporter" "mem" (memory 1))
  (import "exporter" "tab" (table 1 funcref))
  (import "exporter" "const_g" (global $c i32))
  (import "exporter" "mut_g" (global $m (mut i64)))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 1) $seven)
  (data (i32.const 10) "\2a")
  (func (export "add_via_import") (param i32) (result i32) (call $add (local.get 0) (global.get $c)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "set_mut") (param i64) (global.set $m (local.get 0)))
  (func (export "call_slot") (param i32) (result i32) (call_indirect (type $ret_i32) (local.get 0)))
)
(assert_return (invoke $importer "add_via_import" (i32.const 3)) (i32.const 10))
;; Memory, table and mutable global are shared, not copied.
(assert_return (invoke $exporter "load" (i32.const 10)) (i32.const 42))
(invoke $importer "store" (i32.const 20) (i32.const 99))
(assert_return (invoke $exporter "load" (i32.const 20)) (i32.const 99))
(assert_return (invoke $importer "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke $exporter "load" (i32.const 70000)) (i32.const 0))
(invoke $importer "set_mut" (i64.const -5))
(assert_return (invoke $exporter "get_mut") (i64.const -5))
(assert_return (get $exporter "mut_g") (i64.const -5))
(assert_return (invoke $exporter "call_slot" (i32.const 1)) (i32.const 7))
(assert_return (invoke $importer "call_slot" (i32.const 0)) (i32.const 42))
(assert_trap (invoke $importer "call_slot" (i32.const 2)) "uninitialized element")

;; Re-exporting an import: the function is the same function.
(module $reexporter
  (import "exporter" "add" (func $add (param i32 i32) (result i32)))
  (export "add_again" (func $add))
)
(register "reexporter" $reexporter)
(module
  (import "reexporter" "add_again" (func $add (param i32 i32) (result i32)))
  (func (export "run") (result i32) (call $add (i32.const 40) (i32.const 2)))
)
(assert_return (invoke "run") (i32.const 42))

;; The start function runs at instantiation, after the segments.
(module $started
  (memory (export "mem") 1)
  (data (i32.const 0) "\05")
  (global $count (export "count") (mut i32) (i32.const 0))
  (func $start
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 1) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1))))
  (start $start)
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(assert_return (get $started "count") (i32.const 1))
(assert_return (invoke $started "byte" (i32.const 1)) (i32.const 6))

;; Link errors: unknown module or name, and every kind of type mismatch.
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "no_such_func" (func))) "unknown import")
(assert_unlinkable (module (import "exporter" "missing" (memory 1))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32) (result i32)))) "incompatible import type")
(assert_unlinkable (module (import "exporter" "add" (func (param i32) (result i32)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "print_i32" (global i32))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (func))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (global i64))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "global_i32" (global (mut i32)))) "incompatible import type")
(assert_unlinkable (module (import "exporter" "mut_g" (global i64))) "incompatible import type")
(assert_unlinkable (module (import "exporter" "const_g" (global (mut i32)))) "incompatible import type")
(assert_unlinkable (module (import "exporter" "ext_g" (global (mut funcref)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 2))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 1 1))) "incompatible import type")
(assert_unlinkable (module (import "exporter" "mem" (memory 1 3))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (table 1 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 11 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 15 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table 10 externref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (memory 1))) "incompatible import type")

;; Instantiation that traps (the spec script form of assert_uninstantiable is assert_trap on a
;; module; wabt 1.0.32 only parses that form): out-of-bounds segments, a trapping start function.
(assert_trap (module (memory 1) (data (i32.const 65536) "a")) "out of bounds memory access")
(assert_trap (module (memory 1) (data (i32.const 65535) "ab")) "out of bounds memory access")
(assert_trap (module (memory 0) (data (i32.const 1) "")) "out of bounds memory access")
(assert_trap (module (memory 1) (data (i32.const -1) "a")) "out of bounds memory access")
(assert_trap (module (table 1 funcref) (func $f) (elem (i32.const 1) $f)) "out of bounds table access")
(assert_trap (module (table 1 funcref) (func $f) (elem (i32.const 0) $f $f)) "out of bounds table access")
(assert_trap (module (table 0 funcref) (elem (i32.const 1) func)) "out of bounds table access")
(assert_trap (module (func $s (unreachable)) (start $s)) "unreachable")
(assert_trap (module (func $s (drop (i32.div_s (i32.const 1) (i32.const 0)))) (start $s)) "integer divide by zero")

;; Segments are applied in order until one traps: the earlier writes into a shared (imported)
;; memory and table stay visible.
(module $target
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "slot_is_null") (param i32) (result i32) (ref.is_null (table.get 0 (local.get 0))))
)
(register "target" $target)
(assert_trap
  (module
    (import "target" "mem" (memory 1))
    (data (i32.const 0) "\11")
    (data (i32.const 65536) "\22"))
  "out of bounds memory access")
(assert_return (invoke $target "byte" (i32.const 0)) (i32.const 0x11))
(assert_trap
  (module
    (import "target" "tab" (table 1 funcref))
    (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f))
  "out of bounds table access")
(assert_return (invoke $target "slot_is_null" (i32.const 0)) (i32.const 0))
(assert_return (invoke $target "slot_is_null" (i32.const 1)) (i32.const 1))
;; A start function that traps after writing to a shared memory.
(assert_trap
  (module
    (import "target" "mem" (memory 1))
    (func $s (i32.store8 (i32.const 5) (i32.const 0x55)) (unreachable))
    (start $s))
  "unreachable")
(assert_return (invoke $target "byte" (i32.const 5)) (i32.const 0x55))

;; Export validation.
(assert_invalid (module (func) (export "a" (func 0)) (export "a" (func 0))) "duplicate export name")
(assert_invalid (module (export "a" (func 0))) "unknown function")
(assert_invalid (module (export "a" (memory 0))) "unknown memory")
(assert_invalid (module (export "a" (table 0))) "unknown table")
(assert_invalid (module (export "a" (global 0))) "unknown global")
(assert_invalid (module (func (param i32)) (start 0)) "start function")
(assert_invalid (module (func (result i32) (i32.const 0)) (start 0)) "start function")
(assert_invalid (module (start 0)) "unknown function")

;; Growing an imported table or memory is seen by the exporter, and limits still hold.
(module $grower
  (import "exporter" "tab" (table $t 1 funcref))
  (import "exporter" "mem" (memory $m 1))
  (import "spectest" "table" (table $spec 10 20 funcref))
  (func (export "grow_table") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "table_size") (result i32) (table.size $t))
  (func (export "grow_spec_table") (param i32) (result i32) (table.grow $spec (ref.null func) (local.get 0)))
  (func (export "memory_size") (result i32) (memory.size))
)
(assert_return (invoke $grower "table_size") (i32.const 3))
(assert_return (invoke $grower "grow_table" (i32.const 2)) (i32.const 3))
(assert_return (invoke $exporter "call_slot" (i32.const 0)) (i32.const 42))
(assert_trap (invoke $exporter "call_slot" (i32.const 4)) "uninitialized element")
(assert_trap (invoke $exporter "call_slot" (i32.const 5)) "undefined element")
;; The exporter's memory is 1..4 pages and already 2 pages: 2 more fit, a third does not.
(assert_return (invoke $grower "memory_size") (i32.const 2))
(assert_return (invoke $importer "grow" (i32.const 2)) (i32.const 2))
(assert_return (invoke $importer "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke $grower "memory_size") (i32.const 4))
(assert_return (invoke $grower "grow_spec_table" (i32.const 11)) (i32.const -1))
(assert_return (invoke $grower "grow_spec_table" (i32.const 10)) (i32.const 10))
(assert_return (invoke $grower "grow_spec_table" (i32.const 1)) (i32.const -1))
;; An import's declared minimum is checked against the current size, not the original one.
(module (import "exporter" "tab" (table 5 funcref)))
(module (import "exporter" "mem" (memory 4)))
(assert_unlinkable (module (import "exporter" "tab" (table 6 funcref))) "incompatible import type")

;; Re-exporting imported memories, tables and globals hands on the same objects.
(module $relay
  (import "exporter" "mem" (memory $m 1))
  (import "exporter" "tab" (table $t 1 funcref))
  (import "exporter" "mut_g" (global $g (mut i64)))
  (export "mem2" (memory $m))
  (export "tab2" (table $t))
  (export "g2" (global $g))
)
(register "relay" $relay)
(module
  (import "relay" "mem2" (memory 1))
  (import "relay" "tab2" (table 1 funcref))
  (import "relay" "g2" (global $g (mut i64)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "set_g") (param i64) (global.set $g (local.get 0)))
  (func (export "tab_size") (result i32) (table.size 0))
)
(invoke "store" (i32.const 30) (i32.const 0x77))
(assert_return (invoke $exporter "load" (i32.const 30)) (i32.const 0x77))
(invoke "set_g" (i64.const 12345))
(assert_return (get $exporter "mut_g") (i64.const 12345))
(assert_return (get $relay "g2") (i64.const 12345))
(assert_return (invoke "tab_size") (i32.const 5))

;; A start function may call imports.
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (func $start (call $print (i32.const 7)))
  (start $start)
)
