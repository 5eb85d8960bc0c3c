# SPDX-License-Identifier: GPL-2.0-only
# The bpf collector (src/collect/bpf/): an eBPF program that counts the
# tree's syscalls in the kernel.  Built when libbpf (pkg-config), clang,
# bpftool and the build machine's kernel BTF are all there, on x86_64;
# otherwise sclog is built without it, and CMake says why.
#
# The program is compiled with CO-RE against a vmlinux.h generated here from
# the build machine's BTF (never committed): field offsets are relocated
# against the running kernel's BTF when sclog loads it, so the binary runs on
# other kernels.  bpftool turns the object into a skeleton header that holds
# its bytes, so the binary is self-contained.
#
# sclog_bpf_collector(TARGET SOURCES...): add SOURCES (the collector) to
# TARGET with the skeleton, libbpf and SCLOG_HAVE_BPF, when available.

option(SCLOG_BPF "Build the bpf collector when libbpf, clang and bpftool are found" ON)
set(SCLOG_BTF "/sys/kernel/btf/vmlinux" CACHE FILEPATH
    "Kernel BTF the bpf program's vmlinux.h is generated from")
set(SCLOG_HAVE_BPF OFF)
set(_sclog_bpf_why "")
if(NOT SCLOG_BPF)
  set(_sclog_bpf_why "SCLOG_BPF is OFF")
elseif(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_sclog_bpf_why "it tells 32-bit calls apart on x86_64 only, not ${CMAKE_SYSTEM_PROCESSOR}")
else()
  pkg_check_modules(LIBBPF QUIET IMPORTED_TARGET libbpf>=0.8)
  # Any clang compiles the program: the C compiler if it is one, else the
  # newest found (Debian names them clang-N too).
  if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    set(SCLOG_BPF_CLANG ${CMAKE_C_COMPILER} CACHE FILEPATH "clang for the bpf program")
  endif()
  find_program(SCLOG_BPF_CLANG NAMES clang clang-21 clang-20 clang-19 clang-18 clang-17
                                     clang-16 clang-15 clang-14)
  find_program(SCLOG_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
  if(NOT LIBBPF_FOUND)
    set(_sclog_bpf_why "libbpf >= 0.8 was not found by pkg-config (Debian: libbpf-dev)")
  elseif(NOT SCLOG_BPF_CLANG)
    set(_sclog_bpf_why "clang was not found")
  elseif(NOT SCLOG_BPFTOOL)
    set(_sclog_bpf_why "bpftool was not found (Debian: bpftool)")
  elseif(NOT EXISTS ${SCLOG_BTF})
    set(_sclog_bpf_why "${SCLOG_BTF} does not exist (a kernel without CONFIG_DEBUG_INFO_BTF; set SCLOG_BTF)")
  else()
    set(SCLOG_HAVE_BPF ON)
  endif()
endif()
if(SCLOG_HAVE_BPF)
  message(STATUS "sclog: building the bpf collector (libbpf ${LIBBPF_VERSION}, ${SCLOG_BPF_CLANG})")
else()
  message(WARNING "sclog: building WITHOUT the bpf collector: ${_sclog_bpf_why}; "
                  "tools/install-deps.sh installs what it needs")
endif()

if(SCLOG_HAVE_BPF)
  set(_bpf_dir ${PROJECT_BINARY_DIR}/bpf)
  set(_bpf_src ${PROJECT_SOURCE_DIR}/src/collect/bpf/sclog.bpf.c)
  file(MAKE_DIRECTORY ${_bpf_dir})
  add_custom_command(OUTPUT ${_bpf_dir}/vmlinux.h
    COMMAND sh -c "\"$0\" btf dump file \"$1\" format c > vmlinux.h.tmp && mv vmlinux.h.tmp vmlinux.h"
            ${SCLOG_BPFTOOL} ${SCLOG_BTF}
    WORKING_DIRECTORY ${_bpf_dir}
    COMMENT "Generating vmlinux.h from ${SCLOG_BTF}" VERBATIM)
  # -g keeps the BTF that CO-RE needs; bpftool gen object drops the DWARF.
  add_custom_command(OUTPUT ${_bpf_dir}/sclog_counter.skel.h
    COMMAND ${SCLOG_BPF_CLANG} -target bpf -D__TARGET_ARCH_x86 -mcpu=v3 -g -O2 -Wall
            -I${_bpf_dir} -I${PROJECT_SOURCE_DIR}/include ${LIBBPF_CFLAGS}
            -c ${_bpf_src} -o sclog.bpf.o
    COMMAND ${SCLOG_BPFTOOL} gen object sclog_counter.o sclog.bpf.o
    COMMAND sh -c "\"$0\" gen skeleton sclog_counter.o name sclog_counter > sclog_counter.skel.h.tmp && mv sclog_counter.skel.h.tmp sclog_counter.skel.h"
            ${SCLOG_BPFTOOL}
    DEPENDS ${_bpf_src} ${_bpf_dir}/vmlinux.h
            ${PROJECT_SOURCE_DIR}/include/sclog/collect/bpf/shared.h
    WORKING_DIRECTORY ${_bpf_dir}
    COMMENT "Compiling the bpf program and its skeleton" VERBATIM)
  add_custom_target(sclog_bpf_skeleton ALL DEPENDS ${_bpf_dir}/sclog_counter.skel.h)
endif()

function(sclog_bpf_collector target)
  if(NOT SCLOG_HAVE_BPF)
    return()
  endif()
  target_sources(${target} PRIVATE ${ARGN})
  add_dependencies(${target} sclog_bpf_skeleton)
  target_include_directories(${target} PRIVATE ${PROJECT_BINARY_DIR}/bpf)
  target_compile_definitions(${target} PUBLIC SCLOG_HAVE_BPF)
  if(SCLOG_STATIC)
    target_include_directories(${target} PUBLIC ${LIBBPF_INCLUDE_DIRS})
    target_link_libraries(${target} PUBLIC ${LIBBPF_STATIC_LIBRARIES})
  else()
    target_link_libraries(${target} PUBLIC PkgConfig::LIBBPF)
  endif()
endfunction()
