<#
.SYNOPSIS
Runs every tests/*.Tests.ps1 suite with Pester 5 against the built module (out/StudioCmdlets) and writes
a JSON summary (Passed, Failed, Skipped) for build.ps1 to add to the xunit totals.
.DESCRIPTION
A run that breaks (Pester itself failing, a report that cannot be written) is counted as failed, never as
nothing: the summary then says Failed 1 and the script exits 1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # The folder of the suites (this one by default; tests of the runner itself point it elsewhere).
    [string] $Path = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
# Error text without terminal colours: an escape character in a failure message breaks Pester's XML report.
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
# No NUnit XML: nothing reads it, and a control character in a failure message makes writing it throw away the run.
$config.TestResult.Enabled = $false
$result = $null
try { $result = Invoke-Pester -Configuration $config }
catch { Write-Host "Pester failed: $_" -ForegroundColor Red }
if ($null -eq $result -or $result -isnot [Pester.Run]) {
    Write-Host 'Pester returned no result: the run counts as failed.' -ForegroundColor Red
    [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } | ConvertTo-Json | Set-Content -Path $SummaryPath
    exit 1
}
# A container that fails to run (a broken BeforeAll) counts as failed, not as nothing.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
