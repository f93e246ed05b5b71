# Views for people at an ordinary 80-column terminal and wider ones, without wrapping or losing what matters.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 600 -Seed 41

    function Get-Lines($Objects, [int] $Width) {
        @(($Objects | Format-Table | Out-String -Width $Width) -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
    }
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'Table views' {
    It 'leave room within 80 columns for a last column that may be shortened' {
        $formats = Read-ModuleFormats
        foreach ($view in $formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
            $widths = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { if ($_.Width) { [int]$_.Width } else { 0 } })
            ($widths | Measure-Object -Sum).Sum + $widths.Count - 1 | Should -BeLessOrEqual 76 -Because $view.Name
        }
    }

    It 'show an execution''s SID, contact, age, idle time and a readable flow name within 80 columns' {
        $stuck = Get-StudioExecution -Status Active -ContactAddress '+14155550123'
        $ended = Get-StudioExecution -Status Ended | Select-Object -First 1
        foreach ($width in 80, 120) {
            $lines = Get-Lines (@($stuck) + $ended) $width
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $width }
            $lines[0] | Should -Match '^Sid\s+ContactAddress\s+Age\s+Idle\s+Flow'
            foreach ($e in $stuck) {
                $row = $lines | Where-Object { $_ -like "$($e.Sid)*" }
                @($row).Count | Should -Be 1 -Because 'one line per execution, never wrapped'
                $row | Should -Match ([regex]::Escape($e.ContactAddress))
                $row | Should -Match '\s\d+(d|h|m|s)( \d+(h|m))?\s+\d+(d|h|m|s)( \d+(h|m))?\s'
                # At 80 columns, enough of the flow's name to know it: its first 14 characters; every duration fits in 6.
                $row | Should -Match ([regex]::Escape($e.FlowName.Substring(0, 14)))
            }
            # An ended execution says so where an active one's idle time stands.
            ($lines | Where-Object { $_ -like "$($ended.Sid)*" }) | Should -Match '\sended\s'
        }
        (Get-Lines $stuck 120) -join "`n" | Should -Match 'Inbound SMS Support'
    }

    It 'tell web-chat guests and WhatsApp contacts apart at <Width> columns: a long contact keeps its end' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $guests = @(Get-StudioExecution -Status Active | Where-Object ContactAddress -like 'client:guest-*' | Select-Object -First 6)
        $guests.Count | Should -BeGreaterThan 2 -Because 'the scenario has web-chat guests'
        $lines = Get-Lines $guests $Width
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
        foreach ($e in $guests) {
            # The guest's id, which is what differs between guests, is on the row; the start of the address may go.
            ($lines | Where-Object { $_ -like "$($e.Sid)*" }) | Should -Match ([regex]::Escape($e.ContactAddress.Substring($e.ContactAddress.Length - 12)))
        }
        [StudioCmdlets.Model.View]::Tail('whatsapp:+14155550123', 16) | Should -Be ([char]0x2026 + 'pp:+14155550123')
        [StudioCmdlets.Model.View]::Tail('+14155550123', 16) | Should -Be '+14155550123'
    }

    It 'tell one contact''s executions apart in triage at <Width> columns: the widget each waits at, and the SID whole when it fits' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $mine = @(Get-StudioStuckExecution -ContactAddress '+14155550123')
        $mine.Count | Should -Be 2 -Because 'the scenario blocks this contact twice'
        $lines = Get-Lines $mine $Width
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
        $lines[0] | Should -Match '^State\s+Blocked\s+Releases\s+ContactAddress\s+Widget\s+Sid'
        $rows = @($lines | Select-Object -Skip 2)
        $rows.Count | Should -Be 2
        foreach ($e in $mine) {
            $row = @($rows | Where-Object { $_ -match "\s$([regex]::Escape($e.Widget))\s" })
            $row.Count | Should -Be 1 -Because "one row shows widget $($e.Widget)"
            $row[0] | Should -Match ([regex]::Escape($e.ContactAddress))
            if ($Width -ge 94) { $row[0] | Should -Match "$($e.Sid)$" } else { $row[0] | Should -Match "\s$($e.Sid.Substring(0, 8))" }
        }
    }

    It 'give a finding''s detail the width at 80 columns, grouped by flow and wrapped, never cut' {
        $findings = @(Get-StudioFlow -Name 'Inbound SMS Support' | Test-StudioFlow)
        $lines = Get-Lines $findings 80
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines | Should -Contain '   Flow: Inbound SMS Support'
        $header = $lines | Where-Object { $_ -match '^Severity\s+Widget\s+Rule\s+Detail' }
        $header | Should -Not -BeNullOrEmpty
        $header.IndexOf('Detail') | Should -BeLessOrEqual 44
        # Wrapped at the column's width, whatever the words: every character of every detail is there, in order.
        $text = ($lines -join '') -replace '\s+', ''
        foreach ($f in $findings) { $text | Should -Match ([regex]::Escape(($f.Detail -replace '\s+', ''))) }
    }

    It 'keep where each execution sits in the step view within 80 columns' {
        $steps = Get-StudioExecution -Status Active -ContactAddress '+14155550123' | Get-StudioExecutionStep
        foreach ($width in 80, 120) {
            $lines = Get-Lines $steps $width
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $width }
            $latest = $lines | Where-Object { $_ -like '>>*' }
            @($latest).Count | Should -Be 2
            $latest | ForEach-Object { $_ | Should -Match 'ask_reason|confirm' }
            ($lines -join "`n") | Should -Match 'Execution: FN'
        }
    }

    It 'fit every other output type within <Width> columns' -TestCases @(@{ Width = 80 }, @{ Width = 120 }) {
        param($Width)
        $e = Get-StudioExecution -Status Active | Select-Object -First 2
        $outputs = @{
            Flow     = Get-StudioFlow
            Account  = Get-StudioAccount
            Context  = $e | Get-StudioExecutionContext
            Findings = Get-StudioFlow | Test-StudioFlow
            Audit    = Get-StudioFlow | Test-StudioFlow -Summary
            Summary  = $e | Stop-StudioExecution -WhatIf -Summary 6>$null
            Repairs  = Get-StudioFlow | Repair-StudioFlow -WhatIf 6>$null
            Changes  = (Get-StudioFlow | Repair-StudioFlow -WhatIf 6>$null).Changes
            ConversationFindings = Test-StudioConversationSetting -MaxWait (New-TimeSpan -Minutes 10)
            ConversationAudit    = Test-StudioConversationSetting -Summary
            SettingChanges       = Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4) -DefaultInactiveTimer (New-TimeSpan -Minutes 30) -WhatIf 6>$null
            Addresses            = Get-StudioAddressConfiguration
        }
        foreach ($name in $outputs.Keys) {
            $lines = Get-Lines $outputs[$name] $Width
            $lines.Count | Should -BeGreaterThan 2 -Because $name
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width -Because $name }
        }
        (Get-Lines $outputs.Flow $Width)[0] | Should -Match '^Sid\s+Status\s+Rev\s+Valid\s+FriendlyName'
        (Get-Lines $outputs.Summary $Width)[0] | Should -Match 'NotAttempted'
        (Get-Lines $outputs.Repairs $Width)[0] | Should -Match '^FlowName\s+Status\s+Revision\s+Changes\s+WorstCase'
        (Get-Lines $outputs.Repairs $Width) -join "`n" | Should -Match 'Webchat Concierge\s+SkippedByWhatIf\s+\d+\s+\d+\s+30d -> 4h'
        (Get-Lines $outputs.Changes $Width)[0] | Should -Match '^Widget\s+Property\s+Before\s+After\s+Rule'
    }
}

Describe 'Twilio''s own shapes bind' {
    It 'takes flows as the twilio CLI lists them (sid, friendlyName) into Get-StudioExecution' {
        $cli = Get-StudioFlow | ForEach-Object { [pscustomobject]@{ sid = $_.Sid; accountSid = $_.AccountSid; friendlyName = $_.FriendlyName; status = 'published' } } |
            ConvertTo-Json | ConvertFrom-Json
        @($cli | Get-StudioExecution -Status Active).Count | Should -Be (Get-ScenarioTruth $emu).Active
    }

    It 'takes executions in REST''s JSON shape (sid, flow_sid) into Get- and Stop-StudioExecution, exactly those' {
        $rest = Get-StudioExecution -Status Active | Select-Object -First 3 |
            ForEach-Object { [pscustomobject]@{ sid = $_.Sid; flow_sid = $_.FlowSid; status = 'active' } } | ConvertTo-Json | ConvertFrom-Json
        (@($rest | Get-StudioExecution).Sid | Sort-Object) | Should -Be ($rest.sid | Sort-Object)
        ($rest | Stop-StudioExecution -WhatIf -Summary 6>$null).SkippedByWhatIf | Should -Be 3
    }

    It 'takes a plain FN... string, with -FlowSid or without' {
        $e = Get-StudioExecution -Status Active | Select-Object -First 2
        ($e[0].Sid | Stop-StudioExecution -FlowSid $e[0].FlowSid -WhatIf -Summary 6>$null).SkippedByWhatIf | Should -Be 1
        ($e[1].Sid | Stop-StudioExecution -WhatIf -Summary 6>$null).SkippedByWhatIf | Should -Be 1
    }

    It 'says which columns are expected when a piped object names nothing, and lists or ends nothing' {
        $seq = Get-LastRequestSeq $emu
        { [pscustomobject]@{ name = 'x' } | Get-StudioExecution -ErrorAction Stop } | Should -Throw -ErrorId 'InputNotRecognized,StudioCmdlets.Commands.GetStudioExecutionCommand'
        $failure = { [pscustomobject]@{ name = 'x' } | Stop-StudioExecution -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InputNotRecognized,StudioCmdlets.Commands.StopStudioExecutionCommand' -PassThru
        $failure.Exception.Message | Should -Match 'ExecutionSid .*FlowSid'
        @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '*/Executions*').Count | Should -Be 0
    }
}
