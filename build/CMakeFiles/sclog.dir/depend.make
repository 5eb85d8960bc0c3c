# Empty dependencies file for sclog.
# This may be replaced when dependencies are built.
