# SPDX-License-Identifier: GPL-2.0-only
# The man page: IN (docs/sclog.1.in as configured) with its marker line
# replaced by the OPTIONS that SCLOG makes from its option tables
# (`sclog __complete man-options`), so that --help, the completions and the
# man page list the same options.  EMULATOR runs SCLOG when cross-compiling.
set(marker ".\\\" OPTIONS FROM THE TABLES\n")
execute_process(COMMAND ${EMULATOR} ${SCLOG} __complete man-options
                OUTPUT_VARIABLE options RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR options STREQUAL "")
  message(FATAL_ERROR "${SCLOG} __complete man-options failed (${rc})")
endif()
file(READ ${IN} page)
string(FIND "${page}" "${marker}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IN} has no line '${marker}'")
endif()
string(REPLACE "${marker}" "${options}" page "${page}")
file(WRITE ${OUT} "${page}")
