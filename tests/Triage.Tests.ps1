# Prevention and triage: the flow audit, where executions sit, safe re-triggering and clean-up.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 2000 -Seed 31
    $flows = Get-StudioFlow
    $flow = @{}; $flows | ForEach-Object { $flow[$_.FriendlyName] = $_ }
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Test-StudioFlow' {
    It 'finds the rule each blackout flow breaks' {
        $findings = $flows | Test-StudioFlow
        $findings | ForEach-Object { $_ | Should -BeOfType ([StudioCmdlets.Model.StudioFlowFinding]) }
        $rules = $findings | Where-Object Severity -ne 'Info' | ForEach-Object { "$($_.FlowName)/$($_.Widget)/$($_.Rule)" } | Sort-Object
        $rules | Should -Be @(
            # Its loop (confirm -> check_reply -> confirm) is re-entered only when the contact answers: no WaitInLoop.
            'Appointment Reminders/confirm/LongWait'
            'Inbound SMS Support/ask_reason/LongWait'
            'Inbound SMS Support/ask_reason/TimeoutIntoWait'
            'Voice Main Line/Trigger/NoConcurrentCalls'
            'Webchat Concierge/greet/WaitInLoop'
        )
        # The reminders re-send on a failed delivery: seconds, and sends, until Studio's own rule stops it; visible at Info.
        $resend = @($findings | Where-Object { $_.FlowName -eq 'Appointment Reminders' -and $_.Rule -eq 'WaitInLoop' })
        $resend.Count | Should -Be 1
        $resend[0].Severity | Should -Be 'Info'
        $resend[0].Detail | Should -Match 'sends'
        # Each flow's worst case is one object of the output, the figure -Summary and the triage give.
        $worst = @($findings | Where-Object Rule -eq 'WorstCase')
        $worst.FlowName | Sort-Object | Should -Be ($flows.FriendlyName | Sort-Object)
        $worst.Severity | Sort-Object -Unique | Should -Be 'Info'
        ($worst | Where-Object FlowName -eq 'Inbound SMS Support').Detail | Should -Match 'up to 1d 1h \(ask_reason 1d -> last_call 1h\)'
        ($findings | Where-Object FlowName -eq 'Inbound SMS Support' | Select-Object -First 1).FlowSid | Should -Be $flow['Inbound SMS Support'].Sid
        $findings | ForEach-Object { $_.Recommendation | Should -Not -BeNullOrEmpty }
    }

    It 'shows each flow''s worst-case blocked time with -Summary' {
        $audits = @{}; Test-StudioFlow -Summary | ForEach-Object { $audits[$_.FlowName] = $_ }
        $audits.Count | Should -Be 4
        $audits['Inbound SMS Support'].WorstCaseBlocked | Should -Be (New-TimeSpan -Hours 25)
        $audits['Inbound SMS Support'].WorstCasePath | Should -Be 'ask_reason 1d -> last_call 1h'
        $audits['Webchat Concierge'].IsUnbounded | Should -BeTrue
        # Its real problem is the 2-day wait, not the loop the contact re-enters only by answering.
        $audits['Appointment Reminders'].IsUnbounded | Should -BeFalse
        $audits['Appointment Reminders'].WorstCaseBlocked | Should -Be (New-TimeSpan -Days 2)
        $audits['Appointment Reminders'].WorstCasePath | Should -Be 'confirm 2d'
        $audits['Voice Main Line'].WorstCaseBlocked | Should -Be (New-TimeSpan -Seconds 5)
        $audits['Voice Main Line'].Errors | Should -Be 1
    }

    It 'honours -MaxWait and -Name' {
        (Test-StudioFlow -Name 'Inbound*' -MaxWait (New-TimeSpan -Days 2) | Where-Object Rule -eq 'LongWait') | Should -BeNullOrEmpty
        (Test-StudioFlow -Name 'Inbound*' | Where-Object Rule -eq 'LongWait').Widget | Should -Be 'ask_reason'
        $errors = $null
        Test-StudioFlow -Name 'Nope' -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioFlowNotFound,StudioCmdlets.Commands.TestStudioFlowCommand'
    }

    It 'audits exported definitions from files, piped from Get-ChildItem, with no account' {
        Reset-StudioConnection
        try {
            $dir = Join-Path $TestDrive 'flows'
            New-Item -ItemType Directory $dir | Out-Null
            $clean = '{"states":[{"name":"Trigger","type":"trigger","properties":{},"transitions":[{"event":"incomingMessage","next":"ask"}]},{"name":"ask","type":"send-and-wait-for-reply","properties":{"timeout":"600"},"transitions":[{"event":"timeout"}]}],"initial_state":"Trigger","flags":{"allow_concurrent_calls":true}}'
            $long = $clean -replace '"600"', '"172800"'
            Set-Content (Join-Path $dir 'clean.json') $clean
            Set-Content (Join-Path $dir 'long.json') $long
            Set-Content (Join-Path $dir 'broken.json') '{"not":"a flow"}'
            $errors = $null
            $all = Get-ChildItem $dir -Filter *.json | Test-StudioFlow -ErrorVariable errors -ErrorAction SilentlyContinue
            # Each file's worst case is one object; the clean file has nothing else.
            ($all | Where-Object Rule -eq 'WorstCase').FlowName | Should -Be 'clean', 'long'
            $found = $all | Where-Object Rule -ne 'WorstCase'
            $found.FlowName | Should -Be 'long'
            $found.Rule | Should -Be 'LongWait'
            $found.Path | Should -Be (Join-Path $dir 'long.json')
            $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidFlowDefinition,StudioCmdlets.Commands.TestStudioFlowCommand'
            (Test-StudioFlow -Path (Join-Path $dir 'c*.json') -Summary).WorstCaseBlocked | Should -Be (New-TimeSpan -Minutes 10)
        }
        finally { Use-StudioEmulator $emu }
    }
}

Describe 'Get-StudioExecutionStep -Last' {
    It 'groups stuck executions by the widget they sit on' {
        $stuck = Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4)
        $latest = $stuck | Get-StudioExecutionStep -Last 1
        $latest.Count | Should -Be $stuck.Count
        $latest | ForEach-Object { $_.IsLatest | Should -BeTrue; $_.FlowName | Should -Not -BeNullOrEmpty; $_.Age | Should -BeOfType ([TimeSpan]) }
        # The scenario's ground truth: where each of those executions sits, and that widget's type.
        $sids = @{}; $stuck | ForEach-Object { $sids[$_.Sid] = $true }
        $truth = @((Get-StudioEmulatorState $emu).active_executions | Where-Object { $sids.ContainsKey($_.sid) })
        $truth.Count | Should -Be $stuck.Count
        $shown = @{}; $latest | Group-Object TransitionedTo | ForEach-Object { $shown[$_.Name] = $_.Count }
        $expected = @{}; $truth | Group-Object widget | ForEach-Object { $expected[$_.Name] = $_.Count }
        $expected.Keys.Count | Should -BeGreaterThan 3 -Because 'the blackout strands contacts on several widgets'
        ($shown.Keys | Sort-Object) | Should -Be ($expected.Keys | Sort-Object)
        foreach ($widget in $expected.Keys) { $shown[$widget] | Should -Be $expected[$widget] -Because $widget }
        # The README's recipe: each widget beside its own type.
        $typed = @{}; $latest | Group-Object WidgetType, TransitionedTo | ForEach-Object { $typed[$_.Name] = $_.Count }
        $expectedTyped = @{}; $truth | Group-Object widget_type, widget | ForEach-Object { $expectedTyped[$_.Name] = $_.Count }
        ($typed.Keys | Sort-Object) | Should -Be ($expectedTyped.Keys | Sort-Object)
        foreach ($key in $expectedTyped.Keys) { $typed[$key] | Should -Be $expectedTyped[$key] -Because $key }
        $two = $stuck | Where-Object FlowName -eq 'Webchat Concierge' | Sort-Object Age -Descending | Select-Object -First 1 | Get-StudioExecutionStep -Last 2
        $two.Count | Should -Be 2
        $two[1].IsLatest | Should -BeTrue
    }
}

Describe 'New-StudioExecution' {
    It 'refuses a contact that still has an active execution, naming that execution, and starts one once it is ended' {
        $sms = $flow['Inbound SMS Support']
        $blocking = Get-StudioExecution -FlowSid $sms.Sid -Status Active -ContactAddress '+14155550123'
        $errors = $null
        New-StudioExecution -FlowSid $sms.Sid -To '+14155550123' -From '+15005550006' -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioExecutionConflict,StudioCmdlets.Commands.NewStudioExecutionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errors[0].TargetObject | Should -Be '+14155550123'
        $errors[0].ErrorDetails.Message | Should -Match $blocking.Sid
        $errors[0].ErrorDetails.RecommendedAction | Should -Match "Stop-StudioExecution -FlowSid $($sms.Sid) -ExecutionSid $($blocking.Sid)"

        $blocking | Stop-StudioExecution -Confirm:$false
        $fresh = New-StudioExecution -FlowSid $sms.Sid -To '+14155550123' -From '+15005550006' -Parameters @{ reason = 'callback'; attempt = 2 }
        $fresh.Status | Should -Be 'Active'
        $fresh.ContactAddress | Should -Be '+14155550123'
        ($fresh | Get-StudioExecutionContext).Context.flow.data.reason | Should -Be 'callback'
    }

    It 'rehearses with -WhatIf, and stays under 20 new executions per second' {
        $rem = $flow['Appointment Reminders']
        $seq = Get-LastRequestSeq $emu
        New-StudioExecution $rem.Sid '+16175550000' '+15005550008' -WhatIf
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        $rows = 1..45 | ForEach-Object { [pscustomobject]@{ FlowSid = $rem.Sid; To = '+1617555{0:d4}' -f $_; From = '+15005550008' } }
        $created = $rows | New-StudioExecution -Confirm:$false
        $created.Count | Should -Be 45
        $times = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq | ForEach-Object { [datetime]$_.at })
        $times.Count | Should -Be 45
        for ($i = 20; $i -lt $times.Count; $i++) {
            ($times[$i] - $times[$i - 20]).TotalMilliseconds | Should -BeGreaterOrEqual 990 -Because 'no 21 creations fall within one second'
        }
        $created | Stop-StudioExecution -Confirm:$false
    }
}

Describe 'Remove-StudioExecution' {
    It 'refuses active executions without -Force, sending no DELETE' {
        $active = Get-StudioExecution -Status Active | Select-Object -First 2
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        $active | Remove-StudioExecution -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 2
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'StudioExecutionActive,StudioCmdlets.Commands.RemoveStudioExecutionCommand' }
        ($errors.TargetObject | Sort-Object) | Should -Be ($active.Sid | Sort-Object)
        @(Get-StudioEmulatorRequest $emu -Method DELETE -Since $seq).Count | Should -Be 0
    }

    It 'deletes ended executions (by object and by SID), and active ones only with -IncludeActive' {
        $ended = Get-StudioExecution -Status Ended | Select-Object -First 3
        $ended[0..1] | Remove-StudioExecution -Confirm:$false
        Remove-StudioExecution -FlowSid $ended[2].FlowSid -ExecutionSid $ended[2].Sid -Confirm:$false
        foreach ($e in $ended) {
            Get-StudioExecution -FlowSid $e.FlowSid -ExecutionSid $e.Sid -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        $active = Get-StudioExecution -Status Active | Select-Object -First 1
        # -Force, added to silence the prompt, never lifts the guard on a live conversation.
        $seq = Get-LastRequestSeq $emu
        { $active | Remove-StudioExecution -Force -ErrorAction Stop } | Should -Throw -ErrorId 'StudioExecutionActive,StudioCmdlets.Commands.RemoveStudioExecutionCommand'
        @(Get-StudioEmulatorRequest $emu -Method DELETE -Since $seq).Count | Should -Be 0
        # -WhatIf and $WhatIfPreference rehearse even with -IncludeActive -Force.
        $active | Remove-StudioExecution -IncludeActive -Force -WhatIf
        $WhatIfPreference = $true; $active | Remove-StudioExecution -IncludeActive -Force; $WhatIfPreference = $false
        @(Get-StudioEmulatorRequest $emu -Method DELETE -Since $seq).Count | Should -Be 0
        (Get-StudioExecution -FlowSid $active.FlowSid -ExecutionSid $active.Sid).Sid | Should -Be $active.Sid
        $active | Remove-StudioExecution -IncludeActive -Force
        Get-StudioExecution -FlowSid $active.FlowSid -ExecutionSid $active.Sid -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
