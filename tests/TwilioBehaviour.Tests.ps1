# Twilio as it really is (docs/twilio-behaviour.md): 409 on ending an ended execution, lost answers, duplicates,
# two admins at once, creates that are never repeated blindly, the status filter, the account in every answer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    $stuckLine = { Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) }

    function Stop-WithoutErrors($Executions) {
        # Ends them all, with no error for any; the summary.
        $errors = $null
        $summary = $Executions | Stop-StudioExecution -Confirm:$false -Summary -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $summary
    }

    function Invoke-CreateUnderFault($Emulator, [string] $Kind, [string] $To) {
        # New-StudioExecution while every POST meets one kind of fault: the POSTs sent, the output, warnings and errors.
        $flow = Get-StudioFlow -Name 'Appointment Reminders'
        Set-StudioEmulatorKnob $Emulator @{ fault_rate = 1; fault_kinds = $Kind; fault_methods = 'POST' } | Out-Null
        $seq = Get-LastRequestSeq $Emulator
        $w = $null; $e = $null
        $out = New-StudioExecution -FlowSid $flow.Sid -To $To -From '+15005550008' -Confirm:$false -WarningVariable w -ErrorVariable e -ErrorAction SilentlyContinue
        [pscustomobject]@{ Posts = @(Get-StudioEmulatorRequest $Emulator -Method POST -Since $seq).Count; Execution = $out; Warnings = @($w); Errors = @($e) }
    }

    function Invoke-EmulatorPost($Emulator, [string] $Path, [hashtable] $Form) {
        # A write made behind the module's back (another admin, Studio itself), straight over HTTP.
        $auth = [pscredential]::new($Emulator.AccountSid, (ConvertTo-SecureString $Emulator.AuthToken -AsPlainText -Force))
        Invoke-RestMethod "$($Emulator.BaseUrl)$Path" -Method Post -Body $Form -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication
    }
}
AfterAll { Reset-StudioConnection }

Describe 'Ending an execution that has ended (Studio answers 409/20409)' {
    It 'reports executions ended behind its back as already ended: no error, counted, journaled once' {
        Invoke-WithEmulator -Arguments @('--executions', '400', '--seed', '21') -Test {
            param($emu)
            $known = Get-ScenarioTruth $emu
            $stuck = @(& $stuckLine)
            $stuck.Count | Should -Be $known.Stuck
            # Another admin ends ten of them after this admin listed them.
            $gone = $stuck | Select-Object -First 10
            foreach ($e in $gone) { Invoke-EmulatorPost $emu "/v2/Flows/$($e.FlowSid)/Executions/$($e.Sid)" @{ Status = 'ended' } | Out-Null }
            $journal = Join-Path $TestDrive 'race.jsonl'
            $seq = Get-LastRequestSeq $emu
            $summary = Stop-WithoutErrors $stuck
            $summary.Ended | Should -Be ($known.Stuck - 10)
            $summary.AlreadyEnded | Should -Be 10
            $summary.Failed | Should -Be 0
            $requests = @(Get-StudioEmulatorRequest $emu -Since $seq)
            @($requests | Where-Object method -eq 'POST').Count | Should -Be $known.Stuck
            @($requests | Where-Object { $_.method -eq 'POST' -and $_.status -eq 409 }).Count | Should -Be 10
            # One read per 409, to learn the truth; nothing else.
            @($requests | Where-Object method -eq 'GET').Count | Should -Be 10
            (Get-StudioEmulatorState $emu).active | Should -Be ($known.Active - $known.Stuck)

            # The journal says the same, one line per execution.
            $again = Get-StudioExecution -ExecutionSid $stuck.Sid | Stop-StudioExecution -Confirm:$false -JournalPath $journal -Summary
            $again.AlreadyEnded | Should -Be $known.Stuck
            $lines = @(Read-StudioJournal $journal)
            $lines.Count | Should -Be $known.Stuck
            ($lines.outcome | Sort-Object -Unique) | Should -Be 'AlreadyEnded'
        }
    }

    It 'reports an execution whose answer was lost, and whose retry met 409, as ended by this run' {
        Invoke-WithEmulator -Arguments @('--executions', '400', '--seed', '22') -Test {
            param($emu)
            $known = Get-ScenarioTruth $emu
            $stuck = @(& $stuckLine)
            Set-StudioEmulatorKnob $emu @{ fault_rate = 0.5; fault_kinds = 'lost'; fault_methods = 'POST'; fault_seed = 5 } | Out-Null
            $seq = Get-LastRequestSeq $emu
            $summary = Stop-WithoutErrors $stuck
            $summary.Ended | Should -Be $known.Stuck
            $summary.AlreadyEnded | Should -Be 0
            $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            # Each lost write was retried and met Studio's 409: those are this run's ends, never failures.
            $lost = @($posts | Where-Object fault -eq 'lost').Count
            $lost | Should -BeGreaterThan 5
            @($posts | Where-Object status -eq 409).Count | Should -BeGreaterThan 0
            (Get-StudioEmulatorState $emu).active | Should -Be ($known.Active - $known.Stuck)
        }
    }

    It 'sends one request for an execution piped twice, and reports it once' {
        Invoke-WithEmulator -Arguments @('--executions', '400', '--seed', '23') -Test {
            param($emu)
            $stuck = @(& $stuckLine | Select-Object -First 5)
            $seq = Get-LastRequestSeq $emu
            $out = @($stuck + $stuck[0] + $stuck[3]) | Stop-StudioExecution -Confirm:$false -PassThru -Summary
            $ended = @($out | Where-Object { $_ -is [StudioCmdlets.Model.StudioExecution] })
            $summary = $out | Where-Object { $_ -is [StudioCmdlets.Model.StudioStopSummary] }
            $ended.Count | Should -Be 5
            $summary.Requested | Should -Be 5
            $summary.Ended | Should -Be 5
            $summary.Duplicates | Should -Be 2
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 5
        }
    }

    It 'lets two admins (two processes) end the same set: each execution ended by exactly one, already ended for the other, no errors' {
        Invoke-WithEmulator -Arguments @('--executions', '3000', '--stuck', '300', '--seed', '24', '--latency-ms', '5') -Test {
            param($emu)
            $module = Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1'
            # Both admins work from the same list (columns FlowSid,ExecutionSid), in the same order: the most contention.
            $list = Join-Path $TestDrive 'to-end.csv'
            & $stuckLine | Sort-Object Sid | Select-Object FlowSid, ExecutionSid | Export-Csv -Path $list
            $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
`$s = Import-Csv '$list' | Stop-StudioExecution -Confirm:`$false -Summary -ErrorVariable errs -ErrorAction Continue
"RESULT `$(`$s.Requested) `$(`$s.Ended) `$(`$s.AlreadyEnded) `$(`$s.Failed) `$(@(`$errs).Count)"
"@
            $envs = @{ TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
            # Each job runs the helper in a runspace of its own, with the helper it builds its process with.
            $helpers = [scriptblock]::Create("function New-ChildPwshStart { ${function:New-ChildPwshStart} }")
            $jobs = 1..2 | ForEach-Object { Start-ThreadJob -InitializationScript $helpers -ScriptBlock ${function:Invoke-ChildPwsh} -ArgumentList $script, $envs, 180 }
            $results = $jobs | Wait-Job -Timeout 200 | Receive-Job
            $jobs | Remove-Job -Force
            $rows = foreach ($r in $results) {
                $r.ExitCode | Should -Be 0 -Because $r.Error
                $line = ($r.Output -split "`n" | Where-Object { $_ -like 'RESULT *' }) -split ' '
                [pscustomobject]@{ Requested = [int]$line[1]; Ended = [int]$line[2]; AlreadyEnded = [int]$line[3]; Failed = [int]$line[4]; Errors = [int]$line[5] }
            }
            $rows.Count | Should -Be 2
            foreach ($row in $rows) {
                $row.Requested | Should -Be 300
                ($row.Ended + $row.AlreadyEnded) | Should -Be 300
                $row.Failed | Should -Be 0
                $row.Errors | Should -Be 0
            }
            ($rows[0].Ended + $rows[1].Ended) | Should -Be 300
            (Get-StudioEmulatorState $emu).active | Should -Be 8
        }
    }
}

Describe 'Starting an execution (not idempotent)' {
    It 'names the execution holding the contact from Twilio''s details.conflicting_execution_sid' {
        Invoke-WithEmulator -Arguments @('--executions', '200', '--seed', '25') -Test {
            param($emu)
            $flow = Get-StudioFlow -Name 'Appointment Reminders'
            $first = New-StudioExecution -FlowSid $flow.Sid -To '+15005551234' -From '+15005550008' -Confirm:$false
            $errors = $null
            New-StudioExecution -FlowSid $flow.Sid -To '+15005551234' -From '+15005550008' -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors.Count | Should -Be 1
            # The emulator's message does not name it (Twilio's need not): it comes from details.conflicting_execution_sid.
            $errors[0].ErrorDetails.Message | Should -Match $first.Sid
            $errors[0].ErrorDetails.RecommendedAction | Should -Match "Stop-StudioExecution -FlowSid $($flow.Sid) -ExecutionSid $($first.Sid)"
        }
    }

    It 'never repeats a create whose answer was lost: it looks the execution up instead' {
        Invoke-WithEmulator -Arguments @('--executions', '200', '--seed', '26') -Test {
            param($emu)
            $r = Invoke-CreateUnderFault $emu -Kind 'lost' -To '+15005554321'
            $r.Posts | Should -Be 1
            $r.Errors.Count | Should -Be 0
            $r.Execution.ContactAddress | Should -Be '+15005554321'
            $r.Execution.Status | Should -Be 'Active'
            $r.Warnings.Count | Should -Be 1
            $r.Warnings[0] | Should -Match 'not repeated'
            @((Get-StudioEmulatorState $emu).active_executions | Where-Object contact_channel_address -eq '+15005554321').Count | Should -Be 1
        }
    }

    It 'never repeats a create after a 5xx, and reports the failure when nothing was started' {
        Invoke-WithEmulator -Arguments @('--executions', '200', '--seed', '27') -Test {
            param($emu)
            $r = Invoke-CreateUnderFault $emu -Kind '503' -To '+15005554322'
            $r.Posts | Should -Be 1
            $r.Execution | Should -BeNullOrEmpty
            $r.Errors.Count | Should -Be 1
            $r.Errors[0].FullyQualifiedErrorId | Should -Be 'StudioServiceError,StudioCmdlets.Commands.NewStudioExecutionCommand'
        }
    }
}

Describe 'Listings' {
    It 're-checks the status itself, so a server that ignores the filter cannot leak ended executions into -Status Active' {
        Invoke-WithEmulator -Arguments @('--executions', '2000', '--seed', '28') -Test {
            param($emu)
            Set-StudioEmulatorKnob $emu @{ ignore_status_filter = $true } | Out-Null
            $seq = Get-LastRequestSeq $emu
            $active = @(Get-StudioExecution -Status Active)
            $active.Count | Should -Be (Get-ScenarioTruth $emu).Active
            $active | ForEach-Object { $_.Status | Should -Be 'Active' }
            # The filter is still sent, as the spec's lowercase 'status'.
            @(Get-StudioEmulatorRequest $emu -Method GET -Since $seq | Where-Object { $_.path -like '*/Executions' -and $_.query -match '[?&]status=active' }).Count | Should -BeGreaterThan 3
        }
    }

    It 'never asks for dates older than 30 days, even for a flow made years ago' {
        Invoke-WithEmulator -Arguments @('--executions', '5000', '--seed', '29', '--single-flow') -Test {
            param($emu)
            $seq = Get-LastRequestSeq $emu
            Get-StudioExecution -CreatedAfter (Get-Date).AddYears(-3) | Out-Null
            $floor = (Get-Date).ToUniversalTime().AddDays(-31)
            $dates = Get-StudioEmulatorRequest $emu -Method GET -Since $seq | Where-Object query -match 'DateCreatedFrom=([^&]+)' |
                ForEach-Object { [datetime]::Parse([uri]::UnescapeDataString(($_.query | Select-String 'DateCreatedFrom=([^&]+)').Matches[0].Groups[1].Value), [cultureinfo]::InvariantCulture).ToUniversalTime() }
            @($dates).Count | Should -BeGreaterThan 0
            $dates | ForEach-Object { $_ | Should -BeGreaterThan $floor }
        }
    }
}

Describe 'The account in every answer' {
    It 'stops with a clear error when an API key answers for another account than -AccountSid' {
        Invoke-WithEmulator -Arguments @('--executions', '50') -Test {
            param($emu)
            Disconnect-StudioAccount
            $key = [pscredential]::new('SK00000000000000000000000000000001', (ConvertTo-SecureString 'emulator-api-secret-0001' -AsPlainText -Force))
            { Connect-StudioAccount -Credential $key -AccountSid 'AC0000000000000000000000000000beef' -Endpoint $emu.BaseUrl -ErrorAction Stop } |
                Should -Throw -ErrorId 'StudioAccountMismatch,StudioCmdlets.Commands.ConnectStudioAccountCommand'
            Connect-StudioAccount -Credential $key -AccountSid $emu.AccountSid -Endpoint $emu.BaseUrl
            (Get-StudioFlow).Count | Should -Be 4
        }
    }
}
