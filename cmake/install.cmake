# SPDX-License-Identifier: GPL-2.0-only
# What `cmake --install` puts where, `uninstall`, and the packages (CPack).
# Every destination is relative to the install prefix, so
# `cmake --install build --prefix DIR` installs a whole working tree in DIR
# (sclog finds its data files relative to its own binary).

install(TARGETS sclog RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Every data file of policies/ (runtimes.json and the lists beside it;
# SCLOG_DATA_FILES, globbed in src/CMakeLists.txt).
install(FILES ${SCLOG_DATA_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/sclog)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies/examples/
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The pages the README links to, at the same relative place (docs/).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md")

# Shell completions, where each shell looks for them. bash: the
# bash-completion package's completionsdir, moved under our prefix.
set(SCLOG_BASH_COMPLETIONDIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
pkg_get_variable(SCLOG_BASH_PC_DIR bash-completion completionsdir
                 DEFINE_VARIABLES datadir=${CMAKE_INSTALL_FULL_DATADIR})
if(SCLOG_BASH_PC_DIR MATCHES "^${CMAKE_INSTALL_PREFIX}/(.+)$")
  set(SCLOG_BASH_COMPLETIONDIR ${CMAKE_MATCH_1})
endif()
# zsh: Debian's zsh reads packages' completions from vendor-completions and
# local ones from /usr/local/share/zsh/site-functions.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(SCLOG_ZSH_COMPLETIONDIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  set(SCLOG_ZSH_COMPLETIONDIR ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/completions/sclog.bash
        DESTINATION ${SCLOG_BASH_COMPLETIONDIR} RENAME sclog)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_sclog DESTINATION ${SCLOG_ZSH_COMPLETIONDIR})
install(FILES ${PROJECT_SOURCE_DIR}/completions/sclog.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The man page names the data directory of the configured prefix,
# and where the completions go.
set(SCLOG_FULL_DATADIR ${CMAKE_INSTALL_FULL_DATADIR}/sclog)
set(SCLOG_FULL_BASH_COMPLETIONDIR ${CMAKE_INSTALL_PREFIX}/${SCLOG_BASH_COMPLETIONDIR})
set(SCLOG_FULL_ZSH_COMPLETIONDIR ${CMAKE_INSTALL_PREFIX}/${SCLOG_ZSH_COMPLETIONDIR})
configure_file(${PROJECT_SOURCE_DIR}/docs/sclog.1.in ${PROJECT_BINARY_DIR}/sclog.1.configured @ONLY)
# Its OPTIONS come from the option tables, printed by the sclog just built
# (cross-compiled: through SCLOG_BUILD_EMULATOR, which unlike
# CMAKE_CROSSCOMPILING_EMULATOR does not also wrap the tests).
if(NOT DEFINED SCLOG_BUILD_EMULATOR)
  set(SCLOG_BUILD_EMULATOR "${CMAKE_CROSSCOMPILING_EMULATOR}")
endif()
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/sclog.1
  COMMAND ${CMAKE_COMMAND} -DSCLOG=$<TARGET_FILE:sclog>
          "-DEMULATOR=${SCLOG_BUILD_EMULATOR}"
          -DIN=${PROJECT_BINARY_DIR}/sclog.1.configured -DOUT=${PROJECT_BINARY_DIR}/sclog.1
          -P ${PROJECT_SOURCE_DIR}/cmake/man-page.cmake
  DEPENDS sclog ${PROJECT_BINARY_DIR}/sclog.1.configured ${PROJECT_SOURCE_DIR}/cmake/man-page.cmake
  COMMENT "Writing the man page's OPTIONS from sclog's option tables" VERBATIM)
add_custom_target(man ALL DEPENDS ${PROJECT_BINARY_DIR}/sclog.1)
install(FILES ${PROJECT_BINARY_DIR}/sclog.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# `cmake --build build --target uninstall` removes what the last
# `cmake --install build` installed (build/install_manifest.txt).
add_custom_target(uninstall
  COMMAND ${CMAKE_COMMAND} -DMANIFEST=${PROJECT_BINARY_DIR}/install_manifest.txt
          -P ${PROJECT_SOURCE_DIR}/cmake/uninstall.cmake
  COMMENT "Removing the files listed in install_manifest.txt")

# Packages: `cd build && cpack` makes a .deb (installed under the configured
# prefix: configure with -DCMAKE_INSTALL_PREFIX=/usr for a system package)
# and a relocatable .tar.gz of the install tree.
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME sclog)
set(CPACK_PACKAGE_VENDOR sclog)
set(CPACK_PACKAGE_CONTACT "sclog developers <sclog@localhost>"
    CACHE STRING "Maintainer of the .deb package")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "seccomp profiles from what a program really does")
set(CPACK_PACKAGE_DESCRIPTION "sclog runs a program under a SECCOMP_RET_LOG filter, \
collects the kernel's seccomp audit records of its whole process tree and writes \
the minimal OCI seccomp allowlist.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# The dependencies are what dpkg-shlibdeps finds in the binary's NEEDED
# entries (libseccomp2, libaudit1, libjson-c5, libc6), never hand-written.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(SCLOG_DEB_PREFIX ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/cpack-options.cmake.in
               ${PROJECT_BINARY_DIR}/cpack-options.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/cpack-options.cmake)
include(CPack)
