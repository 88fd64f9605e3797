;; A binary operator fused with the instruction just before it, which computed one of its operands
;; (interp/opcodes.def: WASK_SHIFTED_BINARY_OPS, WASK_MUL_BINARY_OPS): values must be those of the
;; unfused pair, in either operand order, with shift counts taken modulo 32 and f64 products
;; rounded before the add (two roundings, never a fused multiply-add).

(module
  ;; A rotate or shift by a constant feeding xor / or: the shifted value on the right, or on the
  ;; left under a local's value.
  (func (export "xor_rotl") (param i32 i32) (result i32) (i32.xor (local.get 0) (i32.rotl (local.get 1) (i32.const 7))))
  (func (export "xor_rotl_l") (param i32 i32) (result i32) (i32.xor (i32.rotl (local.get 1) (i32.const 13)) (local.get 0)))
  (func (export "xor_rotl_39") (param i32 i32) (result i32) (i32.xor (local.get 0) (i32.rotl (local.get 1) (i32.const 39))))
  (func (export "xor_shr_u") (param i32 i32) (result i32) (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 3))))
  (func (export "xor_shr_u_32") (param i32 i32) (result i32) (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 32))))
  (func (export "or_shr_u") (param i32 i32) (result i32) (i32.or (local.get 0) (i32.shr_u (local.get 1) (i32.const 24))))
  (func (export "or_shr_u_l") (param i32 i32) (result i32) (i32.or (i32.shr_u (local.get 1) (i32.const 8)) (local.get 0)))
  ;; sha256's Sigma0: a chain of rotates, each folded into the xor after it.
  (func (export "sigma0") (param i32) (result i32)
    (i32.xor (i32.xor (i32.rotl (local.get 0) (i32.const 30)) (i32.rotl (local.get 0) (i32.const 19)))
             (i32.rotl (local.get 0) (i32.const 10))))
  ;; The shifted operand is the same local the result goes to: the old value is what counts.
  (func (export "into_same_local") (param i32 i32) (result i32)
    (local.set 1 (i32.xor (local.get 0) (i32.shr_u (local.get 1) (i32.const 4))))
    (local.get 1))

  ;; An f64.mul feeding f64.add / sub / mul, on either side.
  (func (export "add_mul") (param f64 f64 f64) (result f64) (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
  (func (export "add_mul_l") (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
  (func (export "sub_mul") (param f64 f64 f64) (result f64) (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
  (func (export "sub_mul_l") (param f64 f64 f64) (result f64) (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
  (func (export "mul_mul") (param f64 f64 f64) (result f64) (f64.mul (local.get 0) (f64.mul (local.get 1) (local.get 2))))
  (func (export "mul_mul_l") (param f64 f64 f64) (result f64) (f64.mul (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
  ;; Two products: the second is fused into the operator, the first stays an operand.
  (func (export "two_products") (param f64 f64 f64 f64) (result f64)
    (f64.sub (f64.mul (local.get 0) (local.get 1)) (f64.mul (local.get 2) (local.get 3))))
  ;; A product of a product (nbody's dx * mass * mag), then stored into a local and reused.
  (func (export "chain") (param f64 f64 f64 f64) (result f64) (local f64)
    (local.set 4 (f64.sub (local.get 3) (f64.mul (f64.mul (local.get 0) (local.get 1)) (local.get 2))))
    (f64.add (local.get 4) (local.get 4)))
  ;; A block between the product and its consumer: a label, so no fusion; the same value.
  (func (export "across_block") (param f64 f64 f64) (result f64)
    (f64.add (local.get 0) (block (result f64) (f64.mul (local.get 1) (local.get 2)))))
)

(assert_return (invoke "xor_rotl" (i32.const 0x0f0f0f0f) (i32.const 0x80000001)) (i32.const 0x0f0f0fcf))
(assert_return (invoke "xor_rotl_l" (i32.const 0x0000ffff) (i32.const 0x00080001)) (i32.const 0x0000dffe))
(assert_return (invoke "xor_rotl_39" (i32.const 0) (i32.const 0x80000001)) (i32.const 0xc0))
(assert_return (invoke "xor_shr_u" (i32.const 1) (i32.const 0xfffffff8)) (i32.const 0x1ffffffe))
(assert_return (invoke "xor_shr_u_32" (i32.const 0x0f) (i32.const 0xf0)) (i32.const 0xff))
(assert_return (invoke "or_shr_u" (i32.const 0x100) (i32.const 0xab000000)) (i32.const 0x1ab))
(assert_return (invoke "or_shr_u_l" (i32.const 0xff000000) (i32.const 0x1234)) (i32.const 0xff000012))
(assert_return (invoke "sigma0" (i32.const 0x6a09e667)) (i32.const 0xce20b47e))
(assert_return (invoke "sigma0" (i32.const 0)) (i32.const 0))
(assert_return (invoke "into_same_local" (i32.const 0x1) (i32.const 0xf0)) (i32.const 0xe))

;; 1 + 2^-30 times 1 - 2^-30 is 1 - 2^-60, which rounds to 1: unfused, a + x*y with a = -1 is 0
;; (a fused multiply-add would give -2^-60).
(assert_return (invoke "add_mul" (f64.const -1) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))
(assert_return (invoke "add_mul_l" (f64.const -1) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))
(assert_return (invoke "sub_mul" (f64.const 1) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))
(assert_return (invoke "sub_mul_l" (f64.const 1) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))
(assert_return (invoke "add_mul" (f64.const 0.5) (f64.const 3) (f64.const 4)) (f64.const 12.5))
(assert_return (invoke "sub_mul" (f64.const 0.5) (f64.const 3) (f64.const 4)) (f64.const -11.5))
(assert_return (invoke "sub_mul_l" (f64.const 0.5) (f64.const 3) (f64.const 4)) (f64.const 11.5))
(assert_return (invoke "mul_mul" (f64.const 0.5) (f64.const 3) (f64.const 4)) (f64.const 6))
(assert_return (invoke "mul_mul_l" (f64.const 0x1p-1000) (f64.const 0x1p+1000) (f64.const 0x1p+1000)) (f64.const inf))
(assert_return (invoke "mul_mul" (f64.const 0x1p+1000) (f64.const 0x1p+1000) (f64.const 0x1p-1000)) (f64.const 0x1p+1000))
(assert_return (invoke "sub_mul" (f64.const -0) (f64.const 0) (f64.const 1)) (f64.const -0))
(assert_return (invoke "add_mul" (f64.const -0) (f64.const -0) (f64.const 1)) (f64.const -0))
(assert_return (invoke "add_mul" (f64.const inf) (f64.const inf) (f64.const -1)) (f64.const nan:canonical))
(assert_return (invoke "add_mul" (f64.const 1) (f64.const 0) (f64.const inf)) (f64.const nan:canonical))
(assert_return (invoke "sub_mul_l" (f64.const nan:0x4) (f64.const 2) (f64.const 3)) (f64.const nan:arithmetic))
(assert_return (invoke "mul_mul" (f64.const 2) (f64.const nan) (f64.const 3)) (f64.const nan:canonical))
(assert_return (invoke "two_products" (f64.const 3) (f64.const 5) (f64.const 2) (f64.const 7)) (f64.const 1))
(assert_return (invoke "chain" (f64.const 2) (f64.const 3) (f64.const 4) (f64.const 30)) (f64.const 12))
(assert_return (invoke "across_block" (f64.const -1) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))

;; x[i] += a * b (the f64.add_mul_load family): a product, the load of the other addend, their sum
;; stored back where it was loaded. The product is rounded before the add; a load out of bounds
;; traps before anything is stored (the product's load, for b[j] in memory, first).
(module
  (memory 1)
  (data (i32.const 65528) "\00\00\00\00\00\00\04\40")  ;; the f64 2.5 in the last 8 bytes
  (func (export "add_mul_load") (param f64 f64 i32) (result f64)
    (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load (local.get 2))))
  (func (export "add_mul_load_store") (param f64 f64 i32) (result f64)
    (f64.store offset=8 (local.get 2)
      (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load offset=8 (local.get 2))))
    (f64.load offset=8 (local.get 2)))
  (func (export "add_mul_load_load") (param f64 i32 i32) (result f64)
    (f64.add (f64.mul (local.get 0) (f64.load (local.get 1))) (f64.load (local.get 2))))
  (func (export "add_mul_load_load_store") (param f64 i32 i32) (result f64)
    (f64.store (local.get 2)
      (f64.add (f64.mul (local.get 0) (f64.load offset=8 (local.get 1))) (f64.load (local.get 2))))
    (f64.load (local.get 2)))
  ;; b[j + 1]: the product's load through an i32.add of a constant (which wraps at 2^32 before the
  ;; static offset, which does not).
  (func (export "add_mul_load_add_imm_store") (param f64 i32 i32) (result f64)
    (f64.store (local.get 2)
      (f64.add (f64.mul (local.get 0) (f64.load offset=8 (i32.add (local.get 1) (i32.const 8))))
               (f64.load (local.get 2))))
    (f64.load (local.get 2)))
  (func (export "add_mul_load_add_imm") (param f64 i32 i32) (result f64)
    (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 1) (i32.const -16))))
             (f64.load (local.get 2))))
  ;; Stored elsewhere than loaded: not the stored form, the same values.
  (func (export "store_elsewhere") (param f64 f64 i32) (result f64)
    (f64.store offset=8 (local.get 2)
      (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load (local.get 2))))
    (f64.load offset=8 (local.get 2)))
  (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result f64) (f64.load (local.get 0)))
)

(assert_return (invoke "add_mul_load" (f64.const 3) (f64.const 4) (i32.const 65528)) (f64.const 14.5))
(assert_trap (invoke "add_mul_load" (f64.const 3) (f64.const 4) (i32.const 65529)) "out of bounds memory access")
(assert_return (invoke "add_mul_load_store" (f64.const 2) (f64.const 0.25) (i32.const 65520)) (f64.const 3))
(assert_return (invoke "get" (i32.const 65528)) (f64.const 3))
(assert_trap (invoke "add_mul_load_store" (f64.const 2) (f64.const 0.25) (i32.const 65521)) "out of bounds memory access")
(assert_trap (invoke "add_mul_load_store" (f64.const 2) (f64.const 0.25) (i32.const -8)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65528)) (f64.const 3))
;; 1 + 2^-30 times 1 - 2^-30 rounds to 1 before -1 is added.
(invoke "set" (i32.const 8) (f64.const -1))
(assert_return (invoke "add_mul_load_store" (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1) (i32.const 0)) (f64.const 0))
(invoke "set" (i32.const 16) (f64.const 0x1.fffffff8p-1))
(invoke "set" (i32.const 32) (f64.const -1))
(assert_return (invoke "add_mul_load_load" (f64.const 0x1.00000004p+0) (i32.const 16) (i32.const 32)) (f64.const 0))
(assert_return (invoke "add_mul_load_load_store" (f64.const 0x1.00000004p+0) (i32.const 8) (i32.const 32)) (f64.const 0))
(assert_return (invoke "get" (i32.const 32)) (f64.const 0))
(assert_return (invoke "add_mul_load_load_store" (f64.const 4) (i32.const 65520) (i32.const 32)) (f64.const 12))
(assert_return (invoke "add_mul_load_load_store" (f64.const 4) (i32.const 65520) (i32.const 65528)) (f64.const 15))
(assert_return (invoke "add_mul_load_load" (f64.const 2) (i32.const 65528) (i32.const 65528)) (f64.const 45))
;; The product's load out of bounds: nothing stored at the sum's address.
(assert_trap (invoke "add_mul_load_load_store" (f64.const 4) (i32.const 65521) (i32.const 32)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 32)) (f64.const 12))
(assert_trap (invoke "add_mul_load_load_store" (f64.const 4) (i32.const 0) (i32.const 65529)) "out of bounds memory access")
(assert_trap (invoke "add_mul_load_load" (f64.const 4) (i32.const 65536) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "add_mul_load_load" (f64.const 1) (i32.const 32) (i32.const 32)) (f64.const 24))
(assert_return (invoke "add_mul_load_load" (f64.const nan) (i32.const 32) (i32.const 32)) (f64.const nan:canonical))
(assert_return (invoke "store_elsewhere" (f64.const 2) (f64.const 3) (i32.const 32)) (f64.const 18))
(assert_return (invoke "get" (i32.const 32)) (f64.const 12))
(assert_return (invoke "get" (i32.const 40)) (f64.const 18))
;; The product's load through an added constant: wrapping, offsets, traps before the store.
(invoke "set" (i32.const 48) (f64.const 1))
(invoke "set" (i32.const 8) (f64.const 0.5))
(assert_return (invoke "add_mul_load_add_imm_store" (f64.const 4) (i32.const -8) (i32.const 48)) (f64.const 3))
(assert_return (invoke "add_mul_load_add_imm_store" (f64.const 2) (i32.const 32) (i32.const 48)) (f64.const 9))
(assert_trap (invoke "add_mul_load_add_imm_store" (f64.const 2) (i32.const -16) (i32.const 48)) "out of bounds memory access")
(assert_trap (invoke "add_mul_load_add_imm_store" (f64.const 2) (i32.const 65513) (i32.const 48)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 48)) (f64.const 9))
(assert_return (invoke "add_mul_load_add_imm" (f64.const 2) (i32.const 24) (i32.const 48)) (f64.const 10))
(assert_return (invoke "add_mul_load_add_imm" (f64.const 2) (i32.const 65544) (i32.const 48)) (f64.const 39))
(assert_trap (invoke "add_mul_load_add_imm" (f64.const 2) (i32.const 65545) (i32.const 48)) "out of bounds memory access")
(assert_trap (invoke "add_mul_load_add_imm" (f64.const 2) (i32.const 0) (i32.const 48)) "out of bounds memory access")

;; x[i] -= a * b (* c) with x[i] loaded first (n-body's velocity update; fusing the load, the
;; subtract and the store around the product measured slower, so it is not): values, and a load out
;; of bounds traps before anything is stored.
(module
  (memory 1)
  (func (export "sub_product") (param i32 f64 f64) (result f64)
    (f64.store offset=8 (local.get 0)
      (f64.sub (f64.load offset=8 (local.get 0)) (f64.mul (local.get 1) (local.get 2))))
    (f64.load offset=8 (local.get 0)))
  (func (export "sub_product3") (param i32 f64 f64 f64) (result f64)
    (f64.store (local.get 0)
      (f64.sub (f64.load (local.get 0)) (f64.mul (f64.mul (local.get 1) (local.get 2)) (local.get 3))))
    (f64.load (local.get 0)))
  ;; The loaded value also feeds the product (through a local): the same values.
  (func (export "sub_own_product") (param i32 f64) (result f64) (local f64)
    (f64.store (local.get 0)
      (f64.sub (local.tee 2 (f64.load (local.get 0))) (f64.mul (local.get 2) (local.get 1))))
    (f64.load (local.get 0)))
  ;; Stored elsewhere than loaded: not fused, the same values.
  (func (export "sub_product_elsewhere") (param i32 f64 f64) (result f64)
    (f64.store offset=8 (local.get 0)
      (f64.sub (f64.load (local.get 0)) (f64.mul (local.get 1) (local.get 2))))
    (f64.load offset=8 (local.get 0)))
  (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result f64) (f64.load (local.get 0)))
)

(invoke "set" (i32.const 8) (f64.const 10))
(assert_return (invoke "sub_product" (i32.const 0) (f64.const 2) (f64.const 3)) (f64.const 4))
(assert_return (invoke "get" (i32.const 8)) (f64.const 4))
(invoke "set" (i32.const 65528) (f64.const 1))
(assert_return (invoke "sub_product" (i32.const 65520) (f64.const 0x1.00000004p+0) (f64.const 0x1.fffffff8p-1)) (f64.const 0))
(assert_trap (invoke "sub_product" (i32.const 65521) (f64.const 1) (f64.const 1)) "out of bounds memory access")
(assert_trap (invoke "sub_product" (i32.const -8) (f64.const 1) (f64.const 1)) "out of bounds memory access")
(assert_return (invoke "get" (i32.const 0)) (f64.const 0))
(invoke "set" (i32.const 16) (f64.const 1))
(assert_return (invoke "sub_product3" (i32.const 16) (f64.const 0x1p+1000) (f64.const 0x1p+1000) (f64.const 0x1p-1000)) (f64.const -inf))
(invoke "set" (i32.const 16) (f64.const 100))
(assert_return (invoke "sub_product3" (i32.const 16) (f64.const 2) (f64.const 3) (f64.const 4)) (f64.const 76))
(assert_return (invoke "sub_product3" (i32.const 16) (f64.const nan) (f64.const 3) (f64.const 4)) (f64.const nan:canonical))
(assert_trap (invoke "sub_product3" (i32.const 65529) (f64.const 1) (f64.const 1) (f64.const 1)) "out of bounds memory access")
(invoke "set" (i32.const 32) (f64.const 8))
(assert_return (invoke "sub_own_product" (i32.const 32) (f64.const 0.5)) (f64.const 4))
(assert_return (invoke "sub_product_elsewhere" (i32.const 32) (f64.const 1) (f64.const 1)) (f64.const 3))
(assert_return (invoke "get" (i32.const 32)) (f64.const 4))
