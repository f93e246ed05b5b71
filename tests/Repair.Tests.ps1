# Remove the cause: Repair-StudioFlow on the blackout's flows and on hand-made flows of each kind, with the safety of
# every other write (rehearsal, drafts, a re-read before writing, Studio's own validation) and a way back.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-Revision($Emulator, [string] $FlowSid, [string] $Revision) {
        # A revision as Studio serves it, read around the module.
        $auth = [pscredential]::new($Emulator.AccountSid, (ConvertTo-SecureString $Emulator.AuthToken -AsPlainText -Force))
        Invoke-RestMethod "$($Emulator.BaseUrl)/v2/Flows/$FlowSid/Revisions/$Revision" -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication
    }

    function ConvertTo-Canonical($Node) { $Node | ConvertTo-Json -Depth 50 -Compress }

    function New-FlowFile([string] $Name, [object[]] $States, [bool] $Concurrent = $true) {
        $definition = [ordered]@{ description = $Name; states = $States; initial_state = 'Trigger'; flags = [ordered]@{ allow_concurrent_calls = $Concurrent } }
        $file = Join-Path $TestDrive "flows/$Name.json"
        New-Item -ItemType Directory -Force (Split-Path $file) | Out-Null
        $definition | ConvertTo-Json -Depth 20 | Set-Content $file
        $file
    }

    function Trigger([string] $Event, [string] $Next) {
        [ordered]@{ name = 'Trigger'; type = 'trigger'; properties = @{ offset = @{ x = 0; y = 0 } }; transitions = @([ordered]@{ event = $Event; next = $Next }) }
    }

    function Wait([string] $Name, [int] $Seconds, [hashtable] $On, [string] $Type = 'send-and-wait-for-reply') {
        $transitions = @($On.GetEnumerator() | Sort-Object Key | ForEach-Object { [ordered]@{ event = $_.Key; next = $_.Value } })
        [ordered]@{ name = $Name; type = $Type; properties = [ordered]@{ body = "Message of $Name"; timeout = "$Seconds"; offset = @{ x = 100; y = 200 } }; transitions = $transitions }
    }
}

Describe 'Repair-StudioFlow on the blackout''s flows' {
    BeforeAll {
        $emu = Start-SuiteEmulator -Executions 600 -Seed 81
        $flows = @{}; Get-StudioFlow | ForEach-Object { $flows[$_.FriendlyName] = $_ }
    }
    AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

    It 'rehearses with -WhatIf: every change listed, with the worst case before and after, and nothing written' {
        $seq = Get-LastRequestSeq $emu
        $plan = @(Get-StudioFlow | Repair-StudioFlow -WhatIf)
        $plan.Count | Should -Be 4
        $plan.Status | Sort-Object -Unique | Should -Be 'SkippedByWhatIf'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        $byName = @{}; $plan | ForEach-Object { $byName[$_.FlowName] = $_ }
        $byName['Voice Main Line'].Changes.Rule | Should -Be 'NoConcurrentCalls'
        ($byName['Appointment Reminders'].Changes | Where-Object Widget -eq 'confirm').After | Should -Be '14400'
        ($byName['Inbound SMS Support'].Changes | Where-Object Widget -eq 'ask_reason').Rule | Should -Be 'LongWait, ChainOfWaits'
        $byName['Webchat Concierge'].Changes.Widget | Should -Contain 'greet_attempts'
        $byName['Webchat Concierge'].WorstCaseBefore | Should -Be (New-TimeSpan -Days 30)
        foreach ($p in $plan) { $p.WorstCaseAfter | Should -BeLessOrEqual (New-TimeSpan -Hours 4) -Because $p.FlowName }
    }

    It 'saves each repair as a draft revision, changes nothing else, and the audit finds nothing left above Info' {
        $repairs = @(Get-StudioFlow | Repair-StudioFlow -Confirm:$false)
        $repairs.Count | Should -Be 4
        foreach ($r in $repairs) {
            $r.Status | Should -Be 'Drafted'
            $r.RevisionAfter | Should -Be ($r.RevisionBefore + 1)
            $r.RestoreCommand | Should -Be "Restore-StudioFlow -FlowSid $($r.FlowSid) -Revision $($r.RevisionBefore)"
            # The published flow keeps running: LatestPublished is still the revision from before.
            (Get-Revision $emu $r.FlowSid 'LatestPublished').revision | Should -Be $r.RevisionBefore
            $old = Get-Revision $emu $r.FlowSid $r.RevisionBefore
            $new = Get-Revision $emu $r.FlowSid $r.RevisionAfter
            $new.status | Should -Be 'draft'
            # Every widget the repair does not name is equal in JSON terms; a changed one differs only where it says.
            $changed = @($r.Changes.Widget)
            foreach ($state in $old.definition.states) {
                $after = $new.definition.states | Where-Object name -eq $state.name
                if ($state.name -notin $changed) { ConvertTo-Canonical $after | Should -Be (ConvertTo-Canonical $state) -Because "$($r.FlowName)/$($state.name)"; continue }
                ConvertTo-Canonical $after.properties.body | Should -Be (ConvertTo-Canonical $state.properties.body)
                ConvertTo-Canonical $after.properties.offset | Should -Be (ConvertTo-Canonical $state.properties.offset)
            }
            $old.definition.description | Should -Be $new.definition.description
            $old.definition.initial_state | Should -Be $new.definition.initial_state
        }
        $webchat = Get-Revision $emu $flows['Webchat Concierge'].Sid LatestRevision
        $greet = $webchat.definition.states | Where-Object name -eq 'greet'
        $counter = $webchat.definition.states | Where-Object name -eq 'greet_attempts'
        $counter.type | Should -Be 'set-variables'
        $counter.properties.variables[0].value | Should -Be '{{flow.variables.greet_attempts | plus: 1}}'
        $counter.properties.offset.x | Should -Be ($greet.properties.offset.x + 260)
        ($webchat.definition.states | Where-Object name -eq 'greet_attempts_check').transitions.conditions.value | Should -Be '3'
        # The audit of the drafts: each worst case under four hours, no finding of the repaired kinds above Info.
        $audits = @(Test-StudioFlow -Summary -WarningAction SilentlyContinue)
        $audits | ForEach-Object { $_.WorstCaseBlocked | Should -BeLessOrEqual (New-TimeSpan -Hours 4) -Because $_.FlowName; $_.IsUnbounded | Should -BeFalse }
        @(Test-StudioFlow -WarningAction SilentlyContinue | Where-Object Severity -ne 'Info') | Should -BeNullOrEmpty
    }

    It 'repairs on its own drafts (a repair, then the restore it printed), and refuses anyone else''s unless -Revision names it' {
        $sms = $flows['Inbound SMS Support'].Sid
        # The first test left the repair as a draft; its printed way back restores the definition from before, a draft too.
        $repaired = Get-StudioFlow -FlowSid $sms
        $repaired.Status | Should -Be 'draft'
        $restored = Restore-StudioFlow -FlowSid $sms -Revision ($repaired.Revision - 1) -Confirm:$false
        $restored.Status | Should -Be 'Drafted'
        # Both drafts are the module's own: the next repair rehearses on them, as a newcomer expects, without a refusal.
        $errors = $null
        $plan = Repair-StudioFlow -FlowSid $sms -WhatIf -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $plan.Status | Should -Be 'SkippedByWhatIf'
        $plan.Changes.Widget | Should -Contain 'ask_reason'
        # A colleague saves a draft in the canvas: that is someone's work in progress.
        $auth = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))
        Invoke-RestMethod -Method Post "$($emu.BaseUrl)/v2/Flows/$sms" -Body @{ Status = 'draft'; CommitMessage = 'new greeting, not ready' } -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication | Out-Null
        $latest = (Get-StudioFlow -FlowSid $sms).Revision
        $seq = Get-LastRequestSeq $emu
        $refused = Repair-StudioFlow -FlowSid $sms -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $refused.Status | Should -Be 'Refused'
        $refused.Reason | Should -Match 'new greeting, not ready'
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioFlowDraftPending,StudioCmdlets.Commands.RepairStudioFlowCommand'
        $errors[0].ErrorDetails.RecommendedAction | Should -Match "-Revision $latest"
        $errors[0].ErrorDetails.RecommendedAction | Should -Match 'publish or discard the draft'
        (Repair-StudioFlow -FlowSid $sms -Revision $latest -WhatIf).Status | Should -Be 'SkippedByWhatIf' # naming the draft makes it yours
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'brings the definition from before back as a new revision' {
        $reminders = $flows['Appointment Reminders'].Sid
        $now = (Get-StudioFlow -FlowSid $reminders).Revision
        $restored = [pscustomobject]@{ FlowSid = $reminders; RevisionBefore = $now - 1 } | Restore-StudioFlow -Publish -Confirm:$false
        $restored.Status | Should -Be 'Published'
        $restored.RevisionAfter | Should -Be ($now + 1)
        # The ticket's before and after: what a silent contact risks now (the repaired flow) and with the old definition back.
        $restored.WorstCaseBefore | Should -BeOfType [timespan]
        $restored.WorstCaseAfter | Should -BeOfType [timespan]
        $restored.WorstCaseAfter | Should -BeGreaterThan $restored.WorstCaseBefore
        ConvertTo-Canonical (Get-Revision $emu $reminders ($now + 1)).definition | Should -Be (ConvertTo-Canonical (Get-Revision $emu $reminders ($now - 1)).definition)
        (Get-Revision $emu $reminders 'LatestPublished').revision | Should -Be ($now + 1)
        { Restore-StudioFlow -FlowSid $reminders -Revision 999 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'StudioFlowRevisionNotFound,StudioCmdlets.Commands.RestoreStudioFlowCommand'
    }
}

Describe 'A published repair' {
    It 'leaves executions already running on their revision, and releases a new one left silent within -MaxWait' {
        Invoke-WithEmulator -Arguments @('--executions', '400', '--seed', '82') -Test {
            param($emu)
            $sms = Get-StudioFlow -Name 'Inbound SMS Support'
            $running = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 1
            $repair = Repair-StudioFlow -FlowSid $sms.Sid -Publish -Confirm:$false
            $repair.Status | Should -Be 'Published'
            $fresh = New-StudioExecution -FlowSid $sms.Sid -To '+14155550142' -From '+15005550006' -Confirm:$false
            $fresh.FlowRevision | Should -Be $repair.RevisionAfter
            (Get-StudioExecution -FlowSid $sms.Sid -ExecutionSid $running.Sid).FlowRevision | Should -Be $running.FlowRevision
            # The contact says nothing: four hours on the emulator's clock, and Studio has let the execution go.
            Set-StudioEmulatorKnob $emu @{ advance_clock_seconds = 4 * 3600 + 60 } | Out-Null
            (Get-StudioExecution -FlowSid $sms.Sid -ExecutionSid $fresh.Sid).Status | Should -Be 'Ended'
            $steps = Get-StudioExecution -FlowSid $sms.Sid -ExecutionSid $fresh.Sid | Get-StudioExecutionStep
            $steps.TransitionedTo | Should -Be @('ask_reason', 'last_call', 'Ended')
            # The one on the old revision waits its day on ask_reason, as before.
            (Get-StudioExecution -FlowSid $sms.Sid -ExecutionSid $running.Sid).Status | Should -Be 'Active'
        }
    }
}

Describe 'A write to a flow while someone edits it in the canvas' {
    # Repair and Restore read the flow, ask, and write a new revision: an edit saved in between is never overwritten.
    It 'refuses <Command>: nothing is written over the edit' -ForEach @(
        @{ Command = 'Repair-StudioFlow'; Seed = 83; Script = { param($module, $sid, $revision) Import-Module $module; Repair-StudioFlow -FlowSid $sid -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e; $e | ForEach-Object FullyQualifiedErrorId } }
        # The scenario's flows keep only their latest revision: that one is restored, as a new revision.
        @{ Command = 'Restore-StudioFlow'; Seed = 84; Script = { param($module, $sid, $revision) Import-Module $module; Restore-StudioFlow -FlowSid $sid -Revision $revision -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e; $e | ForEach-Object FullyQualifiedErrorId } }
    ) {
        Invoke-WithEmulator -Arguments @('--executions', '300', '--seed', "$Seed") -Test {
            param($emu)
            $flow = Get-StudioFlow -Name 'Appointment Reminders'
            $module = Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1'
            Set-StudioEmulatorKnob $emu @{ latency_ms = 2000 } | Out-Null
            $seq = Get-LastRequestSeq $emu
            $job = Start-ThreadJob -ArgumentList $module, $flow.Sid, $flow.Revision -ScriptBlock $Script
            try {
                # Once the command has read the flow, someone saves it in the canvas.
                $deadline = (Get-Date).AddSeconds(30)
                while (-not @(Get-StudioEmulatorRequest $emu -Method GET -Since $seq | Where-Object path -eq "/v2/Flows/$($flow.Sid)").Count -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
                $auth = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))
                Invoke-RestMethod -Method Post "$($emu.BaseUrl)/v2/Flows/$($flow.Sid)" -Body @{ Status = 'published'; CommitMessage = 'edited in the canvas' } -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication | Out-Null
                $out = @($job | Wait-Job -Timeout 60 | Receive-Job)
            }
            finally { $job | Remove-Job -Force }
            ($out | Where-Object { $_ -is [StudioCmdlets.Model.StudioFlowRepair] }).Status | Should -Be 'Refused'
            $out | Should -Contain "StudioFlowChanged,StudioCmdlets.Commands.$($Command -replace '-', '')Command"
            # Only the canvas's save was written.
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq | Where-Object path -eq "/v2/Flows/$($flow.Sid)").Count | Should -Be 1
            (Get-StudioFlow -FlowSid $flow.Sid).CommitMessage | Should -Be 'edited in the canvas'
        }
    }
}

Describe 'Repair-StudioFlow -Path' {
    BeforeAll {
        Reset-StudioConnection # files need no account: Twilio is never called
        $files = @(
            New-FlowFile 'nudge-loop' @((Trigger incomingMessage ask), (Wait ask 7200 @{ timeout = 'nudge'; incomingMessage = '' }), (Wait nudge 3600 @{ timeout = 'ask' }),
                [ordered]@{ name = 'goodbye'; type = 'send-message'; properties = @{ body = 'We will be here when you need us.' }; transitions = @(@{ event = 'sent' }) })
            New-FlowFile 'chain-of-waits' @((Trigger incomingMessage first), (Wait first 10800 @{ timeout = 'second' }), (Wait second 10800 @{ timeout = 'third' }), (Wait third 3600 @{}))
            New-FlowFile 'seven-day-wait' @((Trigger incomingRequest confirm), (Wait confirm 604800 @{}))
            New-FlowFile 'voice-no-concurrency' @((Trigger incomingCall menu), (Wait menu 5 @{ keypress = '' } 'gather-input-on-call')) -Concurrent $false
        )
        $out = Join-Path $TestDrive 'repaired'
    }

    It 'writes a repaired copy of each kind into -Destination, and each passes the audit' {
        $results = @(Get-Item $files | Repair-StudioFlow -Destination $out -Confirm:$false)
        $results.Count | Should -Be 4
        $results.Status | Sort-Object -Unique | Should -Be 'Written'
        foreach ($r in $results) {
            Test-Path $r.Destination | Should -BeTrue
            $r.WorstCaseAfter | Should -BeLessOrEqual (New-TimeSpan -Hours 4)
            @(Test-StudioFlow -Path $r.Destination | Where-Object Severity -ne 'Info') | Should -BeNullOrEmpty -Because $r.FlowName
        }
        ($results | Where-Object FlowName -eq 'seven-day-wait').Changes.After | Should -Be '14400'
        ($results | Where-Object FlowName -eq 'voice-no-concurrency').Changes.Rule | Should -Be 'NoConcurrentCalls'
        (Test-StudioFlow -Path (Join-Path $out 'nudge-loop.json') -Summary).WorstCasePath | Should -Match '^loop ask -> ask_attempts -> ask_attempts_check -> nudge -> ask x3'
        ((Get-Content -Raw (Join-Path $out 'chain-of-waits.json') | ConvertFrom-Json).states | Where-Object type -ne 'trigger').properties.body | Should -Be 'Message of first', 'Message of second', 'Message of third'
    }

    It 'leaves a counted loop to the widget -ExitTo names, and refuses one the flow lacks' {
        $r = Repair-StudioFlow -Path $files[0] -Destination (Join-Path $TestDrive 'exit') -ExitTo goodbye -MaxAttempts 2 -Confirm:$false
        $r.Status | Should -Be 'Written'
        $check = (Get-Content -Raw $r.Destination | ConvertFrom-Json).states | Where-Object name -eq 'ask_attempts_check'
        ($check.transitions | Where-Object event -eq 'match').next | Should -Be 'goodbye'
        ($check.transitions | Where-Object event -eq 'match').conditions.value | Should -Be '2'
        # Leaving a loop into the loop is no way out: the repair says it cannot bring the flow under -MaxWait.
        $errors = $null
        (Repair-StudioFlow -Path $files[0] -Destination (Join-Path $TestDrive 'exit1') -ExitTo nudge -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue).Status | Should -Be 'Refused'
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioFlowNotRepaired,StudioCmdlets.Commands.RepairStudioFlowCommand'
        { Repair-StudioFlow -Path $files[0] -Destination (Join-Path $TestDrive 'exit2') -ExitTo farewell -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidExitTo,StudioCmdlets.Commands.RepairStudioFlowCommand'
    }

    It 'never overwrites the file it read, and refuses an empty -Destination' {
        $errors = $null
        $r = Repair-StudioFlow -Path $files[2] -Destination (Split-Path $files[2]) -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Refused'
        $errors[0].FullyQualifiedErrorId | Should -Be 'DestinationIsSource,StudioCmdlets.Commands.RepairStudioFlowCommand'
        (Get-Content -Raw $files[2] | ConvertFrom-Json).states[1].properties.timeout | Should -Be '604800'
        { Repair-StudioFlow -Path $files[2] -Destination '' -Confirm:$false } | Should -Throw -ErrorId 'EmptyDestination,StudioCmdlets.Commands.RepairStudioFlowCommand'
    }
}
