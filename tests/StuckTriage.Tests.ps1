# Precision triage: every active execution of the blackout classified against the scenario's ground truth.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 3000 -Seed 51
    $truth = @{}
    (Get-StudioEmulatorState $emu).active_executions | ForEach-Object { $truth[$_.sid] = $_.truth }
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'Get-StudioStuckExecution' {
    BeforeEach { Use-StudioEmulator $emu }

    It 'classifies every active execution as the scenario knows it: no live one stranded, no stranded one missed' {
        $seq = Get-LastRequestSeq $emu
        $triaged = @(Get-StudioStuckExecution)
        $triaged.Count | Should -Be $truth.Count
        foreach ($t in $triaged) { $t.State.ToString().ToLowerInvariant() | Should -Be $truth[$t.Sid] -Because "$($t.Sid) in $($t.FlowName): $($t.Reason)" }
        foreach ($state in 'Stranded', 'Waiting', 'Live') {
            @($triaged | Where-Object State -eq $state).Count | Should -Be @($truth.Values | Where-Object { $_ -eq $state.ToLowerInvariant() }).Count
        }
        # The long but live reminder is older than four hours: the age rule would have ended it.
        @($triaged | Where-Object { $_.State -eq 'Live' -and $_.Age -gt (New-TimeSpan -Hours 4) }).Count | Should -Be 1

        # Cost: the flows, one listing per flow, one steps request per execution, one definition per revision.
        $requests = @(Get-StudioEmulatorRequest $emu -Method GET -Since $seq)
        @($requests | Where-Object path -match '/Steps$').Count | Should -Be $truth.Count
        @($requests | Where-Object path -match '/Revisions/').Count | Should -Be 4
        @($requests | Where-Object path -match '/Executions$').Count | Should -Be 4
        $requests.Count | Should -Be (1 + 4 + $truth.Count + 4)
    }

    It 'says where each sits, since when, its timeout and when Studio would release it' {
        $sms = Get-StudioStuckExecution -FlowSid (Get-StudioFlow -Name 'Inbound SMS Support').Sid | Where-Object State -eq 'Stranded' | Select-Object -First 1
        $sms.Widget | Should -Be 'ask_reason'
        $sms.WidgetType | Should -Be 'send-and-wait-for-reply'
        $sms.Timeout | Should -Be (New-TimeSpan -Hours 24)
        # The same rule as Test-StudioFlow: ask_reason's day, then last_call's hour.
        ($sms.ReleasesAt - $sms.WaitingSince) | Should -Be (Test-StudioFlow -Name 'Inbound SMS Support' -Summary).WorstCaseBlocked
        $sms.BlockedFor | Should -BeGreaterThan (New-TimeSpan -Hours 4)
        $sms.Reason | Should -Match 'ask_reason'
        $loop = Get-StudioStuckExecution -FlowSid (Get-StudioFlow -Name 'Webchat Concierge').Sid | Where-Object State -eq 'Stranded' | Select-Object -First 1
        $loop.ReleasesAt | Should -Be ($loop.DateCreated.AddDays(30))
        $loop.Reason | Should -Match 'loop'
    }

    It 'ends only the stranded ones when piped into Stop-StudioExecution' {
        Invoke-WithEmulator -Arguments @('--executions', '1500', '--seed', '52') -Test {
            param($emu2)
            $state = @{}
            (Get-StudioEmulatorState $emu2).active_executions | ForEach-Object { $state[$_.sid] = $_.truth }
            $known = Get-ScenarioTruth $emu2
            $summary = Get-StudioStuckExecution | Where-Object State -eq 'Stranded' | Stop-StudioExecution -Confirm:$false -Summary
            $summary.Ended | Should -Be $known.Stranded
            $summary.Failed | Should -Be 0
            $left = (Get-StudioEmulatorState $emu2).active_executions
            $left.Count | Should -Be ($known.Waiting + $known.Live)
            $left | ForEach-Object { $state[$_.sid] | Should -BeIn @('live', 'waiting') }
        }
    }

    It 'calls a call held past any call''s limit and a wait past its release Stranded, saying why' {
        $triaged = @(Get-StudioStuckExecution)
        $call = @($triaged | Where-Object { $_.FlowName -eq 'Voice Main Line' -and $truth[$_.Sid] -eq 'stranded' })
        $call.Count | Should -Be 1
        $call[0].State | Should -Be 'Stranded'
        $call[0].WidgetType | Should -Be 'enqueue-call'
        $call[0].BlockedFor | Should -BeGreaterThan (New-TimeSpan -Hours 4)
        $call[0].Reason | Should -Match 'longer than any call lasts'
        $call[0].ReleasesAt | Should -Be $call[0].DateCreated.AddDays(30)
        $overdue = @($triaged | Where-Object { $_.Widget -eq 'last_call' -and $truth[$_.Sid] -eq 'stranded' })
        $overdue.Count | Should -Be 1
        $overdue[0].State | Should -Be 'Stranded'
        $overdue[0].Reason | Should -Match 'should have released it .* ago'
        $overdue[0].ReleasesAt | Should -Be $overdue[0].DateCreated.AddDays(30)
        # The calls that really are going on stay Live, however the limit is set.
        @($triaged | Where-Object { $_.FlowName -eq 'Voice Main Line' -and $_.State -eq 'Live' }).Count | Should -Be 2
    }

    It 'takes an account''s longer call limit: a call within it is Live' {
        $voice = (Get-StudioFlow -Name 'Voice Main Line').Sid
        $long = @(Get-StudioStuckExecution -FlowSid $voice -CallTimeLimit (New-TimeSpan -Hours 24))
        $long.Count | Should -Be 3
        $long.State | Sort-Object -Unique | Should -Be 'Live'
        foreach ($bad in (New-TimeSpan -Seconds 30), (New-TimeSpan -Hours 25)) {
            { Get-StudioStuckExecution -FlowSid $voice -CallTimeLimit $bad } | Should -Throw -ErrorId 'InvalidCallTimeLimit,StudioCmdlets.Commands.GetStudioStuckExecutionCommand'
        }
    }

    It 'agrees with the steps on where each execution sits and that widget''s type' {
        $triaged = @(Get-StudioStuckExecution)
        $latest = @{}
        $triaged | Get-StudioExecutionStep -Last 1 | ForEach-Object { $latest[$_.ExecutionSid] = $_ }
        $latest.Count | Should -Be $triaged.Count
        foreach ($t in $triaged) {
            $latest[$t.Sid].TransitionedTo | Should -Be $t.Widget
            $latest[$t.Sid].WidgetType | Should -Be $t.WidgetType -Because "$($t.Sid) sits on $($t.Widget)"
        }
    }

    It 'refuses an empty scope, and warns about a contact that matches nothing' {
        { Get-StudioStuckExecution -FlowSid $null -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyFlowSid,StudioCmdlets.Commands.GetStudioStuckExecutionCommand'
        $warnings = $null
        Get-StudioStuckExecution -ContactAddress '+1 (555) 000-0001' -WarningVariable warnings | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
        @(Get-StudioStuckExecution -ContactAddress '(415) 555-0123').Count | Should -Be 2
    }

    It 'fits 80 columns' {
        $lines = @((Get-StudioStuckExecution | Select-Object -First 5 | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^State\s+Blocked\s+Releases\s+ContactAddress\s+Widget\s+Sid'
    }
}
