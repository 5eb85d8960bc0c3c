# SPDX-License-Identifier: GPL-2.0-only
# fish completion for sclog.  The verbs, options and option values come from
# sclog itself (`sclog __complete`), so they follow the installed version.

function __sclog_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l sclog $tokens[1]
    if test (count $tokens) -eq 1
        $sclog __complete verbs 2>/dev/null
        return
    end
    set -l verb $tokens[2]
    # After "--", run, check and enforce take a command line.
    set -l dashdash (contains -i -- -- $tokens)
    if test -n "$dashdash"
        set -l sub $tokens
        set -e sub[1..$dashdash]
        complete -C (string join -- ' ' $sub "$cur")
        return
    end
    set -l prev $tokens[-1]
    set -l options ($sclog __complete options $verb 2>/dev/null)
    for line in $options
        set -l f (string split -m 1 ' ' -- $line)
        if test "$f[1]" = "$prev"; and set -q f[2]
            switch $f[2]
                case FILE POLICY PATH
                    __fish_complete_path $cur
                case DIR
                    __fish_complete_directories $cur
                case '*'
                    $sclog __complete values $verb $prev 2>/dev/null
            end
            return
        end
    end
    if string match -q -- '-*' $cur
        string replace -r ' .*' '' -- $options
        return
    end
    __fish_complete_path $cur
end

complete -c sclog -f -a '(__sclog_complete)'
