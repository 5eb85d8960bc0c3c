# Empty dependencies file for sclog_core.
# This may be replaced when dependencies are built.
