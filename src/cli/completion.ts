import { Argument, Help, type Command, type Option } from 'commander';

/** The shells `kbc-account completion SHELL` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What an option's value is, from its flags (`--data <dir>`) and choices: how a shell completes it. */
type ValueKind = { readonly type: 'none' } | { readonly type: 'dir' } | { readonly type: 'file' } | { readonly type: 'text' } | { readonly type: 'choice'; readonly choices: readonly string[] };

interface OptionSpec {
  readonly flag: string;
  readonly description: string;
  readonly value: ValueKind;
}

/** One command of the tree: its words after `kbc-account`, subcommands, options and argument choices. */
interface CommandSpec {
  readonly path: string;
  readonly commands: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly OptionSpec[];
  /** Choices of its first argument (`completion <shell>`), offered like subcommands. */
  readonly argumentChoices: readonly string[];
}

function valueOf(option: Option): ValueKind {
  if (!option.required && !option.optional) return { type: 'none' };
  if (option.argChoices) return { type: 'choice', choices: option.argChoices };
  const name = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  if (name === 'dir') return { type: 'dir' };
  if (name === 'path' || name === 'file') return { type: 'file' };
  return { type: 'text' };
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/**
 * The tree as commander holds it, every command with its options; the root's options that take a
 * value (`--data`, `--database-url`) are offered everywhere, since commander takes them after a
 * subcommand too. Generated, not written by hand, so a new command or option completes at once.
 */
export function commandTree(program: Command): CommandSpec[] {
  const help = new Help();
  const optionsOf = (command: Command): OptionSpec[] =>
    help
      .visibleOptions(command)
      .filter((option) => option.long !== undefined)
      .map((option) => ({ flag: option.long!, description: firstLine(option.description), value: valueOf(option) }));
  const inherited = optionsOf(program).filter((option) => option.value.type !== 'none');
  const specs: CommandSpec[] = [];
  const walk = (command: Command, path: string[]) => {
    const own = optionsOf(command);
    specs.push({
      path: path.join(' '),
      // The implicit `help` command is left out: `--help` does the same everywhere.
      commands: command.commands.map((sub) => ({ name: sub.name(), description: firstLine(sub.description()) })),
      options: path.length === 0 ? own : [...own, ...inherited.filter((option) => !own.some((mine) => mine.flag === option.flag))],
      argumentChoices: (command.registeredArguments[0] as (Argument & { argChoices?: string[] }) | undefined)?.argChoices ?? [],
    });
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return specs;
}

/** Every long option that takes a value, anywhere: the words after them are values, not commands. */
const valuedFlags = (tree: readonly CommandSpec[]): string[] =>
  [...new Set(tree.flatMap((spec) => spec.options.filter((option) => option.value.type !== 'none').map((option) => option.flag)))].sort();

const single = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(name: string, tree: readonly CommandSpec[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const valueCase = (spec: CommandSpec): string[] => {
    const lines = spec.options
      .filter((option) => option.value.type !== 'none')
      .map((option) => {
        const value = option.value;
        const reply =
          value.type === 'dir' ? 'COMPREPLY=($(compgen -d -- "$cur"))'
          : value.type === 'file' ? 'COMPREPLY=($(compgen -f -- "$cur"))'
          : value.type === 'choice' ? `COMPREPLY=($(compgen -W ${single(value.choices.join(' '))} -- "$cur"))`
          : 'COMPREPLY=()';
        return `          ${option.flag}) ${reply}; return ;;`;
      });
    return lines.length === 0 ? [] : ['        case "$prev" in', ...lines, '        esac'];
  };
  const blocks = tree.flatMap((spec) => [
    `      ${single(spec.path)})`,
    ...valueCase(spec),
    `        words=${single([...spec.commands.map((command) => command.name), ...spec.argumentChoices].join(' '))}`,
    `        options=${single(spec.options.map((option) => option.flag).join(' '))} ;;`,
  ]);
  return [
    `# bash completion for ${name}, generated from its commands by \`${name} completion bash\`.`,
    `# Load it in ~/.bashrc with: source <(${name} completion bash)`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  local path="" word i words options',
    '  # The command so far: the words before the cursor, less options and their values.',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word="${COMP_WORDS[i]}"',
    '    case "$word" in',
    `      ${valuedFlags(tree).join('|')}) ((i++)) ;;`,
    '      -*) ;;',
    '      *) path="${path:+$path }$word" ;;',
    '    esac',
    '  done',
    '  case "$path" in',
    ...blocks,
    '      *) return ;;',
    '  esac',
    '  if [[ "$cur" == -* || -z "$words" ]]; then',
    '    COMPREPLY=($(compgen -W "$options" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '  fi',
    '}',
    `complete -F ${fn} ${name}`,
    '',
  ].join('\n');
}

/** zsh's `_describe` items: `name:description`, colons in the name escaped. */
const described = (items: readonly { readonly name: string; readonly description: string }[]): string =>
  `(${items.map((item) => single(`${item.name.replace(/:/g, '\\:')}:${item.description}`)).join(' ')})`;

function zsh(name: string, tree: readonly CommandSpec[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const blocks = tree.flatMap((spec) => {
    const values = spec.options
      .filter((option) => option.value.type !== 'none')
      .map((option) => {
        const value = option.value;
        const action =
          value.type === 'dir' ? '_files -/'
          : value.type === 'file' ? '_files'
          : value.type === 'choice' ? `compadd -- ${value.choices.map(single).join(' ')}`
          : '_message value';
        return `          ${option.flag}) ${action}; return ;;`;
      });
    return [
      `    ${single(spec.path)})`,
      ...(values.length === 0 ? [] : ['        case "$prev" in', ...values, '        esac']),
      `        commands=${described([...spec.commands, ...spec.argumentChoices.map((choice) => ({ name: choice, description: choice }))])}`,
      `        options=${described(spec.options.map((option) => ({ name: option.flag, description: option.description })))} ;;`,
    ];
  });
  return [
    `#compdef ${name}`,
    `# zsh completion for ${name}, generated from its commands by \`${name} completion zsh\`.`,
    `# Load it in ~/.zshrc, after compinit, with: source <(${name} completion zsh)`,
    `${fn}() {`,
    '  local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" path="" word i',
    '  local -a commands options',
    '  for ((i = 2; i < CURRENT; i++)); do',
    '    word="${words[i]}"',
    '    case "$word" in',
    `      ${valuedFlags(tree).join('|')}) ((i++)) ;;`,
    '      -*) ;;',
    '      *) path="${path:+$path }$word" ;;',
    '    esac',
    '  done',
    '  case "$path" in',
    ...blocks,
    '    *) return 1 ;;',
    '  esac',
    '  if [[ "$cur" == -* || ${#commands} -eq 0 ]]; then',
    "    _describe -t options 'option' options",
    '  else',
    "    _describe -t commands 'command' commands",
    '  fi',
    '}',
    `compdef ${fn} ${name}`,
    '',
  ].join('\n');
}

/** fish's single quotes: only \\ and \' are escapes. */
const fishQuote = (text: string): string => `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;

function fish(name: string, tree: readonly CommandSpec[]): string {
  const fn = `__${name.replace(/\W/g, '_')}_path`;
  const lines = tree.flatMap((spec) => {
    const when = `-n ${fishQuote(`test (${fn}) = ${fishQuote(spec.path)}`)}`;
    return [
      ...spec.commands.map((command) => `complete -c ${name} -f ${when} -a ${fishQuote(command.name)} -d ${fishQuote(command.description)}`),
      ...spec.argumentChoices.map((choice) => `complete -c ${name} -f ${when} -a ${fishQuote(choice)}`),
      ...spec.options.map((option) => {
        const value = option.value;
        const takes =
          value.type === 'none' ? ''
          : value.type === 'dir' ? ` -r -a ${fishQuote('(__fish_complete_directories)')}`
          : value.type === 'file' ? ' -r -F'
          : value.type === 'choice' ? ` -r -a ${fishQuote(value.choices.join(' '))}`
          : ' -r';
        // -f: no file names, except as the value of an option that takes a file (-F).
        return `complete -c ${name}${value.type === 'file' ? '' : ' -f'} ${when} -l ${option.flag.slice(2)}${takes} -d ${fishQuote(option.description)}`;
      }),
    ];
  });
  return [
    `# fish completion for ${name}, generated from its commands by \`${name} completion fish\`.`,
    `# Install it with: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `function ${fn}`,
    '    # The command so far: the words before the cursor, less options and their values.',
    '    set -l path',
    '    set -l skip 0',
    '    for word in (commandline -opc)[2..-1]',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $word',
    `            case ${valuedFlags(tree).join(' ')}`,
    '                set skip 1',
    "            case '-*'",
    '            case \'*\'',
    '                set -a path $word',
    '        end',
    '    end',
    '    echo (string join " " $path)',
    'end',
    // No file names unless an option's value is one.
    `complete -c ${name} -f`,
    ...lines,
    '',
  ].join('\n');
}

/** The completion script for `shell`, from the program's commands as they are. */
export function completionScript(program: Command, shell: Shell): string {
  const tree = commandTree(program);
  const name = program.name();
  return shell === 'bash' ? bash(name, tree) : shell === 'zsh' ? zsh(name, tree) : fish(name, tree);
}

const INSTALL_HELP = `
Load it:
  bash  source <(kbc-account completion bash)     in ~/.bashrc
  zsh   source <(kbc-account completion zsh)      in ~/.zshrc, after compinit
  fish  kbc-account completion fish > ~/.config/fish/completions/kbc-account.fish
`;

/** `kbc-account completion bash|zsh|fish`: prints the script on standard output. */
export function registerCompletionCommand(program: Command, stdout: NodeJS.WritableStream): void {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', INSTALL_HELP)
    .action((shell: Shell) => {
      stdout.write(completionScript(program, shell));
    });
}
