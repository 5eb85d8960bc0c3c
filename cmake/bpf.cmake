# SPDX-License-Identifier: GPL-2.0-only
# The bpf collector (src/collect/bpf/): an eBPF program that counts the
# tree's syscalls in the kernel.  Built when libbpf (pkg-config), clang and
# bpftool are all there, for x86_64 or aarch64 (the architectures whose
# 32-bit calls the program tells apart); otherwise sclog is built without
# it, and CMake says why.
#
# The program is compiled with CO-RE against kernel_types.h, the few kernel
# types it reads (committed, no machine's BTF): field offsets are
# relocated against the running kernel's BTF when sclog loads it, so the
# binary runs on other kernels, and a cross build needs nothing of its
# target but libbpf's headers.  The BPF bytecode is the same for every
# architecture; its __TARGET_ARCH_* picks the test of a 32-bit call.
# bpftool turns the object into a skeleton header that holds its bytes, so
# the binary is self-contained.
#
# sclog_bpf_collector(TARGET SOURCES...): add SOURCES (the collector) to
# TARGET with the skeleton, libbpf and SCLOG_HAVE_BPF, when available.

option(SCLOG_BPF "Build the bpf collector when libbpf, clang and bpftool are found" ON)
set(SCLOG_HAVE_BPF OFF)
set(_sclog_bpf_why "")
if(NOT SCLOG_BPF)
  set(_sclog_bpf_why "SCLOG_BPF is OFF")
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_sclog_bpf_arch x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(_sclog_bpf_arch arm64)
else()
  set(_sclog_bpf_why "it tells 32-bit calls apart on x86_64 and aarch64 only, not ${CMAKE_SYSTEM_PROCESSOR}")
endif()
if(SCLOG_BPF AND _sclog_bpf_arch)
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
  else()
    set(SCLOG_HAVE_BPF ON)
  endif()
endif()
if(SCLOG_HAVE_BPF)
  message(STATUS "sclog: building the bpf collector for ${CMAKE_SYSTEM_PROCESSOR} (libbpf ${LIBBPF_VERSION}, ${SCLOG_BPF_CLANG})")
else()
  message(WARNING "sclog: building WITHOUT the bpf collector: ${_sclog_bpf_why}; "
                  "tools/install-deps.sh installs what it needs")
endif()

if(SCLOG_HAVE_BPF)
  set(_bpf_dir ${PROJECT_BINARY_DIR}/bpf)
  set(_bpf_src ${PROJECT_SOURCE_DIR}/src/collect/bpf/sclog.bpf.c)
  file(MAKE_DIRECTORY ${_bpf_dir})
  # A cross build reads libbpf's headers from the target's root filesystem.
  set(_bpf_sysroot "")
  if(CMAKE_SYSROOT)
    set(_bpf_sysroot --sysroot=${CMAKE_SYSROOT})
  endif()
  # -g keeps the BTF that CO-RE needs; bpftool gen object drops the DWARF.
  add_custom_command(OUTPUT ${_bpf_dir}/sclog_counter.skel.h
    COMMAND ${SCLOG_BPF_CLANG} -target bpf -D__TARGET_ARCH_${_sclog_bpf_arch} -mcpu=v3 -g -O2
            -Wall ${_bpf_sysroot} -I${PROJECT_SOURCE_DIR}/include ${LIBBPF_CFLAGS}
            -c ${_bpf_src} -o sclog.bpf.o
    COMMAND ${SCLOG_BPFTOOL} gen object sclog_counter.o sclog.bpf.o
    COMMAND sh -c "\"$0\" gen skeleton sclog_counter.o name sclog_counter > sclog_counter.skel.h.tmp && mv sclog_counter.skel.h.tmp sclog_counter.skel.h"
            ${SCLOG_BPFTOOL}
    DEPENDS ${_bpf_src} ${PROJECT_SOURCE_DIR}/src/collect/bpf/kernel_types.h
            ${PROJECT_SOURCE_DIR}/src/collect/bpf/maps.h
            ${PROJECT_SOURCE_DIR}/include/sclog/collect/bpf/shared.h
    WORKING_DIRECTORY ${_bpf_dir}
    COMMENT "Compiling the bpf program (${_sclog_bpf_arch}) and its skeleton" VERBATIM)
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
