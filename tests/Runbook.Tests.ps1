# The runbook sample, run as Automation would: non-interactive, credentials from the environment, no prompts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    function Invoke-Runbook([string] $Arguments, $Emulator) {
        $r = Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'; `$r = ./examples/Clear-StuckStudioExecutions.ps1 $Arguments; `$r | ConvertTo-Json -Compress" -Environment @{
            TWILIO_ACCOUNT_SID = $Emulator.AccountSid; TWILIO_AUTH_TOKEN = $Emulator.AuthToken; STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl; STUDIOCMDLETS_RETRY_DELAY_MS = '5'
        }
        $r | Add-Member -PassThru NoteProperty Result ($(if ($r.ExitCode -eq 0) { ($r.Output.Trim() -split "`n")[-1] | ConvertFrom-Json }))
    }
}
AfterAll { Reset-StudioConnection }

Describe 'Clear-StuckStudioExecutions.ps1' {
    It 'rehearses with -WhatIf, ends with a journal, and can target one contact' {
        $emu = Start-StudioEmulator -Arguments '--executions', '600', '--seed', '13'
        try {
            $seq = Get-LastRequestSeq $emu
            $rehearsal = Invoke-Runbook '-WhatIf' $emu
            $rehearsal.ExitCode | Should -Be 0
            $rehearsal.Result.Stuck | Should -Be 36
            $rehearsal.Result.SkippedByWhatIf | Should -Be 36
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
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
            $negative = Invoke-Runbook "-OlderThan (New-TimeSpan -Hours -4)" $emu
            $negative.ExitCode | Should -Not -Be 0
            $negative.Output + $negative.Error | Should -Match 'must be more than zero'
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

            $journal = Join-Path $TestDrive 'runbook.jsonl'
            $run = Invoke-Runbook "-OlderThan (New-TimeSpan -Hours 4) -JournalPath '$journal'" $emu
            $run.ExitCode | Should -Be 0
            $run.Result.Stuck | Should -Be 34
            $run.Result.Ended | Should -Be 34
            $run.Result.Failed | Should -Be 0
            @(Get-Content $journal).Count | Should -Be 34
            (Get-StudioEmulatorState $emu).active | Should -Be 8
            $run.Output + $run.Error | Should -Not -Match 'prompt|NonInteractive'
        }
        finally { Stop-StudioEmulator $emu }
    }

    It 'fails loudly when executions cannot be ended' {
        $emu = Start-StudioEmulator -Arguments '--executions', '400'
        try {
            Set-StudioEmulatorKnob $emu @{ fault_rate = 1; fault_kinds = '503'; fault_methods = 'POST'; retry_after = 0 } | Out-Null
            $r = Invoke-Runbook '-FlowName "Appointment*"' $emu
            $r.ExitCode | Should -Not -Be 0
            ($r.Output + $r.Error) | Should -Match '6 of 6 stuck executions could not be ended'
            ($r.Output + $r.Error) | Should -Match '20503'
        }
        finally { Stop-StudioEmulator $emu }
    }
}
