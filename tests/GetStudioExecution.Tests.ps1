# Finding and inspecting executions: flows, paging, filters, contacts, steps and contexts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 5000 -Seed 5
    $flows = Get-StudioFlow
    $sms = $flows | Where-Object FriendlyName -eq 'Inbound SMS Support'
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Get-StudioFlow' {
    It 'lists the flows with their names, status and revision' {
        $flows.Count | Should -Be 4
        $flows | ForEach-Object { $_ | Should -BeOfType ([StudioCmdlets.Model.StudioFlow]) }
        $sms.Status | Should -Be 'published'
        $sms.Sid | Should -Match '^FW[0-9a-f]{32}$'
        $sms.FlowSid | Should -Be $sms.Sid
    }

    It 'filters by wildcard name, and reports a missing exact name' {
        (Get-StudioFlow -Name '*sms*', 'voice*').FriendlyName | Should -Be @('Voice Main Line', 'Inbound SMS Support')
        $errors = $null
        Get-StudioFlow -Name 'No Such Flow' -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioFlowNotFound,StudioCmdlets.Commands.GetStudioFlowCommand'
    }

    It 'fetches definitions on demand, navigable as objects' {
        $flow = Get-StudioFlow -FlowSid $sms.Sid
        $flow.Definition.initial_state | Should -Be 'Trigger'
        ($flow.Definition.states | Where-Object name -eq 'ask_reason').properties.timeout | Should -Be '86400'
        (Get-StudioFlow -Name 'Inbound*' -IncludeDefinition).Definition.states.name | Should -Be @('Trigger', 'ask_reason', 'last_call', 'route_reply', 'to_flex')
    }
}

Describe 'Get-StudioExecution' {
    It 'lists a flow of many pages completely: the same executions as walking next_page_url, newest first, none twice' {
        $truth = Get-SequentialWalk $emu $sms.Sid
        $truth.Count | Should -BeGreaterThan 2000

        $seq = Get-LastRequestSeq $emu
        $all = Get-StudioExecution -FlowSid $sms.Sid
        $all.Count | Should -Be $truth.Count
        ($all.Sid | Sort-Object -Unique).Count | Should -Be $all.Count
        (Compare-Object $all.Sid $truth) | Should -BeNullOrEmpty
        for ($i = 1; $i -lt $all.Count; $i++) { if ($all[$i].DateCreated -gt $all[$i - 1].DateCreated) { throw "out of order at $i" } }
        $gets = @(Get-StudioEmulatorRequest $emu -Method GET -Since $seq | Where-Object path -like "*/$($sms.Sid)/Executions")
        $gets.Count | Should -BeGreaterThan 1
        $gets | ForEach-Object { $_.query | Should -Match 'PageSize=1000' }

        $seq = Get-LastRequestSeq $emu
        $active = Get-StudioExecution -FlowSid $sms.Sid -Status Active
        $active.Count | Should -Be 24
        (Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions').query | Should -Match 'Status=active'
    }

    It 'lists date windows exactly, with -CreatedAfter and -CreatedBefore across many pages' {
        $after = (Get-Date).AddDays(-6); $before = (Get-Date).AddDays(-1)
        $q = '&DateCreatedFrom=' + [uri]::EscapeDataString($after.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')) + '&DateCreatedTo=' + [uri]::EscapeDataString($before.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'))
        $truth = Get-SequentialWalk $emu $sms.Sid $q
        $window = Get-StudioExecution -FlowSid $sms.Sid -CreatedAfter $after -CreatedBefore $before
        $window.Count | Should -Be $truth.Count
        (Compare-Object $window.Sid $truth) | Should -BeNullOrEmpty
    }

    It 'covers every flow when no flow is given, naming each execution''s flow' {
        $active = Get-StudioExecution -Status Active
        $active.Count | Should -Be (Get-ScenarioTruth $emu).Active
        ($active.Sid | Sort-Object) | Should -Be (@((Get-StudioEmulatorState $emu).active_executions.sid) | Sort-Object)
        ($active | Group-Object FlowName | Sort-Object Name).Name | Should -Be @('Appointment Reminders', 'Inbound SMS Support', 'Voice Main Line', 'Webchat Concierge')
        $active | ForEach-Object {
            $_.FlowSid | Should -BeIn $flows.Sid
            $_.Status | Should -Be 'Active'
            $_.ContactAddress | Should -Not -BeNullOrEmpty
            $_.DateCreated | Should -BeOfType ([DateTimeOffset])
            $_.IdleTime | Should -BeOfType ([TimeSpan])
        }
    }

    It 'finds one contact''s blocking executions across flows' {
        $blocked = Get-StudioExecution -ContactAddress '+14155550123' -Status Active
        ($blocked.FlowName | Sort-Object) | Should -Be @('Appointment Reminders', 'Inbound SMS Support')
        (Get-StudioExecution -ContactAddress 'client:guest-*' -Status Active).FlowName | Sort-Object -Unique | Should -Be 'Webchat Concierge'
    }

    It 'sends date filters to Studio: on or after -CreatedAfter, before -CreatedBefore' {
        $after = (Get-Date).AddHours(-12)
        $before = (Get-Date).AddHours(-2)
        $seq = Get-LastRequestSeq $emu
        $window = Get-StudioExecution -FlowSid $sms.Sid -CreatedAfter $after -CreatedBefore $before
        $window.Count | Should -BeGreaterThan 0
        $window | ForEach-Object { $_.DateCreated | Should -BeGreaterOrEqual ([DateTimeOffset]$after).AddSeconds(-1); $_.DateCreated | Should -BeLessThan ([DateTimeOffset]$before) }
        $q = (Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions').query
        $q | Should -Match 'DateCreatedFrom=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\dZ'
        $q | Should -Match 'DateCreatedTo='
    }

    It 'rejects an impossible date range before any request' {
        $seq = Get-LastRequestSeq $emu
        { Get-StudioExecution -CreatedAfter (Get-Date) -CreatedBefore (Get-Date).AddDays(-1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDateRange,StudioCmdlets.Commands.GetStudioExecutionCommand'
        { Get-StudioExecution -CreatedAfter (Get-Date).AddDays(2) -ErrorAction Stop } |
            Should -Throw -ErrorId 'CreatedAfterInFuture,StudioCmdlets.Commands.GetStudioExecutionCommand'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'binds piped flows as flows and never as executions' {
        $seq = Get-LastRequestSeq $emu
        $found = $flows | Where-Object FriendlyName -eq 'Voice Main Line' | Get-StudioExecution -Status Active
        $found.Count | Should -Be 3 # two calls going on, one held past any call's limit
        $requests = Get-StudioEmulatorRequest $emu -Since $seq
        $requests | ForEach-Object { $_.path | Should -Not -Match '/Executions/FW' }
    }

    It 'refreshes piped executions by SID, and reports unknown or malformed SIDs with their ids' {
        $some = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Select-Object -First 2
        ($some | Get-StudioExecution).Sid | Should -Be $some.Sid
        $missing = 'FN' + ('f' * 32)
        $errors = $null
        Get-StudioExecution -FlowSid $sms.Sid -ExecutionSid $missing, $some[0].Sid, 'FNnope' -ErrorVariable errors -ErrorAction SilentlyContinue |
            ForEach-Object Sid | Should -Be $some[0].Sid
        ($errors.FullyQualifiedErrorId | Sort-Object) | Should -Be @('InvalidExecutionSid,StudioCmdlets.Commands.GetStudioExecutionCommand', 'StudioExecutionNotFound,StudioCmdlets.Commands.GetStudioExecutionCommand')
        ($errors | Where-Object { $_.FullyQualifiedErrorId -like 'StudioExecutionNotFound*' }).TargetObject | Should -Be $missing
        # Without a flow, an execution SID is looked for in every flow.
        (Get-StudioExecution -ExecutionSid $some[1].Sid).FlowName | Should -Be 'Inbound SMS Support'
    }

    It 'writes a non-terminating error for an unknown flow and goes on with the next' {
        $errors = $null
        $result = Get-StudioExecution -FlowSid ('FW' + ('a' * 32)), $sms.Sid -Status Active -ErrorVariable errors -ErrorAction SilentlyContinue
        $result.Count | Should -Be 24
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioFlowNotFound,StudioCmdlets.Commands.GetStudioExecutionCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'streams: the first execution arrives before the listing is complete, and stopping early stops listing' {
        $seq = Get-LastRequestSeq $emu
        Get-StudioExecution -FlowSid $sms.Sid | Out-Null
        $whole = @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions').Count
        $whole | Should -BeGreaterThan 2
        $seq = Get-LastRequestSeq $emu
        $first = Get-StudioExecution -FlowSid $sms.Sid | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty
        Start-Sleep -Milliseconds 300   # anything still running in the background would show up in the log by now
        @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions').Count | Should -BeLessThan $whole
    }
}

Describe 'Steps and context' {
    BeforeAll {
        $stuck = Get-StudioExecution -FlowSid $sms.Sid -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) | Select-Object -First 3
    }

    It 'shows the widget each stuck execution sits on' {
        $steps = $stuck | Get-StudioExecutionStep
        $latest = $steps | Where-Object IsLatest
        $latest.Count | Should -Be 3
        $latest | ForEach-Object {
            $_.TransitionedTo | Should -Be 'ask_reason'
            $_.Widget | Should -Be 'ask_reason'
            $_.WidgetType | Should -Be 'send-and-wait-for-reply'
            # Twilio's own type of a step is the widget it left (its example: Trigger -> Ended, type trigger).
            $_.TransitionedFrom | Should -Be 'Trigger'
            $_.TransitionedFromType | Should -Be 'trigger'
            $_.Sid | Should -Match '^FT[0-9a-f]{32}$'
        }
        ($steps.ExecutionSid | Sort-Object -Unique) | Should -Be ($stuck.Sid | Sort-Object)
    }

    It 'gives the context as objects to navigate and export' {
        $c = $stuck[0] | Get-StudioExecutionContext
        $c.ExecutionSid | Should -Be $stuck[0].Sid
        $c.Context.trigger.message.Body | Should -Not -BeNullOrEmpty
        $c.Context.trigger.message.From | Should -Be $stuck[0].ContactAddress
        ($c.Context | ConvertTo-Json -Depth 10 | ConvertFrom-Json).trigger.message.Body | Should -Be $c.Context.trigger.message.Body
        $file = Join-Path $TestDrive 'context.xml'
        $c | Export-Clixml -Path $file
        (Import-Clixml $file).Context.trigger.message.Body | Should -Be $c.Context.trigger.message.Body
    }

    It 'gives a step''s context when a step is piped' {
        $step = $stuck[0] | Get-StudioExecutionStep | Select-Object -Last 1
        $c = $step | Get-StudioExecutionContext
        $c.StepSid | Should -Be $step.Sid
        $c.Context.widgets.ask_reason.outbound.Body | Should -Match 'What can we help you with'
    }

    It 'rejects a flow piped where an execution is needed, without a request' {
        $seq = Get-LastRequestSeq $emu
        $errors = $null
        $sms | Get-StudioExecutionStep -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidExecutionSid,StudioCmdlets.Commands.GetStudioExecutionStepCommand'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }
}
