<#
.SYNOPSIS
Runbook: ends Twilio Studio executions stuck for longer than a threshold, so blocked contacts can reach you again.

.DESCRIPTION
For Azure Automation (Windows PowerShell 5.1 or PowerShell 7.2/7.4), scheduled tasks and CI. It never prompts.
Credentials come from the TWILIO_* environment variables, or from an Automation credential (user name: the
Account SID or an API key SID; password: the auth token or API secret). It emits one summary object, writes a
journal when asked, and fails (throws, so the job is marked failed) when any execution could not be ended.

.PARAMETER OlderThan
End active executions older than this (default 4 hours). Recent conversations are left alone.

.PARAMETER FlowName
Only flows with these names (wildcards allowed). Default: every flow.

.PARAMETER ContactAddress
Only these contacts (wildcards allowed), for example to unblock one customer.

.PARAMETER AutomationCredential
The name of an Automation credential to connect with, instead of the environment.

.PARAMETER AccountSid
The account, when the credential's user name is an API key SID (SK...).

.PARAMETER JournalPath
Append one JSON line per execution (what it was, where it sat, what happened) to this file.

.EXAMPLE
./Clear-StuckStudioExecutions.ps1 -OlderThan (New-TimeSpan -Hours 4) -WhatIf
Rehearse: lists what would be ended, changes nothing.

.EXAMPLE
./Clear-StuckStudioExecutions.ps1 -FlowName 'Inbound SMS*' -JournalPath ./stuck.jsonl
End the stuck executions of the SMS flows and keep an audit trail.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [ValidateScript({ if ($_ -le [timespan]::Zero) { throw "-OlderThan must be more than zero (got $_): a zero or negative age would end live conversations." }; $true })]
    [timespan] $OlderThan = (New-TimeSpan -Hours 4),
    [string[]] $FlowName,
    [string[]] $ContactAddress,
    [string] $AutomationCredential,
    [string] $AccountSid,
    [string] $JournalPath
)
$ErrorActionPreference = 'Stop'
Import-Module StudioCmdlets -ErrorAction SilentlyContinue
if (-not (Get-Command Stop-StudioExecution -ErrorAction SilentlyContinue)) {
    Import-Module (Join-Path $PSScriptRoot '../out/StudioCmdlets/StudioCmdlets.psd1')
}

if ($AutomationCredential) {
    # Get-AutomationPSCredential exists only inside Azure Automation.
    $credential = Get-AutomationPSCredential -Name $AutomationCredential
    $connect = @{ Credential = $credential }
    if ($AccountSid) { $connect.AccountSid = $AccountSid }
    Connect-StudioAccount @connect
}

# A scope that was given is passed on even when empty, so the cmdlets refuse it: empty never means "all".
$flows = if ($PSBoundParameters.ContainsKey('FlowName')) { Get-StudioFlow -Name $FlowName } else { Get-StudioFlow }
$listing = @{ Status = 'Active'; WarningVariable = 'contactWarnings' }
if ($PSBoundParameters.ContainsKey('ContactAddress')) { $listing.ContactAddress = $ContactAddress }
$stuck = @($flows | Get-StudioExecution @listing | Where-Object Age -gt $OlderThan)
Write-Verbose "$($stuck.Count) active executions older than $OlderThan in $(@($flows).Count) flows."

$stop = @{ Summary = $true; Confirm = $false; ErrorAction = 'Continue'; ErrorVariable = 'failures'; WhatIf = [bool]$WhatIfPreference }
if ($JournalPath) { $stop.JournalPath = $JournalPath }
$summary = if ($stuck.Count -gt 0) { $stuck | Stop-StudioExecution @stop } else { $null }

$result = [pscustomobject]@{
    PSTypeName      = 'StudioCmdlets.RunbookResult'
    OlderThan       = $OlderThan
    Flows           = @($flows).Count
    Stuck           = $stuck.Count
    Ended           = if ($summary) { $summary.Ended } else { 0 }
    AlreadyEnded    = if ($summary) { $summary.AlreadyEnded } else { 0 }
    SkippedByWhatIf = if ($summary) { $summary.SkippedByWhatIf } else { 0 }
    Failed          = if ($summary) { $summary.Failed } else { 0 }
    JournalPath     = $JournalPath
    # A contact given without wildcards that matched no active execution (a mistyped number, or nothing stuck).
    Warnings        = @($contactWarnings | ForEach-Object { "$_" })
}
$result
if ($result.Failed -gt 0) {
    throw "$($result.Failed) of $($result.Stuck) stuck executions could not be ended: $(@($failures | Select-Object -First 3 | ForEach-Object { $_.Exception.Message }) -join ' | ')"
}
