<#
.SYNOPSIS
The contact-centre blackout and its cure, from the PowerShell pipeline.
.DESCRIPTION
Against a Studio endpoint (the bundled emulator, by default through build.ps1 -Task Demo):
  1. who is blocked, and on which widget each contact's execution sits;
  2. proof of the blackout: a new conversation for a blocked contact is refused (HTTP 409);
  3. triage: which are really stranded, which Studio releases by itself soon, which are live;
  4. a rehearsal with -WhatIf that changes nothing;
  5. the cure: the stranded executions are ended; live conversations and waits about to end are left alone;
  6. proof of the cure: the same contact now gets a fresh execution;
  7. prevention: the audit of the flows that strand executions, and how long each can block a contact;
  8. the cause removed: the flow that stranded most contacts repaired, as a draft, its worst case before and after;
  9. the other half: conversations nobody will answer that still hold a contact, triaged, the stranded closed (through
     Flex where a task names its channel), and the contact's next message starting a fresh conversation.
#>
param(
    [Parameter(Mandatory)] [string] $EmulatorUrl,
    [Parameter(Mandatory)] [string] $AccountSid,
    [Parameter(Mandatory)] [string] $AuthToken,
    [timespan] $StuckAfter = (New-TimeSpan -Hours 4)
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../out/StudioCmdlets/StudioCmdlets.psd1')

function Write-Section([string] $Title) { Write-Host ''; Write-Host "=== $Title" -ForegroundColor Cyan }
# Tables at the 120 columns the views are made for, even when output is not a terminal.
function Show { $input | Out-String -Width 120 | Write-Host }
function Get-PostCount { (Invoke-RestMethod "$EmulatorUrl/_emulator/requests?method=POST").count }
$api = [pscredential]::new($AccountSid, (ConvertTo-SecureString $AuthToken -AsPlainText -Force))

Connect-StudioAccount -Credential $api -Endpoint $EmulatorUrl
Get-StudioAccount | Format-Table AccountSid, AuthType, Endpoint | Show

Write-Section "1. Who is blocked? Active executions older than $StuckAfter"
$flows = Get-StudioFlow
$flows | Format-Table | Show
$active = $flows | Get-StudioExecution -Status Active
$stuck = $active | Where-Object Age -gt $StuckAfter
Write-Host "$($active.Count) active executions: $($stuck.Count) stuck for more than $StuckAfter, $($active.Count - $stuck.Count) recent (left alone)."
$stuck | Group-Object FlowName | Sort-Object Count -Descending | Format-Table Count, @{ n = 'Flow'; e = 'Name' } | Show
$stuck | Sort-Object Age -Descending | Select-Object -First 8 | Format-Table | Show

Write-Host 'Where they sit (the latest step of each stuck execution):'
$stuck | Get-StudioExecutionStep | Where-Object IsLatest |
    Group-Object WidgetType, TransitionedTo | Sort-Object Count -Descending |
    Format-Table Count, @{ n = 'Widget type, widget'; e = 'Name' } | Show
$oldest = $stuck | Sort-Object Age -Descending | Select-Object -First 1
$context = $oldest | Get-StudioExecutionContext
$said = if ($context.Context.trigger.message) { $context.Context.trigger.message.Body } else { $context.Context.trigger.conversation.Body }
Write-Host "The longest-waiting contact, $($oldest.ContactAddress), wrote '$said' $([int]$oldest.Age.TotalHours) hours ago and has heard nothing since."

Write-Section '2. The blackout: a new conversation for a blocked contact is refused'
$blocked = $stuck | Where-Object FlowName -eq 'Inbound SMS Support' | Select-Object -First 1
$refused = $null
$started = New-StudioExecution -FlowSid $blocked.FlowSid -To $blocked.ContactAddress -From '+15005550006' -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
if ($started -or -not $refused) { throw 'Expected Studio to refuse the conversation.' }
Write-Host $refused[0].Exception.Message -ForegroundColor Yellow
Write-Host "What to do: $($refused[0].ErrorDetails.RecommendedAction)"

Write-Section "3. Triage: older than $([int]$StuckAfter.TotalHours) hours is not the same as stranded"
$triage = $flows | Get-StudioStuckExecution
$triage | Group-Object State | Sort-Object Name | Format-Table Count, @{ n = 'State'; e = 'Name' } | Show
$stranded = @($triage | Where-Object State -eq 'Stranded')
$spared = @($triage | Where-Object { $_.State -ne 'Stranded' -and $_.Sid -in $stuck.Sid })
Write-Host "Of the $($stuck.Count) older than $([int]$StuckAfter.TotalHours) hours, $($spared.Count) are not stranded; the age rule would have ended them:"
$spared | Format-List FlowName, ContactAddress, State, Reason | Show
$final = @($stranded | Where-Object Reason -match 'longer than any call lasts|should have released it')
Write-Host "And $($final.Count) that a timer should have freed are stranded: the final event never reached Studio (the support article's call whose status never came, a timeout that never fired):"
$final | Format-List FlowName, ContactAddress, Widget, WidgetType, BlockedFor, Reason | Show

Write-Section '4. Rehearsal: Stop-StudioExecution -WhatIf'
$postsBefore = Get-PostCount
$stranded | Stop-StudioExecution -WhatIf
Write-Host "Requests that changed anything during the rehearsal: $((Get-PostCount) - $postsBefore)"

Write-Section '5. The cure: the stranded ones'
$summary = $stranded | Stop-StudioExecution -Confirm:$false -Summary
Write-Host "Ended $($summary.Ended) executions." -ForegroundColor Green
$stillActive = Get-StudioStuckExecution
Write-Host "Still active (live, or released by Studio within the hour): $($stillActive.Count)"
$stillActive | Format-Table | Show

Write-Section '6. Proof: the same contact gets a fresh execution'
$fresh = New-StudioExecution -FlowSid $blocked.FlowSid -To $blocked.ContactAddress -From '+15005550006' -Confirm:$false
Write-Host "New conversation with $($blocked.ContactAddress): execution $($fresh.Sid) is $($fresh.Status)." -ForegroundColor Green

Write-Section '7. Prevention: which flows strand contacts, and for how long'
$flows | Test-StudioFlow -Summary | Sort-Object Errors -Descending | Format-Table | Show
$flows | Test-StudioFlow | Where-Object Severity -ne 'Info' | Format-List FlowName, Widget, Rule, Severity, Detail, Recommendation | Show

Write-Section '8. The cause removed: repair the flow that stranded most contacts (a draft: the published flow keeps running)'
$worst = $stranded | Group-Object FlowSid | Sort-Object Count -Descending | Select-Object -First 1
$repair = Repair-StudioFlow -FlowSid $worst.Name -Confirm:$false
if ($repair.Status -ne 'Drafted') { throw "Expected the repair to be saved as a draft, got $($repair.Status): $($repair.Reason)" }
Write-Host "$($repair.FlowName) stranded $($worst.Count) of the $($stranded.Count) contacts. Its repair, draft revision $($repair.RevisionAfter):"
$repair.Changes | Format-Table | Show
function Format-Span([timespan] $t) { [StudioCmdlets.Model.View]::Span($t) }
Write-Host "A contact who goes silent was blocked for up to $(Format-Span $repair.WorstCaseBefore); with the repair, at most $(Format-Span $repair.WorstCaseAfter)." -ForegroundColor Green
Write-Host "Publish it in the canvas or with -Publish; the way back: $($repair.RestoreCommand)"

Write-Section '9. The other half: conversations nobody will answer still hold the contact'
function Send-Inbound([string] $From) { Invoke-RestMethod -Method Post "$EmulatorUrl/_emulator/inbound" -ContentType 'application/json' -Body (@{ from = $From } | ConvertTo-Json) }
$conversations = Get-StudioStuckConversation
$conversations | Group-Object State | Sort-Object Name | Format-Table Count, @{ n = 'State'; e = 'Name' } | Show
$queued = @($conversations | Where-Object { $_.State -eq 'Live' -and $_.TaskStatus -eq 'pending' })
Write-Host "$($queued.Count) customers have waited in the queue on a pending task for hours: Live, not stranded (left alone), as are the parked ones and those a Studio flow handles."
$strandedConversations = @($conversations | Where-Object State -eq 'Stranded')
$strandedConversations | Select-Object -First 6 | Format-Table | Show
$held = $strandedConversations | Where-Object { $_.ContactAddress -like '+*' } | Select-Object -First 1
$landed = Send-Inbound $held.ContactAddress
Write-Host "The blackout: $($held.ContactAddress) writes again, and the message lands in $($landed.conversation_sid), the conversation nobody is in (a new one created: $($landed.created))." -ForegroundColor Yellow
$postsBefore = Get-PostCount
$strandedConversations | Close-StudioConversation -WhatIf
Write-Host "Requests that changed anything during the rehearsal: $((Get-PostCount) - $postsBefore)"
$closed = $strandedConversations | Close-StudioConversation -Confirm:$false -Summary
Write-Host "Closed $($closed.Closed) conversations (through Flex's interaction channel where a task named one, its tasks with it)." -ForegroundColor Green
$fresh = Send-Inbound $held.ContactAddress
if (-not $fresh.created) { throw 'Expected the next message to start a fresh conversation.' }
Write-Host "Proof: $($held.ContactAddress) writes again and a fresh conversation, $($fresh.conversation_sid), takes the message: Flex routes it to an agent." -ForegroundColor Green

Write-Section '10. So it does not happen again: conversations that close themselves'
Test-StudioConversationSetting | Where-Object Severity -ne 'Info' | Format-List Rule, Severity, Conversations, Detail, Recommendation | Show
$timer = Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4) -Confirm:$false
$timer | Format-Table | Show
$back = if ($timer.Before) { "put it back with Set-StudioConversationSetting -DefaultClosedTimer '$($timer.Before)'" } else { 'it was unset before (Twilio documents no way to unset it again)' }
Write-Host "New conversations now close 4 hours after their last message; $back. Conversations that exist keep their own timers." -ForegroundColor Green
Write-Host 'The numbers customers write to, and the flow each starts (audit those with Test-StudioFlow):'
Get-StudioAddressConfiguration | Format-Table | Show
Write-Host 'Run it against your account: Connect-StudioAccount, then the same pipelines with -WhatIf first.'
