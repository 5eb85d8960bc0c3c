# SPDX-License-Identifier: GPL-2.0-only
# Remove the files of an install manifest, then the directories of sclog's
# own that are left empty (share/sclog, share/doc/sclog). Run by the
# `uninstall` target: cmake -DMANIFEST=install_manifest.txt -P uninstall.cmake
if(NOT EXISTS "${MANIFEST}")
  message(FATAL_ERROR "${MANIFEST} not found: nothing was installed from this build "
                      "directory (run cmake --install first)")
endif()
file(STRINGS "${MANIFEST}" files)
set(dirs "")
foreach(f IN LISTS files)
  if(IS_SYMLINK "${f}" OR EXISTS "${f}")
    message(STATUS "Removing ${f}")
    file(REMOVE "${f}")
  endif()
  get_filename_component(d "${f}" DIRECTORY)
  while(d MATCHES "/sclog(/|$)")
    list(APPEND dirs "${d}")
    get_filename_component(d "${d}" DIRECTORY)
  endwhile()
endforeach()
list(REMOVE_DUPLICATES dirs)
list(SORT dirs ORDER DESCENDING) # deepest first
foreach(d IN LISTS dirs)
  file(GLOB left "${d}/*")
  if(IS_DIRECTORY "${d}" AND NOT left)
    message(STATUS "Removing ${d}/")
    file(REMOVE_RECURSE "${d}")
  endif()
endforeach()
