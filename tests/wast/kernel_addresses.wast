;; x[i] += a * y[j] with its address adds folded in (interp/opcodes.def: WASK_KERNEL_ADDR_OPS):
;; the `i32.add_pair` of both addresses (tee'd into locals) before the first element's kernel,
;; the `i32.add_imm` of the store's address (tee'd) before the second's, as in matmul's inner
;; loop. The locals must hold the adds' values afterwards, the adds wrap modulo 2^32 (the static
;; offsets do not), the product's load is checked before the sum's and nothing is stored when
;; either is out of bounds; an add that reads the other's local sees its new value. "rows" is one
;; `_pair2_adjacent` per iteration, "rows_offset" one `_pair2`, "chain2" a `_pair` and an `_imm`.

(module
  (memory 1)
  (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result f64) (f64.load (local.get 0)))
  ;; c[j] += a * b[j], two elements per iteration, from j0 until j == n; returns p * 65536 + q.
  (func (export "rows") (param $c i32) (param $b i32) (param $a f64) (param $j i32) (param $n i32)
    (result i32) (local $p i32) (local $q i32)
    (loop $l
      (f64.store (local.tee $p (i32.add (local.get $c) (local.get $j)))
        (f64.add (f64.mul (local.get $a) (f64.load (local.tee $q (i32.add (local.get $b) (local.get $j)))))
                 (f64.load (local.get $p))))
      (f64.store (local.tee $p (i32.add (local.get $p) (i32.const 8)))
        (f64.add (f64.mul (local.get $a) (f64.load (i32.add (local.get $q) (i32.const 8))))
                 (f64.load (local.get $p))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $n))))
    (i32.add (i32.mul (local.get $p) (i32.const 65536)) (local.get $q)))
  ;; The same with static offsets on the loads and stores.
  (func (export "rows_offset") (param $c i32) (param $j i32) (param $b i32) (param $a f64) (result i32)
    (local $p i32) (local $q i32)
    (f64.store offset=16 (local.tee $p (i32.add (local.get $c) (local.get $j)))
      (f64.add (f64.mul (local.get $a) (f64.load offset=24 (local.tee $q (i32.add (local.get $b) (local.get $j)))))
               (f64.load offset=16 (local.get $p))))
    (f64.store offset=16 (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.add (f64.mul (local.get $a) (f64.load offset=24 (i32.add (local.get $q) (i32.const 8))))
               (f64.load offset=16 (local.get $p))))
    (i32.add (i32.mul (local.get $p) (i32.const 65536)) (local.get $q)))
  ;; The second add reads the first's local: it sees the sum (b[c + j + j]).
  (func (export "chain") (param $c i32) (param $j i32) (param $a f64) (result i32)
    (local $p i32) (local $q i32)
    (f64.store (local.tee $p (i32.add (local.get $c) (local.get $j)))
      (f64.add (f64.mul (local.get $a) (f64.load (local.tee $q (i32.add (local.get $p) (local.get $j)))))
               (f64.load (local.get $p))))
    (i32.add (i32.mul (local.get $p) (i32.const 65536)) (local.get $q)))
  ;; The same, then the next element (p += 8, q + 8): not one instruction (the second add reads
  ;; the first's local), the same values.
  (func (export "chain2") (param $c i32) (param $j i32) (param $a f64) (result i32)
    (local $p i32) (local $q i32)
    (f64.store (local.tee $p (i32.add (local.get $c) (local.get $j)))
      (f64.add (f64.mul (local.get $a) (f64.load (local.tee $q (i32.add (local.get $p) (local.get $j)))))
               (f64.load (local.get $p))))
    (f64.store (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.add (f64.mul (local.get $a) (f64.load (i32.add (local.get $q) (i32.const 8))))
               (f64.load (local.get $p))))
    (i32.add (i32.mul (local.get $p) (i32.const 65536)) (local.get $q)))
  ;; Both adds into one local: the product's load and the store use their own values.
  (func (export "same_local") (param $c i32) (param $b i32) (param $z i32) (param $a f64) (result i32)
    (local $p i32)
    (f64.store (local.tee $p (i32.add (local.get $c) (local.get $z)))
      (f64.add (f64.mul (local.get $a) (f64.load (local.tee $p (i32.add (local.get $b) (local.get $z)))))
               (f64.load (local.get $p))))
    (local.get $p))
  ;; The store's address add alone (p += 8), the product's load through its own local + 8.
  (func (export "step") (param $p i32) (param $q i32) (param $a f64) (result i32)
    (f64.store (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.add (f64.mul (local.get $a) (f64.load (i32.add (local.get $q) (i32.const 8))))
               (f64.load (local.get $p))))
    (local.get $p))
  (func (export "step_offset") (param $p i32) (param $q i32) (param $a f64) (result i32)
    (f64.store offset=8 (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.add (f64.mul (local.get $a) (f64.load offset=16 (i32.add (local.get $q) (i32.const -8))))
               (f64.load offset=8 (local.get $p))))
    (local.get $p))
  ;; The product's load through the stepped local itself: it sees the new value.
  (func (export "step_self") (param $p i32) (param $a f64) (result i32)
    (f64.store (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.add (f64.mul (local.get $a) (f64.load (i32.add (local.get $p) (i32.const 8))))
               (f64.load (local.get $p))))
    (local.get $p))
)

;; b = 1, 2, 3, 4 at 1024, c = 10, 20, 30, 40 at 2048.
(invoke "set" (i32.const 1024) (f64.const 1))
(invoke "set" (i32.const 1032) (f64.const 2))
(invoke "set" (i32.const 1040) (f64.const 3))
(invoke "set" (i32.const 1048) (f64.const 4))
(invoke "set" (i32.const 2048) (f64.const 10))
(invoke "set" (i32.const 2056) (f64.const 20))
(invoke "set" (i32.const 2064) (f64.const 30))
(invoke "set" (i32.const 2072) (f64.const 40))
;; Two iterations: p = 2048 + 16 + 8, q = 1024 + 16.
(assert_return (invoke "rows" (i32.const 2048) (i32.const 1024) (f64.const 0.5) (i32.const 0) (i32.const 32))
  (i32.const 0x8180410))
(assert_return (invoke "get" (i32.const 2048)) (f64.const 10.5))
(assert_return (invoke "get" (i32.const 2056)) (f64.const 21))
(assert_return (invoke "get" (i32.const 2064)) (f64.const 31.5))
(assert_return (invoke "get" (i32.const 2072)) (f64.const 42))
;; 1 + 2^-30 times 1 - 2^-30 rounds to 1 before -1 is added (no fma).
(invoke "set" (i32.const 1024) (f64.const 0x1.fffffff8p-1))
(invoke "set" (i32.const 2048) (f64.const -1))
(assert_return (invoke "rows" (i32.const 2048) (i32.const 1024) (f64.const 0x1.00000004p+0) (i32.const 0) (i32.const 16))
  (i32.const 0x8080400))
(assert_return (invoke "get" (i32.const 2048)) (f64.const 0))
;; The element addresses wrap: c = -16 and j = 16 are 0, b = -8 and j = 16 are 8 (the first
;; element's sum at 0 reads b's element at 8 before the second's sum is stored there).
(invoke "set" (i32.const 0) (f64.const 1))
(invoke "set" (i32.const 8) (f64.const 2))
(invoke "set" (i32.const 16) (f64.const 3))
(assert_return (invoke "rows" (i32.const -16) (i32.const -8) (f64.const 2) (i32.const 16) (i32.const 32))
  (i32.const 0x80008))
(assert_return (invoke "get" (i32.const 0)) (f64.const 5))
(assert_return (invoke "get" (i32.const 8)) (f64.const 8))
;; The sum's element at the end of memory: both fit, then the next iteration's first is out.
(invoke "set" (i32.const 1008) (f64.const 3))
(invoke "set" (i32.const 1016) (f64.const 4))
(invoke "set" (i32.const 65520) (f64.const 1))
(invoke "set" (i32.const 65528) (f64.const 2))
(assert_return (invoke "rows" (i32.const 65520) (i32.const 1008) (f64.const 1) (i32.const 0) (i32.const 16))
  (i32.const 0xfff803f0))
(assert_return (invoke "get" (i32.const 65520)) (f64.const 4))
(assert_return (invoke "get" (i32.const 65528)) (f64.const 6))
(assert_trap (invoke "rows" (i32.const 65520) (i32.const 1008) (f64.const 1) (i32.const 0) (i32.const 32))
  "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65520)) (f64.const 7))
(assert_return (invoke "get" (i32.const 65528)) (f64.const 10))
;; The second element's sum out of bounds: the first one stored (10 + 3 at 65528).
(assert_trap (invoke "rows" (i32.const 65528) (i32.const 1008) (f64.const 1) (i32.const 0) (i32.const 16))
  "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65528)) (f64.const 13))
;; The first element's sum out of bounds by one byte: nothing stored.
(assert_trap (invoke "rows" (i32.const 65529) (i32.const 1008) (f64.const 1) (i32.const 0) (i32.const 16))
  "out of bounds memory access")
;; The product's first load out of bounds (the sum's in bounds): nothing stored.
(assert_trap (invoke "rows" (i32.const 1008) (i32.const 65529) (f64.const 1) (i32.const 0) (i32.const 16))
  "out of bounds memory access")
(assert_return (invoke "get" (i32.const 1008)) (f64.const 3))
;; The product's second load out of bounds: the first element stored (3 + 13), not the second.
(assert_trap (invoke "rows" (i32.const 1008) (i32.const 65528) (f64.const 1) (i32.const 0) (i32.const 16))
  "out of bounds memory access")
(assert_return (invoke "get" (i32.const 1008)) (f64.const 16))
(assert_return (invoke "get" (i32.const 1016)) (f64.const 4))
;; Static offsets: p = 4096 (then + 8), q = 8192; loads at q + 24 and q + 32, sums at p + 16.
(invoke "set" (i32.const 8216) (f64.const 3))
(invoke "set" (i32.const 8224) (f64.const 5))
(invoke "set" (i32.const 4112) (f64.const 1))
(invoke "set" (i32.const 4120) (f64.const 1))
(assert_return (invoke "rows_offset" (i32.const 4096) (i32.const 0) (i32.const 8192) (f64.const 2)) (i32.const 0x10082000))
(assert_return (invoke "get" (i32.const 4112)) (f64.const 7))
(assert_return (invoke "get" (i32.const 4120)) (f64.const 11))
;; The offsets do not wrap: a sum at 65520 + 16 is out of bounds, nothing stored.
(assert_trap (invoke "rows_offset" (i32.const 65500) (i32.const 20) (i32.const 0) (f64.const 2)) "out of bounds memory access")
(assert_trap (invoke "rows_offset" (i32.const -16) (i32.const 0) (i32.const 0) (f64.const 2)) "out of bounds memory access")
;; The product's load past the end (q + 24 + 8 > 65536): nothing stored at p + 16.
(assert_trap (invoke "rows_offset" (i32.const 0) (i32.const 8) (i32.const 65497) (f64.const 2)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 24)) (f64.const 0))
;; q = p + j: c = 2048, j = 8: p = 2056, q = 2064.
(invoke "set" (i32.const 2056) (f64.const 21))
(invoke "set" (i32.const 2064) (f64.const 31.5))
(assert_return (invoke "chain" (i32.const 2048) (i32.const 8) (f64.const 2)) (i32.const 0x8080810))
(assert_return (invoke "get" (i32.const 2056)) (f64.const 84))
;; chain2: p = 2056 then 2064, q = 2064: 84 + 2 * 31.5, then 31.5 + 2 * 4 (at 2072, 40 + 2).
(invoke "set" (i32.const 2072) (f64.const 4))
(assert_return (invoke "chain2" (i32.const 2048) (i32.const 8) (f64.const 2)) (i32.const 0x8100810))
(assert_return (invoke "get" (i32.const 2056)) (f64.const 147))
(assert_return (invoke "get" (i32.const 2064)) (f64.const 39.5))
;; p = b: the load and the sum at b's element, stored at c's.
(invoke "set" (i32.const 3000) (f64.const 5))
(invoke "set" (i32.const 3008) (f64.const 7))
(assert_return (invoke "same_local" (i32.const 3000) (i32.const 3008) (i32.const 0) (f64.const 2)) (i32.const 3008))
(assert_return (invoke "get" (i32.const 3000)) (f64.const 21))
(assert_return (invoke "get" (i32.const 3008)) (f64.const 7))
;; p += 8: the sum at 3008, the product's load at q + 8.
(assert_return (invoke "step" (i32.const 3000) (i32.const 2992) (f64.const 3)) (i32.const 3008))
(assert_return (invoke "get" (i32.const 3008)) (f64.const 70))
;; p = -8 wraps to 0, q = -8 wraps to 0 (5 there).
(assert_return (invoke "step" (i32.const -8) (i32.const -8) (f64.const 1)) (i32.const 0))
(assert_return (invoke "get" (i32.const 0)) (f64.const 10))
;; The last element: 13 + 8 (at 8).
(assert_return (invoke "step" (i32.const 65520) (i32.const 0) (f64.const 1)) (i32.const 65528))
(assert_return (invoke "get" (i32.const 65528)) (f64.const 21))
(assert_trap (invoke "step" (i32.const 65521) (i32.const 0) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "step" (i32.const 0) (i32.const 65521) (f64.const 1)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 8)) (f64.const 8))
;; Offsets: the sum at p + 8 + 8, the load at (q - 8) + 16 (the add wraps, the offset does not).
(assert_return (invoke "step_offset" (i32.const 3000) (i32.const 3000) (f64.const 1)) (i32.const 3008))
(assert_return (invoke "get" (i32.const 3016)) (f64.const 70))
(assert_return (invoke "step_offset" (i32.const -8) (i32.const 8) (f64.const 1)) (i32.const 0))
(assert_trap (invoke "step_offset" (i32.const -16) (i32.const 8) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "step_offset" (i32.const 65513) (i32.const 8) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "step_offset" (i32.const 0) (i32.const 0) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "step_offset" (i32.const 0) (i32.const 65521) (f64.const 1)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 8)) (f64.const 11))
(assert_return (invoke "get" (i32.const 16)) (f64.const 3))
;; The load at the new p + 8: p = 3000 -> 3008, 70 + 2 * 70 (at 3016).
(assert_return (invoke "step_self" (i32.const 3000) (f64.const 2)) (i32.const 3008))
(assert_return (invoke "get" (i32.const 3008)) (f64.const 210))
(assert_trap (invoke "step_self" (i32.const 65520) (f64.const 2)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65520)) (f64.const 7))
