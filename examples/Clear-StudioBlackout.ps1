<#
.SYNOPSIS
Runbook: clears both halves of the blackout, so blocked contacts can reach you again: it ends the stranded Twilio
Studio executions and closes the stranded conversations (Conversations, as Flex messaging uses) older than a threshold.

.DESCRIPTION
For Azure Automation (Windows PowerShell 5.1, PowerShell 7.2 or 7.4), scheduled tasks and CI. It never prompts.
Every parameter is of a type Automation can pass from a schedule, a webhook or the portal.

Credentials, first found wins: an Automation credential (-AutomationCredential; user name the Account SID or
an API key SID, password the auth token or API secret), a Key Vault secret read with the Automation account's
managed identity (-KeyVaultName, when Az.Accounts and Az.KeyVault are imported), Automation variables named like
the environment variables (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_API_KEY and TWILIO_API_SECRET,
TWILIO_REGION, TWILIO_EDGE), and last the environment itself (local runs and CI).

It writes one record per blocker to the output (kind, SID, contact, where it sat, age, outcome), then one summary,
and fails (throws, so the job is marked failed) when any could not be ended or closed, or when more of one kind than
-MaxExecutions are stranded in one account: then none of that kind in that account is touched, because something
systemic, or a scope mistake, is going on; the other kind and the other accounts proceed.

The old name, Clear-StuckStudioExecutions.ps1, runs this runbook with the parameters it is given: schedules and
webhooks made for it keep working.

.PARAMETER Kind
What to clear: Executions, Conversations, or both (the default), as a list or one comma-separated text
("Executions,Conversations"). Conversations are always triaged (Get-StudioStuckConversation): only the Stranded are
closed, never one a customer is queued in (a pending task), one an agent is in, one Flex parked, one a Studio flow
handles or one a close timer is about to release. With -FlowName and no -Kind, only executions are cleared (a
conversation belongs to no flow); -FlowName with -Kind Conversations is refused.

.PARAMETER Select
Which executions to end. Stranded (the default): those Get-StudioStuckExecution finds stranded (waiting on the
contact or a callback with no release by Studio within the hour) and older than OlderThanHours; never a live
conversation or call, nor a wait about to time out by itself. Age: every active execution older than
OlderThanHours, the rule Twilio's support article gives.

.PARAMETER OlderThanHours
End active executions older than this many hours, and close conversations unused for longer (default 4; at least
1). Recent conversations and executions are left alone.

.PARAMETER Rehearse
True to only report what would be ended (the schedule-friendly -WhatIf; -WhatIf still works from a console).

.PARAMETER FlowName
Only flows with these names (wildcards allowed). Default: every flow. Given but empty, it is refused.

.PARAMETER ContactAddress
Only these contacts, for example to unblock one customer; phone numbers match in any format. Given but empty, it is refused.

.PARAMETER MaxExecutions
A safety cap (default 500) for each kind in each account: when more executions (or conversations) than this are
stranded in one account, none of that kind there is ended (or closed), the account and kind are named in the job's
failure, and the rest proceed.
.PARAMETER Subaccounts
True to sweep every active subaccount of the connected (parent) account instead of the account itself, each with
its own credentials (read with the parent's auth token or Main API key), executions and conversations alike.
Records and summaries carry the account.
.PARAMETER SubaccountName
With -Subaccounts: only subaccounts with these names (wildcards allowed). Given but empty, it is refused.

.PARAMETER WebhookData
Set by Automation when a webhook (an alert) starts the runbook: a JSON request body may carry Kind, Select,
OlderThanHours, FlowName, ContactAddress, Rehearse, MaxExecutions, Subaccounts and SubaccountName, used where the
parameter was not given.

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
Also append the write-ahead journal of the ends and closes to this file (JSON lines: an Attempted line before each
request, the outcome after). In Automation the sandbox's disk is discarded after the
job: the records in the job's output are what stays.

.EXAMPLE
./Clear-StudioBlackout.ps1 -Rehearse $true
Rehearse: lists the executions that would be ended and the conversations that would be closed, changes nothing.

.EXAMPLE
./Clear-StudioBlackout.ps1 -FlowName 'Inbound SMS*' -OlderThanHours 6 -AutomationCredential 'Twilio'
End the SMS flows' executions stuck for over six hours, connecting with the Automation credential 'Twilio'.

.EXAMPLE
./Clear-StudioBlackout.ps1 -Kind Conversations -Subaccounts $true
Close the stranded conversations of every subaccount, each with its own credentials.
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
        'Kind' { return @($Value | ForEach-Object { "$_" }) }
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
    foreach ($name in 'Kind', 'Select', 'OlderThanHours', 'Rehearse', 'FlowName', 'ContactAddress', 'MaxExecutions', 'Subaccounts', 'SubaccountName') {
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
# Kinds as Automation passes them: a list, or one text with commas.
$kinds = @($Kind | ForEach-Object { "$_" -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
if (-not $kinds) { throw "Kind is empty: name Executions, Conversations or both; nothing was done." }
foreach ($k in $kinds) { if ($k -notin 'Executions', 'Conversations') { throw "Kind must be Executions or Conversations (got '$k'); nothing was done." } }
if ($PSBoundParameters.ContainsKey('FlowName')) {
    # A conversation belongs to no flow: a run scoped to flows clears executions, and asking for both is refused.
    if (-not $PSBoundParameters.ContainsKey('Kind')) { $kinds = @('Executions') }
    elseif ('Conversations' -in $kinds) { throw "FlowName scopes executions; a conversation belongs to no flow: leave out FlowName, or Kind Conversations. Nothing was done." }
}
$doExecutions = 'Executions' -in $kinds
$doConversations = 'Conversations' -in $kinds
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
$accounts = @()
if ($Subaccounts) {
    # Every subaccount (or those named), each reached with its own credentials; one that refuses is one error, not the end.
    $fleet = @{}
    if ($PSBoundParameters.ContainsKey('SubaccountName')) { $fleet.FriendlyName = $SubaccountName }
    $accounts = @(Get-StudioSubaccount @fleet)
}
elseif ($PSBoundParameters.ContainsKey('SubaccountName')) { throw '-SubaccountName needs -Subaccounts $true.' }
$listing = @{ WarningVariable = '+contactWarnings' }
if ($Subaccounts) { $listing.ErrorAction = 'Continue'; $listing.ErrorVariable = '+accountErrors' }
if ($PSBoundParameters.ContainsKey('ContactAddress')) { $listing.ContactAddress = $ContactAddress }
$contactWarnings = @()

$flows = @()
$stuck = @()
if ($doExecutions) {
    $flows = if ($Subaccounts) { @($accounts | Get-StudioFlow @scope -ErrorAction Continue -ErrorVariable +accountErrors) } else { @(Get-StudioFlow @scope) }
    if ($Select -eq 'Stranded') {
        # Where each sits and when Studio would release it: only the stranded are ended, never a live one.
        $stuck = @($flows | Get-StudioStuckExecution @listing | Where-Object { $_.State -eq 'Stranded' -and $_.Age -gt $olderThan })
    }
    else {
        $stuck = @($flows | Get-StudioExecution -Status Active @listing | Where-Object Age -gt $olderThan)
    }
    Write-Verbose "$($stuck.Count) active executions to end ($Select, older than $OlderThanHours h) in $(@($flows).Count) flows."
}
$stranded = @()
if ($doConversations) {
    # Only the stranded: never one a customer is queued in, an agent is in, Flex parked, a flow handles or a timer releases soon.
    $triage = if ($Subaccounts) { $accounts | Get-StudioStuckConversation @listing } else { Get-StudioStuckConversation @listing }
    $stranded = @($triage | Where-Object { $_.State -eq 'Stranded' -and $_.BlockedFor -gt $olderThan })
    Write-Verbose "$($stranded.Count) stranded conversations to close (unused for over $OlderThanHours h)."
}

# The cap is each kind's in each account: one over it is touched in none of that kind there, and named in the job's
# failure; the other kind and the other accounts proceed.
$overCap = @()
function Limit-PerAccount([object[]] $Items, [string] $Noun) {
    $crowded = @($Items | Group-Object AccountSid | Where-Object Count -gt $MaxExecutions)
    foreach ($group in $crowded) { $script:overCap += "$($group.Count) $Noun stranded in $($group.Name)" }
    @($Items | Where-Object AccountSid -notin @($crowded.Name))
}
$stuck = @(Limit-PerAccount $stuck 'executions')
$stranded = @(Limit-PerAccount $stranded 'conversations')

# Where each execution sits, for the records (the triage knows; with the age rule, one request per execution).
$sitsOn = @{}
if ($Select -eq 'Stranded') { $stuck | ForEach-Object { $sitsOn[$_.Sid] = $_.Widget } }
elseif ($stuck.Count -gt 0) { $stuck | Get-StudioExecutionStep -Last 1 | ForEach-Object { $sitsOn[$_.ExecutionSid] = $_.TransitionedTo } }

# Each command says what it did with each item it was given (-PassThru), then its totals (-Summary, the last object).
$write = @{ Summary = $true; PassThru = $true; Confirm = $false; ErrorAction = 'Continue'; WhatIf = $rehearsing }
if ($JournalPath) { $write.JournalPath = $JournalPath }
$outcomes = @{}
$summary = $null
$closing = $null
if ($stuck.Count -gt 0) {
    $done = @($stuck | Stop-StudioExecution @write -ErrorVariable +failures)
    $done | Where-Object { $_ -is [StudioCmdlets.Model.StudioExecution] } | ForEach-Object { $outcomes[$_.Sid] = "$($_.Outcome)" }
    # A sweep of several accounts writes one summary per account, then the total: the total is the last.
    $summary = $done[-1]
}
if ($stranded.Count -gt 0) {
    $done = @($stranded | Close-StudioConversation @write -ErrorVariable +failures)
    $done | Where-Object { $_ -is [StudioCmdlets.Model.StudioConversationClose] } | ForEach-Object { $outcomes[$_.ConversationSid] = $_.Outcome }
    $closing = $done[-1]
}

# One record per blocker, executions first: what it was, where it sat, and what this run did with it.
function New-Record([string] $Kind, $Item, [timespan] $Age, [string] $Widget, [string] $Where) {
    [pscustomobject]@{
        PSTypeName     = 'StudioCmdlets.RunbookExecution'
        Kind           = $Kind
        Sid            = $Item.Sid
        AccountSid     = $Item.AccountSid
        FlowSid        = if ($Kind -eq 'Execution') { $Item.FlowSid }
        FlowName       = if ($Kind -eq 'Execution') { $Item.FlowName }
        ContactAddress = $Item.ContactAddress
        AgeHours       = [math]::Round($Age.TotalHours, 1)
        Widget         = if ($Widget) { $Widget }
        Where          = $Where
        Outcome        = if ($rehearsing) { 'SkippedByWhatIf' } elseif ($outcomes[$Item.Sid]) { $outcomes[$Item.Sid] } else { 'Failed' }
    }
}
foreach ($e in $stuck) { New-Record 'Execution' $e $e.Age $sitsOn[$e.Sid] "$($e.FlowName)$(if ($sitsOn[$e.Sid]) { " at $($sitsOn[$e.Sid])" })" }
foreach ($c in $stranded) { New-Record 'Conversation' $c $c.BlockedFor $null $(if ($c.ProxyAddress) { "via $($c.ProxyAddress)" } else { 'chat' }) }

$result = [pscustomobject]@{
    PSTypeName                   = 'StudioCmdlets.RunbookResult'
    Kind                         = $kinds
    Select                       = $Select
    OlderThanHours               = $OlderThanHours
    Rehearsal                    = $rehearsing
    Flows                        = @($flows).Count
    Stuck                        = $stuck.Count
    Ended                        = if ($summary) { $summary.Ended } else { 0 }
    AlreadyEnded                 = if ($summary) { $summary.AlreadyEnded } else { 0 }
    SkippedByWhatIf              = if ($summary) { $summary.SkippedByWhatIf } else { 0 }
    Failed                       = if ($summary) { $summary.Failed + $summary.NotAttempted } else { 0 }
    StrandedConversations        = $stranded.Count
    Closed                       = if ($closing) { $closing.Closed } else { 0 }
    AlreadyClosed                = if ($closing) { $closing.AlreadyClosed } else { 0 }
    ConversationsSkippedByWhatIf = if ($closing) { $closing.SkippedByWhatIf } else { 0 }
    ConversationsFailed          = if ($closing) { $closing.Failed + $closing.NotAttempted } else { 0 }
    JournalPath                  = $JournalPath
    # A contact given without wildcards that matched nothing (a mistyped number, or nothing stuck).
    Warnings                     = @($contactWarnings | ForEach-Object { "$_" })
    Accounts                     = if ($Subaccounts) { @($accounts).Count } else { 1 }
    OverCap                      = $overCap
    AccountErrors                = @($accountErrors | ForEach-Object { "$($_.TargetObject): $($_.Exception.Message)" })
}
$result
if ($overCap -or $accountErrors) {
    throw $(if ($overCap) { "More than MaxExecutions ($MaxExecutions): none of that kind in that account was ended or closed (over MaxExecutions: $($overCap -join ', ')). " }) +
        $(if ($accountErrors) { "Refused: $($result.AccountErrors -join ' | '). " }) +
        "Not everything was cleared; the rest were handled ($($result.Ended) ended, $($result.Closed) conversations closed). " +
        'So many at once means something systemic (a broken widget, an outage) or a scope mistake: check, then rerun with a higher MaxExecutions if clearing them all is right.'
}
if ($result.Failed -gt 0 -or $result.ConversationsFailed -gt 0) {
    throw "$($result.Failed) of $($result.Stuck) stuck executions could not be ended and $($result.ConversationsFailed) of $($result.StrandedConversations) stranded conversations could not be closed: " +
        "$(@($failures | Select-Object -First 3 | ForEach-Object { $_.Exception.Message }) -join ' | ')"
}
