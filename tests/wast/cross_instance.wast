;; Calls between instances: a function always runs in its own instance (its memory, globals,
;; table and functions), whether reached by import or through a shared table; traps cross
;; instance boundaries.

(module $a
  (type $ret_i32 (func (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 0) "\aa")
  (global $ga (mut i32) (i32.const 100))
  (table $shared (export "shared") 4 funcref)
  (func $load0 (export "load0") (result i32) (i32.load8_u (i32.const 0)))
  (func $global (export "global") (result i32) (global.get $ga))
  (func $bump (export "bump") (global.set $ga (i32.add (global.get $ga) (i32.const 1))))
  (func $grow (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func $size (export "size") (result i32) (memory.size))
  (func $trap (export "trap") (result i32) (unreachable))
  ;; Calls slot 1 of the shared table: whatever another instance put there.
  (func $via_slot1 (export "via_slot1") (result i32) (call_indirect $shared (type $ret_i32) (i32.const 1)))
  (elem (table $shared) (i32.const 0) func $load0)
)
(register "a" $a)

(module $b
  (type $ret_i32 (func (result i32)))
  (import "a" "load0" (func $a_load0 (result i32)))
  (import "a" "global" (func $a_global (result i32)))
  (import "a" "bump" (func $a_bump))
  (import "a" "grow" (func $a_grow (result i32)))
  (import "a" "size" (func $a_size (result i32)))
  (import "a" "trap" (func $a_trap (result i32)))
  (import "a" "via_slot1" (func $a_via_slot1 (result i32)))
  (import "a" "shared" (table $shared 4 funcref))
  (memory 1)
  (data (i32.const 0) "\bb")
  (global $gb (mut i32) (i32.const 200))
  (func $mine (result i32) (i32.add (i32.load8_u (i32.const 0)) (global.get $gb)))
  (elem (table $shared) (i32.const 1) func $mine)

  (func (export "call_a_load0") (result i32) (call $a_load0))
  (func (export "own_load0") (result i32) (i32.load8_u (i32.const 0)))
  (func (export "call_a_global_after_bump") (result i32) (call $a_bump) (call $a_global))
  (func (export "indirect_a_load0") (result i32) (call_indirect $shared (type $ret_i32) (i32.const 0)))
  ;; a's function calls back into b's $mine through the table: $mine must see b's memory and global.
  (func (export "round_trip") (result i32) (call $a_via_slot1))
  (func (export "grow_a_then_sizes") (result i32 i32)
    (drop (call $a_grow)) (call $a_size) (memory.size))
  (func (export "trap_in_a") (result i32) (i32.add (i32.const 1) (call $a_trap)))
)

(assert_return (invoke $b "call_a_load0") (i32.const 0xaa))
(assert_return (invoke $b "own_load0") (i32.const 0xbb))
(assert_return (invoke $b "call_a_global_after_bump") (i32.const 101))
(assert_return (invoke $a "global") (i32.const 101))
(assert_return (invoke $b "indirect_a_load0") (i32.const 0xaa))
(assert_return (invoke $b "round_trip") (i32.const 387))  ;; 0xbb + 200
(assert_return (invoke $a "via_slot1") (i32.const 387))
(assert_return (invoke $b "grow_a_then_sizes") (i32.const 2) (i32.const 1))
(assert_trap (invoke $b "trap_in_a") "unreachable")
;; (Exhaustion across instances is in wast_conformance_test.cc: it crashes wabt 1.0.32's interpreter.)
;; Both instances still work after the trap.
(assert_return (invoke $b "call_a_load0") (i32.const 0xaa))
(assert_return (invoke $b "round_trip") (i32.const 387))

;; A module instantiated twice gets two separate instances: separate memories and globals.
(module $counter
  (global $n (mut i32) (i32.const 0))
  (func (export "next") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n))
)
(register "counter1" $counter)
(module $counter2
  (global $n (mut i32) (i32.const 0))
  (func (export "next") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n))
)
(assert_return (invoke $counter "next") (i32.const 1))
(assert_return (invoke $counter "next") (i32.const 2))
(assert_return (invoke $counter2 "next") (i32.const 1))
(module
  (import "counter1" "next" (func $next (result i32)))
  (func (export "next_twice") (result i32) (drop (call $next)) (call $next))
)
(assert_return (invoke "next_twice") (i32.const 4))
(assert_return (invoke $counter "next") (i32.const 5))
