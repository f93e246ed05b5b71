# tests/Invoke-PesterSuites.ps1, the runner CI trusts: a broken run is never counted as a pass.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/BuildSupport.psm1') -Force
    $runner = Join-Path $PSScriptRoot 'Invoke-PesterSuites.ps1'

    function Invoke-Runner([string] $Suite) {
        # A folder holding one suite, run by the real runner in a child pwsh, as build.ps1 runs it.
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $folder | Out-Null
        Set-Content (Join-Path $folder 'One.Tests.ps1') $Suite
        $summary = Join-Path $folder 'summary.json'
        $r = Invoke-ChildPwsh -Script "& '$runner' -PesterPath '$(Get-PesterPath)' -SummaryPath '$summary' -Path '$folder'; exit `$LASTEXITCODE"
        [pscustomobject]@{ ExitCode = $r.ExitCode; Summary = Get-Content -Raw $summary | ConvertFrom-Json; Output = $r.Output }
    }
}

Describe 'Invoke-PesterSuites' {
    It 'counts a passing suite' {
        $r = Invoke-Runner "Describe 'x' { It 'passes' { 1 | Should -Be 1 } }"
        $r.ExitCode | Should -Be 0
        $r.Summary.Passed | Should -Be 1
        $r.Summary.Failed | Should -Be 0
    }

    It 'counts a failure whose message carries terminal colours (which once broke the report and passed CI)' {
        $r = Invoke-Runner "Describe 'x' { It 'fails in colour' { throw ([char]27 + '[31mred' + [char]27 + '[0m') }; It 'passes' { 1 | Should -Be 1 } }"
        $r.ExitCode | Should -Be 1
        $r.Summary.Failed | Should -BeGreaterOrEqual 1
        $r.Summary.Passed | Should -Be 1
    }

    It 'counts a run with no test as failed' {
        $r = Invoke-Runner "Describe 'x' { }"
        $r.ExitCode | Should -Be 1
    }
}
