
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'runwhere' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'runwhere'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'runwhere' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('recommend', 'recommend', [CompletionResultType]::ParameterValue, 'Rank the services for a workload file, with each one''s monthly cost, fit and main reason')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line''s arithmetic')
            [CompletionResult]::new('breakeven', 'breakeven', [CompletionResultType]::ParameterValue, 'Vary one workload value across a range: every eligible service''s monthly cost, where the cheapest service changes, and where the top pick changes')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service''s cost and the rules that changed; or what runs today with the top pick')
            [CompletionResult]::new('interview', 'interview', [CompletionResultType]::ParameterValue, 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload''s path, the recommended service''s architecture, caveats and assumptions')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List, show or check the rules')
            [CompletionResult]::new('pricing', 'pricing', [CompletionResultType]::ParameterValue, 'Build a pricing table from AWS Price List offer files, or check a directory of tables')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the workload file format (for editors and CI)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), with every subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;recommend' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-monthly', '--max-monthly', [CompletionResultType]::ParameterName, 'A budget gate: exit with status 4 when the top pick costs more than USD a month (with many workloads, checked per file; the summary names the files over it)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'The full reasons and variants in the table, instead of one line per service in 80 columns')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'The full reasons and variants in the table, instead of one line per service in 80 columns')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;explain' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;breakeven' {
            [CompletionResult]::new('--vary', '--vary', [CompletionResultType]::ParameterName, 'The workload value to vary, by its dotted path')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start of the range (default: the parameter''s own)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the range (default: the parameter''s own)')
            [CompletionResult]::new('--points', '--points', [CompletionResultType]::ParameterName, 'Steps across the range (logarithmic for counts and durations)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace PATH if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;diff' {
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'Compare what runs today (A''s `[current]` table, priced by the same models) with A''s top pick, instead of two versions; A may be a directory')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--fail-above', '--fail-above', [CompletionResultType]::ParameterName, 'A gate: exit with status 4 when the top pick''s monthly cost grew by more than LIMIT, a percentage of A''s (`10%`) or USD a month (`25`); with `--against current`, when the top pick costs more than today by more than LIMIT; with directories, checked per file and the summary names the files over it')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;interview' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start from this workload file: its values are the defaults, to change some of them')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Save the workload to PATH without asking where (an existing file is replaced only after a yes)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region (the region question is then not asked)')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost in the ranking')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('--no-save', '--no-save', [CompletionResultType]::ParameterName, 'Show the ranking but do not offer to save the workload')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;report' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Where the decision stands, for the record''s Status')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace PATH if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;plan' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: from the `-o` file''s extension (`.json`, `.csv`, `.md`, `.html`, `.htm`), else `table`]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: from the `-o` file''s extension (`.json`, `.csv`, `.md`, `.html`, `.htm`), else `table`]')
            [CompletionResult]::new('--max-monthly', '--max-monthly', [CompletionResultType]::ParameterName, 'A budget gate: exit with status 4 when the best mix costs more than USD a month for the whole portfolio')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price in this region instead of the file''s `region`')
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'How to weigh fit against cost')
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules (`*.toml`) from DIR instead of the bundled ones')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'With the table: every strategy''s assignments, line items, shared items with their allocation, and node groups')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace PATH if it exists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;rules' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, effect, services and source')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: its condition, effect, reason, sources and the facts it uses')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;rules;list' {
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules from DIR instead of the bundled ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;rules;show' {
            [CompletionResult]::new('--rules-dir', '--rules-dir', [CompletionResultType]::ParameterName, 'Load the rules from DIR instead of the bundled ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;rules;check' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;rules;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, effect, services and source')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: its condition, effect, reason, sources and the facts it uses')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;rules;help;list' {
            break
        }
        'runwhere;rules;help;show' {
            break
        }
        'runwhere;rules;help;check' {
            break
        }
        'runwhere;rules;help;help' {
            break
        }
        'runwhere;pricing' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The regions with a pricing table: name, prices'' date, sources and gaps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One region''s table: its sources, the service prices, what is missing, and the instance types')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Which prices changed between two pricing tables (files or directories of them), by how much')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;pricing;list' {
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables from DIR instead of the bundled ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;pricing;show' {
            [CompletionResult]::new('--pricing-dir', '--pricing-dir', [CompletionResultType]::ParameterName, 'Load the pricing tables from DIR instead of the bundled ones')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;pricing;import' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The AWS region to import (`us-east-1`)')
            [CompletionResult]::new('--offers', '--offers', [CompletionResultType]::ParameterName, 'The directory holding the offer files (`AmazonEC2.json`, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be) [default: `./<region>.toml`]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be) [default: `./<region>.toml`]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--all-instances', '--all-instances', [CompletionResultType]::ParameterName, 'Keep every instance type of the EC2 offer, not only those runwhere''s tables list')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;pricing;diff' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;pricing;check' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;pricing;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The regions with a pricing table: name, prices'' date, sources and gaps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One region''s table: its sources, the service prices, what is missing, and the instance types')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Which prices changed between two pricing tables (files or directories of them), by how much')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;pricing;help;list' {
            break
        }
        'runwhere;pricing;help;show' {
            break
        }
        'runwhere;pricing;help;import' {
            break
        }
        'runwhere;pricing;help;diff' {
            break
        }
        'runwhere;pricing;help;check' {
            break
        }
        'runwhere;pricing;help;help' {
            break
        }
        'runwhere;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'runwhere;help' {
            [CompletionResult]::new('recommend', 'recommend', [CompletionResultType]::ParameterValue, 'Rank the services for a workload file, with each one''s monthly cost, fit and main reason')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line''s arithmetic')
            [CompletionResult]::new('breakeven', 'breakeven', [CompletionResultType]::ParameterValue, 'Vary one workload value across a range: every eligible service''s monthly cost, where the cheapest service changes, and where the top pick changes')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service''s cost and the rules that changed; or what runs today with the top pick')
            [CompletionResult]::new('interview', 'interview', [CompletionResultType]::ParameterValue, 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload''s path, the recommended service''s architecture, caveats and assumptions')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List, show or check the rules')
            [CompletionResult]::new('pricing', 'pricing', [CompletionResultType]::ParameterValue, 'Build a pricing table from AWS Price List offer files, or check a directory of tables')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the workload file format (for editors and CI)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), with every subcommand')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runwhere;help;recommend' {
            break
        }
        'runwhere;help;explain' {
            break
        }
        'runwhere;help;breakeven' {
            break
        }
        'runwhere;help;diff' {
            break
        }
        'runwhere;help;interview' {
            break
        }
        'runwhere;help;report' {
            break
        }
        'runwhere;help;plan' {
            break
        }
        'runwhere;help;rules' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, effect, services and source')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: its condition, effect, reason, sources and the facts it uses')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference')
            break
        }
        'runwhere;help;rules;list' {
            break
        }
        'runwhere;help;rules;show' {
            break
        }
        'runwhere;help;rules;check' {
            break
        }
        'runwhere;help;pricing' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The regions with a pricing table: name, prices'' date, sources and gaps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One region''s table: its sources, the service prices, what is missing, and the instance types')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Which prices changed between two pricing tables (files or directories of them), by how much')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete')
            break
        }
        'runwhere;help;pricing;list' {
            break
        }
        'runwhere;help;pricing;show' {
            break
        }
        'runwhere;help;pricing;import' {
            break
        }
        'runwhere;help;pricing;diff' {
            break
        }
        'runwhere;help;pricing;check' {
            break
        }
        'runwhere;help;completions' {
            break
        }
        'runwhere;help;schema' {
            break
        }
        'runwhere;help;man' {
            break
        }
        'runwhere;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
