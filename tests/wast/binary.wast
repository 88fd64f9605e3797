;; The binary format: well-formed modules given as bytes, and malformed ones that must be rejected
;; while decoding (bad magic or version, truncated sections, bad LEB128s, inconsistent counts, ...).

;; Well-formed: the empty module, custom sections anywhere, a function given byte by byte.
(module binary "\00asm" "\01\00\00\00")
(module binary "\00asm" "\01\00\00\00"
  "\00\05\04name"                        ;; an empty custom section named "name"
  "\00\08\03abc" "xyzw"                  ;; custom section "abc" with 4 payload bytes
)
(module binary "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"                ;; type 0: [] -> [i32]
  "\00\02\01x"                           ;; a custom section between standard ones
  "\03\02\01\00"                         ;; func 0 : type 0
  "\07\05\01\01f\00\00"                  ;; export "f" = func 0
  "\0a\07\01\05\00\41\2a\0f\0b"          ;; code: i32.const 42, return, end
  "\00\03\01y\00"                        ;; a trailing custom section
)
(assert_return (invoke "f") (i32.const 42))
;; Non-minimal (padded) LEB128s are allowed up to their maximum length.
(module binary "\00asm" "\01\00\00\00"
  "\01\85\80\80\80\00\01\60\00\01\7f"     ;; section size 5 written in 5 bytes
  "\03\02\01\00"
  "\07\05\01\01g\00\00"
  "\0a\0a\01\08\00\41\ff\ff\ff\ff\07\0b"   ;; i32.const 0x7fffffff in 5 bytes
)
(assert_return (invoke "g") (i32.const 0x7fffffff))
(module binary "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"
  "\03\02\01\00"
  "\07\05\01\01h\00\00"
  "\0a\0a\01\08\00\41\80\80\80\80\78\0b"   ;; i32.const 0x80000000 in 5 bytes
)
(assert_return (invoke "h") (i32.const 0x80000000))

;; Header.
(assert_malformed (module binary "") "unexpected end")
(assert_malformed (module binary "\00asm") "unexpected end")
(assert_malformed (module binary "\00as") "unexpected end")
(assert_malformed (module binary "\00asm\01") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00") "unexpected end")
(assert_malformed (module binary "asm\00\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00ASM\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00wasm\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\7fELF\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00asm\00\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm\00\00\00\01") "unknown binary version")
(assert_malformed (module binary "\00asm\0d\00\01\00") "unknown binary version")

;; Sections: unknown ids, sizes past the end, trailing bytes, wrong order, duplicates.
(assert_malformed (module binary "\00asm\01\00\00\00" "\0e\01\00") "malformed section id")
(assert_malformed (module binary "\00asm\01\00\00\00" "\7f\01\00") "malformed section id")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\00") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\02\01\60\00\00") "section size mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\00\00\00") "section size mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00" "\00") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00" "\00\05\0aname") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\03\02\01\00" "\01\04\01\60\00\00") "unexpected content after last section")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\01\04\01\60\00\00") "unexpected content after last section")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\03\01\00\01" "\05\03\01\00\01") "unexpected content after last section")

;; LEB128: too long, and unused bits that are not a sign/zero extension.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\08\01\00\82\80\80\80\80\00") "integer representation too long")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\07\01\00\82\80\80\80\70") "integer too large")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\07\01\00\82\80\80\80\10") "integer too large")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\03\01\00\82") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\05\01\60\00\01\7f" "\03\02\01\00"
  "\0a\0c\01\0a\00\41\80\80\80\80\80\00\1a\0b") "integer representation too long")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0b\01\09\00\41\80\80\80\80\70\1a\0b") "integer too large")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0b\01\09\00\41\ff\ff\ff\ff\0f\1a\0b") "integer too large")

;; Types and values.
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\04\01\61\00\00") "integer representation too long")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\01\7a\00") "malformed value type")
(assert_malformed (module binary "\00asm\01\00\00\00" "\01\05\01\60\00\01\40") "malformed value type")

;; Functions and code: counts must agree, bodies must end with `end` at their size.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00") "function and code section have inconsistent lengths")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\0a\04\01\02\00\0b") "function and code section have inconsistent lengths")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\03\02\00\00" "\0a\04\01\02\00\0b") "function and code section have inconsistent lengths")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\04\01\02\00\01") "END opcode expected")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\05\01\02\00\0b\0b") "section size mismatch")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\04\01\05\00\0b") "unexpected end")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\05\01\03\00\ff\0b") "illegal opcode")
;; (0x06 is the legacy `try` of exception handling, which wask decodes; 0x27 is unassigned.)
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\05\01\03\00\27\0b") "illegal opcode")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\0a\06\01\04\00\fc\12\0b") "illegal opcode")
;; Too many locals: 2^32 - 1 in one group, plus one more.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0c\01\0a\02\ff\ff\ff\ff\0f\7f\02\7e\0b") "too many locals")

;; Data: the data count section must agree with the data section.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\05\03\01\00\01" "\0c\01\02" "\0b\07\01\00\41\00\0b\01\61") "data count and data section have inconsistent lengths")
;; (Not here: a data count of 1 with no data section at all is malformed per the spec, but wabt
;; 1.0.32 accepts it, and every file must pass wabt.)
;; Using memory.init or data.drop needs the data count section.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\01"
  "\0a\07\01\05\00\fc\09\00\0b"
  "\0b\04\01\01\01\61") "data count section required")

;; Names must be valid UTF-8.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\02\0b\01\01\80\04func\00\00") "malformed UTF-8 encoding")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\00\02\01\ff") "malformed UTF-8 encoding")

;; Import and export kinds.
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\02\07\01\01m\01f\04\00") "malformed import kind")
(assert_malformed (module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00" "\07\05\01\01f\05\00" "\0a\04\01\02\00\0b") "malformed export kind")

;; Limits and mutability flags.
(assert_malformed (module binary "\00asm\01\00\00\00" "\05\03\01\02\00") "integer too large")
(assert_malformed (module binary "\00asm\01\00\00\00" "\06\06\01\7f\02\41\00\0b") "malformed mutability")
