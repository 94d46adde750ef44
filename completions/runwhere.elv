
use builtin;
use str;

set edit:completion:arg-completer[runwhere] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'runwhere'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'runwhere'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand recommend 'Rank the services for a workload file, with each one''s monthly cost, fit and main reason'
            cand explain 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line''s arithmetic'
            cand breakeven 'Vary one workload value across a range: every eligible service''s monthly cost, where the cheapest service changes, and where the top pick changes'
            cand diff 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service''s cost and the rules that changed; or what runs today with the top pick'
            cand interview 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file'
            cand report 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload''s path, the recommended service''s architecture, caveats and assumptions'
            cand plan 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload'
            cand rules 'List, show or check the rules'
            cand pricing 'Build a pricing table from AWS Price List offer files, or check a directory of tables'
            cand completions 'Print the completion script for a shell'
            cand schema 'Print the JSON Schema of the workload file format (for editors and CI)'
            cand man 'Print the man page (roff), with every subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;recommend'= {
            cand -f 'Output format'
            cand --format 'Output format'
            cand --max-monthly 'A budget gate: exit with status 4 when the top pick costs more than USD a month (with many workloads, checked per file; the summary names the files over it)'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -v 'The full reasons and variants in the table, instead of one line per service in 80 columns'
            cand --long 'The full reasons and variants in the table, instead of one line per service in 80 columns'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;explain'= {
            cand -s 'Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`)'
            cand --service 'Explain only this service (`ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`)'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;breakeven'= {
            cand --vary 'The workload value to vary, by its dotted path'
            cand --from 'Start of the range (default: the parameter''s own)'
            cand --to 'End of the range (default: the parameter''s own)'
            cand --points 'Steps across the range (logarithmic for counts and durations)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -o 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --output 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand --force 'Replace PATH if it exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;diff'= {
            cand --against 'Compare what runs today (A''s `[current]` table, priced by the same models) with A''s top pick, instead of two versions; A may be a directory'
            cand -f 'Output format'
            cand --format 'Output format'
            cand --fail-above 'A gate: exit with status 4 when the top pick''s monthly cost grew by more than LIMIT, a percentage of A''s (`10%`) or USD a month (`25`); with `--against current`, when the top pick costs more than today by more than LIMIT; with directories, checked per file and the summary names the files over it'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;interview'= {
            cand --from 'Start from this workload file: its values are the defaults, to change some of them'
            cand --save 'Save the workload to PATH without asking where (an existing file is replaced only after a yes)'
            cand --region 'Price in this region (the region question is then not asked)'
            cand --prefer 'How to weigh fit against cost in the ranking'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand --no-save 'Show the ranking but do not offer to save the workload'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;report'= {
            cand -f 'Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]'
            cand --format 'Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]'
            cand -o 'Write the report to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --output 'Write the report to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --status 'Where the decision stands, for the record''s Status'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand --force 'Replace PATH if it exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;plan'= {
            cand -f 'Output format [default: from the `-o` file''s extension (`.json`, `.csv`, `.md`, `.html`, `.htm`), else `table`]'
            cand --format 'Output format [default: from the `-o` file''s extension (`.json`, `.csv`, `.md`, `.html`, `.htm`), else `table`]'
            cand --max-monthly 'A budget gate: exit with status 4 when the best mix costs more than USD a month for the whole portfolio'
            cand -o 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --output 'Write to PATH (atomically) instead of standard output; an existing file is left alone unless `--force` is given'
            cand --region 'Price in this region instead of the file''s `region`'
            cand --prefer 'How to weigh fit against cost'
            cand --pricing-dir 'Load the pricing tables (`<region>.toml`) from DIR instead of the bundled ones'
            cand --rules-dir 'Load the rules (`*.toml`) from DIR instead of the bundled ones'
            cand --set 'Override a workload value by its dotted path, checked like a value in the file (repeatable): `--set traffic.requests_per_month=5e7 --set shape.arch=arm`'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand --explain 'With the table: every strategy''s assignments, line items, shared items with their allocation, and node groups'
            cand --force 'Replace PATH if it exists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;rules'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every rule: id, effect, services and source'
            cand show 'Show one rule: its condition, effect, reason, sources and the facts it uses'
            cand check 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;rules;list'= {
            cand --rules-dir 'Load the rules from DIR instead of the bundled ones'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;rules;show'= {
            cand --rules-dir 'Load the rules from DIR instead of the bundled ones'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;rules;check'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;rules;help'= {
            cand list 'List every rule: id, effect, services and source'
            cand show 'Show one rule: its condition, effect, reason, sources and the facts it uses'
            cand check 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;rules;help;list'= {
        }
        &'runwhere;rules;help;show'= {
        }
        &'runwhere;rules;help;check'= {
        }
        &'runwhere;rules;help;help'= {
        }
        &'runwhere;pricing'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The regions with a pricing table: name, prices'' date, sources and gaps'
            cand show 'One region''s table: its sources, the service prices, what is missing, and the instance types'
            cand import 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
            cand diff 'Which prices changed between two pricing tables (files or directories of them), by how much'
            cand check 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;pricing;list'= {
            cand --pricing-dir 'Load the pricing tables from DIR instead of the bundled ones'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;pricing;show'= {
            cand --pricing-dir 'Load the pricing tables from DIR instead of the bundled ones'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;pricing;import'= {
            cand --region 'The AWS region to import (`us-east-1`)'
            cand --offers 'The directory holding the offer files (`AmazonEC2.json`, …)'
            cand -o 'Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be) [default: `./<region>.toml`]'
            cand --output 'Write the table to PATH (`<region>.toml`), or into the directory PATH (created if need be) [default: `./<region>.toml`]'
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand --force 'Replace the output file if it exists'
            cand --all-instances 'Keep every instance type of the EC2 offer, not only those runwhere''s tables list'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;pricing;diff'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;pricing;check'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;pricing;help'= {
            cand list 'The regions with a pricing table: name, prices'' date, sources and gaps'
            cand show 'One region''s table: its sources, the service prices, what is missing, and the instance types'
            cand import 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
            cand diff 'Which prices changed between two pricing tables (files or directories of them), by how much'
            cand check 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;pricing;help;list'= {
        }
        &'runwhere;pricing;help;show'= {
        }
        &'runwhere;pricing;help;import'= {
        }
        &'runwhere;pricing;help;diff'= {
        }
        &'runwhere;pricing;help;check'= {
        }
        &'runwhere;pricing;help;help'= {
        }
        &'runwhere;completions'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;schema'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;man'= {
            cand --color 'When to color error messages: `auto` colors them on a terminal unless `NO_COLOR` is set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'runwhere;help'= {
            cand recommend 'Rank the services for a workload file, with each one''s monthly cost, fit and main reason'
            cand explain 'Show how a recommendation was reached: the flowchart path, every rule that fired with its points and source, the defaults applied, and each cost line''s arithmetic'
            cand breakeven 'Vary one workload value across a range: every eligible service''s monthly cost, where the cheapest service changes, and where the top pick changes'
            cand diff 'Compare two workloads, or one workload with `--set` overrides: ranking, top pick, each service''s cost and the rules that changed; or what runs today with the top pick'
            cand interview 'Answer questions about a workload instead of writing its file: shows the ranking, then offers to save the answers as a commented workload file'
            cand report 'Write a decision record for a workload, in Markdown or HTML: summary, context, options considered and excluded, cost breakdowns, a cost chart, the decision flowchart with the workload''s path, the recommended service''s architecture, caveats and assumptions'
            cand plan 'Price many workloads together: each on its own top pick, on a shared EKS cluster, a shared ECS cluster on EC2 or on Fargate, and the best mix, with shared costs allocated back to each workload'
            cand rules 'List, show or check the rules'
            cand pricing 'Build a pricing table from AWS Price List offer files, or check a directory of tables'
            cand completions 'Print the completion script for a shell'
            cand schema 'Print the JSON Schema of the workload file format (for editors and CI)'
            cand man 'Print the man page (roff), with every subcommand'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runwhere;help;recommend'= {
        }
        &'runwhere;help;explain'= {
        }
        &'runwhere;help;breakeven'= {
        }
        &'runwhere;help;diff'= {
        }
        &'runwhere;help;interview'= {
        }
        &'runwhere;help;report'= {
        }
        &'runwhere;help;plan'= {
        }
        &'runwhere;help;rules'= {
            cand list 'List every rule: id, effect, services and source'
            cand show 'Show one rule: its condition, effect, reason, sources and the facts it uses'
            cand check 'Check a rules directory (the bundled rules when none is given): every condition, fact, service id and flowchart reference'
        }
        &'runwhere;help;rules;list'= {
        }
        &'runwhere;help;rules;show'= {
        }
        &'runwhere;help;rules;check'= {
        }
        &'runwhere;help;pricing'= {
            cand list 'The regions with a pricing table: name, prices'' date, sources and gaps'
            cand show 'One region''s table: its sources, the service prices, what is missing, and the instance types'
            cand import 'Build a pricing table for a region from AWS Price List offer files downloaded into DIR'
            cand diff 'Which prices changed between two pricing tables (files or directories of them), by how much'
            cand check 'Check a directory of pricing tables (`<region>.toml`): every price present or listed as missing with a reason, sources cited, instance specs complete'
        }
        &'runwhere;help;pricing;list'= {
        }
        &'runwhere;help;pricing;show'= {
        }
        &'runwhere;help;pricing;import'= {
        }
        &'runwhere;help;pricing;diff'= {
        }
        &'runwhere;help;pricing;check'= {
        }
        &'runwhere;help;completions'= {
        }
        &'runwhere;help;schema'= {
        }
        &'runwhere;help;man'= {
        }
        &'runwhere;help;help'= {
        }
    ]
    $completions[$command]
}
