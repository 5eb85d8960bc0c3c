file(REMOVE_RECURSE
  "libsclog_core.a"
)
