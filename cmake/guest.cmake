# Guest programs: C compiled to wasm32-wasi with clang against Debian's wasi-libc.
#
#   wask_add_guest(NAME SOURCES a.c [b.c] [FLAGS ...] [LINK_FLAGS ...] [OUTPUT_DIR dir] [TARGET t])
#
# produces ${OUTPUT_DIR}/NAME.wasm (default: ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm) and a target
# `guest_NAME` (or TARGET) that builds it. The variable WASK_GUEST_<NAME> is set in the caller's scope to the path.
set(WASK_GUEST_CC "clang" CACHE STRING "Compiler for wasm32-wasi guests")
set(WASK_GUEST_CFLAGS -O2 -Wall -Wno-unused-parameter CACHE STRING "Flags for wasm32-wasi guests")

function(wask_add_guest name)
  cmake_parse_arguments(G "" "OUTPUT_DIR;TARGET" "SOURCES;FLAGS;LINK_FLAGS" ${ARGN})
  if(NOT G_OUTPUT_DIR)
    set(G_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(out ${G_OUTPUT_DIR}/${name}.wasm)
  set(srcs "")
  foreach(s ${G_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    list(APPEND srcs ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${G_OUTPUT_DIR}
    COMMAND ${WASK_GUEST_CC} --target=wasm32-wasi ${WASK_GUEST_CFLAGS} ${G_FLAGS} ${srcs} -o ${out}
            ${G_LINK_FLAGS}
    DEPENDS ${srcs}
    COMMENT "wasm32-wasi guest ${name}.wasm"
    VERBATIM)
  if(NOT G_TARGET)
    set(G_TARGET guest_${name})
  endif()
  add_custom_target(${G_TARGET} ALL DEPENDS ${out})
  set(WASK_GUEST_${name} ${out} PARENT_SCOPE)
endfunction()
