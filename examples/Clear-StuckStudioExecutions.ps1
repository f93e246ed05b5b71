<#
.SYNOPSIS
The runbook's old name: runs Clear-StudioBlackout.ps1 (beside it) with the parameters it is given.

.DESCRIPTION
Schedules and webhooks made for Clear-StuckStudioExecutions keep working: every parameter keeps its name and
meaning, and the run now clears stranded conversations too (-Kind Executions for executions only). See
Clear-StudioBlackout.ps1 for the parameters, and docs/automation.md. In Azure Automation, import and publish
Clear-StudioBlackout first, then this one.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]] $Kind = @('Executions', 'Conversations'),
    [ValidateSet('Stranded', 'Age')]
    [string] $Select = 'Stranded',
    [int] $OlderThanHours = 4,
    [bool] $Rehearse = $false,
    [string[]] $FlowName,
    [string[]] $ContactAddress,
    [int] $MaxExecutions = 500,
    [bool] $Subaccounts = $false,
    [string[]] $SubaccountName,
    [object] $WebhookData,
    [string] $AutomationCredential,
    [string] $AccountSid,
    [string] $KeyVaultName,
    [string] $KeyVaultSecretName = 'TwilioAuthToken',
    [string] $ApiKey,
    [string] $JournalPath
)
# Beside this file (a local run, a scheduled task, CI), the file; in Azure Automation, the published runbook of that
# name, called inline as .\Name.ps1 (Automation links a child runbook when the parent is published).
$beside = if ($PSScriptRoot) { Join-Path $PSScriptRoot 'Clear-StudioBlackout.ps1' }
if ($beside -and (Test-Path -LiteralPath $beside)) { & $beside @PSBoundParameters }
else { .\Clear-StudioBlackout.ps1 @PSBoundParameters }
