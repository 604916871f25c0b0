// The completion scripts the shells source. Each only asks `pg-ops __complete INDEX WORD...` and shows
// the answer (cli/completion.ts): the words, or the shell's own file or directory completion.

export type Shell = 'bash' | 'zsh' | 'fish';

const bash = `# pg-ops completion for bash. Use it with: source <(pg-ops completion bash)
_pg_ops_complete() {
	local IFS=$'\\n'
	local -a reply
	reply=($(pg-ops __complete "$COMP_CWORD" "\${COMP_WORDS[@]}" 2>/dev/null)) || return 0
	local current="\${COMP_WORDS[COMP_CWORD]}"
	case "\${reply[0]}" in
	files)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$current"))
		;;
	directories)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$current"))
		;;
	words) COMPREPLY=("\${reply[@]:1}") ;;
	esac
}
complete -F _pg_ops_complete pg-ops
`;

const zsh = `#compdef pg-ops
# pg-ops completion for zsh. Use it with: source <(pg-ops completion zsh)   (after compinit)
_pg_ops() {
	local -a reply
	reply=("\${(@f)$(pg-ops __complete $((CURRENT - 1)) "\${words[@]}" 2>/dev/null)}")
	case $reply[1] in
	files) _files ;;
	directories) _files -/ ;;
	words) (( $#reply > 1 )) && compadd -- "\${(@)reply[2,-1]}" ;;
	esac
}
compdef _pg_ops pg-ops
`;

const fish = `# pg-ops completion for fish. Use it with: pg-ops completion fish | source
function __pg_ops_complete
	set -l words (commandline -opc) (commandline -ct)
	set -l reply (pg-ops __complete (math (count $words) - 1) $words 2>/dev/null)
	switch "$reply[1]"
		case files
			__fish_complete_path (commandline -ct)
		case directories
			__fish_complete_directories (commandline -ct)
		case words
			if test (count $reply) -gt 1
				printf '%s\\n' $reply[2..-1]
			end
	end
end
complete -c pg-ops -f -a '(__pg_ops_complete)'
`;

export const completionScripts: Record<Shell, string> = {bash, zsh, fish};
