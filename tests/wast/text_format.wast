;; The text format: literal syntax that parses, and malformed quoted modules (bad
;; tokens, out-of-range constants, unknown operators, misplaced fields).

;; (Quoted modules outside an assertion crash wabt 1.0.32's wast2json, so the well-formed cases
;; are plain modules.)
(module
  (func (export "f") (result i32)
    i32.const 0x7fff_ffff
    i32.const -0x8000_0000
    i32.sub)
  (func (export "g") (result f64) f64.const 0x1.8p+1)
  (func (export "h") (result i64) (i64.const 18_446_744_073_709_551_615))
  (func (export "nan") (result f32) (f32.const -nan:0x1))
  (func (export "underscored") (result f64) (f64.const 1_000.000_1e-0_3))
)
(assert_return (invoke "f") (i32.const -1))
(assert_return (invoke "g") (f64.const 3))
(assert_return (invoke "h") (i64.const -1))
(assert_return (invoke "nan") (f32.const -nan:0x1))
(assert_return (invoke "underscored") (f64.const 1.0000001))

(assert_malformed (module quote "(func (i32.const 0x1_0000_0000) drop)") "constant out of range")
(assert_malformed (module quote "(func (i32.const -0x8000_0001) drop)") "constant out of range")
(assert_malformed (module quote "(func (i64.const 0x1_0000_0000_0000_0000) drop)") "constant out of range")
(assert_malformed (module quote "(func (f32.const 0x1p128) drop)") "constant out of range")
(assert_malformed (module quote "(func (f32.const nan:0x80_0000) drop)") "constant out of range")
(assert_malformed (module quote "(func (f32.const nan:0x0) drop)") "constant out of range")
(assert_malformed (module quote "(func (i32.const 1__0) drop)") "unknown operator")
(assert_malformed (module quote "(func (i32.const 0x) drop)") "unknown operator")
(assert_malformed (module quote "(func i32.frobnicate)") "unknown operator")
(assert_malformed (module quote "(func (result i32) (i32.const 0) (i32.const 0) i32.add_s)") "unknown operator")
(assert_malformed (module quote "(func (local.get $missing))") "unknown local")
(assert_malformed (module quote "(func (br $missing))") "unknown label")
(assert_malformed (module quote "(func $f) (func $f)") "duplicate func")
(assert_malformed (module quote "(func (param $x i32) (param $x i32))") "duplicate local")
(assert_malformed (module quote "(memory 1) (func (drop (i32.load align=3 (i32.const 0))))") "alignment")
(assert_malformed (module quote "(func) (import \"m\" \"f\" (func))") "import after function")
(assert_malformed (module quote "(func (i32.const 0)") "unexpected end")
(assert_malformed (module quote "(func \"name\")") "unexpected token")
(assert_malformed (module quote "(data \"\\g\")") "unknown escape")
