# SPDX-License-Identifier: GPL-2.0-only
# Writes OUT, a C source holding every policies/*.json of DIR as a byte
# array: the tables compiled into sclog, so that a binary copied on its
# own still runs (see sclog_data_load()).  Run at build time:
#   cmake -DDIR=<policies> -DOUT=<file.c> -P embed-data.cmake
file(GLOB inputs ${DIR}/*.json)
list(SORT inputs)
set(arrays "")
set(table "")
set(i 0)
foreach(input ${inputs})
  get_filename_component(name ${input} NAME)
  file(READ ${input} hex HEX)
  string(LENGTH "${hex}" digits)
  math(EXPR len "${digits} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  set(twelve "0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,")
  string(REGEX REPLACE "(${twelve})" "\\1\n\t" bytes "${bytes}")
  string(APPEND arrays "static const unsigned char table${i}[] = {\n\t${bytes}0x00\n};\n\n")
  string(APPEND table "\t{ \"${name}\", (const char *)table${i}, ${len} },\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT}.tmp "/* Generated from the JSON files of policies/ by cmake/embed-data.cmake: do not edit. */
#include \"sclog/policy/data.h\"

${arrays}const struct sclog_embedded_table sclog_embedded_tables[] = {
${table}\t{ 0 },
};
")
file(RENAME ${OUT}.tmp ${OUT})
