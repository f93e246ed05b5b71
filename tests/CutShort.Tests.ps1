# Honest outcomes when a run is cut short: -ErrorAction Stop mid-way, and a service that dies mid-run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
}
AfterAll { Reset-StudioConnection }

Describe 'Honest outcomes when a run is cut short' {
    It 'under -ErrorAction Stop mid-way through 41 inputs, sends nothing more and leaves a journal that matches the service' {
        Invoke-WithEmulator -Arguments @('--executions', '800', '--stuck', '40', '--seed', '35', '--latency-ms', '40') -Test {
            param($emu)
            $rows = @(& $stuckLine | Sort-Object Sid | Select-Object FlowSid, ExecutionSid)
            $rows.Count | Should -Be 40
            # An execution that does not exist (404) in the middle of the list.
            $missing = [pscustomobject]@{ FlowSid = $rows[0].FlowSid; ExecutionSid = 'FN' + ('0' * 31) + '9' }
            $inputs = @($rows[0..19]) + $missing + @($rows[20..39])
            $journal = Join-Path $TestDrive 'stop.jsonl'
            $seq = Get-LastRequestSeq $emu
            { $inputs | Stop-StudioExecution -Confirm:$false -JournalPath $journal -ErrorAction Stop } |
                Should -Throw -ErrorId 'StudioExecutionNotFound,StudioCmdlets.Commands.StopStudioExecutionCommand'
            $lines = @(Read-StudioJournal $journal)
            ($lines.runId | Sort-Object -Unique).Count | Should -Be 1
            ($lines.sid | Sort-Object -Unique).Count | Should -Be $lines.Count
            ($lines | Where-Object sid -eq $missing.ExecutionSid).outcome | Should -Be 'Failed'
            $lines.outcome | ForEach-Object { $_ | Should -BeIn @('Ended', 'AlreadyEnded', 'Failed', 'NotAttempted') }
            # The journal matches the emulator exactly: what it says was ended is ended, and nothing else was.
            $active = @((Get-StudioEmulatorState $emu).active_executions.sid)
            $endedByRun = @($rows.ExecutionSid | Where-Object { $_ -notin $active })
            ($lines | Where-Object outcome -eq 'Ended').sid | Sort-Object | Should -Be ($endedByRun | Sort-Object)
            $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            $posts.Count | Should -Be $endedByRun.Count
            # Items after the failing one: at most what was already in flight was sent.
            $endedByRun.Count | Should -BeLessThan 40
        }
    }

    It 'under -ErrorAction Stop with both cores busy, sends nothing after the failure is known but what already had its place' {
        Invoke-WithEmulator -Arguments @('--executions', '1500', '--stuck', '150', '--seed', '37', '--latency-ms', '40') -Test {
            param($emu)
            $rows = @(& $stuckLine | Sort-Object Sid | Select-Object FlowSid, ExecutionSid)
            $rows.Count | Should -BeGreaterThan 100
            $missing = [pscustomobject]@{ FlowSid = $rows[0].FlowSid; ExecutionSid = 'FN' + ('0' * 31) + '8' }
            $inputs = @($rows[0..29]) + $missing + @($rows[30..($rows.Count - 1)])
            $seq = Get-LastRequestSeq $emu
            $records = $null
            Invoke-UnderCpuLoad {
                { $inputs | Stop-StudioExecution -Confirm:$false -PassThru -ErrorAction Stop -OutVariable records } |
                    Should -Throw -ErrorId 'StudioExecutionNotFound,StudioCmdlets.Commands.StopStudioExecutionCommand'
            }
            $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            $failure = @($posts | Where-Object path -like "*/$($missing.ExecutionSid)")
            $failure.Count | Should -Be 1
            $failure[0].status | Should -Be 404
            # From the moment the 404 was answered, at most the one request that took the place it freed may go out.
            # (ConvertFrom-Json made each 'at' a DateTime, to the tick: compared as such, never through text.)
            $known = ([datetime]$failure[0].at).AddMilliseconds($failure[0].ms)
            # The client learns of the 404 a little after the emulator answered it (its threads compete with the burners):
            # requests that already had their place may still go out meanwhile; from 100 ms on, nothing may.
            $after = @($posts | Where-Object { [datetime]$_.at -gt $known.AddMilliseconds(100) })
            $after.Count | Should -BeLessOrEqual 1 -Because "$($after.Count) end requests went out after the failure was known"
            # Whatever was ended is ended (the emulator agrees), and nothing was ended twice.
            $active = @((Get-StudioEmulatorState $emu).active_executions.sid)
            $ended = @($inputs.ExecutionSid | Where-Object { $_ -ne $missing.ExecutionSid -and $_ -notin $active })
            $ended.Count | Should -Be ($posts.Count - 1)
            $ended.Count | Should -BeLessThan $rows.Count
        }
    }

    It 'gives up on a dead service within 30 s with one terminating error and a true journal' {
        Invoke-WithEmulator -Arguments @('--executions', '3000', '--stuck', '400', '--seed', '36', '--latency-ms', '60') -Test {
            param($emu)
            $journal = Join-Path $TestDrive 'dead.jsonl'
            $module = Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1'
            $stuck = @(& $stuckLine)
            $job = Start-ThreadJob -ArgumentList $module, $stuck, $journal, $emu -ScriptBlock {
                param($module, $stuck, $journal, $emu)
                Import-Module $module
                $env:STUDIOCMDLETS_RETRY_DELAY_MS = '250'
                $watch = [Diagnostics.Stopwatch]::StartNew()
                try { $stuck | Stop-StudioExecution -Confirm:$false -ThrottleLimit 4 -JournalPath $journal -ErrorAction Stop; 'finished' }
                catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = $_.Exception.Message; Seconds = $watch.Elapsed.TotalSeconds } }
            }
            $deadline = (Get-Date).AddSeconds(60)
            while (@(Get-StudioEmulatorRequest $emu -Method POST).Count -lt 20 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $killed = [Diagnostics.Stopwatch]::StartNew()
            $emu.Process.Kill($true)
            $result = $job | Wait-Job -Timeout 60 | Receive-Job
            $killed.Elapsed.TotalSeconds | Should -BeLessThan 30
            $job | Remove-Job -Force
            $result.Id | Should -Be 'StudioServiceUnreachable,StudioCmdlets.Commands.StopStudioExecutionCommand'
            $result.Message | Should -Match '\d+ ended, .*\d+ failed, \d+ not attempted'
            $lines = @(Read-StudioJournal $journal)
            ($lines.sid | Sort-Object -Unique).Count | Should -Be $lines.Count
            @($lines | Where-Object outcome -eq 'Ended').Count | Should -BeGreaterOrEqual 15
            # The halt says what is true: the outcome of every execution received, and that the rest was not read.
            $result.Message | Should -Match "Of the $($lines.Count) execution\(s\) this command received"
            $result.Message | Should -Match 'The rest of its input was not read'
            $lines.outcome | ForEach-Object { $_ | Should -BeIn @('Ended', 'Failed', 'NotAttempted') }
            $lines.Count | Should -BeLessThan 400
        }
    }
}
