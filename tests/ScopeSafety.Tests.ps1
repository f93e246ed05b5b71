# Never end more than asked: empty scopes are errors, contacts match however they are typed, one account per
# runspace, a dead service for the cmdlets other than Stop (whose runs cut short are in CutShort.Tests.ps1), SIDs as
# people paste them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
}
AfterAll { Reset-StudioConnection }

Describe 'An empty scope is an error, never "all"' {
    BeforeAll {
        $emu = Start-SuiteEmulator -Executions 600 -Seed 31
    }
    AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

    It 'ends nothing for the pipeline of a lookup that found nothing, and says why' {
        $before = (Get-StudioEmulatorState $emu).active
        $x = Get-StudioExecution -Status Active -ContactAddress '+1 (555) 000-0001' -WarningAction SilentlyContinue
        $x | Should -BeNullOrEmpty
        $seq = Get-LastRequestSeq $emu
        # The whole statement stops, whatever -ErrorAction says: an empty scope is a script's mistake, not one item's.
        $failure = { Get-StudioExecution -FlowSid $x.FlowSid -ExecutionSid $x.Sid -ErrorAction SilentlyContinue | Stop-StudioExecution -Force -Summary } |
            Should -Throw -ErrorId 'EmptyFlowSid,StudioCmdlets.Commands.GetStudioExecutionCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match 'would mean all'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
        (Get-StudioEmulatorState $emu).active | Should -Be $before
    }

    It 'refuses <Name> before any request' -TestCases @(
        @{ Name = 'Get-StudioExecution -FlowSid $null'; Command = { Get-StudioExecution -FlowSid $null }; Id = 'EmptyFlowSid' }
        @{ Name = 'Get-StudioExecution -FlowSid @()'; Command = { Get-StudioExecution -FlowSid @() }; Id = 'EmptyFlowSid' }
        @{ Name = 'Get-StudioExecution -FlowSid ""'; Command = { Get-StudioExecution -FlowSid '' }; Id = 'EmptyFlowSid' }
        @{ Name = 'Get-StudioExecution -ExecutionSid $null'; Command = { Get-StudioExecution -ExecutionSid $null }; Id = 'EmptyExecutionSid' }
        @{ Name = 'Get-StudioExecution -ContactAddress $null'; Command = { Get-StudioExecution -ContactAddress $null }; Id = 'EmptyContactAddress' }
        @{ Name = 'Get-StudioExecution -ContactAddress @("", " ")'; Command = { Get-StudioExecution -ContactAddress '', ' ' }; Id = 'EmptyContactAddress' }
        @{ Name = 'Get-StudioFlow -Name $null'; Command = { Get-StudioFlow -Name $null }; Id = 'EmptyName' }
        @{ Name = 'Get-StudioFlow -Name @()'; Command = { Get-StudioFlow -Name @() }; Id = 'EmptyName' }
        @{ Name = 'Test-StudioFlow -FlowSid $null'; Command = { Test-StudioFlow -FlowSid $null }; Id = 'EmptyFlowSid' }
        @{ Name = 'Stop-StudioExecution -Connection $null'; Command = { Stop-StudioExecution -FlowSid FW00000000000000000000000000000001 -ExecutionSid FN00000000000000000000000000000001 -Connection $null -Confirm:$false }; Id = 'EmptyConnection' }
        @{ Name = 'Get-StudioFlow -Connection $null'; Command = { Get-StudioFlow -Connection $null }; Id = 'EmptyConnection' }
        @{ Name = 'Get-StudioExecutionContext -StepSid ""'; Command = { Get-StudioExecutionContext -FlowSid FW00000000000000000000000000000001 -ExecutionSid FN00000000000000000000000000000001 -StepSid '' }; Id = 'EmptyStepSid' }
    ) {
        param($Name, $Command, $Id)
        $seq = Get-LastRequestSeq $emu
        { & $Command -ErrorAction Stop } | Should -Throw -ErrorId "$Id,*"
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'fails only the piped item whose scope is empty, and goes on with the rest' {
        $sms = Get-StudioFlow -Name 'Inbound SMS Support'
        $errors = $null
        $out = @([pscustomobject]@{ FlowSid = $null }, [pscustomobject]@{ FlowSid = $sms.Sid }) |
            Get-StudioExecution -Status Active -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'EmptyFlowSid,StudioCmdlets.Commands.GetStudioExecutionCommand'
        ($out.FlowSid | Sort-Object -Unique) | Should -Be $sms.Sid
    }

    It 'says a flow name that matches nothing is not found, and a lookup of it cannot widen Get-StudioExecution' {
        { Get-StudioFlow -Name 'Typo' -ErrorAction Stop } | Should -Throw -ErrorId 'StudioFlowNotFound,StudioCmdlets.Commands.GetStudioFlowCommand'
        $seq = Get-LastRequestSeq $emu
        { Get-StudioExecution -FlowSid (Get-StudioFlow -Name 'Typo' -ErrorAction SilentlyContinue).Sid -ErrorAction Stop } |
            Should -Throw -ErrorId 'EmptyFlowSid,StudioCmdlets.Commands.GetStudioExecutionCommand'
        @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions*').Count | Should -Be 0
    }
}

Describe 'Contacts, however they are typed' {
    BeforeAll {
        $emu = Start-SuiteEmulator -Executions 600 -Seed 32
    }
    AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

    It 'finds +14155550123 as <Typed>' -TestCases @(
        @{ Typed = '+14155550123' }, @{ Typed = '+1 (415) 555-0123' }, @{ Typed = '1-415-555-0123' }, @{ Typed = '(415) 555-0123' }, @{ Typed = '+1.415.555.0123' }
    ) {
        param($Typed)
        $found = @(Get-StudioExecution -Status Active -ContactAddress $Typed)
        $found.Count | Should -Be 2
        ($found.ContactAddress | Sort-Object -Unique) | Should -Be '+14155550123'
    }

    It 'matches a bare number to its channel-prefixed forms, and a prefixed one only to its channel' {
        $flow = Get-StudioFlow -Name 'Appointment Reminders'
        New-StudioExecution -FlowSid $flow.Sid -To 'whatsapp:+14155550199' -From 'whatsapp:+15005550008' -Confirm:$false | Out-Null
        (Get-StudioExecution -Status Active -ContactAddress '+1 415 555 0199').ContactAddress | Should -Be 'whatsapp:+14155550199'
        (Get-StudioExecution -Status Active -ContactAddress 'WhatsApp:+1 (415) 555-0199').ContactAddress | Should -Be 'whatsapp:+14155550199'
        Get-StudioExecution -Status Active -ContactAddress 'messenger:+14155550199' -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-StudioExecution -Status Active -ContactAddress '*5550199').Count | Should -Be 1
    }

    It 'warns when a contact given without wildcards matches nothing, and not when a wildcard does' {
        $warnings = $null
        Get-StudioExecution -Status Active -ContactAddress '+1 (555) 000-0001' -WarningVariable warnings | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
        $warnings[0] | Should -Match '\+1 \(555\) 000-0001'
        $warnings = $null
        Get-StudioExecution -Status Active -ContactAddress '+1555000*' -WarningVariable warnings | Out-Null
        $warnings | Should -BeNullOrEmpty
    }
}

Describe 'One account per runspace' {
    BeforeAll {
        $a = Start-StudioEmulator -Arguments '--executions', '100', '--seed', '33', '--account-sid', 'AC000000000000000000000000000000aa'
        $a.AccountSid = 'AC000000000000000000000000000000aa'
        $b = Start-StudioEmulator -Arguments '--executions', '100', '--seed', '34', '--account-sid', 'AC000000000000000000000000000000bb'
        $b.AccountSid = 'AC000000000000000000000000000000bb'
        Reset-StudioConnection
    }
    AfterAll { Stop-StudioEmulator $a; Stop-StudioEmulator $b; Reset-StudioConnection }

    It 'keeps each parallel runspace on the account it connected to, and the caller on its own' {
        $credA = [pscredential]::new($a.AccountSid, (ConvertTo-SecureString $a.AuthToken -AsPlainText -Force))
        Connect-StudioAccount -Credential $credA -Endpoint $a.BaseUrl
        $module = Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1'
        $seen = @($a, $b, $a, $b) | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            $emu = $_
            Connect-StudioAccount -Credential ([pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))) -Endpoint $emu.BaseUrl
            # Give the other runspaces time to connect too, then see who this one talks to.
            Start-Sleep -Milliseconds 500
            [pscustomobject]@{ Wanted = $emu.AccountSid; Got = (Get-StudioFlow | Select-Object -First 1).AccountSid; Account = (Get-StudioAccount).AccountSid }
        }
        $seen.Count | Should -Be 4
        foreach ($s in $seen) { $s.Got | Should -Be $s.Wanted; $s.Account | Should -Be $s.Wanted }
        (Get-StudioAccount).AccountSid | Should -Be $a.AccountSid
        (Get-StudioFlow | Select-Object -First 1).AccountSid | Should -Be $a.AccountSid
    }

    It 'keeps the environment''s account the default when a runbook connects another with -PassThru' {
        Reset-StudioConnection
        Use-StudioEmulator $a # the runbook's credentials, in the environment
        $connB = Connect-StudioAccount -Credential ([pscredential]::new($b.AccountSid, (ConvertTo-SecureString $b.AuthToken -AsPlainText -Force))) -Endpoint $b.BaseUrl -PassThru
        $connB.AccountSid | Should -Be $b.AccountSid
        (Get-StudioAccount).AccountSid | Should -Be $a.AccountSid
        (Get-StudioAccount).Source | Should -Be 'Environment'
        $seqB = Get-LastRequestSeq $b
        (Get-StudioFlow | Select-Object -First 1).AccountSid | Should -Be $a.AccountSid
        @(Get-StudioEmulatorRequest $b -Since $seqB).Count | Should -Be 0
        (Get-StudioFlow -Connection $connB | Select-Object -First 1).AccountSid | Should -Be $b.AccountSid
    }

    It 'works on two accounts in one script with -Connection, and refuses to end an execution of the other account' {
        Reset-StudioConnection # a script's first connect, returned, becomes the default; the second does not
        $connA = Connect-StudioAccount -Credential ([pscredential]::new($a.AccountSid, (ConvertTo-SecureString $a.AuthToken -AsPlainText -Force))) -Endpoint $a.BaseUrl -PassThru
        $connB = Connect-StudioAccount -Credential ([pscredential]::new($b.AccountSid, (ConvertTo-SecureString $b.AuthToken -AsPlainText -Force))) -Endpoint $b.BaseUrl -PassThru
        # Returning B left the default alone: unqualified commands still go to A, the account the script started with.
        (Get-StudioAccount).AccountSid | Should -Be $a.AccountSid
        $seqB = Get-LastRequestSeq $b
        (Get-StudioFlow | Select-Object -First 1).AccountSid | Should -Be $a.AccountSid
        @(Get-StudioEmulatorRequest $b -Since $seqB).Count | Should -Be 0
        (Get-StudioFlow -Connection $connA | Select-Object -First 1).AccountSid | Should -Be $a.AccountSid
        (Get-StudioFlow -Connection $connB | Select-Object -First 1).AccountSid | Should -Be $b.AccountSid
        $fromB = Get-StudioExecution -Status Active -Connection $connB | Select-Object -First 3
        $seqA = Get-LastRequestSeq $a; $seqB = Get-LastRequestSeq $b
        $errors = $null
        $summary = $fromB | Stop-StudioExecution -Connection $connA -Confirm:$false -Summary -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 3
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'StudioAccountMismatch,StudioCmdlets.Commands.StopStudioExecutionCommand' }
        $errors[0].TargetObject | Should -Be $fromB[0].Sid
        $summary.Failed | Should -Be 3
        @(Get-StudioEmulatorRequest $a -Method POST -Since $seqA).Count | Should -Be 0
        @(Get-StudioEmulatorRequest $b -Method POST -Since $seqB).Count | Should -Be 0
        $errors = $null
        $fromB | Remove-StudioExecution -Connection $connA -IncludeActive -Force -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 3
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'StudioAccountMismatch,StudioCmdlets.Commands.RemoveStudioExecutionCommand' }
        @(Get-StudioEmulatorRequest $a -Method DELETE -Since $seqA).Count | Should -Be 0
        @(Get-StudioEmulatorRequest $b -Method DELETE -Since $seqB).Count | Should -Be 0
    }
}

Describe 'A dead service, for the other cmdlets' {
    It 'stops Get-StudioExecutionStep and Get-StudioExecution with one StudioServiceUnreachable error, not one per item' {
        $emu = Start-StudioEmulator -Arguments '--executions', '600', '--seed', '38'
        try {
            Use-StudioEmulator $emu
            $executions = @(Get-StudioExecution | Select-Object -First 200)
            $flows = @(Get-StudioFlow)
        }
        finally { Stop-StudioEmulator $emu }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $errors = $null
        $failure = { $executions | Get-StudioExecutionStep -ErrorVariable errors -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'StudioServiceUnreachable,StudioCmdlets.Commands.GetStudioExecutionStepCommand' -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        @($errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'StudioServiceUnreachable*' }).Count | Should -BeLessThan 3
        $failure.Exception.Message | Should -Match 'could not be reached'
        { $flows | Get-StudioExecution -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'StudioServiceUnreachable,StudioCmdlets.Commands.GetStudioExecutionCommand'
        Reset-StudioConnection
    }
}

Describe 'SIDs as people paste them, and clear errors' {
    BeforeAll {
        $emu = Start-SuiteEmulator -Executions 600 -Seed 37
    }
    AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

    It 'trims spaces and CR/LF around SIDs (Excel CSVs)' {
        $e = @(& $stuckLine)[0]
        $ended = Stop-StudioExecution -FlowSid " $($e.FlowSid)`t" -ExecutionSid "$($e.Sid)`r`n" -Confirm:$false -PassThru
        $ended.Sid | Should -Be $e.Sid
        $ended.Status | Should -Be 'Ended'
    }

    It 'explains that an EN... SID is a Studio v1 engagement' {
        $errors = $null
        Stop-StudioExecution -FlowSid FW00000000000000000000000000000001 -ExecutionSid EN00000000000000000000000000000001 -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidExecutionSid,StudioCmdlets.Commands.StopStudioExecutionCommand'
        $errors[0].Exception.Message | Should -Match 'engagement'
        $errors[0].Exception.Message | Should -Match 'Get-StudioExecution .*-ContactAddress'
    }

    It 'finds the flow of -ExecutionSid when -FlowSid is left out' {
        $e = @(& $stuckLine)[1]
        $seq = Get-LastRequestSeq $emu
        $ended = Stop-StudioExecution -ExecutionSid $e.Sid -Confirm:$false -PassThru
        $ended.FlowSid | Should -Be $e.FlowSid
        $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
        $posts.Count | Should -Be 1
        $posts[0].path | Should -Be "/v2/Flows/$($e.FlowSid)/Executions/$($e.Sid)"
    }

    It 'says an endpoint ending in /v2 should be the host root' {
        $cred = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))
        { Connect-StudioAccount -Credential $cred -Endpoint "$($emu.BaseUrl)/v2" -ErrorAction Stop } |
            Should -Throw -ErrorId 'EndpointIncludesApiPath,StudioCmdlets.Commands.ConnectStudioAccountCommand'
    }

    It 'says -ContextPath names a file, not that the journal cannot be written' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content $file 'x'
        $e = @(& $stuckLine)[2]
        { $e | Stop-StudioExecution -Confirm:$false -ContextPath $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'ContextPathNotWritable,StudioCmdlets.Commands.StopStudioExecutionCommand'
    }

    It 'uses the auth token and warns when a leftover TWILIO_API_KEY has no secret' {
        $env:TWILIO_API_KEY = 'SK00000000000000000000000000000001'
        try {
            $warnings = $null
            $flows = Get-StudioFlow -WarningVariable warnings
            $flows.Count | Should -Be 4
            $warnings.Count | Should -Be 1
            $warnings[0] | Should -Match 'TWILIO_API_KEY is set without TWILIO_API_SECRET'
        }
        finally { Remove-Item env:TWILIO_API_KEY }
    }
}
