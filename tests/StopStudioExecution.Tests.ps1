# The mission's pipeline: find the stranded executions, rehearse, end them, leave live ones alone.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 3000 -Seed 11
    $truth = Get-ScenarioTruth $emu
    $pipeline = { Get-StudioFlow | Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) }
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Stop-StudioExecution over the blackout' {
    It 'finds the stuck executions (older than four hours) and nothing recent' {
        $stuck = & $pipeline
        $truth.Stuck | Should -BeGreaterThan 0
        $stuck.Count | Should -Be $truth.Stuck
        $stuck | ForEach-Object { $_.Age.TotalHours | Should -BeGreaterThan 4 }
        ($stuck.FlowName | Sort-Object -Unique) | Should -Be @('Appointment Reminders', 'Inbound SMS Support', 'Voice Main Line', 'Webchat Concierge')
    }

    It 'rehearses with -WhatIf and sends zero POSTs' {
        $seq = Get-LastRequestSeq $emu
        $out = & $pipeline | Stop-StudioExecution -WhatIf
        $out | Should -BeNullOrEmpty
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        (Get-StudioEmulatorState $emu).active | Should -Be $truth.Active
    }

    It 'ends exactly the stuck set with -Confirm:$false and leaves recent executions active' {
        $before = Get-StudioEmulatorState $emu
        $stuck = & $pipeline
        $seq = Get-LastRequestSeq $emu
        $ended = $stuck | Stop-StudioExecution -Confirm:$false -PassThru
        $ended.Count | Should -Be $truth.Stuck
        $ended | ForEach-Object { $_.Status | Should -Be 'Ended' }
        $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
        $posts.Count | Should -Be $truth.Stuck
        $posts | ForEach-Object { $_.form | Should -Be 'Status=ended' }
        ($posts.path | ForEach-Object { ($_ -split '/')[-1] } | Sort-Object) | Should -Be ($stuck.Sid | Sort-Object)

        $after = Get-StudioEmulatorState $emu
        $after.active | Should -Be ($truth.Active - $truth.Stuck)
        $remaining = $after.active_executions.sid | Sort-Object
        $remaining | Should -Be ($before.active_executions.sid | Where-Object { $_ -notin $stuck.Sid } | Sort-Object)
        Get-StudioExecution -Status Active | ForEach-Object { $_.Age.TotalMinutes | Should -BeLessThan 60 }
    }

    It 'is harmless the second time: nothing left to end, no POST, no error' {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        $out = & $pipeline | Stop-StudioExecution -Confirm:$false -ErrorVariable errors
        $out | Should -BeNullOrEmpty
        $errors | Should -BeNullOrEmpty
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'treats an execution that is already ended as done, and says so' {
        $old = Get-StudioExecution -Status Ended | Select-Object -First 1
        $seq = Get-LastRequestSeq $emu
        $verbose = $old | Stop-StudioExecution -Confirm:$false -PassThru -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'Already ended'
        ($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Sid | Should -Be $old.Sid
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'lets the contact start a fresh execution once its stuck one is ended' {
        $flow = Get-StudioFlow -Name 'Appointment Reminders'
        $auth = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))
        $r = Invoke-RestMethod -Method Post -Uri "$($emu.BaseUrl)/v2/Flows/$($flow.Sid)/Executions" -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication `
            -Body @{ To = '+14155550123'; From = '+15005550008' }
        $r.status | Should -Be 'active'
    }
}

Describe 'Stop-StudioExecution input and errors' {
    BeforeAll {
        $flows = Get-StudioFlow
        $sms = $flows | Where-Object FriendlyName -eq 'Inbound SMS Support'
        $csv = Join-Path $TestDrive 'stuck.csv'
    }

    It 'takes Import-Csv rows with FlowSid and ExecutionSid columns, and reports an unknown SID without stopping' {
        $targets = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 3
        $rows = @(
            [pscustomobject]@{ FlowSid = $sms.Sid; ExecutionSid = $targets[0].Sid }
            [pscustomobject]@{ FlowSid = $sms.Sid; ExecutionSid = 'FN' + ('0' * 32) }
            [pscustomobject]@{ FlowSid = $sms.Sid; ExecutionSid = $targets[1].Sid }
            [pscustomobject]@{ FlowSid = $sms.Sid; ExecutionSid = $targets[2].Sid }
        )
        $rows | Export-Csv -Path $csv -NoTypeInformation
        $errors = $null
        $ended = Import-Csv $csv | Stop-StudioExecution -Confirm:$false -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue
        # -PassThru emits executions as their requests complete, which is not necessarily input order.
        ($ended.Sid | Sort-Object) | Should -Be ($targets.Sid | Sort-Object)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioExecutionNotFound,StudioCmdlets.Commands.StopStudioExecutionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be ('FN' + ('0' * 32))
        $errors[0].Exception.Message | Should -Match '20404'
        $errors[0].Exception.Message | Should -Match 'https://www.twilio.com/docs/errors/20404'
    }

    It 'rejects piped flows on validation, sending no request' {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        $flows | Stop-StudioExecution -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be $flows.Count
        $errors | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be 'InvalidExecutionSid,StudioCmdlets.Commands.StopStudioExecutionCommand'
            $_.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $_.Exception.Message | Should -Match 'is a flow SID'
        }
        ($errors.TargetObject | Sort-Object) | Should -Be ($flows.Sid | Sort-Object)
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'rejects malformed SIDs before any request: <Case>' -ForEach @(
        @{ Case = 'short flow'; Flow = 'FW123'; Execution = 'FN' + ('1' * 32); Id = 'InvalidFlowSid' }
        @{ Case = 'step as execution'; Flow = 'FW' + ('1' * 32); Execution = 'FT' + ('1' * 32); Id = 'InvalidExecutionSid' }
        @{ Case = 'execution as flow'; Flow = 'FN' + ('1' * 32); Execution = 'FN' + ('1' * 32); Id = 'InvalidFlowSid' }
        @{ Case = 'not hex'; Flow = 'FW' + ('z' * 32); Execution = 'FN' + ('1' * 32); Id = 'InvalidFlowSid' }
    ) {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        Stop-StudioExecution -FlowSid $Flow -ExecutionSid $Execution -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,StudioCmdlets.Commands.StopStudioExecutionCommand"
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'ends by SID, naming contact, flow and age in -WhatIf, and with -Force without a prompt' {
        $e = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 1
        $seq = Get-LastRequestSeq $emu
        Stop-StudioExecution -FlowSid $e.FlowSid -ExecutionSid $e.Sid -Force -WhatIf
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        $ended = Stop-StudioExecution $e.FlowSid $e.Sid -Force -PassThru
        $ended.Status | Should -Be 'Ended'
        $ended.FlowName | Should -Be 'Inbound SMS Support'
    }
}

Describe 'Unattended runs' {
    It 'ends executions in a non-interactive child pwsh with -Confirm:$false, credentials from the environment' {
        $target = Get-StudioExecution -Status Active | Select-Object -First 1
        $script = "Import-Module ./out/StudioCmdlets; Stop-StudioExecution -FlowSid $($target.FlowSid) -ExecutionSid $($target.Sid) -Confirm:`$false -PassThru | ForEach-Object Status"
        $r = Invoke-ChildPwsh -Script $script -Environment @{ TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
        $r.ExitCode | Should -Be 0
        $r.Output.Trim() | Should -Be 'Ended'
        (Get-StudioExecution -FlowSid $target.FlowSid -ExecutionSid $target.Sid).Status | Should -Be 'Ended'
    }

    It 'without -Confirm:$false it stops with an error that says how to run unattended, and ends nothing' {
        $target = Get-StudioExecution -Status Active | Select-Object -First 1
        $seq = Get-LastRequestSeq $emu
        $script = "Import-Module ./out/StudioCmdlets; try { Stop-StudioExecution -FlowSid $($target.FlowSid) -ExecutionSid $($target.Sid) } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message; exit 3 }"
        $r = Invoke-ChildPwsh -Script $script -Environment @{ TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
        $r.ExitCode | Should -Be 3
        $r.Output | Should -Match 'ConfirmationNotPossible'
        $r.Output | Should -Match 'Confirm:\$false'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        (Get-StudioExecution -FlowSid $target.FlowSid -ExecutionSid $target.Sid).Status | Should -Be 'Active'
    }
}
