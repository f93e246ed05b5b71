# The runbook sample, run as Automation would: non-interactive, no prompts, parameters of Automation's types.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    function Invoke-Runbook([string] $Arguments, $Emulator, [string] $Prelude = '', [switch] $Automation, [string] $Script = 'Clear-StudioBlackout.ps1') {
        # Locally (and in CI) credentials come from the environment; the way Automation runs it, from
        # Get-AutomationVariable, with no TWILIO_* variable in the environment at all.
        $environment = if ($Automation) { @{ STUDIOCMDLETS_RETRY_DELAY_MS = '5' } } else {
            @{ TWILIO_ACCOUNT_SID = $Emulator.AccountSid; TWILIO_AUTH_TOKEN = $Emulator.AuthToken; STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl; STUDIOCMDLETS_RETRY_DELAY_MS = '5' }
        }
        $script = "`$ErrorActionPreference = 'Stop'; $Prelude; `$out = @(./examples/$Script $Arguments); " +
            "'RECORDS ' + (ConvertTo-Json -Compress -InputObject @(`$out | Select-Object -SkipLast 1)); 'RESULT ' + (`$out | Select-Object -Last 1 | ConvertTo-Json -Compress)"
        $r = Invoke-ChildPwsh -Script $script -Environment $environment
        $lines = $r.Output -split "`n"
        $result = ($lines | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', ''
        $records = ($lines | Where-Object { $_ -like 'RECORDS *' }) -replace '^RECORDS ', ''
        $r | Add-Member -PassThru NoteProperty Result ($(if ($result) { $result | ConvertFrom-Json })) |
            Add-Member -PassThru NoteProperty Records ($(if ($records) { @($records | ConvertFrom-Json) }))
    }
    function Get-AutomationPrelude($Emulator, [hashtable] $Extra = @{}) {
        # What Azure Automation provides: Get-AutomationVariable and Get-AutomationPSCredential.
        $variables = @{ TWILIO_ACCOUNT_SID = $Emulator.AccountSid; TWILIO_AUTH_TOKEN = $Emulator.AuthToken; STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl } + $Extra
        $table = ($variables.GetEnumerator() | ForEach-Object { "'$($_.Key)' = '$($_.Value)'" }) -join '; '
        "foreach (`$n in 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'STUDIOCMDLETS_ENDPOINT') { if ([Environment]::GetEnvironmentVariable(`$n)) { throw `"`$n is set`" } }; " +
        "`$automationVariables = @{ $table }; " +
        "function global:Get-AutomationVariable([string] `$Name) { if (-not `$automationVariables.ContainsKey(`$Name)) { throw `"No variable `$Name`" }; `$automationVariables[`$Name] }; " +
        "function global:Get-AutomationPSCredential([string] `$Name) { [pscredential]::new('$($Emulator.AccountSid)', (ConvertTo-SecureString '$($Emulator.AuthToken)' -AsPlainText -Force)) }"
    }
}
AfterAll { Reset-StudioConnection }

Describe 'Clear-StudioBlackout.ps1' {
    It 'rehearses with -WhatIf, ends with a journal, and can target one contact' {
        $emu = Start-StudioEmulator -Arguments '--executions', '600', '--seed', '13'
        try {
            $truth = Get-ScenarioTruth $emu
            $seq = Get-LastRequestSeq $emu
            $rehearsal = Invoke-Runbook '-WhatIf' $emu
            $rehearsal.ExitCode | Should -Be 0
            # By default only the stranded, fewer than those older than four hours (some release by themselves, one is live).
            $rehearsal.Result.Select | Should -Be 'Stranded'
            $truth.Stranded | Should -BeLessThan $truth.Stuck
            $rehearsal.Result.Stuck | Should -Be $truth.Stranded
            $rehearsal.Result.SkippedByWhatIf | Should -Be $truth.Stranded
            $rehearsal.Result.Ended | Should -Be 0
            # Both halves by default: the stranded conversations unused for over four hours are rehearsed too.
            $oldConversations = @(Get-StrandedConversationTruth $emu | Where-Object { $_.Idle -gt (New-TimeSpan -Hours 4) })
            $oldConversations.Count | Should -BeGreaterThan 0
            $rehearsal.Result.StrandedConversations | Should -Be $oldConversations.Count
            $rehearsal.Result.ConversationsSkippedByWhatIf | Should -Be $oldConversations.Count
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

            $one = Invoke-Runbook "-ContactAddress '+1 (415) 555-0123'" $emu
            $one.Result.Ended | Should -Be 2
            $one.Result.Warnings | Should -BeNullOrEmpty

            # A mistyped contact ends nothing and says so; an empty one is refused, never "everyone".
            $typo = Invoke-Runbook "-ContactAddress '+1 (555) 000-0001'" $emu
            $typo.Result.Ended | Should -Be 0
            $typo.Result.Warnings | Should -Match '555\) 000-0001'
            $seq = Get-LastRequestSeq $emu
            $empty = Invoke-Runbook "-ContactAddress ''" $emu
            $empty.ExitCode | Should -Not -Be 0
            $empty.Output + $empty.Error | Should -Match 'EmptyContactAddress|-ContactAddress was given, but it is empty'
            foreach ($hours in 0, -4) {
                $negative = Invoke-Runbook "-OlderThanHours $hours" $emu
                $negative.ExitCode | Should -Not -Be 0
                $negative.Output + $negative.Error | Should -Match 'OlderThanHours must be at least 1'
            }
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

            $journal = Join-Path $TestDrive 'runbook.jsonl'
            $run = Invoke-Runbook "-OlderThanHours 4 -JournalPath '$journal'" $emu
            $run.ExitCode | Should -Be 0
            $run.Result.Stuck | Should -Be ($truth.Stranded - $one.Result.Ended)
            $run.Result.Ended | Should -Be ($truth.Stranded - $one.Result.Ended)
            $run.Result.Failed | Should -Be 0
            @(Read-StudioJournal $journal | Where-Object sid -like 'FN*').Count | Should -Be ($truth.Stranded - $one.Result.Ended)
            @(Read-StudioJournal $journal | Where-Object sid -like 'CH*').Count | Should -Be $run.Result.Closed
            (Get-StudioEmulatorState $emu).active | Should -Be ($truth.Active - $truth.Stranded)

            # The age rule is still there, and ends what is older than the threshold, live or not.
            $age = Invoke-Runbook "-Select Age -OlderThanHours 4" $emu
            $age.Result.Ended | Should -Be 4
            (Get-StudioEmulatorState $emu).active | Should -Be 8
            $run.Output + $run.Error | Should -Not -Match 'prompt|NonInteractive'
        }
        finally { Stop-StudioEmulator $emu }
    }

    It 'reads an alert''s "true" and "false" for what they say, and refuses what is neither' {
        $emu = Start-StudioEmulator -Arguments '--executions', '400', '--seed', '15'
        try {
            $hook = { param($body) "-WebhookData @{ WebhookName = 'alert'; RequestBody = '$body' }" }
            $seq = Get-LastRequestSeq $emu
            $rehearsal = Invoke-Runbook (& $hook '{"Rehearse": "true", "FlowName": ["Appointment Reminders"]}') $emu
            $rehearsal.ExitCode | Should -Be 0
            $rehearsal.Result.Rehearsal | Should -BeTrue
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
            foreach ($bad in '"maybe"', '"OFF!"') {
                $refused = Invoke-Runbook (& $hook "{`"Rehearse`": $bad}") $emu
                $refused.ExitCode | Should -Not -Be 0
                ($refused.Output + $refused.Error) | Should -Match "Rehearse must be true or false"
            }
            $hours = Invoke-Runbook (& $hook '{"OlderThanHours": "four"}') $emu
            ($hours.Output + $hours.Error) | Should -Match 'OlderThanHours must be a whole number'
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
            # "false" is false: a real run, not a rehearsal (PowerShell alone would make the string $true).
            $run = Invoke-Runbook (& $hook '{"Rehearse": "false", "OlderThanHours": "4", "FlowName": ["Appointment Reminders"]}') $emu
            $run.ExitCode | Should -Be 0
            $run.Result.Rehearsal | Should -BeFalse
            $run.Result.Ended | Should -Be 3
        }
        finally { Stop-StudioEmulator $emu }
    }

    It 'fails loudly when executions cannot be ended' {
        $emu = Start-StudioEmulator -Arguments '--executions', '400'
        try {
            Set-StudioEmulatorKnob $emu @{ fault_rate = 1; fault_kinds = '503'; fault_methods = 'POST'; retry_after = 0 } | Out-Null
            $r = Invoke-Runbook '-FlowName "Appointment*"' $emu
            $r.ExitCode | Should -Not -Be 0
            # The reminders' stranded three and the live one older than four hours: the age rule's default scope here.
            ($r.Output + $r.Error) | Should -Match '3 of 3 stuck executions could not be ended'
            ($r.Output + $r.Error) | Should -Match '20503'
        }
        finally { Stop-StudioEmulator $emu }
    }
}

Describe 'The runbook clears both halves of the blackout' {
    BeforeAll {
        $emu = Start-StudioEmulator -Arguments '--executions', '400', '--conversations', '60', '--seed', '23'
        $hours4 = New-TimeSpan -Hours 4
        $margin = New-TimeSpan -Minutes 2   # what may age past the threshold between the truth and the run
    }
    AfterAll { Stop-StudioEmulator $emu }

    It 'refuses a kind it does not know, and -FlowName with conversations, before any request' {
        $seq = Get-LastRequestSeq $emu
        $bad = Invoke-Runbook "-Kind 'Executions','Chats'" $emu
        $bad.ExitCode | Should -Not -Be 0
        $bad.Output + $bad.Error | Should -Match "Kind must be Executions or Conversations \(got 'Chats'\)"
        $flow = Invoke-Runbook "-Kind Conversations -FlowName 'Appointment*'" $emu
        $flow.ExitCode | Should -Not -Be 0
        $flow.Output + $flow.Error | Should -Match 'a conversation belongs to no flow'
        $empty = Invoke-Runbook "-Kind ''" $emu
        $empty.ExitCode | Should -Not -Be 0
        $empty.Output + $empty.Error | Should -Match 'Kind is empty'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'closes only conversations with -Kind Conversations, the ones the scenario calls stranded and old' {
        $truth = Get-ScenarioTruth $emu
        $before = @(Get-StrandedConversationTruth $emu)
        # A day splits the scenario's stranded conversations (unused for 1.5 hours to 3 days) into old and young.
        $day = New-TimeSpan -Hours 24
        $old = @($before | Where-Object { $_.Idle -gt $day + $margin })
        $young = @($before | Where-Object { $_.Idle -lt $day - $margin })
        $old.Count | Should -BeGreaterThan 0
        $young.Count | Should -BeGreaterThan 0
        $others = @(Get-StudioEmulatorConversation $emu | Where-Object { $_.truth -ne 'stranded' })
        $rehearsal = Invoke-Runbook "-Kind Conversations -Rehearse `$true -OlderThanHours 24" $emu
        $rehearsal.ExitCode | Should -Be 0
        @($rehearsal.Records | Where-Object Kind -eq 'Execution').Count | Should -Be 0
        $rehearsal.Records | ForEach-Object { $_.Outcome | Should -Be 'SkippedByWhatIf'; $_.Sid | Should -Match '^CH' }

        $run = Invoke-Runbook "-Kind 'Conversations' -OlderThanHours 24" $emu
        $run.ExitCode | Should -Be 0
        $closed = @($run.Records | Where-Object Outcome -eq 'Closed')
        $run.Result.Closed | Should -Be $closed.Count
        $closed.Count | Should -Be $run.Records.Count
        # Every one closed was stranded and old; every stranded and old one was closed; nothing else changed.
        $old | ForEach-Object { $_.sid | Should -BeIn $closed.Sid }
        $closed.Sid | ForEach-Object { $_ | Should -BeIn $before.sid }
        $young | ForEach-Object { $_.sid | Should -Not -BeIn $closed.Sid }
        $after = @(Get-StudioEmulatorConversation $emu)
        foreach ($o in $others) { ($after | Where-Object sid -eq $o.sid).state | Should -Be $o.state }
        (Get-StudioEmulatorState $emu).active | Should -Be $truth.Active
        $closed | ForEach-Object { $_.ContactAddress | Should -Not -BeNullOrEmpty; $_.Where | Should -Not -BeNullOrEmpty; $_.AgeHours | Should -BeGreaterThan 24 }
        $rehearsal.Records.Sid | Sort-Object | Should -Be ($closed.Sid | Sort-Object)
        # The cure worked: the next message from a closed conversation's contact starts a fresh conversation.
        $sms = $closed | Where-Object { $_.ContactAddress -like '+*' } | Select-Object -First 1
        (Send-StudioEmulatorInbound $emu -From $sms.ContactAddress).Created | Should -BeTrue
    }

    It 'by default, and under its old name, ends the stranded executions and closes the stranded conversations, one record each' {
        $truth = Get-ScenarioTruth $emu
        $young = @(Get-StrandedConversationTruth $emu | Where-Object { $_.Idle -lt $hours4 - $margin })
        $seq = Get-LastRequestSeq $emu
        # The old name takes the same parameters and runs the same runbook.
        $old = Invoke-Runbook '-Rehearse $true' $emu -Script 'Clear-StuckStudioExecutions.ps1'
        $old.ExitCode | Should -Be 0
        $old.Result.Kind | Should -Be @('Executions', 'Conversations')
        $old.Result.SkippedByWhatIf | Should -Be $truth.Stranded
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

        $run = Invoke-Runbook '' $emu
        $run.ExitCode | Should -Be 0
        $run.Result.Ended | Should -Be $truth.Stranded
        @($run.Records | Where-Object Kind -eq 'Execution').Count | Should -Be $truth.Stranded
        $run.Records | ForEach-Object { $_.Outcome | Should -BeIn 'Ended', 'Closed' }
        (Get-StudioEmulatorState $emu).active_executions | ForEach-Object { $_.truth | Should -BeIn @('live', 'waiting') }
        # Every stranded conversation still open is one used within the last four hours.
        Get-StrandedConversationTruth $emu | ForEach-Object { $_.Idle | Should -BeLessThan ($hours4 + $margin) }
        $young | ForEach-Object { $_.sid | Should -BeIn @(Get-StrandedConversationTruth $emu).sid }
    }

    It 'keeps the old name''s parameters those of the runbook' {
        $names = foreach ($file in 'Clear-StudioBlackout.ps1', 'Clear-StuckStudioExecutions.ps1') {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot "../examples/$file"), [ref]$null, [ref]$null)
            , @($ast.ParamBlock.Parameters | ForEach-Object { "$($_.Name) $($_.StaticType) $($_.DefaultValue)" })
        }
        $names[1] | Should -Be $names[0]
    }
}

Describe 'The runbook as Azure Automation runs it' {
    BeforeAll {
        $emu = Start-StudioEmulator -Arguments '--executions', '800', '--seed', '14'
        $prelude = Get-AutomationPrelude $emu
        $truth = Get-ScenarioTruth $emu
        $activeBefore = @((Get-StudioEmulatorState $emu).active_executions)
    }
    AfterAll { Stop-StudioEmulator $emu }

    It 'rehearses with Rehearse = $true: a record per stuck execution, where it sits, and zero writes' {
        $seq = Get-LastRequestSeq $emu
        $r = Invoke-Runbook '-Rehearse $true -OlderThanHours 4' $emu -Prelude $prelude -Automation
        $r.Error | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $r.Result.Rehearsal | Should -BeTrue
        $r.Result.SkippedByWhatIf | Should -Be $truth.Stranded
        @($r.Records | Where-Object Kind -eq 'Execution').Count | Should -Be $truth.Stranded
        @($r.Records | Where-Object Kind -eq 'Conversation').Count | Should -Be $r.Result.StrandedConversations
        $r.Records | Where-Object Kind -eq 'Execution' | ForEach-Object {
            $_.Outcome | Should -Be 'SkippedByWhatIf'
            $_.Sid | Should -Match '^FN'
            $_.Widget | Should -BeIn @('ask_reason', 'last_call', 'greet', 'nudge', 'confirm', 'to_queue')
            $_.AgeHours | Should -BeGreaterThan 4
        }
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'refuses to end anything past MaxExecutions, and says why; the other kind proceeds' {
        $seq = Get-LastRequestSeq $emu
        $conversations = @(Get-StrandedConversationTruth $emu | Where-Object { $_.Idle -gt (New-TimeSpan -Hours 4 -Minutes 2) })
        $conversations.Count | Should -BeLessOrEqual 10
        $r = Invoke-Runbook '-MaxExecutions 10' $emu -Prelude $prelude -Automation
        $r.ExitCode | Should -Not -Be 0
        ($r.Output + $r.Error) | Should -Match "$($truth.Stranded) executions"
        ($r.Output + $r.Error) | Should -Match 'more than MaxExecutions \(10\): none'
        # Not one execution ended; the stranded conversations, under the cap, were closed.
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq | Where-Object path -like '/v2/*').Count | Should -Be 0
        (Get-StudioEmulatorState $emu).active | Should -Be $truth.Active
        $conversations.Count | Should -BeGreaterThan 0
        ($r.Output + $r.Error) | Should -Match "\(0 ended, \d+ conversations closed\)"
        $open = @(Get-StrandedConversationTruth $emu)
        $conversations | ForEach-Object { $_.sid | Should -Not -BeIn $open.sid }
    }

    It 'takes its parameters from an alert''s webhook, and connects with an Automation credential' {
        $webhook = "@{ WebhookName = 'alert'; RequestBody = '{`"FlowName`": [`"Appointment Reminders`"], `"OlderThanHours`": 4}' }"
        $r = Invoke-Runbook "-WebhookData $webhook -AutomationCredential 'Twilio'" $emu -Prelude $prelude -Automation
        $r.Error | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $r.Result.Flows | Should -Be 1
        $r.Records.FlowSid | Sort-Object -Unique | Should -HaveCount 1
        $r.Records.AccountSid | Sort-Object -Unique | Should -Be $emu.AccountSid
        $strandedIn = @($activeBefore | Where-Object { $_.truth -eq 'stranded' -and $_.flow_sid -eq $r.Records[0].FlowSid })
        $r.Result.Ended | Should -Be $strandedIn.Count
        $r.Records.Count | Should -Be $strandedIn.Count
        $script:webhookEnded = $r.Result.Ended
        $r.Records | ForEach-Object { $_.Outcome | Should -Be 'Ended'; $_.FlowName | Should -Be 'Appointment Reminders'; $_.Widget | Should -Be 'confirm' }
    }

    It 'ends the stuck executions and leaves the recent ones, with a record each, then the summary' {
        $r = Invoke-Runbook '-OlderThanHours 4' $emu -Prelude $prelude -Automation
        $r.ExitCode | Should -Be 0
        # The stranded, less the reminders the webhook ended: a call past any call's limit and a wait past its release among them.
        $r.Result.Ended | Should -Be ($truth.Stranded - $script:webhookEnded)
        @($r.Records | Where-Object Kind -eq 'Execution').Count | Should -Be ($truth.Stranded - $script:webhookEnded)
        @($r.Records | Where-Object Widget -eq 'to_queue').Count | Should -Be 1
        @($r.Records | Where-Object Widget -eq 'last_call').Count | Should -Be 1 # the two about to time out stay
        (($r.Records | Where-Object Kind -eq 'Execution').Outcome | Sort-Object -Unique) | Should -Be 'Ended'
        $state = Get-StudioEmulatorState $emu
        $state.active | Should -Be ($truth.Active - $truth.Stranded)
        # What is left is live, or about to be released by Studio itself: never a stranded one, never a live one ended.
        $state.active_executions | ForEach-Object { $_.truth | Should -BeIn @('live', 'waiting') }
    }
}

Describe 'The runbook sweeps a fleet' {
    It 'ends the stranded of every subaccount, caps each account on its own, and names the one over its cap' {
        $emu = Start-StudioEmulator -Arguments '--executions', '100', '--stuck', '6', '--subaccounts', '3', '--subaccount-executions', '80', '--subaccount-stuck', '6', '--seed', '19'
        try {
            $subs = @(Get-StudioEmulatorAccount $emu | Where-Object { -not $_.parent })
            $stranded = @{}
            foreach ($s in $subs) { $stranded[$s.sid] = Get-StrandedIn $emu $s.sid }
            $parentBefore = (Get-StudioEmulatorState $emu).active

            $rehearsal = Invoke-Runbook '-Subaccounts $true -Rehearse $true' $emu
            $rehearsal.ExitCode | Should -Be 0
            $rehearsal.Result.Accounts | Should -Be 3
            $rehearsal.Result.SkippedByWhatIf | Should -Be (@($stranded.Values | ForEach-Object { $_ }).Count)
            ($rehearsal.Records.AccountSid | Sort-Object -Unique) | Should -Be (@($subs.sid) | Sort-Object)

            # Two subaccounts get below the cap (three of theirs ended beforehand, with their own tokens); the third stays above it.
            $cap = $stranded[$subs[2].sid].Count - 1
            foreach ($s in $subs[0..1]) {
                $auth = [pscredential]::new($s.sid, (ConvertTo-SecureString $s.auth_token -AsPlainText -Force))
                foreach ($e in $stranded[$s.sid] | Select-Object -First ($stranded[$s.sid].Count - $cap + 1)) {
                    Invoke-RestMethod -Method Post "$($emu.BaseUrl)/v2/Flows/$($e.flow_sid)/Executions/$($e.sid)" -Body @{ Status = 'ended' } -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication | Out-Null
                }
            }
            $left = @($subs[0..1] | ForEach-Object { Get-StrandedIn $emu $_.sid }).Count
            $left | Should -BeGreaterThan 0
            $oldIn2 = @(Get-StrandedConversationTruth $emu -AccountSid $subs[2].sid | Where-Object { $_.Idle -gt (New-TimeSpan -Hours 4 -Minutes 2) })
            $run = Invoke-Runbook "-Subaccounts `$true -MaxExecutions $cap" $emu
            $run.ExitCode | Should -Not -Be 0
            ($run.Output + $run.Error) | Should -Match ([regex]::Escape($subs[2].sid))
            ($run.Output + $run.Error) | Should -Match 'Over MaxExecutions'
            foreach ($s in $subs[0..1]) { Get-StrandedIn $emu $s.sid | Should -BeNullOrEmpty }
            @(Get-StrandedIn $emu $subs[2].sid).Count | Should -Be $stranded[$subs[2].sid].Count
            (Get-StudioEmulatorState $emu).active | Should -Be $parentBefore
            # The job fails, and its message says what the other accounts got.
            ($run.Output + $run.Error) | Should -Match "\($left ended, \d+ conversations closed\)"
            # The cap is each kind's: the subaccount over it for executions still had its stranded conversations closed,
            # and every subaccount's stranded conversations unused for over four hours are closed, the others left open.
            foreach ($s in $subs) {
                Get-StrandedConversationTruth $emu -AccountSid $s.sid | ForEach-Object { $_.Idle | Should -BeLessThan (New-TimeSpan -Hours 4 -Minutes 2) }
            }
            $oldIn2.Count | Should -BeGreaterThan 0
            $open2 = @(Get-StrandedConversationTruth $emu -AccountSid $subs[2].sid)
            $oldIn2 | ForEach-Object { $_.sid | Should -Not -BeIn $open2.sid }
        }
        finally { Stop-StudioEmulator $emu }
    }
}
