# SPDX-License-Identifier: GPL-2.0-only
# bash completion for sclog.  The verbs, options and option values come from
# sclog itself (`sclog __complete`), so they follow the installed version.

_sclog()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local sclog=${COMP_WORDS[0]} verb="" i arg
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$("$sclog" __complete verbs 2> /dev/null)" -- "$cur"))
		return
	fi
	verb=${COMP_WORDS[1]}
	# After "--", run, check and enforce take a command line.
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [ "${COMP_WORDS[i]}" = "--" ]; then
			if [ "$i" -eq $((COMP_CWORD - 1)) ]; then
				COMPREPLY=($(compgen -c -- "$cur" | sort -u))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			return
		fi
	done
	# The argument of an option: a fixed list, or a file.
	arg=$("$sclog" __complete options "$verb" 2> /dev/null |
		while read -r name metavar; do
			[ "$name" = "$prev" ] && [ -n "$metavar" ] && echo "$metavar"
		done)
	if [ -n "$arg" ]; then
		case $arg in
		FILE | POLICY | PATH) COMPREPLY=($(compgen -f -- "$cur")) ;;
		DIR) COMPREPLY=($(compgen -d -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$("$sclog" __complete values "$verb" "$prev" 2> /dev/null)" -- "$cur")) ;;
		esac
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$sclog" __complete options "$verb" 2> /dev/null |
			while read -r name _; do echo "$name"; done)" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -o bashdefault -F _sclog sclog
