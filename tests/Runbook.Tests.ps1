# The runbook sample, run as Automation would: non-interactive, no prompts, parameters of Automation's types.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    function Invoke-Runbook([string] $Arguments, $Emulator, [string] $Prelude = '', [switch] $Automation) {
        # Locally (and in CI) credentials come from the environment; the way Automation runs it, from
        # Get-AutomationVariable, with no TWILIO_* variable in the environment at all.
        $environment = if ($Automation) { @{ STUDIOCMDLETS_RETRY_DELAY_MS = '5' } } else {
            @{ TWILIO_ACCOUNT_SID = $Emulator.AccountSid; TWILIO_AUTH_TOKEN = $Emulator.AuthToken; STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl; STUDIOCMDLETS_RETRY_DELAY_MS = '5' }
        }
        $script = "`$ErrorActionPreference = 'Stop'; $Prelude; `$out = @(./examples/Clear-StuckStudioExecutions.ps1 $Arguments); " +
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

Describe 'Clear-StuckStudioExecutions.ps1' {
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
            @(Read-StudioJournal $journal).Count | Should -Be ($truth.Stranded - $one.Result.Ended)
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
        $r.Records.Count | Should -Be $truth.Stranded
        $r.Records | ForEach-Object {
            $_.Outcome | Should -Be 'SkippedByWhatIf'
            $_.Sid | Should -Match '^FN'
            $_.Widget | Should -BeIn @('ask_reason', 'last_call', 'greet', 'nudge', 'confirm', 'to_queue')
            $_.AgeHours | Should -BeGreaterThan 4
        }
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'refuses to end anything past MaxExecutions, and says why' {
        $seq = Get-LastRequestSeq $emu
        $r = Invoke-Runbook '-MaxExecutions 10' $emu -Prelude $prelude -Automation
        $r.ExitCode | Should -Not -Be 0
        ($r.Output + $r.Error) | Should -Match "$($truth.Stranded) executions"
        ($r.Output + $r.Error) | Should -Match 'more than MaxExecutions \(10\): none'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
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
        $r.Records.Count | Should -Be ($truth.Stranded - $script:webhookEnded)
        @($r.Records | Where-Object Widget -eq 'to_queue').Count | Should -Be 1
        @($r.Records | Where-Object Widget -eq 'last_call').Count | Should -Be 1 # the two about to time out stay
        ($r.Records.Outcome | Sort-Object -Unique) | Should -Be 'Ended'
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
            $run = Invoke-Runbook "-Subaccounts `$true -MaxExecutions $cap" $emu
            $run.ExitCode | Should -Not -Be 0
            ($run.Output + $run.Error) | Should -Match ([regex]::Escape($subs[2].sid))
            ($run.Output + $run.Error) | Should -Match 'Over MaxExecutions'
            foreach ($s in $subs[0..1]) { Get-StrandedIn $emu $s.sid | Should -BeNullOrEmpty }
            @(Get-StrandedIn $emu $subs[2].sid).Count | Should -Be $stranded[$subs[2].sid].Count
            (Get-StudioEmulatorState $emu).active | Should -Be $parentBefore
            # The job fails, and its message says what the other accounts got.
            ($run.Output + $run.Error) | Should -Match "\($left ended\)"
        }
        finally { Stop-StudioEmulator $emu }
    }
}
