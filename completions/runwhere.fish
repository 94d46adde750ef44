# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_runwhere_global_optspecs
    string join \n color= h/help V/version
end

function __fish_runwhere_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_runwhere_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_runwhere_using_subcommand
    set -l cmd (__fish_runwhere_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c runwhere -n "__fish_runwhere_needs_command" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_needs_command" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "recommend" -d 'Rank the services for a workload file, with each one\'s monthly cost, fit and main reason'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "explain" -d 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line\'s arithmetic'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "breakeven" -d 'Vary one workload value across a range: every eligible service\'s monthly cost, where the cheapest service changes, and where the top pick changes'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "diff" -d 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service\'s cost and the rules that changed; or what runs today with the top pick'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "interview" -d 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "report" -d 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload\'s path, the recommended service\'s architecture, caveats and assumptions'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "plan" -d 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "rules" -d 'List, show or check the rules'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "pricing" -d 'Build a pricing table from AWS Price List offer files, or check a directory of tables'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "schema" -d 'Print the JSON Schema of the workload file format (for editors and CI)'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "man" -d 'Print the man page (roff), with every subcommand'
complete -c runwhere -n "__fish_runwhere_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'The stable JSON document for scripts'
csv\t'One row per workload, for spreadsheets (several files or a directory)'
md\t'A Markdown table, one row per workload, for a pull-request comment or a CI job summary'"
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l max-monthly -d 'A budget gate: exit with status 4 when the top pick costs more than USD a month (with many workloads, checked per file; the summary names the files over it)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -s v -l long -d 'The full reasons and variants in the table, instead of one line per service in 80 columns'
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand recommend" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -s s -l service -d 'Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand explain" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l vary -d 'The workload value to vary, by its dotted path' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l from -d 'Start of the range (default: the parameter\'s own)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l to -d 'End of the range (default: the parameter\'s own)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l points -d 'Steps across the range (logarithmic for counts and durations)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -s f -l format -d 'Output format' -r -f -a "table\t'Crossovers, top picks and a sample of the costs'
json\t'Every point, crossover and top pick'
csv\t'One row per point, one column per service'
svg\t'A line chart'"
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -s o -l output -d 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -l force -d 'Replace PATH if it exists'
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand breakeven" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l against -d 'Compare what runs today (A\'s `[current]` table, priced by the same models) with A\'s top pick, instead of two versions; A may be a directory' -r -f -a "current\t'What runs the workload today: its `[current]` table, priced by the same models'"
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -s f -l format -d 'Output format' -r -f -a "table\t'A table for people'
json\t'JSON for scripts'
md\t'A Markdown table for a pull-request comment or a CI job summary'"
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l fail-above -d 'A gate: exit with status 4 when the top pick\'s monthly cost grew by more than LIMIT, a percentage of A\'s (`10%`) or USD a month (`25`); with `--against current`, when the top pick costs more than today by more than LIMIT; with directories, checked per file and the summary names the files over it' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand diff" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l from -d 'Start from this workload file: its values are the defaults, to change some of them' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l save -d 'Save the workload to PATH without asking where (an existing file is replaced only after a yes)' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l region -d 'Price in this region (the region question is then not asked)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l prefer -d 'How to weigh fit against cost in the ranking' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -l no-save -d 'Show the ranking but do not offer to save the workload'
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand interview" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -s f -l format -d 'Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]' -r -f -a "md\t'GitHub-flavoured Markdown, with Mermaid diagrams'
html\t'One self-contained HTML page with inline SVG, for screen and print'"
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -s o -l output -d 'Write the report to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l status -d 'Where the decision stands, for the record\'s Status' -r -f -a "proposed\t'Put forward for review (the default)'
accepted\t'Agreed on'
superseded\t'Replaced by a later decision'"
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -l force -d 'Replace PATH if it exists'
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand report" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -s f -l format -d 'Output format [default: from the `-o` file\'s extension (`.json`, `.csv`, `.md`, `.html`, `.htm`), else `table`]' -r -f -a "table\t'Strategies per group, the best mix per workload, fit notes'
json\t'The stable JSON document: groups, strategies, assignments, shared items, allocations'
csv\t'One row per workload and strategy, with its allocation'
md\t'A plan report in Markdown: strategies, a stacked bar chart, assignments'
html\t'A plan report as one self-contained HTML page with a stacked bar chart per group'"
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l max-monthly -d 'A budget gate: exit with status 4 when the best mix costs more than USD a month for the whole portfolio' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -s o -l output -d 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l region -d 'Price in this region instead of the file\'s `region`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l prefer -d 'How to weigh fit against cost' -r -f -a "cost\t'Cheapest first; fit breaks ties'
fit\t'Best fit first; cost breaks ties'
balanced\t'Fit minus 2 points per doubling of cost against the cheapest'"
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l pricing-dir -d 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l rules-dir -d 'Load the rules (`*.toml`) from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l set -d 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l explain -d 'With the table: every strategy\'s assignments, line items, shared items with their allocation, and node groups'
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -l force -d 'Replace PATH if it exists'
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runwhere -n "__fish_runwhere_using_subcommand plan" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -f -a "list" -d 'List every rule: id, effect, services and source'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -f -a "show" -d 'Show one rule: its condition, effect, reason, sources and the facts it uses'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -f -a "check" -d 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and not __fish_seen_subcommand_from list show check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from list" -l rules-dir -d 'Load the rules from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from list" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from show" -l rules-dir -d 'Load the rules from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from show" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from check" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every rule: id, effect, services and source'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one rule: its condition, effect, reason, sources and the facts it uses'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
complete -c runwhere -n "__fish_runwhere_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "list" -d 'The regions with a pricing table: name, prices\' date, sources and gaps'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "show" -d 'One region\'s table: its sources, the service prices, what is missing, and the instance types'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "import" -d 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "diff" -d 'Which prices changed between two pricing tables (files or directories of them), by how much'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "check" -d 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and not __fish_seen_subcommand_from list show import diff check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from list" -l pricing-dir -d 'Load the pricing tables from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from list" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from show" -l pricing-dir -d 'Load the pricing tables from DIR instead of the bundled ones' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from show" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -l region -d 'The AWS region to import (`us-east-1`)' -r
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -l offers -d 'The directory holding the offer files (`AmazonEC2.json`, …)' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -s o -l output -d 'Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be) [default: `./<region>.toml`]' -r -F
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -l force -d 'Replace the output file if it exists'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -l all-instances -d 'Keep every instance type of the EC2 offer, not only those runwhere\'s tables list'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from diff" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from check" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "list" -d 'The regions with a pricing table: name, prices\' date, sources and gaps'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "show" -d 'One region\'s table: its sources, the service prices, what is missing, and the instance types'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "import" -d 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Which prices changed between two pricing tables (files or directories of them), by how much'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
complete -c runwhere -n "__fish_runwhere_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand completions" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand completions" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand completions" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand schema" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand schema" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand schema" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand man" -l color -d 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runwhere -n "__fish_runwhere_using_subcommand man" -s h -l help -d 'Print help'
complete -c runwhere -n "__fish_runwhere_using_subcommand man" -s V -l version -d 'Print version'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "recommend" -d 'Rank the services for a workload file, with each one\'s monthly cost, fit and main reason'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "explain" -d 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line\'s arithmetic'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "breakeven" -d 'Vary one workload value across a range: every eligible service\'s monthly cost, where the cheapest service changes, and where the top pick changes'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "diff" -d 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service\'s cost and the rules that changed; or what runs today with the top pick'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "interview" -d 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "report" -d 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload\'s path, the recommended service\'s architecture, caveats and assumptions'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "plan" -d 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "rules" -d 'List, show or check the rules'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "pricing" -d 'Build a pricing table from AWS Price List offer files, or check a directory of tables'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "schema" -d 'Print the JSON Schema of the workload file format (for editors and CI)'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "man" -d 'Print the man page (roff), with every subcommand'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and not __fish_seen_subcommand_from recommend explain breakeven diff interview report plan rules pricing completions schema man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "list" -d 'List every rule: id, effect, services and source'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "show" -d 'Show one rule: its condition, effect, reason, sources and the facts it uses'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "check" -d 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "list" -d 'The regions with a pricing table: name, prices\' date, sources and gaps'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "show" -d 'One region\'s table: its sources, the service prices, what is missing, and the instance types'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "import" -d 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "diff" -d 'Which prices changed between two pricing tables (files or directories of them), by how much'
complete -c runwhere -n "__fish_runwhere_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "check" -d 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
