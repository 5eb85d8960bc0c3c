file(REMOVE_RECURSE
  "CMakeFiles/sclog.dir/src/main.c.o"
  "CMakeFiles/sclog.dir/src/main.c.o.d"
  "sclog"
  "sclog.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/sclog.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
