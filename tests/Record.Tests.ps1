# What a person reads later: -PassThru's outcome, the journal's contact and flow, whatever was piped in.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll { Reset-StudioConnection }

Describe '-PassThru says what this run did' {
    It 'writes Outcome Ended on the first run and AlreadyEnded on the second, and the CSV keeps it' {
        Invoke-WithEmulator @('--executions', '400', '--seed', '4') {
            param($emu)
            $stuck = @(& $stuckLine | Select-Object -First 12)
            $first = Join-Path $TestDrive 'ended-1.csv'
            $second = Join-Path $TestDrive 'ended-2.csv'
            $stuck | Stop-StudioExecution -Confirm:$false -PassThru | Export-Csv $first
            $stuck | Stop-StudioExecution -Confirm:$false -PassThru | Export-Csv $second
            $one = @(Import-Csv $first)
            $two = @(Import-Csv $second)
            $one.Count | Should -Be 12
            $two.Count | Should -Be 12
            ($one.Outcome | Sort-Object -Unique) | Should -Be 'Ended'
            ($two.Outcome | Sort-Object -Unique) | Should -Be 'AlreadyEnded'
            # The input is left as it was: what a Get- cmdlet listed carries no outcome.
            $stuck | ForEach-Object { $_.Outcome | Should -BeNullOrEmpty }
        }
    }
}

Describe 'Every journal line names the contact and the flow the input knows' {
    It 'writes the contact and flow on the Attempted line of <Case>' -ForEach @(
        @{ Case = 'Get-StudioStuckExecution output'; Columns = $null }
        @{ Case = 'a CSV of the triage (ContactAddress and FlowName columns)'; Columns = @('FlowSid', 'ExecutionSid', 'ContactAddress', 'FlowName') }
    ) {
        Invoke-WithEmulator @('--executions', '400', '--seed', '4') {
            param($emu)
            $journal = Join-Path $TestDrive "journal-$([guid]::NewGuid()).jsonl"
            $stranded = @(Get-StudioStuckExecution | Where-Object State -eq Stranded | Select-Object -First 6)
            $rows = if ($Columns) {
                $csv = Join-Path $TestDrive "rows-$([guid]::NewGuid()).csv"
                $stranded | Select-Object $Columns | Export-Csv $csv
                Import-Csv $csv
            } else { $stranded }
            $rows | Stop-StudioExecution -Confirm:$false -JournalPath $journal
            $attempted = @(Get-Content $journal | ConvertFrom-Json | Where-Object outcome -eq 'Attempted')
            $attempted.Count | Should -Be 6
            foreach ($e in $stranded) {
                $line = $attempted | Where-Object sid -eq $e.Sid
                $line.contact | Should -Be $e.ContactAddress
                $line.flowName | Should -Be $e.FlowName
                # What the journal exists for: grep the number finds the attempt even when its outcome never came.
                @(Select-String -Path $journal -SimpleMatch $e.ContactAddress | Where-Object Line -match '"Attempted"').Count | Should -Be 1
            }
        }
    }

    It 'names the flow of rows that give only SIDs from the flows this session has seen, with no request before the end' {
        Invoke-WithEmulator @('--executions', '400', '--seed', '4') {
            param($emu)
            $journal = Join-Path $TestDrive "journal-$([guid]::NewGuid()).jsonl"
            $stuck = @(& $stuckLine | Select-Object -First 5)
            $csv = Join-Path $TestDrive "sids-$([guid]::NewGuid()).csv"
            $stuck | Select-Object FlowSid, ExecutionSid | Export-Csv $csv
            $seq = Get-LastRequestSeq $emu
            Import-Csv $csv | Stop-StudioExecution -Confirm:$false -JournalPath $journal
            $attempted = @(Get-Content $journal | ConvertFrom-Json | Where-Object outcome -eq 'Attempted')
            foreach ($e in $stuck) { ($attempted | Where-Object sid -eq $e.Sid).flowName | Should -Be $e.FlowName }
            @(Get-StudioEmulatorRequest $emu -Method GET -Since $seq | Where-Object path -eq '/v2/Flows').Count | Should -Be 0
        }
    }
}
