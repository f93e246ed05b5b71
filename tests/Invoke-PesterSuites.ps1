<#
.SYNOPSIS
Runs every tests/*.Tests.ps1 suite with Pester 5 against the built module (out/StudioCmdlets) and writes
a JSON summary (Passed, Failed, Skipped) for build.ps1 to add to the xunit totals.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $config
# A container that fails to run (a broken BeforeAll) counts as failed, not as nothing.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
