# Every account at once: a parent's subaccounts in one pipeline, each request to the account its object came from,
# with that account's own credentials; secrets never shown.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    $fleetArgs = @('--executions', '120', '--stuck', '6', '--subaccounts', '4', '--subaccount-executions', '80', '--subaccount-stuck', '6', '--seed', '71')
    function Get-FleetTruth($Emulator) {
        # Each subaccount's stranded executions, from the emulator's own store.
        $truth = @{}
        foreach ($a in Get-StudioEmulatorAccount $Emulator | Where-Object { -not $_.parent }) {
            $truth[$a.sid] = @(Get-StrandedIn $Emulator $a.sid | ForEach-Object sid)
        }
        $truth
    }
}
AfterAll { Reset-StudioConnection }

Describe 'A fleet in one pipeline' {
    It 'ends what triage calls stranded in every subaccount, each request with that subaccount''s own credentials, and leaves the parent alone' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $truth = Get-FleetTruth $emu
            $parentBefore = (Get-StudioEmulatorState $emu).active
            $subs = @(Get-StudioSubaccount)
            $subs.Count | Should -Be 4
            ($subs.AccountSid | Sort-Object) | Should -Be (@($truth.Keys) | Sort-Object)
            $subs | ForEach-Object { $_.OwnerAccountSid | Should -Be $emu.AccountSid }

            $seq = Get-LastRequestSeq $emu
            $rehearsal = @($subs | Get-StudioStuckExecution | Where-Object State -eq Stranded | Stop-StudioExecution -WhatIf -Summary)
            $rehearsal[-1].SkippedByWhatIf | Should -Be (@($truth.Values | ForEach-Object { $_ }).Count)
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

            $seq = Get-LastRequestSeq $emu
            $stranded = @($subs | Get-StudioStuckExecution | Where-Object State -eq Stranded)
            $stranded | ForEach-Object { $_.AccountSid | Should -BeIn @($truth.Keys) }
            $journal = Join-Path $TestDrive 'sweep.jsonl'
            $summaries = @($stranded | Stop-StudioExecution -Confirm:$false -Summary -JournalPath $journal)
            # One summary per account, in the order they came, then the total.
            $summaries.Count | Should -Be 5
            $summaries[0..3].AccountSid | Should -Be @($stranded.AccountSid | Select-Object -Unique)
            $total = $summaries[-1]
            $total.AccountSid | Should -BeNullOrEmpty
            $total.Accounts | Should -Be 4
            $total.Failed | Should -Be 0
            $total.Ended | Should -Be $stranded.Count
            ($summaries[0..3] | Measure-Object Ended -Sum).Sum | Should -Be $total.Ended
            foreach ($s in $summaries[0..3]) { $s.Ended | Should -Be $truth[$s.AccountSid].Count; $s.Accounts | Should -Be 1 }
            # Every journal line says whose execution it was.
            $lines = @(Read-StudioJournal $journal)
            $lines.Count | Should -Be $stranded.Count
            $lines | ForEach-Object { $_.accountSid | Should -BeIn @($truth.Keys); $_.sid | Should -BeIn $truth[$_.accountSid] }
            foreach ($sid in $truth.Keys) {
                $ended = @($stranded | Where-Object AccountSid -eq $sid | ForEach-Object ExecutionSid)
                ($ended | Sort-Object) | Should -Be ($truth[$sid] | Sort-Object) -Because "triage of $sid finds its stranded, and only those"
                $left = @((Get-StudioEmulatorState $emu -AccountSid $sid).active_executions)
                @($left | Where-Object truth -eq 'stranded') | Should -BeNullOrEmpty
                @($left | Where-Object truth -eq 'live').Count | Should -BeGreaterThan 0 -Because 'a live conversation is never ended'
            }
            (Get-StudioEmulatorState $emu).active | Should -Be $parentBefore
            # Studio was asked by each subaccount itself, never with the parent's credentials.
            $studio = @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '/v2/*')
            $studio.Count | Should -BeGreaterThan 0
            $studio.user | Sort-Object -Unique | Should -Be (@($truth.Keys) | Sort-Object)
            # No token read one by one in the whole session: the parent's list of subaccounts gave each one's.
            @(Get-StudioEmulatorRequest $emu | Where-Object path -like '/2010-04-01/Accounts/*').Count | Should -Be 0
            @(Get-StudioEmulatorRequest $emu | Where-Object path -eq '/2010-04-01/Accounts.json').user | Sort-Object -Unique | Should -Be $emu.AccountSid
        }
    }

    It 'refuses another account''s objects under an explicit -Connection, and an account nobody listed, before any request' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $parent = Connect-StudioAccount -Credential ([pscredential]::new($emu.AccountSid, (ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force))) -Endpoint $emu.BaseUrl -PassThru
            $stranded = @(Get-StudioSubaccount | Select-Object -First 1 | Get-StudioStuckExecution | Where-Object State -eq Stranded)
            $stranded.Count | Should -BeGreaterThan 0
            $seq = Get-LastRequestSeq $emu
            $stranded | Stop-StudioExecution -Connection $parent -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
            $refused.Count | Should -Be $stranded.Count
            $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'StudioAccountMismatch,*'; $_.CategoryInfo.Category | Should -Be 'PermissionDenied' }
            $refused[0].TargetObject | Should -Be $stranded[0].ExecutionSid
            $stranded[0] | Stop-StudioExecution -Confirm:$false -AccountSid ('AC' + 'f' * 32) -ErrorVariable unknown -ErrorAction SilentlyContinue
            $unknown[0].FullyQualifiedErrorId | Should -BeLike 'StudioAccountMismatch,*'
            $unknown[0].ErrorDetails.RecommendedAction + $unknown[0].Exception.Message | Should -Match 'Get-StudioSubaccount'
            @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
        }
    }

    It 'catches the parent''s credentials used as if they were a subaccount''s: Twilio answers for the parent' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $sub = (Get-StudioSubaccount | Select-Object -First 1).AccountSid
            # The subaccount's SID with the parent's API key: Studio answers with the parent's data, which must not pass for the subaccount's.
            $env:TWILIO_ACCOUNT_SID = $sub
            $env:TWILIO_API_KEY = 'SK' + '0' * 31 + '1'; $env:TWILIO_API_SECRET = 'emulator-api-secret-0001'; Remove-Item env:TWILIO_AUTH_TOKEN
            { Get-StudioFlow -ErrorAction Stop } | Should -Throw -ErrorId 'StudioAccountMismatch,StudioCmdlets.Commands.GetStudioFlowCommand'
            { Get-StudioStuckExecution -ErrorAction Stop } | Should -Throw -ErrorId 'StudioAccountMismatch,StudioCmdlets.Commands.GetStudioStuckExecutionCommand'
        }
    }

    It 'gives one error for a subaccount suspended in the middle of a sweep, and the others carry on' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $truth = Get-FleetTruth $emu
            $subs = @(Get-StudioSubaccount)
            $suspended = $subs[1].AccountSid
            Set-StudioEmulatorAccount $emu -AccountSid $suspended -Status suspended
            $stranded = @($subs | Get-StudioStuckExecution -ErrorVariable triageErrors -ErrorAction SilentlyContinue | Where-Object State -eq Stranded)
            $triageErrors.Count | Should -Be 1
            $triageErrors[0].FullyQualifiedErrorId | Should -BeLike 'StudioSubaccountRefused,*'
            $triageErrors[0].TargetObject | Should -Be $suspended
            $triageErrors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            ($stranded.AccountSid | Sort-Object -Unique) | Should -Be (@($subs.AccountSid | Where-Object { $_ -ne $suspended }) | Sort-Object)
            $summary = @($stranded | Stop-StudioExecution -Confirm:$false -Summary)[-1]
            $summary.Ended | Should -Be (@($truth.Keys | Where-Object { $_ -ne $suspended } | ForEach-Object { $truth[$_] }).Count)
            @(Get-StrandedIn $emu $suspended).Count | Should -Be $truth[$suspended].Count
        }
    }

    It 'gives one error for a subaccount whose token was rotated, and reads the new token in the next command' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $subs = @(Get-StudioSubaccount)
            @($subs | Get-StudioFlow).Count | Should -BeGreaterThan 0 # every token read, and kept
            $rotated = $subs[0].AccountSid
            Set-StudioEmulatorAccount $emu -AccountSid $rotated -RotateToken
            $flows = @($subs | Get-StudioFlow -ErrorVariable refused -ErrorAction SilentlyContinue)
            $refused.Count | Should -Be 1
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'StudioSubaccountRefused,*'
            $refused[0].TargetObject | Should -Be $rotated
            ($flows.AccountSid | Sort-Object -Unique) | Should -Be (@($subs.AccountSid | Where-Object { $_ -ne $rotated }) | Sort-Object)
            $seq = Get-LastRequestSeq $emu
            @($subs[0] | Get-StudioFlow).AccountSid | Sort-Object -Unique | Should -Be $rotated
            @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -eq "/2010-04-01/Accounts/$rotated.json").Count | Should -Be 1
        }
    }

    It 'takes each subaccount''s token from the list: a sweep reads no token one by one, and shows none' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $seq = Get-LastRequestSeq $emu
            $subs = @(Get-StudioSubaccount)
            $flows = @($subs | Get-StudioFlow)
            ($flows.AccountSid | Sort-Object -Unique) | Should -Be ($subs.AccountSid | Sort-Object)
            @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '/2010-04-01/Accounts/AC*.json').Count | Should -Be 0
            # The token stays a secret inside the connection: no property, view or export of the subaccounts has it.
            $shown = ($subs | Format-List * | Out-String) + ($subs | ConvertTo-Json -Depth 5) + ($subs | ConvertTo-Csv | Out-String)
            foreach ($a in Get-StudioEmulatorAccount $emu | Where-Object { -not $_.parent }) { $shown | Should -Not -Match ([regex]::Escape($a.auth_token)) }
        }
    }

    It 'never lets a slow subaccount stall the others: it holds at most half of -ThrottleLimit' {
        Invoke-WithEmulator -Arguments @('--executions', '60', '--stuck', '2', '--subaccounts', '3', '--subaccount-executions', '30', '--subaccount-stuck', '4', '--seed', '73') -Test {
            param($emu)
            $subs = @(Get-StudioSubaccount)
            $slow = $subs[0].AccountSid
            Set-StudioEmulatorAccount $emu -AccountSid $slow -LatencyMs 600
            $seq = Get-LastRequestSeq $emu
            $summary = @($subs | Get-StudioStuckExecution -ThrottleLimit 4 | Where-Object State -eq Stranded | Stop-StudioExecution -Confirm:$false -ThrottleLimit 4 -Summary)[-1]
            $summary.Failed | Should -Be 0
            $log = @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '/v2/*' | ForEach-Object {
                # ConvertFrom-Json has made the ISO time a DateTime already (text would lose its milliseconds).
                $start = if ($_.at -is [datetime]) { [DateTimeOffset]$_.at } else { [DateTimeOffset]::Parse($_.at, [Globalization.CultureInfo]::InvariantCulture) }
                [pscustomobject]@{ User = $_.user; Method = $_.method; Start = $start; End = $start.AddMilliseconds($_.ms) } })
            $mine = @($log | Where-Object User -eq $slow)
            $others = @($log | Where-Object User -ne $slow)
            $mine.Count | Should -BeGreaterThan 4
            # Never more than its share of a command's places on the wire at once (two of four), so the others always had two:
            # the triage's requests are its GETs, the stop's its POSTs.
            foreach ($method in 'GET', 'POST') {
                $ofCommand = @($mine | Where-Object Method -eq $method)
                # Counted at each request's midpoint: one that ends as the next begins is not two at once.
                $most = ($ofCommand | ForEach-Object { $t = $_.Start.AddTicks(($_.End - $_.Start).Ticks / 2); @($ofCommand | Where-Object { $_.Start -le $t -and $_.End -gt $t }).Count } | Measure-Object -Maximum).Maximum
                $most | Should -BeLessOrEqual 2 -Because "$method requests of one command"
            }
            # And they finished while it was still going: in the first half of its span.
            $span = ($mine.End | Measure-Object -Maximum).Maximum - ($mine.Start | Measure-Object -Minimum).Minimum
            ($others.End | Measure-Object -Maximum).Maximum | Should -BeLessThan (($mine.Start | Measure-Object -Minimum).Minimum + [timespan]::FromTicks($span.Ticks / 2))
        }
    }

    It 'says a Main API key or the auth token is needed when a Standard key lists subaccounts' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            Remove-Item env:TWILIO_AUTH_TOKEN
            $env:TWILIO_API_KEY = 'SK' + '0' * 31 + '2'; $env:TWILIO_API_SECRET = 'emulator-standard-secret-0002'
            $failure = { Get-StudioSubaccount } | Should -Throw -ErrorId 'StudioMainKeyRequired,StudioCmdlets.Commands.GetStudioSubaccountCommand' -PassThru
            $failure.Exception.Message | Should -Match 'Main API key'
            $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $env:TWILIO_API_KEY = 'SK' + '0' * 31 + '1'; $env:TWILIO_API_SECRET = 'emulator-api-secret-0001'
            @(Get-StudioSubaccount).Count | Should -Be 4
            @(Get-StudioSubaccount -FriendlyName 'Customer 00[12]').Count | Should -Be 2
            Get-StudioSubaccount -FriendlyName 'Nobody' -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $missing[0].FullyQualifiedErrorId | Should -BeLike 'StudioSubaccountNotFound,*'
            $seq = Get-LastRequestSeq $emu
            $nobody = $null
            { Get-StudioSubaccount -FriendlyName $nobody } | Should -Throw -ErrorId 'EmptyFriendlyName,StudioCmdlets.Commands.GetStudioSubaccountCommand'
            { Get-StudioSubaccount -Status @() } | Should -Throw -ErrorId 'EmptyStatus,StudioCmdlets.Commands.GetStudioSubaccountCommand'
            @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
        }
    }

    It 'lists each piped subaccount''s executions, steps and contexts with its own credentials' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $subs = @(Get-StudioSubaccount)
            $active = @($subs | Get-StudioExecution -Status Active)
            $expected = @($subs | ForEach-Object { (Get-StudioEmulatorState $emu -AccountSid $_.AccountSid).active_executions.sid })
            ($active.Sid | Sort-Object) | Should -Be ($expected | Sort-Object)
            $seq = Get-LastRequestSeq $emu
            $steps = @($active | Get-StudioExecutionStep -Last 1)
            $steps.Count | Should -Be $active.Count
            $steps | ForEach-Object { $_.AccountSid | Should -BeIn @($subs.AccountSid) }
            @($active | Select-Object -First 5 | Get-StudioExecutionContext).Count | Should -Be 5
            (Get-StudioEmulatorRequest $emu -Since $seq).user | Sort-Object -Unique | Should -Be (@($subs.AccountSid) | Sort-Object)
        }
    }

    It 'audits, repairs and starts executions in the subaccount each flow came from' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $subs = @(Get-StudioSubaccount)
            $flows = @($subs | Get-StudioFlow)
            ($flows.AccountSid | Sort-Object -Unique) | Should -Be (@($subs.AccountSid) | Sort-Object)
            $audits = @($flows | Test-StudioFlow -Summary)
            $audits.Count | Should -Be $flows.Count
            $sms = $flows | Where-Object { $_.FriendlyName -eq 'Inbound SMS Support' -and $_.AccountSid -eq $subs[2].AccountSid }
            $seq = Get-LastRequestSeq $emu
            $repair = $sms | Repair-StudioFlow -Confirm:$false
            $repair.Status | Should -Be 'Drafted'
            $repair.AccountSid | Should -Be $subs[2].AccountSid
            $writes = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            $writes.Count | Should -BeGreaterThan 0
            $writes.user | Sort-Object -Unique | Should -Be $subs[2].AccountSid
            # The cure: a stranded contact ended (named by a CSV row with its SID and account only), then started again,
            # in its own subaccount.
            $blocked = @($subs[1] | Get-StudioStuckExecution | Where-Object State -eq Stranded)[0]
            $csv = Join-Path $TestDrive 'one.csv'
            $blocked | Select-Object ExecutionSid, AccountSid | Export-Csv $csv
            $ended = Import-Csv $csv | Stop-StudioExecution -Confirm:$false -PassThru
            $ended.Sid | Should -Be $blocked.ExecutionSid
            $ended.AccountSid | Should -Be $subs[1].AccountSid
            $seq = Get-LastRequestSeq $emu
            $fresh = [pscustomobject]@{ FlowSid = $blocked.FlowSid; AccountSid = $blocked.AccountSid; To = $blocked.ContactAddress; From = '+15005550006' } | New-StudioExecution -Confirm:$false
            $fresh.AccountSid | Should -Be $subs[1].AccountSid
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).user | Should -Be $subs[1].AccountSid
        }
    }

    It 'never shows a subaccount''s token: not in any stream, export, journal or the connection' {
        Invoke-WithEmulator -Arguments $fleetArgs -Test {
            param($emu)
            $tokens = @(Get-StudioEmulatorAccount $emu | Where-Object { -not $_.parent } | ForEach-Object auth_token)
            $tokens.Count | Should -Be 4
            $journal = Join-Path $TestDrive 'fleet.jsonl'
            $out = & {
                $subs = Get-StudioSubaccount -Verbose -Debug
                $subs
                $stuck = $subs | Get-StudioStuckExecution -Verbose -Debug
                $stuck | Where-Object State -eq Stranded | Stop-StudioExecution -Confirm:$false -JournalPath $journal -Summary -Verbose -Debug
                $subs | Get-StudioFlow | Get-StudioExecution -Status Active | Select-Object -First 3 | Get-StudioExecutionStep
                Get-StudioAccount | Format-List * | Out-String
                $subs | Format-List * | Out-String
                $subs | ConvertTo-Json -Depth 5
                $stuck | ConvertTo-Json -Depth 5
                $clixml = Join-Path $TestDrive 'subs.xml'
                $subs, $stuck | Export-Clixml $clixml -Depth 5
                Get-Content -Raw $clixml
            } *>&1 | Out-String -Width 400
            $text = $out + (Get-Content -Raw $journal)
            $text | Should -Match 'Studio: GET' -Because 'the debug stream was captured'
            (Get-StudioEmulatorAccount $emu | ConvertTo-Json).Contains($tokens[0]) | Should -BeTrue -Because 'the check finds a token where one is'
            foreach ($t in $tokens) { $text.Contains($t) | Should -BeFalse -Because 'a subaccount''s token is never shown' }
        }
    }
}

Describe 'The conversation half across a fleet' {
    It 'closes what conversation triage calls stranded in every subaccount, with its own credentials, and shows no token' {
        Invoke-WithEmulator -Arguments ($fleetArgs + @('--subaccount-conversations', '30')) -Test {
            param($emu)
            $subs = @(Get-StudioSubaccount)
            $tokens = @(Get-StudioEmulatorAccount $emu | Where-Object { -not $_.parent } | ForEach-Object auth_token)
            $truth = @{}
            foreach ($s in $subs) { $truth[$s.AccountSid] = @(Get-StrandedConversationTruth $emu -AccountSid $s.AccountSid | ForEach-Object sid) }
            @($truth.Values | ForEach-Object { $_ }).Count | Should -BeGreaterThan 8
            $parentBefore = @(Get-StudioEmulatorConversation $emu | Where-Object state -ne 'closed').Count

            $seq = Get-LastRequestSeq $emu
            $rehearsal = @($subs | Get-StudioStuckConversation | Where-Object State -eq Stranded | Close-StudioConversation -WhatIf -Summary)
            $rehearsal[-1].SkippedByWhatIf | Should -Be (@($truth.Values | ForEach-Object { $_ }).Count)
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

            $journal = Join-Path $TestDrive 'conversations.jsonl'
            $seq = Get-LastRequestSeq $emu
            $out = & {
                $stranded = @($subs | Get-StudioStuckConversation -Verbose -Debug | Where-Object State -eq Stranded)
                $stranded | ConvertTo-Json -Depth 5
                $stranded | Close-StudioConversation -Confirm:$false -PassThru -JournalPath $journal -Verbose -Debug
            } *>&1
            $closed = @($out | Where-Object { $_ -is [StudioCmdlets.Model.StudioConversationClose] })
            foreach ($s in $subs) {
                $mine = @($closed | Where-Object AccountSid -eq $s.AccountSid)
                ($mine.ConversationSid | Sort-Object) | Should -Be ($truth[$s.AccountSid] | Sort-Object) -Because "triage of $($s.AccountSid) finds its stranded, and only those"
                Get-StrandedConversationTruth $emu -AccountSid $s.AccountSid | Should -BeNullOrEmpty
                @(Get-StudioEmulatorConversation $emu -AccountSid $s.AccountSid | Where-Object { $_.truth -in 'live', 'parked' -and $_.state -eq 'closed' }) |
                    Should -BeNullOrEmpty -Because 'a queued customer or a parked conversation is never closed'
            }
            $closed | ForEach-Object { $_.Outcome | Should -Be 'Closed' }
            @(Get-StudioEmulatorConversation $emu | Where-Object state -ne 'closed').Count | Should -Be $parentBefore
            # Each subaccount was asked with its own credentials, never the parent's.
            $writes = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
            $writes.Count | Should -BeGreaterThan 0
            ($writes.user | Sort-Object -Unique) | Should -Be (@($truth.Keys | Where-Object { $truth[$_].Count -gt 0 }) | Sort-Object)
            # Both halves per contact, across the fleet, from the same pipeline.
            $blocked = @($subs | Get-StudioBlockedContact)
            $blocked | ForEach-Object { $_.AccountSid | Should -BeIn @($truth.Keys) }
            @($blocked.Blockers | Where-Object { $_.Kind -eq 'Conversation' -and $_.State -eq 'Stranded' }) | Should -BeNullOrEmpty
            $text = ($out | Out-String -Width 400) + (Get-Content -Raw $journal) + ($blocked | ConvertTo-Json -Depth 6)
            $text | Should -Match 'GET' -Because 'the debug stream was captured'
            foreach ($t in $tokens) { $text.Contains($t) | Should -BeFalse -Because 'a subaccount''s token is never shown' }
        }
    }
}
