# Long listings are fetched as concurrent date windows: prove they list exactly what Studio's own pages do.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 30000 -Seed 21
    $sms = Get-StudioFlow -Name 'Inbound SMS Support'
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Windowed listing' {
    It 'lists every execution of a flow of many pages exactly once, newest first, using date windows' {
        $truth = Get-SequentialWalk $emu $sms.Sid
        $truth.Count | Should -BeGreaterThan 10000
        $seq = Get-LastRequestSeq $emu
        $all = Get-StudioExecution -FlowSid $sms.Sid -ThrottleLimit 8
        $all.Count | Should -Be $truth.Count
        ($all.Sid | Sort-Object -Unique).Count | Should -Be $all.Count
        (Compare-Object $all.Sid $truth) | Should -BeNullOrEmpty
        for ($i = 1; $i -lt $all.Count; $i++) { if ($all[$i].DateCreated -gt $all[$i - 1].DateCreated) { throw "out of order at $i" } }
        $all | Select-Object -First 5 | ForEach-Object { $_.FlowName | Should -Be 'Inbound SMS Support' }
        # Windows were used: requests carried date bounds that the command line did not give.
        $windowed = @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object { $_.path -like '*/Executions' -and $_.query -match 'DateCreatedTo=' })
        $windowed.Count | Should -BeGreaterThan 1
    }

    It 'keeps status and date filters exact inside windows' -ForEach @(
        @{ Name = 'ended'; Status = 'Ended'; Days = $null }
        @{ Name = 'two days to four hours ago'; Status = $null; Days = 2 }
    ) {
        $query = ''
        $params = @{ FlowSid = $sms.Sid }
        if ($Status) { $params.Status = $Status; $query += "&Status=$($Status.ToLower())" }
        if ($Days) {
            $after = (Get-Date).AddDays(-$Days); $before = (Get-Date).AddHours(-4)
            $params.CreatedAfter = $after; $params.CreatedBefore = $before
            $query += '&DateCreatedFrom=' + [uri]::EscapeDataString($after.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')) +
                      '&DateCreatedTo=' + [uri]::EscapeDataString($before.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'))
        }
        $truth = Get-SequentialWalk $emu $sms.Sid $query
        $truth.Count | Should -BeGreaterThan 1000
        $listed = Get-StudioExecution @params
        $listed.Count | Should -Be $truth.Count
        (Compare-Object $listed.Sid $truth) | Should -BeNullOrEmpty
    }

    It 'lists every flow of the account in flow order, each flow complete' {
        $flows = Get-StudioFlow
        $all = Get-StudioExecution
        $byFlow = $all | Group-Object FlowSid
        ($all.FlowSid | Select-Object -Unique) | Should -Be $flows.Sid
        foreach ($f in $flows) { ($byFlow | Where-Object Name -eq $f.Sid).Count | Should -BeGreaterThan 0 }
        $all.Count | Should -Be (Get-StudioEmulatorState $emu).executions
    }
}
