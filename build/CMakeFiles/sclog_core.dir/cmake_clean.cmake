file(REMOVE_RECURSE
  "CMakeFiles/sclog_core.dir/src/audit.c.o"
  "CMakeFiles/sclog_core.dir/src/audit.c.o.d"
  "CMakeFiles/sclog_core.dir/src/error.c.o"
  "CMakeFiles/sclog_core.dir/src/error.c.o.d"
  "CMakeFiles/sclog_core.dir/src/filter.c.o"
  "CMakeFiles/sclog_core.dir/src/filter.c.o.d"
  "CMakeFiles/sclog_core.dir/src/launch.c.o"
  "CMakeFiles/sclog_core.dir/src/launch.c.o.d"
  "CMakeFiles/sclog_core.dir/src/linebuf.c.o"
  "CMakeFiles/sclog_core.dir/src/linebuf.c.o.d"
  "CMakeFiles/sclog_core.dir/src/nlframe.c.o"
  "CMakeFiles/sclog_core.dir/src/nlframe.c.o.d"
  "CMakeFiles/sclog_core.dir/src/options.c.o"
  "CMakeFiles/sclog_core.dir/src/options.c.o.d"
  "CMakeFiles/sclog_core.dir/src/outfile.c.o"
  "CMakeFiles/sclog_core.dir/src/outfile.c.o.d"
  "CMakeFiles/sclog_core.dir/src/pipeline.c.o"
  "CMakeFiles/sclog_core.dir/src/pipeline.c.o.d"
  "CMakeFiles/sclog_core.dir/src/policy.c.o"
  "CMakeFiles/sclog_core.dir/src/policy.c.o.d"
  "CMakeFiles/sclog_core.dir/src/probe.c.o"
  "CMakeFiles/sclog_core.dir/src/probe.c.o.d"
  "CMakeFiles/sclog_core.dir/src/profile.c.o"
  "CMakeFiles/sclog_core.dir/src/profile.c.o.d"
  "CMakeFiles/sclog_core.dir/src/record.c.o"
  "CMakeFiles/sclog_core.dir/src/record.c.o.d"
  "CMakeFiles/sclog_core.dir/src/verbs.c.o"
  "CMakeFiles/sclog_core.dir/src/verbs.c.o.d"
  "libsclog_core.a"
  "libsclog_core.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/sclog_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
