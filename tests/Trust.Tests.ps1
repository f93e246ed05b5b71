# Nothing lost, nobody let in: faults, timeouts, the journal, secrets, bad input, parallel runspaces.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    $secret = 'tok-' + [guid]::NewGuid().ToString('N')
}
AfterAll { Reset-StudioConnection }

Describe 'Faults' {
    It 'ends all of 1,000 executions under 10% faults (429, 503, dropped, responses lost after the write), each reported once, none falsely failed' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '2000', '--stuck', '1000', '--seed', '8') -Test {
            param($emu)
            $stuck = & $stuckLine
            $stuck.Count | Should -Be 1000
            Set-StudioEmulatorKnob $emu @{ fault_rate = 0.1; fault_kinds = '429,503,drop,lost'; fault_methods = 'POST'; fault_seed = 17 } | Out-Null
            $seq = Get-LastRequestSeq $emu
            $errors = $null
            $out = $stuck | Stop-StudioExecution -Confirm:$false -PassThru -Summary -ErrorVariable errors
            $summary = $out | Where-Object { $_ -is [StudioCmdlets.Model.StudioStopSummary] }
            $ended = $out | Where-Object { $_ -is [StudioCmdlets.Model.StudioExecution] }
            $errors | Should -BeNullOrEmpty
            ($ended.Sid | Sort-Object -Unique).Count | Should -Be 1000
            $ended.Count | Should -Be 1000
            $summary.Requested | Should -Be 1000
            # None had ended before: lost answers whose retry met 409 are this run's ends, not "already ended".
            $summary.Ended | Should -Be 1000
            $summary.AlreadyEnded | Should -Be 0
            $summary.Failed | Should -Be 0
            # From the emulator's own state and log: all ended, and every kind of fault happened.
            (Get-StudioEmulatorState $emu).active | Should -Be 8
            $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            ($posts.fault | Where-Object { $_ } | Sort-Object -Unique) | Should -Be @('429', '503', 'drop', 'lost')
            @($posts | Where-Object fault -eq 'lost').Count | Should -BeGreaterThan 10
        }
    }

    It 'turns a hung server into a clear timeout error, not a hang' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '200') -Test {
            param($emu)
            Set-StudioEmulatorKnob $emu @{ latency_ms = 30000 } | Out-Null
            $env:STUDIOCMDLETS_TIMEOUT_SEC = '1'
            $w = [Diagnostics.Stopwatch]::StartNew()
            $errors = $null
            Get-StudioFlow -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $w.Elapsed.TotalSeconds | Should -BeLessThan 10
            $errors[0].FullyQualifiedErrorId | Should -Be 'StudioRequestTimeout,StudioCmdlets.Commands.GetStudioFlowCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $errors[0].Exception.Message | Should -Match 'within 1 seconds'
        }
    }

    It 'names an HTML error page from a proxy as such' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '200') -Test {
            param($emu)
            Set-StudioEmulatorKnob $emu @{ fault_rate = 1; fault_kinds = 'html'; fault_methods = 'GET' } | Out-Null
            $errors = $null
            Get-StudioExecution -FlowSid ('FW' + 'a' * 32) -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be 'StudioUnexpectedResponse,StudioCmdlets.Commands.GetStudioExecutionCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $errors[0].Exception.Message | Should -Match 'BadGateway|502'
            $errors[0].ErrorDetails.RecommendedAction | Should -Match 'proxy'
        }
    }
}

Describe 'Journal, context and summary' {
    It 'journals every execution with its widget and outcome, keeps each context, and a re-run is harmless and recorded as such' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '800', '--seed', '5') -Test {
            param($emu)
            $journal = Join-Path $TestDrive 'stop.jsonl'
            $contexts = Join-Path $TestDrive 'contexts'
            $truth = Get-ScenarioTruth $emu
            $stuck = & $stuckLine
            $stuck.Count | Should -Be $truth.Stuck
            $summary = $stuck | Stop-StudioExecution -Confirm:$false -JournalPath $journal -ContextPath $contexts -Summary
            $summary.Ended | Should -Be $truth.Stuck
            $lines = @(Read-StudioJournal $journal)
            $lines.Count | Should -Be $truth.Stuck
            # Written ahead: an Attempted line before each outcome, and a number greps as it is written.
            $attempts = @((Read-StudioJournal $journal -All) | Where-Object outcome -eq 'Attempted')
            ($attempts.sid | Sort-Object) | Should -Be ($stuck.Sid | Sort-Object)
            Select-String -Path $journal -SimpleMatch -Pattern $lines[0].contact | Should -Not -BeNullOrEmpty
            Select-String -Path $journal -SimpleMatch -Pattern '\u00' | Should -BeNullOrEmpty
            ($lines.sid | Sort-Object) | Should -Be ($stuck.Sid | Sort-Object)
            $lines | ForEach-Object {
                $_.outcome | Should -Be 'Ended'
                $_.widget | Should -BeIn @('ask_reason', 'last_call', 'greet', 'nudge', 'confirm', 'to_queue')
                $_.contact | Should -Not -BeNullOrEmpty
                $_.ageSeconds | Should -BeGreaterThan (4 * 3600)
                Test-Path $_.contextFile | Should -BeTrue
            }
            $sms = $lines | Where-Object widget -eq 'ask_reason' | Select-Object -First 1
            (Get-Content -Raw $sms.contextFile | ConvertFrom-Json).trigger.message.From | Should -Be $sms.contact

            # The same input again (stale objects that still say Active), and the journal's own SIDs by CSV.
            $seq = Get-LastRequestSeq $emu
            $again = $stuck | Stop-StudioExecution -Confirm:$false -JournalPath $journal -Summary
            $again.Ended | Should -Be 0
            $again.AlreadyEnded | Should -Be $truth.Stuck
            $lines | Select-Object @{ n = 'FlowSid'; e = 'flowSid' }, @{ n = 'ExecutionSid'; e = 'sid' } | Stop-StudioExecution -Confirm:$false -JournalPath $journal
            # Nothing is read before an end request (its answer carries the contact and age): Studio answers each
            # repeated end with 409, which is read back as already ended and changes nothing.
            $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            $posts.Count | Should -Be (2 * $truth.Stuck)
            $posts.status | Sort-Object -Unique | Should -Be 409
            $all = @(Read-StudioJournal $journal)
            $all.Count | Should -Be (3 * $truth.Stuck)
            ($all | Select-Object -Skip $truth.Stuck).outcome | Sort-Object -Unique | Should -Be 'AlreadyEnded'
        }
    }

    It 'accounts for every input once in the summary, and writes nothing under -WhatIf' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '600', '--seed', '6') -Test {
            param($emu)
            $journal = Join-Path $TestDrive 'whatif.jsonl'
            $truth = Get-ScenarioTruth $emu
            $stuck = & $stuckLine
            $rehearsal = $stuck | Stop-StudioExecution -WhatIf -JournalPath $journal -Summary
            $rehearsal.Requested | Should -Be $truth.Stuck
            $rehearsal.SkippedByWhatIf | Should -Be $truth.Stuck
            Test-Path $journal | Should -BeFalse
            $mixed = @($stuck[0..4]) + @([pscustomobject]@{ FlowSid = $stuck[0].FlowSid; ExecutionSid = 'FN' + '0' * 32 })
            $summary = $mixed | ForEach-Object { if ($_ -is [StudioCmdlets.Model.StudioExecution]) { $_ } else { $_ } } |
                Stop-StudioExecution -Confirm:$false -Summary -ErrorAction SilentlyContinue
            $summary.Requested | Should -Be 6
            $summary.Ended | Should -Be 5
            $summary.Failed | Should -Be 1
            ($summary.Ended + $summary.AlreadyEnded + $summary.SkippedByWhatIf + $summary.Declined + $summary.Failed) | Should -Be $summary.Requested
        }
    }
}

Describe 'Secrets' {
    It 'never shows the auth token: output, Get-StudioAccount, verbose, debug, errors, exceptions or a transcript' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '300') -Test {
            param($emu)
            $transcript = Join-Path $TestDrive 'transcript.txt'
            Start-Transcript -Path $transcript | Out-Null
            try {
                $collected = @(
                    Get-StudioAccount | Format-List * | Out-String
                    Get-StudioAccount | ConvertTo-Json
                    Get-StudioFlow -Verbose -Debug 4>&1 5>&1 | Out-String
                    Get-StudioExecution -Status Active | Select-Object -First 3 | Stop-StudioExecution -Confirm:$false -PassThru -Verbose -Debug 4>&1 5>&1 | Out-String
                    Get-StudioExecution -FlowSid ('FW' + 'b' * 32) -ErrorAction SilentlyContinue -ErrorVariable e1 -Debug 5>&1 | Out-String
                    $e1 | Format-List * -Force | Out-String
                    $e1 | ForEach-Object { $_.Exception.ToString() }
                )
                $wrong = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString ($secret + 'x') -AsPlainText -Force))
                try { Connect-StudioAccount -Credential $wrong -Endpoint $emu.BaseUrl -Debug 5>&1 | Out-String } catch { $collected += ($_ | Format-List * -Force | Out-String); $collected += $_.Exception.ToString() }
            }
            finally { Stop-Transcript | Out-Null }
            $collected += Get-Content -Raw $transcript
            ($collected -join "`n") | Should -Not -Match ([regex]::Escape($secret))
            ($collected -join "`n") | Should -Match 'GET http://127.0.0.1'  # the debug text really was there
        }
    }
}

Describe 'Bad input is refused before any request' {
    BeforeAll { $flowSid = 'FW' + '1' * 32 }
    It '<Case> -> <Id>' -ForEach @(
        @{ Case = 'malformed execution SID'; Id = 'InvalidExecutionSid'; Script = { Stop-StudioExecution -FlowSid ('FW' + '1' * 32) -ExecutionSid 'FN123' -Confirm:$false } }
        @{ Case = 'a step SID given as execution'; Id = 'InvalidExecutionSid'; Script = { Get-StudioExecutionContext -FlowSid ('FW' + '1' * 32) -ExecutionSid ('FT' + '1' * 32) } }
        @{ Case = 'an execution SID given as flow'; Id = 'InvalidFlowSid'; Script = { Get-StudioExecution -FlowSid ('FN' + '1' * 32) } }
        @{ Case = 'an empty flow SID'; Id = 'EmptyFlowSid'; Script = { Get-StudioExecution -FlowSid '' } }
        @{ Case = 'an empty flow SID for a write'; Id = 'EmptyFlowSid'; Script = { Stop-StudioExecution -FlowSid '' -ExecutionSid ('FN' + '1' * 32) -Confirm:$false } }
        @{ Case = '$null in the pipeline'; Id = 'ParameterArgumentValidationErrorNullNotAllowed'; Script = { $null | Stop-StudioExecution -Confirm:$false } }
        @{ Case = 'a date in the future'; Id = 'CreatedAfterInFuture'; Script = { Get-StudioExecution -CreatedAfter (Get-Date).AddDays(1) } }
        @{ Case = 'CreatedAfter later than CreatedBefore'; Id = 'InvalidDateRange'; Script = { Get-StudioExecution -CreatedAfter (Get-Date).AddHours(-1) -CreatedBefore (Get-Date).AddHours(-2) } }
        @{ Case = 'an endpoint with credentials in it'; Id = 'EndpointContainsCredentials'; Script = { Connect-StudioAccount -Credential ([pscredential]::new('AC' + '1' * 32, (ConvertTo-SecureString 'x' -AsPlainText -Force))) -Endpoint 'https://AC1:tok@proxy.example.com' } }
        @{ Case = 'an empty contact'; Id = 'EmptyTo'; Script = { New-StudioExecution -FlowSid ('FW' + '1' * 32) -To ' ' -From '+15005550006' -Confirm:$false } }
        @{ Case = 'a non-positive -MaxWait'; Id = 'InvalidMaxWait'; Script = { Test-StudioFlow -MaxWait 0 } }
    ) {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '100') -Test {
            param($emu)
            $seq = Get-LastRequestSeq $emu
            $errors = @()
            try { & $Script -ErrorVariable +errors -ErrorAction SilentlyContinue 2>$null } catch { $errors += $_ }
            try { $null = & $Script 2>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors += $_ } } } catch { $errors += $_ }
            ($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Should -Contain $Id
            @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
        }
    }
}

Describe 'Parallel runspaces' {
    It 'works in ForEach-Object -Parallel and thread jobs, credentials from the environment' {
        Invoke-WithEmulator -AuthToken $secret -Arguments @('--executions', '500') -Test {
            param($emu)
            $module = Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1'
            $truth = Get-ScenarioTruth $emu
            $counts = 1..4 | ForEach-Object -Parallel { Import-Module $using:module; (Get-StudioExecution -Status Active).Count } -ThrottleLimit 4
            $counts | Should -Be @(1..4 | ForEach-Object { $truth.Active })
            $job = Start-ThreadJob { Import-Module $using:module; Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) | Stop-StudioExecution -Confirm:$false -Summary }
            $result = $job | Wait-Job -Timeout 60 | Receive-Job
            $job | Remove-Job -Force
            $result.Ended | Should -Be $truth.Stuck
            (Get-StudioEmulatorState $emu).active | Should -Be ($truth.Active - $truth.Stuck)
        }
    }
}
