
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/audit.c" "CMakeFiles/sclog_core.dir/src/audit.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/audit.c.o.d"
  "/work/main/src/error.c" "CMakeFiles/sclog_core.dir/src/error.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/error.c.o.d"
  "/work/main/src/filter.c" "CMakeFiles/sclog_core.dir/src/filter.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/filter.c.o.d"
  "/work/main/src/launch.c" "CMakeFiles/sclog_core.dir/src/launch.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/launch.c.o.d"
  "/work/main/src/linebuf.c" "CMakeFiles/sclog_core.dir/src/linebuf.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/linebuf.c.o.d"
  "/work/main/src/nlframe.c" "CMakeFiles/sclog_core.dir/src/nlframe.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/nlframe.c.o.d"
  "/work/main/src/options.c" "CMakeFiles/sclog_core.dir/src/options.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/options.c.o.d"
  "/work/main/src/outfile.c" "CMakeFiles/sclog_core.dir/src/outfile.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/outfile.c.o.d"
  "/work/main/src/pipeline.c" "CMakeFiles/sclog_core.dir/src/pipeline.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/pipeline.c.o.d"
  "/work/main/src/policy.c" "CMakeFiles/sclog_core.dir/src/policy.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/policy.c.o.d"
  "/work/main/src/probe.c" "CMakeFiles/sclog_core.dir/src/probe.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/probe.c.o.d"
  "/work/main/src/profile.c" "CMakeFiles/sclog_core.dir/src/profile.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/profile.c.o.d"
  "/work/main/src/record.c" "CMakeFiles/sclog_core.dir/src/record.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/record.c.o.d"
  "/work/main/src/verbs.c" "CMakeFiles/sclog_core.dir/src/verbs.c.o" "gcc" "CMakeFiles/sclog_core.dir/src/verbs.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
