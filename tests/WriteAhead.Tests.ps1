# Never end more than asked, never lose the record: the safety options cannot be emptied by mistake, and the
# journal is written ahead, so a run killed outright (SIGKILL) leaves nothing ended and unrecorded; the next run
# with the same journal reads back every attempt without an outcome before it sends anything.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Start-KillableStop([string] $Csv, [string] $Journal, $Emulator) {
        # A child pwsh ending what the CSV lists, 32 at a time: a process this test can kill with SIGKILL.
        $script = "Import-Module '$(Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1')'; " +
            "Import-Csv '$Csv' | Stop-StudioExecution -Confirm:`$false -ThrottleLimit 32 -JournalPath '$Journal' | Out-Null"
        $environment = @{ TWILIO_ACCOUNT_SID = $Emulator.AccountSid; TWILIO_AUTH_TOKEN = $Emulator.AuthToken; STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl }
        $p = [System.Diagnostics.Process]::Start((New-ChildPwshStart $script $environment))
        $p.StandardInput.Close()
        [void]$p.StandardOutput.ReadToEndAsync()
        [void]$p.StandardError.ReadToEndAsync()
        $p
    }
}

Describe 'Safety options' {
    It 'refuses <Case> before any request, and ends nothing' -ForEach @(
        @{ Case = 'a mistyped -JournalPath variable ($null)'; Options = @{ JournalPath = $null }; Id = 'EmptyJournalPath' }
        @{ Case = "-JournalPath ''"; Options = @{ JournalPath = '' }; Id = 'EmptyJournalPath' }
        @{ Case = "-ContextPath ''"; Options = @{ ContextPath = '' }; Id = 'EmptyContextPath' }
        @{ Case = "-ContextPath ' '"; Options = @{ ContextPath = ' ' }; Id = 'EmptyContextPath' }
    ) {
        $emu = Start-SuiteEmulator -Executions 300 -Seed 60
        try {
            $stuck = @(Get-StudioStuckExecution | Where-Object State -eq 'Stranded')
            $before = (Get-StudioEmulatorState $emu).active
            $seq = Get-LastRequestSeq $emu
            { $stuck | Stop-StudioExecution -Confirm:$false @Options } | Should -Throw -ErrorId "$Id,StudioCmdlets.Commands.StopStudioExecutionCommand"
            @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
            (Get-StudioEmulatorState $emu).active | Should -Be $before
        }
        finally { Stop-StudioEmulator $emu; Reset-StudioConnection }
    }
}

Describe 'A journal written ahead' {
    It 'keeps every execution the service ended when the process is killed mid-run, and the next run reads back each unknown one first' {
        Invoke-WithEmulator -Arguments @('--executions', '4000', '--stuck', '540', '--seed', '61') -Test {
            param($emu)
            $csv = Join-Path $TestDrive 'stranded.csv'
            $journal = Join-Path $TestDrive 'killed.jsonl'
            Get-StudioStuckExecution | Where-Object State -eq 'Stranded' | Select-Object -First 500 FlowSid, ExecutionSid, Widget | Export-Csv $csv
            $rows = @(Import-Csv $csv)
            $rows.Count | Should -Be 500
            # Twilio carries out each end at once and answers it 150 ms later: a process killed meanwhile never hears.
            Set-StudioEmulatorKnob $emu @{ latency_ms = 150; latency_after_write = $true } | Out-Null

            $child = Start-KillableStop $csv $journal $emu
            try {
                $deadline = (Get-Date).AddSeconds(90)
                while (-not $child.HasExited -and (Get-Date) -lt $deadline -and (-not (Test-Path $journal) -or @(Get-Content $journal).Count -lt 225)) { Start-Sleep -Milliseconds 10 }
                $child.HasExited | Should -BeFalse -Because 'the run must still be going when it is killed'
                $child.Kill() # SIGKILL: no finally, no flush, no goodbye
                $child.WaitForExit(10000) | Should -BeTrue
            }
            finally { if (-not $child.HasExited) { $child.Kill($true) }; $child.Dispose() }
            Start-Sleep -Milliseconds 400 # what was sent is carried out on the service by now

            $active = @((Get-StudioEmulatorState $emu).active_executions.sid)
            $endedOnService = @($rows.ExecutionSid | Where-Object { $_ -notin $active })
            $lines = @(Read-StudioJournal $journal -All)
            $endedOnService.Count | Should -BeGreaterThan 0
            $endedOnService.Count | Should -BeLessThan 500
            $endedOnService | Where-Object { $_ -notin $lines.sid } | Should -BeNullOrEmpty -Because 'every execution the service ended is in the journal'
            $last = @{}; $lines | ForEach-Object { $last[$_.sid] = $_.outcome }
            $unknown = @($last.Keys | Where-Object { $last[$_] -eq 'Attempted' })
            $unknown.Count | Should -BeGreaterThan 0 -Because 'the kill left end requests without an answer'
            # Nothing is journaled that did not happen: an execution the journal calls ended is ended.
            @($last.Keys | Where-Object { $last[$_] -eq 'Ended' -and $_ -in $active }) | Should -BeNullOrEmpty

            Set-StudioEmulatorKnob $emu @{ latency_ms = 0; latency_after_write = $false } | Out-Null
            $seq = Get-LastRequestSeq $emu
            $summary = Import-Csv $csv | Stop-StudioExecution -Confirm:$false -ThrottleLimit 32 -JournalPath $journal -Summary
            $summary.Reconciled | Should -Be $unknown.Count
            $summary.Failed | Should -Be 0
            $requests = @(Get-StudioEmulatorRequest $emu -Since $seq)
            # One GET for each unknown attempt, all of them before the first new end request.
            $firstPost = [array]::FindIndex($requests, [Predicate[object]] { param($r) $r.method -eq 'POST' })
            $reads = @($requests[0..($firstPost - 1)] | Where-Object method -eq 'GET')
            $reads.Count | Should -Be $unknown.Count
            ($reads.path | ForEach-Object { ($_ -split '/')[-1] } | Sort-Object) | Should -Be ($unknown | Sort-Object)
            # Afterwards every listed execution is ended, and the journal's last word on each says so.
            $active = @((Get-StudioEmulatorState $emu).active_executions.sid)
            @($rows.ExecutionSid | Where-Object { $_ -in $active }) | Should -BeNullOrEmpty
            $final = @{}; Read-StudioJournal $journal -All | ForEach-Object { $final[$_.sid] = $_ }
            foreach ($sid in $rows.ExecutionSid) {
                $line = $final[$sid]
                $line.outcome | Should -BeIn @('Ended', 'AlreadyEnded') -Because $sid
            }
            # Each read-back tells the truth: ended where the killed run's request got through, still active where the kill
            # came between the journal line and the request leaving the process (that one this run ended, above).
            $reconciled = @(Read-StudioJournal $journal -All | Where-Object outcome -eq 'Reconciled')
            $reconciled.Count | Should -Be $unknown.Count
            foreach ($line in $reconciled) {
                $line.status | Should -Be $(if ($line.sid -in $endedOnService) { 'ended' } else { 'active' }) -Because $line.sid
            }
        }
    }
}

Describe 'A service that hangs' {
    It 'stops a bulk run within 30 s with one StudioServiceUnreachable, and a journal that leaves each unanswered end to the next run' {
        # Takes connections (the kernel completes them into the backlog) and never answers a byte.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(500)
        try {
            Reset-StudioConnection
            $env:TWILIO_ACCOUNT_SID = 'AC' + '1' * 32
            $env:TWILIO_AUTH_TOKEN = 'hung-service-token'
            $env:STUDIOCMDLETS_ENDPOINT = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
            $rows = 1..40 | ForEach-Object { [pscustomobject]@{ FlowSid = 'FW' + '2' * 32; ExecutionSid = 'FN' + ('{0:x32}' -f $_); Widget = 'ask_reason' } }
            $journal = Join-Path $TestDrive 'hung.jsonl'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $failure = { $rows | Stop-StudioExecution -Confirm:$false -JournalPath $journal -ErrorAction Stop } |
                Should -Throw -ErrorId 'StudioServiceUnreachable,StudioCmdlets.Commands.StopStudioExecutionCommand' -PassThru
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
            $failure.Exception.Message | Should -Match 'nor any other request'
            $failure.Exception.Message | Should -Match 'The rest of its input was not read'
            # True: what went out has no known outcome (the next run reads each back); what never went out says so.
            $last = @{}; Read-StudioJournal $journal -All | ForEach-Object { $last[$_.sid] = $_ }
            $sent = @($last.Values | Where-Object { $_.outcome -eq 'Failed' })
            $sent.Count | Should -BeGreaterThan 0
            $sent | ForEach-Object { $_.outcomeKnown | Should -BeFalse }
            @($last.Values | Where-Object outcome -eq 'Ended') | Should -BeNullOrEmpty
            $last.Values.outcome | Sort-Object -Unique | ForEach-Object { $_ | Should -BeIn @('Failed', 'NotAttempted', 'Attempted') }
        }
        finally { $listener.Stop(); Reset-StudioConnection }
    }
}
