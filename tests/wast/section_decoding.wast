;; wask's section decoder (interp/module_reader.cc) on hand-written binaries: each malformed one
;; with the spec's message (the runners compare only the classification), the validation errors
;; decoding finds, and what decoding must accept. Checked with wabt (check_with_wabt.sh); the
;; cases where wabt 1.0.32 departs from the spec are in tests/interp/module_reader_test.cc.

;; The preamble and section framing.
(assert_malformed (module binary "\00asm\01\00\00") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00" "\7f\00") "malformed section id")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\00") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\04\02\60\00\00")
  "unexpected end of section or function")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\00\00\00")
  "section size mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\01\00" "\01\01\00")
  "unexpected content after last section")
(assert_malformed (module binary "\00asm\01\00\00\00" "\03\01\00" "\01\01\00")
  "unexpected content after last section")

;; LEB128 integers.
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\07\80\80\80\80\80\00\00")
  "integer representation too long")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\06\ff\ff\ff\ff\1f\00")
  "integer too large")
(assert_malformed (module binary "\00asm\01\00\00\00" "\05\04\01\00\ff\ff")
  "unexpected end of section or function")

;; Names.
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\02\07\01\01\ff\00\03\7f\00")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\02\08\01\02\c0\80\00\03\7f\00")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\02\08\01\02\ed\a0\80\03\7f\00")
  "malformed UTF-8 encoding")
(assert_malformed (module binary "\00asm\01\00\00\00" "\00\03\05ab")
  "unexpected end")

;; Kinds and types.
(assert_malformed (module binary "\00asm\01\00\00\00" "\02\04\01\00\00\05")
  "malformed import kind")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\01\40\00")
  "malformed value type")
(assert_malformed (module binary "\00asm\01\00\00\00" "\04\04\01\7f\00\00")
  "malformed reference type")
(assert_malformed (module binary "\00asm\01\00\00\00" "\06\06\01\7f\07\41\00\0b")
  "malformed mutability")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\04\01\61\00\00")
  "malformed functype")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\07\05\01\01f\09\00"
                 "\0a\04\01\02\00\0b")
  "malformed export kind")

;; Counts across sections.
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00")
  "function and code section have inconsistent lengths")
(assert_malformed (module binary "\00asm\01\00\00\00" "\0a\04\01\02\00\0b")
  "function and code section have inconsistent lengths")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\05\03\01\00\01" "\0c\01\02" "\0b\07\01\00\41\00\0b\01\61")
  "data count and data section have inconsistent lengths")

;; Segments and constant expressions.
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\04\04\01\70\00\01" "\09\04\01\08\00\00")
  "malformed elements segment kind")
(assert_malformed (module binary "\00asm\01\00\00\00" "\06\05\01\7f\00\27\0b")
  "illegal opcode")
(assert_invalid (module binary "\00asm\01\00\00\00" "\06\06\01\7f\00\01\0b\0b")
  "constant expression required")
(assert_invalid
  (module binary "\00asm\01\00\00\00" "\04\04\01\70\00\01" "\09\09\01\04\41\00\0b\01\41\00\0b")
  "type mismatch")

;; Accepted: an empty module, zero counts, custom sections anywhere.
(module binary "\00asm\01\00\00\00")
(module binary "\00asm\01\00\00\00" "\00\03\02hi" "\01\01\00" "\00\01\00" "\03\01\00" "\0a\01\00")
