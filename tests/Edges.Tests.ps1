# Smaller edges where a slip would reach the wrong contact or the wrong account: each as it was found.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 600 -Seed 71
    $sms = Get-StudioFlow -Name 'Inbound SMS Support'
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'Proof of cure for the right contact' {
    It 'sends a formatted -To as the number Studio blocks, so the blocked contact gets the 409, not a stranger a 201' {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        New-StudioExecution -FlowSid $sms.Sid -To '+1 (415) 555-0123' -From '+1 500-555-0006' -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'StudioExecutionConflict*'
        $post = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
        $post.Count | Should -Be 1
        $post[0].form | Should -Match 'To=%2B14155550123'
        $post[0].form | Should -Match 'From=%2B15005550006'
    }

    It 'keeps a channel prefix, sends other addresses as typed, and refuses a number without its country code' {
        $seq = Get-LastRequestSeq $emu
        $started = New-StudioExecution -FlowSid $sms.Sid -To 'WhatsApp:+1 415 555 0177' -From 'whatsapp:+15005550006' -Confirm:$false
        $started.ContactAddress | Should -Be 'whatsapp:+14155550177'
        (Get-StudioEmulatorRequest $emu -Method POST -Since $seq)[0].form | Should -Match 'To=whatsapp%3A%2B14155550177'
        $seq = Get-LastRequestSeq $emu
        foreach ($case in @{ To = '(415) 555-0123'; Id = 'InvalidTo' }, @{ To = '+1 555'; Id = 'InvalidTo' }) {
            { New-StudioExecution -FlowSid $sms.Sid -To $case.To -From '+15005550006' -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId "$($case.Id),StudioCmdlets.Commands.NewStudioExecutionCommand"
        }
        { New-StudioExecution -FlowSid $sms.Sid -To '+14155550188' -From '500 555 0006' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidFrom,StudioCmdlets.Commands.NewStudioExecutionCommand'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }
}

Describe 'SIDs as people paste them' {
    It 'removes a byte-order mark, zero-width spaces and no-break spaces around and inside a SID' {
        $e = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 1
        $flow = [char]0xFEFF + $sms.Sid + [char]0x00A0
        $execution = [char]0x200B + $e.Sid.Substring(0, 10) + [char]0x200D + $e.Sid.Substring(10) + [char]0x2060
        (Get-StudioExecution -FlowSid $flow -ExecutionSid $execution).Sid | Should -Be $e.Sid
        ([pscustomobject]@{ FlowSid = $flow; ExecutionSid = $execution } | Get-StudioExecutionStep -Last 1).ExecutionSid | Should -Be $e.Sid
    }
}

Describe 'Rows of another account' {
    It 'refuses a CSV row whose AccountSid is another account''s before any request, reporting it once' {
        $rows = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 3 FlowSid, ExecutionSid, AccountSid
        $other = 'AC' + 'e' * 32
        $rows[1].AccountSid = $other
        $csv = Join-Path $TestDrive 'mixed.csv'
        $rows | Export-Csv $csv
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        $summary = Import-Csv $csv | Stop-StudioExecution -WhatIf -Summary -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioAccountMismatch,StudioCmdlets.Commands.StopStudioExecutionCommand'
        $errors[0].TargetObject | Should -Be $rows[1].ExecutionSid
        $summary.Failed | Should -Be 1
        $summary.SkippedByWhatIf | Should -Be 2
        $summary.Requested | Should -Be 3
        # The same row, without -FlowSid to look the flow up: still refused before any request.
        { [pscustomobject]@{ ExecutionSid = $rows[1].ExecutionSid; AccountSid = $other } | Stop-StudioExecution -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'StudioAccountMismatch,StudioCmdlets.Commands.StopStudioExecutionCommand'
        { Import-Csv $csv | Select-Object -Skip 1 -First 1 | Remove-StudioExecution -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'StudioAccountMismatch,StudioCmdlets.Commands.RemoveStudioExecutionCommand'
        # Nothing for the refused row, nothing written; the rehearsal reads each of the two rows of this account (a
        # GET: the rows name no contact, and the person approving must see whose they are).
        $sent = @(Get-StudioEmulatorRequest $emu -Since $seq)
        @($sent | Where-Object path -like "*$($rows[1].ExecutionSid)*").Count | Should -Be 0
        @($sent | Where-Object method -ne 'GET').Count | Should -Be 0
        ($sent.path | Sort-Object) | Should -Be (@($rows[0], $rows[2]) | ForEach-Object { "/v2/Flows/$($_.FlowSid)/Executions/$($_.ExecutionSid)" } | Sort-Object)
    }
}

Describe 'What a newcomer pipes in' {
    It 'names the flow of a new execution although the session never listed the flows' {
        $emu3 = Start-StudioEmulator -Arguments '--executions', '50', '--seed', '73'
        try {
            Use-StudioEmulator $emu3
            # The flow's SID from Twilio's API directly, as a runbook or a colleague's note gives it: the module has not seen it.
            $auth = [pscredential]::new($emu3.AccountSid, (ConvertTo-SecureString $emu3.AuthToken -AsPlainText -Force))
            $flow = (Invoke-RestMethod "$($emu3.BaseUrl)/v2/Flows" -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication).flows |
                Where-Object friendly_name -eq 'Appointment Reminders'
            $new = New-StudioExecution -FlowSid $flow.sid -To '+14155550167' -From '+15005550008' -Confirm:$false
            $new.FlowName | Should -Be 'Appointment Reminders'
            ($new | Format-Table | Out-String -Width 120) | Should -Match 'Appointment Reminders'
        }
        finally { Stop-StudioEmulator $emu3; Use-StudioEmulator $emu }
    }

    It 'says an account piped to Stop-StudioExecution is not an execution, and ends nothing' {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        Get-StudioAccount | Stop-StudioExecution -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InputNotRecognized,StudioCmdlets.Commands.StopStudioExecutionCommand'
        $errors[0].Exception.Message | Should -Match 'is not an execution'
        $errors[0].Exception.Message | Should -Not -Match 'not a valid'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'suggests -Delimiter '';'' once for a semicolon CSV (European Excel), with one error per row and nothing ended' {
        $file = Join-Path $TestDrive 'semicolons.csv'
        $rows = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 3
        $rows | Select-Object @{ n = 'ExecutionSid'; e = { $_.Sid } }, FlowSid, ContactAddress | Export-Csv $file -Delimiter ';'
        $seq = Get-LastRequestSeq $emu
        foreach ($command in 'Stop-StudioExecution', 'Get-StudioExecution') {
            $errors = $null; $warnings = $null
            $splat = if ($command -eq 'Stop-StudioExecution') { @{ Confirm = $false } } else { @{} }
            Import-Csv $file | & $command @splat -ErrorVariable errors -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errors.Count | Should -Be 3 -Because "$command reports each row once"
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InputNotRecognized,*' }
            $errors | ForEach-Object { $_.ErrorDetails.RecommendedAction | Should -Match "-Delimiter ';'" }
            @($warnings | Where-Object { "$_" -match "-Delimiter ';'" }).Count | Should -Be 1 -Because "$command suggests it once"
        }
        # Imported with its delimiter, the same file rehearses the three.
        (Import-Csv $file -Delimiter ';' | Stop-StudioExecution -WhatIf -Summary 6>$null).SkippedByWhatIf | Should -Be 3
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'shows an execution''s contact once in Format-List * and in JSON' {
        $e = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 1
        $names = @(($e | ConvertTo-Json -Depth 3 | ConvertFrom-Json).PSObject.Properties.Name)
        @($names | Where-Object { $_ -in 'Contact', 'ContactAddress' }) | Should -Be @('ContactAddress')
        @(($e | Format-List * | Out-String) -split "`n" | Where-Object { $_ -match '^Contact(Address)?\s+:' }).Count | Should -Be 1
    }
}

Describe 'Times a little ahead of this clock' {
    It 'never shows a negative idle time or age' {
        $emu2 = Start-StudioEmulator -Arguments '--executions', '200', '--seed', '72'
        try {
            Use-StudioEmulator $emu2
            # Studio's clock three minutes ahead of this machine's: the newest executions look as if from the future.
            Set-StudioEmulatorKnob $emu2 @{ advance_clock_seconds = 180 } | Out-Null
            $new = New-StudioExecution -FlowSid (Get-StudioFlow -Name 'Appointment Reminders').Sid -To '+14155550166' -From '+15005550008' -Confirm:$false
            $new.DateCreated | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
            $new.Age | Should -Be ([TimeSpan]::Zero)
            $new.IdleTime | Should -Be ([TimeSpan]::Zero)
            ($new | Format-Table | Out-String) | Should -Not -Match '-\d'
        }
        finally { Stop-StudioEmulator $emu2; Use-StudioEmulator $emu }
    }
}
