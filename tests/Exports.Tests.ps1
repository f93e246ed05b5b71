# Exports people and their tools can read: ConvertTo-Json and Export-Csv of every output type, and their round trips.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 600 -Seed 41

    $iso = '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$'
    $words = 'Status', 'State', 'Severity', 'AuthType'

    # The JSON of one object, read back as text values (no date parsing), so the test sees what a tool receives.
    function Read-Json($Object) {
        $json = $Object | ConvertTo-Json -Depth 1 -WarningAction SilentlyContinue
        [System.Text.Json.JsonDocument]::Parse($json).RootElement
    }

    function Assert-Readable($Object) {
        $name = $Object.GetType().Name
        $root = Read-Json $Object
        foreach ($p in $root.EnumerateObject()) {
            if ($p.Name -in $words) {
                $p.Value.ValueKind | Should -Be 'String' -Because "$name.$($p.Name) is a word, not a number"
                $p.Value.GetString() | Should -Match '^[A-Za-z]+$' -Because "$name.$($p.Name)"
            }
            $clr = $Object.PSObject.Properties[$p.Name].Value
            if ($clr -is [datetimeoffset] -or $clr -is [datetime]) {
                $p.Value.GetString() | Should -Match $iso -Because "$name.$($p.Name) is a date in ISO 8601 UTC"
            }
        }
    }

    function Use-Culture([string] $Name, [scriptblock] $Script) {
        $was = [System.Globalization.CultureInfo]::CurrentCulture
        try { [System.Globalization.CultureInfo]::CurrentCulture = $Name; & $Script }
        finally { [System.Globalization.CultureInfo]::CurrentCulture = $was }
    }
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'ConvertTo-Json' {
    It 'writes status, state, severity and auth type as words and dates as ISO 8601 UTC, for every output type' {
        $flow = Get-StudioFlow -Name 'Inbound SMS Support'
        $execution = $flow | Get-StudioExecution -Status Active | Select-Object -First 1
        $ended = $flow | Get-StudioExecution -Status Ended | Select-Object -First 1
        $step = $execution | Get-StudioExecutionStep | Select-Object -Last 1
        $context = $execution | Get-StudioExecutionContext
        $stuck = $flow | Get-StudioStuckExecution | Select-Object -First 1
        $finding = Get-StudioFlow | Test-StudioFlow | Select-Object -First 1
        $audit = $flow | Test-StudioFlow -Summary
        $summary = $ended | Stop-StudioExecution -Summary -Confirm:$false
        $objects = $flow, $execution, $ended, $step, $context, $stuck, $finding, $audit, (Get-StudioAccount), $summary
        foreach ($o in $objects) { $o | Should -Not -BeNullOrEmpty; Assert-Readable $o }

        (Read-Json $execution).GetProperty('Status').GetString() | Should -Be 'Active'
        (Read-Json $ended).GetProperty('Status').GetString() | Should -Be 'Ended'
        (Read-Json $stuck).GetProperty('State').GetString() | Should -BeIn 'Stranded', 'Waiting', 'Live', 'Unknown'
        (Read-Json $finding).GetProperty('Severity').GetString() | Should -BeIn 'Info', 'Warning', 'Error'
        (Read-Json (Get-StudioAccount)).GetProperty('AuthType').GetString() | Should -Be 'AuthToken'
    }

    It 'round-trips executions: the exported list pipes back into Stop-StudioExecution and ends exactly those' {
        $picked = @(Get-StudioExecution -Status Active -ContactAddress '+14155550123')
        $picked.Count | Should -BeGreaterThan 0
        $json = $picked | ConvertTo-Json
        $back = @($json | ConvertFrom-Json)
        $back.Status | Sort-Object -Unique | Should -Be 'Active'
        $back | ForEach-Object { $_.DateCreated -is [datetime] -or $_.DateCreated -match $iso | Should -BeTrue }
        $before = @((Get-StudioEmulatorState $emu).active_executions).Count

        $ended = @($back | Stop-StudioExecution -Confirm:$false -PassThru)
        $ended.Sid | Sort-Object | Should -Be ($picked.Sid | Sort-Object)
        @((Get-StudioEmulatorState $emu).active_executions).Count | Should -Be ($before - $picked.Count)
    }
}

Describe 'Export-Csv' {
    It 'writes words and durations people read, whatever the culture' {
        $rows = Use-Culture 'de-DE' {
            Get-StudioExecution -Status Active | Select-Object -First 5 | ConvertTo-Csv | ConvertFrom-Csv
        }
        $rows.Count | Should -Be 5
        foreach ($r in $rows) {
            $r.Status | Should -Be 'Active'
            $r.Age | Should -Match '^(\d+\.)?\d{2}:\d{2}:\d{2}$' -Because 'whole seconds, in the invariant d.hh:mm:ss form'
            $r.IdleTime | Should -Match '^(\d+\.)?\d{2}:\d{2}:\d{2}$'
            [timespan]$r.Age | Should -BeGreaterOrEqual ([timespan]$r.IdleTime)
        }
        $stuck = Use-Culture 'de-DE' { Get-StudioStuckExecution | Select-Object -First 3 | ConvertTo-Csv | ConvertFrom-Csv }
        $stuck.Count | Should -Be 3
        $stuck.State | ForEach-Object { $_ | Should -BeIn 'Stranded', 'Waiting', 'Live', 'Unknown' }
        $stuck.BlockedFor | ForEach-Object { $_ | Should -Match '^(\d+\.)?\d{2}:\d{2}:\d{2}$' }
    }

    It 'writes every duration of every output type in whole seconds, as the README says, but a summary''s own run time' {
        $e = Get-StudioExecution -Status Active | Select-Object -First 3
        $outputs = @{
            Execution = $e; Stuck = Get-StudioStuckExecution | Select-Object -First 5; Step = $e | Get-StudioExecutionStep
            Audit = Get-StudioFlow | Test-StudioFlow -Summary; Repair = Get-StudioFlow | Repair-StudioFlow -WhatIf 6>$null
            ConversationFindings = Test-StudioConversationSetting -MaxWait (New-TimeSpan -Minutes 10)
            SettingChanges = Set-StudioConversationSetting -DefaultClosedTimer ([timespan]::FromSeconds(16200.5)) -WhatIf 6>$null
        }
        $seen = 0
        foreach ($name in $outputs.Keys) {
            foreach ($o in $outputs[$name]) {
                foreach ($p in $o.PSObject.Properties | Where-Object { $_.Value -is [timespan] }) {
                    $seen++
                    $p.Value.Ticks % [timespan]::TicksPerSecond | Should -Be 0 -Because "$name.$($p.Name) is $($p.Value)"
                }
            }
        }
        $seen | Should -BeGreaterThan 20
        # The README names the exception: the run's own time keeps its milliseconds.
        ($e | Stop-StudioExecution -WhatIf -Summary 6>$null).Duration | Should -BeOfType [timespan]
        (Get-Content (Join-Path $RepoRoot 'README.md') -Raw) | Should -Match 'whole seconds \(a summary''s `Duration`'
    }

    It 'keeps what a ticket needs: a flow''s findings and a repair plan''s changes, a line each, in CSV and JSON' {
        $audit = Get-StudioFlow -Name 'Inbound SMS Support' | Test-StudioFlow -Summary
        $audit.Findings.Count | Should -BeGreaterThan 0
        $row = $audit | ConvertTo-Csv | ConvertFrom-Csv
        # JSON at its default depth: each finding as an object, or as its line where the depth ends.
        $back = @(($audit | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Findings |
            ForEach-Object { if ($_ -is [string]) { $_ } else { "$($_.Severity) $($_.Rule) at $($_.Widget)" } })
        $back.Count | Should -Be $audit.Findings.Count
        foreach ($f in $audit.Findings) {
            $line = "$($f.Severity) $($f.Rule) at $($f.Widget)"
            $row.Findings | Should -Match ([regex]::Escape($line))
            @($back -match [regex]::Escape($line)).Count | Should -BeGreaterThan 0
        }
        $row.Findings | Should -Not -Match 'StudioFlowFinding'
        $plan = Get-StudioFlow -Name 'Inbound SMS Support' | Repair-StudioFlow -WhatIf
        $plan.Changes.Count | Should -BeGreaterThan 0
        $planRow = $plan | ConvertTo-Csv | ConvertFrom-Csv
        $planBack = @(($plan | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Changes |
            ForEach-Object { if ($_ -is [string]) { $_ } else { "$($_.Widget).$($_.Property): $($_.Before) -> $($_.After) ($($_.Rule))" } })
        foreach ($c in $plan.Changes) {
            $planRow.Changes | Should -Match ([regex]::Escape("$c"))
            $planBack | Should -Contain "$c"
        }
    }

    It 'round-trips executions: Import-Csv pipes back into Stop-StudioExecution, every row reported once' {
        $file = Join-Path $TestDrive 'stuck.csv'
        $picked = @(Get-StudioExecution -Status Active | Select-Object -First 6)
        Use-Culture 'de-DE' { $picked | Export-Csv -Path $file }
        $summary = Import-Csv -Path $file | Stop-StudioExecution -WhatIf -Summary
        $summary.Requested | Should -Be 6
        $summary.SkippedByWhatIf | Should -Be 6
        $summary.Failed | Should -Be 0
    }
}
