# The documents are tested like the code: README.md is the front door (its size, the two set-up commands, the
# pipelines it shows), and no document names a command that does not exist or links to a file that is gone.
# Each check is proved once on a deliberately broken copy, the way the help compiler's stale-source test is.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $readme = Join-Path $RepoRoot 'README.md'
    $setUp = 'dotnet tool restore && dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Demo',
        'dotnet tool restore && dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task Test'
    $known = @(Get-Command -Module StudioCmdlets, StudioEmulator).Name

    function Get-NamedCommand([string] $Path) {
        # Every Verb-Studio… name the text uses (PowerShell commands are case-insensitive; the doc writes them as cased);
        # a script's file name (Clear-StudioBlackout.ps1, a sample runbook) is a file, not a command.
        [regex]::Matches((Get-Content -Raw $Path), '(?<![\w/-])[A-Z][a-z]+-Studio[A-Za-z]*(?![\w-]|\.ps1)') | ForEach-Object Value | Sort-Object -Unique
    }

    function Get-UnknownCommand([string] $Path) {
        Get-NamedCommand $Path | Where-Object { $_ -notin $known }
    }

    function Get-BrokenLink([string] $Path) {
        # Relative Markdown links ([text](target) and ![alt](target)); web addresses and in-page anchors are not files.
        $folder = Split-Path -Parent $Path
        foreach ($m in [regex]::Matches((Get-Content -Raw $Path), '\]\(([^)\s]+)\)')) {
            $target = $m.Groups[1].Value
            if ($target -match '^(https?|mailto):' -or $target.StartsWith('#')) { continue }
            $file = ($target -split '#')[0]
            if (-not (Test-Path -LiteralPath (Join-Path $folder $file))) { $target }
        }
    }

    function Get-PowerShellBlock([string] $Path) {
        [regex]::Matches((Get-Content -Raw $Path), '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }
    }

    function Get-ParseError([string] $Path) {
        foreach ($block in Get-PowerShellBlock $Path) {
            $tokens = $null; $errors = $null
            [void][System.Management.Automation.Language.Parser]::ParseInput($block, [ref]$tokens, [ref]$errors)
            foreach ($e in $errors) { "line $($e.Extent.StartLineNumber) of a block: $($e.Message)" }
        }
    }

    function Get-ShapeProblem([string] $Path) {
        # What makes the front door unusable: too large to read, no title, a section missing.
        $text = Get-Content -Raw $Path
        if ((Get-Item $Path).Length -ge 64KB) { 'larger than 64 KiB' }
        if ($text -notmatch '\A# StudioCmdlets\r?\n') { 'no title' }
        foreach ($heading in 'Set-up: two commands', 'Cookbook', 'Safe for production runs', 'Cmdlets', 'The Studio emulator') {
            if ($text -notmatch "(?m)^## $([regex]::Escape($heading))\s*$") { "no section '$heading'" }
        }
    }

    function New-BrokenCopy([string] $Text) {
        # A broken document in the repository's own place, so its relative links resolve as the real one's do.
        $copy = Join-Path $RepoRoot "README.broken-$([guid]::NewGuid().ToString('N')).md"
        Set-Content -LiteralPath $copy -Value $Text -NoNewline -Encoding utf8
        $copy
    }
}

Describe 'README.md, the front door' {
    It 'stays a short document (under 64 KiB) with a title and its sections' {
        Get-ShapeProblem $readme | Should -BeNullOrEmpty
    }

    It 'fails a copy blown up by an empty-pattern replace (what once made it 15 MB)' {
        # The check above, run on a broken copy: it must name what is wrong with it.
        $copy = New-BrokenCopy ((Get-Content -Raw $readme) -replace '', 'layout paragraph. ')
        try {
            $problems = @(Get-ShapeProblem $copy)
            $problems | Should -Contain 'larger than 64 KiB'
            $problems | Should -Contain 'no title'
        }
        finally { Remove-Item -LiteralPath $copy }
    }

    It 'holds the two set-up commands, and CI runs the same test command' {
        $lines = (Get-Content $readme).Trim()
        foreach ($command in $setUp) { $lines | Should -Contain $command }
        $ci = Get-Content -Raw (Join-Path $RepoRoot '.ci/run')
        $ci | Should -Match '(?m)^dotnet tool restore\s*$'
        $ci | Should -Match ('(?m)^' + [regex]::Escape(($setUp[1] -split ' && ')[1]) + '\s*$')
    }

    It 'has PowerShell blocks that all parse with PowerShell''s own parser' {
        @(Get-PowerShellBlock $readme).Count | Should -BeGreaterThan 3
        Get-ParseError $readme | Should -BeNullOrEmpty
    }

    It 'catches a block that does not parse' {
        $copy = New-BrokenCopy ((Get-Content -Raw $readme) + "`n``````powershell`nGet-StudioFlow | {`n``````n")
        try { @(Get-ParseError $copy).Count | Should -BeGreaterThan 0 }
        finally { Remove-Item -LiteralPath $copy }
    }
}

Describe 'Commands and links in <_>' -ForEach @('README.md', 'docs', 'about_StudioCmdlets') {
    BeforeAll {
        $files = switch ($_) {
            'README.md' { @($readme) }
            'docs' { @(Get-ChildItem (Join-Path $RepoRoot 'docs') -Filter *.md).FullName }
            default { @(Join-Path $RepoRoot 'module/help/about_StudioCmdlets.md') }
        }
    }

    It 'names only commands that exist (in the module or the emulator helper module)' {
        foreach ($file in $files) { Get-UnknownCommand $file | Should -BeNullOrEmpty -Because "$file names them" }
    }

    It 'links only to files that exist' {
        foreach ($file in $files) { Get-BrokenLink $file | Should -BeNullOrEmpty -Because "$file links to them" }
    }
}

Describe 'The document checks themselves' {
    It 'see the commands a document names' {
        Get-NamedCommand $readme | Should -Contain 'Stop-StudioExecution'
        @(Get-NamedCommand (Join-Path $RepoRoot 'module/help/about_StudioCmdlets.md')).Count | Should -BeGreaterThan 3
    }

    It 'catch a command that does not exist and a link to a missing file' {
        $copy = New-BrokenCopy ((Get-Content -Raw $readme) + "`nRun ``Get-StudioNothing``, see [the guide](docs/missing-guide.md).`n")
        try {
            Get-UnknownCommand $copy | Should -Be 'Get-StudioNothing'
            Get-BrokenLink $copy | Should -Be 'docs/missing-guide.md'
        }
        finally { Remove-Item -LiteralPath $copy }
    }
}
