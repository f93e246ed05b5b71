<#
.SYNOPSIS
Runbook: ends Twilio Studio executions stuck for longer than a threshold, so blocked contacts can reach you again.

.DESCRIPTION
For Azure Automation (Windows PowerShell 5.1, PowerShell 7.2 or 7.4), scheduled tasks and CI. It never prompts.
Every parameter is of a type Automation can pass from a schedule, a webhook or the portal.

Credentials, first found wins: an Automation credential (-AutomationCredential; user name the Account SID or
an API key SID, password the auth token or API secret), a Key Vault secret read with the Automation account's
managed identity (-KeyVaultName, when Az.Accounts and Az.KeyVault are imported), Automation variables named like
the environment variables (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_API_KEY and TWILIO_API_SECRET,
TWILIO_REGION, TWILIO_EDGE), and last the environment itself (local runs and CI).

It writes one record per execution to the output (SID, flow, contact, age, the widget it sat on, outcome), then a
summary, and fails (throws, so the job is marked failed) when any execution could not be ended, or when more
executions than -MaxExecutions are stuck: then it ends none, because something systemic, or a scope mistake, is
going on.

.PARAMETER Select
Which executions to end. Stranded (the default): those Get-StudioStuckExecution finds stranded (waiting on the
contact or a callback with no release by Studio within the hour) and older than OlderThanHours; never a live
conversation or call, nor a wait about to time out by itself. Age: every active execution older than
OlderThanHours, the rule Twilio's support article gives.

.PARAMETER OlderThanHours
End active executions older than this many hours (default 4; at least 1). Recent conversations are left alone.

.PARAMETER Rehearse
True to only report what would be ended (the schedule-friendly -WhatIf; -WhatIf still works from a console).

.PARAMETER FlowName
Only flows with these names (wildcards allowed). Default: every flow. Given but empty, it is refused.

.PARAMETER ContactAddress
Only these contacts, for example to unblock one customer; phone numbers match in any format. Given but empty, it is refused.

.PARAMETER MaxExecutions
A safety cap (default 500): when more executions than this are stuck, none is ended and the job fails. With
-Subaccounts it applies to each account: an account over it ends none and is named in the job's failure; the
other accounts proceed.
.PARAMETER Subaccounts
True to sweep every active subaccount of the connected (parent) account instead of the account itself, each with
its own credentials (read with the parent's auth token or Main API key). Records and summaries carry the account.
.PARAMETER SubaccountName
With -Subaccounts: only subaccounts with these names (wildcards allowed). Given but empty, it is refused.

.PARAMETER WebhookData
Set by Automation when a webhook (an alert) starts the runbook: a JSON request body may carry OlderThanHours,
FlowName, ContactAddress, Rehearse and MaxExecutions, used where the parameter was not given.

.PARAMETER AutomationCredential
The name of an Automation credential to connect with.

.PARAMETER AccountSid
The account, when the credential's user name (or the Key Vault secret) is an API key's.

.PARAMETER KeyVaultName
A Key Vault holding the auth token (or API secret) as the secret -KeyVaultSecretName, read with the Automation
account's managed identity. Needs -AccountSid, and -ApiKey when the secret is an API key's.

.PARAMETER KeyVaultSecretName
The secret's name in -KeyVaultName (default TwilioAuthToken).

.PARAMETER ApiKey
With -KeyVaultName: the API key SID (SK...) whose secret the Key Vault holds.

.PARAMETER JournalPath
Also append one JSON line per execution to this file. In Automation the sandbox's disk is discarded after the
job: the records in the job's output are what stays.

.EXAMPLE
./Clear-StuckStudioExecutions.ps1 -Rehearse $true
Rehearse: lists what would be ended, changes nothing.

.EXAMPLE
./Clear-StuckStudioExecutions.ps1 -FlowName 'Inbound SMS*' -OlderThanHours 6 -AutomationCredential 'Twilio'
End the SMS flows' executions stuck for over six hours, connecting with the Automation credential 'Twilio'.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
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
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # Automation keeps every progress record; nobody reads them
Import-Module StudioCmdlets -ErrorAction SilentlyContinue
if (-not (Get-Command Stop-StudioExecution -ErrorAction SilentlyContinue)) {
    Import-Module (Join-Path $PSScriptRoot '../out/StudioCmdlets/StudioCmdlets.psd1')
}

function ConvertFrom-WebhookValue([string] $Name, $Value) {
    # JSON from an alert says true, "true", 1 or "1" alike; PowerShell would make any non-empty string $true, so that
    # "false" would rehearse and "no" would too: each value is read for what it says, or refused.
    switch ($Name) {
        { $_ -in 'Rehearse', 'Subaccounts' } {
            if ($Value -is [bool]) { return $Value }
            $text = "$Value".Trim()
            if ($text -in 'true', '1', 'yes') { return $true }
            if ($text -in 'false', '0', 'no') { return $false }
            throw "The webhook's $Name must be true or false (got '$Value')."
        }
        { $_ -in 'OlderThanHours', 'MaxExecutions' } {
            $number = 0
            if ($Value -is [int] -or $Value -is [long]) { return [int]$Value }
            if ([int]::TryParse("$Value".Trim(), [Globalization.NumberStyles]::Integer, [Globalization.CultureInfo]::InvariantCulture, [ref]$number)) { return $number }
            throw "The webhook's $Name must be a whole number (got '$Value')."
        }
        'Select' {
            $text = "$Value".Trim()
            if ($text -notin 'Stranded', 'Age') { throw "The webhook's Select must be Stranded or Age (got '$Value')." }
            return $text
        }
        default { return @($Value | ForEach-Object { "$_" }) }
    }
}

# An alert's webhook may say what to do, where the parameters did not.
if ($WebhookData -and $WebhookData.RequestBody) {
    $body = $WebhookData.RequestBody | ConvertFrom-Json
    foreach ($name in 'Select', 'OlderThanHours', 'Rehearse', 'FlowName', 'ContactAddress', 'MaxExecutions', 'Subaccounts', 'SubaccountName') {
        if (-not $PSBoundParameters.ContainsKey($name) -and $null -ne $body.$name) {
            $value = ConvertFrom-WebhookValue $name $body.$name
            Set-Variable -Name $name -Value $value
            $PSBoundParameters[$name] = $value
        }
    }
}
if ($OlderThanHours -lt 1) { throw "OlderThanHours must be at least 1 (got $OlderThanHours): a younger execution may be a live conversation." }
if ($MaxExecutions -lt 1) { throw "MaxExecutions must be at least 1 (got $MaxExecutions)." }
$olderThan = New-TimeSpan -Hours $OlderThanHours
$rehearsing = $Rehearse -or [bool]$WhatIfPreference

function Get-AutomationSetting([string] $Name) {
    # Automation variables exist only inside Azure Automation (or where a test defines the command).
    if (-not (Get-Command Get-AutomationVariable -ErrorAction SilentlyContinue)) { return $null }
    try { Get-AutomationVariable -Name $Name } catch { $null }
}

$connect = @{}
if ($AutomationCredential) {
    $connect.Credential = Get-AutomationPSCredential -Name $AutomationCredential
}
elseif ($KeyVaultName) {
    if (-not (Get-Command Get-AzKeyVaultSecret -ErrorAction SilentlyContinue)) { throw "-KeyVaultName needs the Az.Accounts and Az.KeyVault modules in this Automation account." }
    if (-not $AccountSid) { throw '-KeyVaultName needs -AccountSid.' }
    Connect-AzAccount -Identity | Out-Null
    $secret = (Get-AzKeyVaultSecret -VaultName $KeyVaultName -Name $KeyVaultSecretName).SecretValue
    $connect.Credential = [pscredential]::new($(if ($ApiKey) { $ApiKey } else { $AccountSid }), $secret)
}
else {
    $sid = Get-AutomationSetting 'TWILIO_ACCOUNT_SID'
    $token = Get-AutomationSetting 'TWILIO_AUTH_TOKEN'
    $key = Get-AutomationSetting 'TWILIO_API_KEY'
    $keySecret = Get-AutomationSetting 'TWILIO_API_SECRET'
    if ($sid -and $key -and $keySecret) { $connect.Credential = [pscredential]::new($key, (ConvertTo-SecureString $keySecret -AsPlainText -Force)); $connect.AccountSid = $sid }
    elseif ($sid -and $token) { $connect.Credential = [pscredential]::new($sid, (ConvertTo-SecureString $token -AsPlainText -Force)) }
}
if ($connect.Credential) {
    if ($AccountSid) { $connect.AccountSid = $AccountSid }
    foreach ($setting in @{ Region = 'TWILIO_REGION'; Edge = 'TWILIO_EDGE'; Endpoint = 'STUDIOCMDLETS_ENDPOINT' }.GetEnumerator()) {
        $value = Get-AutomationSetting $setting.Value
        if (-not $value) { $value = [Environment]::GetEnvironmentVariable($setting.Value) }
        if ($value) { $connect[$setting.Key] = $value }
    }
    Connect-StudioAccount @connect
}
# Otherwise the cmdlets read TWILIO_* from the environment (local runs and CI), or say clearly that nothing is set.

# A scope that was given is passed on even when empty, so the cmdlets refuse it: empty never means "all".
$scope = @{}
if ($PSBoundParameters.ContainsKey('FlowName')) { $scope.Name = $FlowName }
$accountErrors = @()
if ($Subaccounts) {
    # Every subaccount (or those named), each reached with its own credentials; one that refuses is one error, not the end.
    $fleet = @{}
    if ($PSBoundParameters.ContainsKey('SubaccountName')) { $fleet.FriendlyName = $SubaccountName }
    $accounts = @(Get-StudioSubaccount @fleet)
    $flows = @($accounts | Get-StudioFlow @scope -ErrorAction Continue -ErrorVariable +accountErrors)
}
elseif ($PSBoundParameters.ContainsKey('SubaccountName')) { throw '-SubaccountName needs -Subaccounts $true.' }
else { $flows = Get-StudioFlow @scope }
$listing = @{ WarningVariable = 'contactWarnings' }
if ($Subaccounts) { $listing.ErrorAction = 'Continue'; $listing.ErrorVariable = '+accountErrors' }
if ($PSBoundParameters.ContainsKey('ContactAddress')) { $listing.ContactAddress = $ContactAddress }
if ($Select -eq 'Stranded') {
    # Where each sits and when Studio would release it: only the stranded are ended, never a live one.
    $stuck = @($flows | Get-StudioStuckExecution @listing | Where-Object { $_.State -eq 'Stranded' -and $_.Age -gt $olderThan })
}
else {
    $stuck = @($flows | Get-StudioExecution -Status Active @listing | Where-Object Age -gt $olderThan)
}
Write-Verbose "$($stuck.Count) active executions to end ($Select, older than $OlderThanHours h) in $(@($flows).Count) flows."

$overCap = @()
if ($Subaccounts) {
    # The cap is each account's: one over it ends none of its own and is named in the job's failure; the rest proceed.
    $crowded = @($stuck | Group-Object AccountSid | Where-Object Count -gt $MaxExecutions)
    $overCap = @($crowded | ForEach-Object { "$($_.Name) ($($_.Count) executions)" })
    $stuck = @($stuck | Where-Object AccountSid -notin @($crowded.Name))
}
elseif ($stuck.Count -gt $MaxExecutions) {
    throw "$($stuck.Count) executions are stuck for over $OlderThanHours h, more than MaxExecutions ($MaxExecutions): none was ended. " +
        'So many at once means something systemic (a broken widget, an outage) or a scope mistake: check the flows, then rerun with a higher MaxExecutions if ending them all is right.'
}

# Where each one sits, for the records (the triage knows; with the age rule, one request per execution).
$sitsOn = @{}
if ($Select -eq 'Stranded') { $stuck | ForEach-Object { $sitsOn[$_.Sid] = $_.Widget } }
elseif ($stuck.Count -gt 0) { $stuck | Get-StudioExecutionStep -Last 1 | ForEach-Object { $sitsOn[$_.ExecutionSid] = $_.TransitionedTo } }

$journal = if ($JournalPath) { $JournalPath } else { Join-Path ([IO.Path]::GetTempPath()) ("studio-runbook-" + [guid]::NewGuid().ToString('N') + '.jsonl') }
$stop = @{ Summary = $true; Confirm = $false; ErrorAction = 'Continue'; ErrorVariable = 'failures'; WhatIf = $rehearsing; JournalPath = $journal }
# A sweep of several accounts writes one summary per account, then the total: the total is the last.
$summary = if ($stuck.Count -gt 0) { @($stuck | Stop-StudioExecution @stop)[-1] } else { $null }

# One record per execution: from the journal when executions were ended, from the listing when rehearsing. The
# journal is written ahead (Attempted before each end request, the outcome after): an execution's last line is its state.
$outcomes = @{}
if (-not $rehearsing -and (Test-Path $journal)) {
    foreach ($line in Get-Content $journal) { $entry = $line | ConvertFrom-Json; $outcomes[$entry.sid] = $entry.outcome }
    if (-not $JournalPath) { Remove-Item $journal -ErrorAction SilentlyContinue }
}
foreach ($e in $stuck) {
    [pscustomobject]@{
        PSTypeName     = 'StudioCmdlets.RunbookExecution'
        Sid            = $e.Sid
        AccountSid     = $e.AccountSid
        FlowSid        = $e.FlowSid
        FlowName       = $e.FlowName
        ContactAddress = $e.ContactAddress
        AgeHours       = [math]::Round($e.Age.TotalHours, 1)
        Widget         = $sitsOn[$e.Sid]
        Outcome        = if ($rehearsing) { 'SkippedByWhatIf' } elseif ($outcomes[$e.Sid]) { $outcomes[$e.Sid] } else { 'Failed' }
    }
}

$result = [pscustomobject]@{
    PSTypeName      = 'StudioCmdlets.RunbookResult'
    Select          = $Select
    OlderThanHours  = $OlderThanHours
    Rehearsal       = $rehearsing
    Flows           = @($flows).Count
    Stuck           = $stuck.Count
    Ended           = if ($summary) { $summary.Ended } else { 0 }
    AlreadyEnded    = if ($summary) { $summary.AlreadyEnded } else { 0 }
    SkippedByWhatIf = if ($summary) { $summary.SkippedByWhatIf } else { 0 }
    Failed          = if ($summary) { $summary.Failed + $summary.NotAttempted } else { 0 }
    JournalPath     = $JournalPath
    # A contact given without wildcards that matched no active execution (a mistyped number, or nothing stuck).
    Warnings        = @($contactWarnings | ForEach-Object { "$_" })
    Accounts        = if ($Subaccounts) { @($accounts).Count } else { 1 }
    OverCap         = $overCap
    AccountErrors   = @($accountErrors | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
}
$result
if ($overCap -or $accountErrors) {
    throw "Not every account was swept. " + $(if ($overCap) { "Over MaxExecutions ($MaxExecutions), none ended: $($overCap -join ', '). " }) +
        $(if ($accountErrors) { "Refused: $($result.AccountErrors -join ' | '). " }) + "The other accounts' stranded executions were handled ($($result.Ended) ended)."
}
if ($result.Failed -gt 0) {
    throw "$($result.Failed) of $($result.Stuck) stuck executions could not be ended: $(@($failures | Select-Object -First 3 | ForEach-Object { $_.Exception.Message }) -join ' | ')"
}
