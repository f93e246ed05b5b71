# The other half of the blackout: conversations that hold a contact. Every state is checked against the scenario's
# ground truth (the emulator's), never restated here.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 600 -Seed 43
    $truth = @{}; Get-StudioEmulatorConversation $emu | ForEach-Object { $truth[$_.sid] = $_ }
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'Get-StudioStuckConversation' {
    It 'gives every conversation that holds a contact the state its ground truth says, and leaves the closed ones out' {
        $seq = Get-LastRequestSeq $emu
        $triaged = @(Get-StudioStuckConversation)
        $open = @($truth.Values | Where-Object state -ne 'closed')
        $triaged.Count | Should -Be $open.Count
        foreach ($t in $triaged) {
            $t | Should -BeOfType ([StudioCmdlets.Model.StudioStuckConversation])
            $t.State.ToLowerInvariant() | Should -Be $truth[$t.Sid].truth -Because "$($t.Sid): $($t.Reason)"
            $t.ContactAddress | Should -Be $truth[$t.Sid].contact
            $t.AccountSid | Should -Be $emu.AccountSid
        }
        # Each kind is there to be told apart; a customer queued on a pending task for hours is live.
        ($triaged.State | Sort-Object -Unique) | Should -Be @('InFlow', 'Live', 'Parked', 'Stranded', 'Waiting')
        $queued = @($triaged | Where-Object { $_.TaskStatus -eq 'pending' })
        $queued.Count | Should -BeGreaterThan 0
        $queued | ForEach-Object { $_.State | Should -Be 'Live'; $_.BlockedFor | Should -BeGreaterThan (New-TimeSpan -Hours 1) }
        # Stranded ones that Flex knows carry the channel a close goes through; inactive ones are stranded too.
        @($triaged | Where-Object { $_.State -eq 'Stranded' -and $_.ChannelSid }).Count | Should -BeGreaterThan 0
        @($triaged | Where-Object { $_.State -eq 'Stranded' -and $_.ConversationState -eq 'Inactive' }).Count | Should -BeGreaterThan 0
        @($triaged | Where-Object State -eq 'Waiting') | ForEach-Object { $_.ReleasesAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow) }
        # The cost the help states: per account 3 requests (workspaces, open tasks, workers) and the listings; per conversation 2 to 4.
        $requests = @(Get-StudioEmulatorRequest $emu -Since $seq)
        $requests.Count | Should -BeLessOrEqual (3 + 2 + 4 * $open.Count)
        @($requests | Where-Object path -like '/v1/Workspaces/*/Tasks' | Where-Object query -like '*AssignmentStatus*').Count | Should -Be 1
        @($requests | Where-Object method -ne 'GET').Count | Should -Be 0
    }

    It 'finds a contact however the number is typed, WhatsApp and web-chat guests included, and warns about one that holds nothing' {
        $sms = $truth.Values | Where-Object { $_.state -ne 'closed' -and $_.contact -match '^\+1\d{10}$' } | Select-Object -First 1
        $typed = $sms.contact -replace '^\+1(\d{3})(\d{3})(\d{4})$', '+1 ($1) $2-$3'
        (Get-StudioStuckConversation -ContactAddress $typed).Sid | Should -Be $sms.sid
        $wa = $truth.Values | Where-Object { $_.state -ne 'closed' -and $_.contact -like 'whatsapp:*' } | Select-Object -First 1
        (Get-StudioStuckConversation -ContactAddress ($wa.contact -replace '^whatsapp:', '')).Sid | Should -Be $wa.sid
        $guest = $truth.Values | Where-Object { $_.state -ne 'closed' -and $_.contact -like 'guest-*' } | Select-Object -First 1
        (Get-StudioStuckConversation -ContactAddress "client:$($guest.contact)").Sid | Should -Be $guest.sid
        $warnings = $null
        Get-StudioStuckConversation -ContactAddress '+1 (555) 000-0001' -WarningVariable warnings | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
    }

    It 'refuses an empty or wrong scope before any request' {
        $seq = Get-LastRequestSeq $emu
        { Get-StudioStuckConversation -ConversationSid $null -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyConversationSid,StudioCmdlets.Commands.GetStudioStuckConversationCommand'
        { Get-StudioStuckConversation -ContactAddress @() -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyContactAddress,StudioCmdlets.Commands.GetStudioStuckConversationCommand'
        $errors = $null
        Get-StudioStuckConversation -ConversationSid 'FN0123456789abcdef0123456789abcdef' -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidConversationSid,StudioCmdlets.Commands.GetStudioStuckConversationCommand'
        $errors[0].TargetObject | Should -Be 'FN0123456789abcdef0123456789abcdef'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }
}

Describe 'Get-StudioConversation' {
    It 'lists every conversation with the contact it holds, our number, and when it was last used' {
        $all = @(Get-StudioConversation)
        $all.Count | Should -Be $truth.Count
        foreach ($c in $all) {
            $c.State.ToLowerInvariant() | Should -Be $truth[$c.Sid].state
            $c.ContactAddress | Should -Be $truth[$c.Sid].contact
            $c.ProxyAddress | Should -Be $truth[$c.Sid].proxy
            if ($c.State -ne 'Closed') { $c.HeldFor | Should -BeGreaterThan ([TimeSpan]::Zero) }
        }
        $inactive = @(Get-StudioConversation -State Inactive)
        $inactive.Count | Should -Be @($truth.Values | Where-Object state -eq 'inactive').Count
        $one = $all[3]
        (Get-StudioConversation -ConversationSid $one.Sid).Sid | Should -Be $one.Sid
        # Piped on, by SID: triaged exactly those.
        (@($all | Where-Object State -ne 'Closed' | Select-Object -First 3 | Get-StudioStuckConversation).Sid | Sort-Object) |
            Should -Be (@($all | Where-Object State -ne 'Closed' | Select-Object -First 3).Sid | Sort-Object)
    }

    It 'fits 80 columns and keeps the end of a long contact' {
        $lines = @((Get-StudioConversation | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^State\s+Held\s+Idle\s+ContactAddress\s+Sid'
    }
}

Describe 'Close-StudioConversation' {
    It 'rehearses with -WhatIf: every conversation reported as skipped, nothing sent' {
        $seq = Get-LastRequestSeq $emu
        $stranded = @(Get-StudioStuckConversation | Where-Object State -eq Stranded)
        $seq = Get-LastRequestSeq $emu
        $rehearsal = @($stranded | Close-StudioConversation -WhatIf -PassThru 6>$null)
        $rehearsal.Count | Should -Be $stranded.Count
        $rehearsal.Outcome | Sort-Object -Unique | Should -Be 'SkippedByWhatIf'
        ($rehearsal.ContactAddress | Sort-Object) | Should -Be ($stranded.ContactAddress | Sort-Object)
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'closes exactly the stranded, through Flex where Flex has a channel, journaled ahead, and the contact''s next message reaches a new conversation' {
        $stranded = @(Get-StudioStuckConversation | Where-Object State -eq Stranded)
        $stranded.Count | Should -Be @($truth.Values | Where-Object truth -eq 'stranded').Count
        $journal = Join-Path $TestDrive 'close.jsonl'
        $seq = Get-LastRequestSeq $emu
        $out = @($stranded | Close-StudioConversation -Confirm:$false -PassThru -JournalPath $journal)
        $out.Count | Should -Be $stranded.Count
        $out.Outcome | Sort-Object -Unique | Should -Be 'Closed'
        ($out | Where-Object ChannelSid).ClosedVia | Sort-Object -Unique | Should -Be 'InteractionChannel'
        ($out | Where-Object { -not $_.ChannelSid }).ClosedVia | Sort-Object -Unique | Should -Be 'Conversation'
        # The ground truth after: every stranded closed, its open tasks none; nothing else touched.
        $after = @{}; Get-StudioEmulatorConversation $emu | ForEach-Object { $after[$_.sid] = $_ }
        foreach ($c in $truth.Values) {
            if ($c.truth -eq 'stranded') { $after[$c.sid].state | Should -Be 'closed' -Because $c.sid }
            else { $after[$c.sid].state | Should -Be $c.state -Because "$($c.sid) is $($c.truth), not ours to close" }
        }
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be $stranded.Count
        # Written ahead: an Attempted line before each close, then its outcome, each naming the contact.
        $lines = @(Get-Content $journal | ForEach-Object { $_ | ConvertFrom-Json })
        @($lines | Where-Object outcome -eq 'Attempted').Count | Should -Be $stranded.Count
        @($lines | Where-Object outcome -eq 'Closed').Count | Should -Be $stranded.Count
        $lines | ForEach-Object { $_.contact | Should -Not -BeNullOrEmpty; $_.accountSid | Should -Be $emu.AccountSid }
        # The proof of the cure: the contact writes again, and a new conversation takes the message.
        $phone = $stranded | Where-Object { $_.ContactAddress -like '+*' } | Select-Object -First 1
        $inbound = Send-StudioEmulatorInbound $emu -From $phone.ContactAddress
        $inbound.Created | Should -BeTrue
        $inbound.ConversationSid | Should -Not -Be $phone.Sid
    }

    It 'says a second run closed nothing: each already closed, no close sent' {
        $sids = @($truth.Values | Where-Object truth -eq 'stranded' | ForEach-Object sid)
        $seq = Get-LastRequestSeq $emu
        $summary = $sids | Close-StudioConversation -Confirm:$false -Summary
        $summary.Requested | Should -Be $sids.Count
        $summary.AlreadyClosed | Should -Be $sids.Count
        $summary.Closed | Should -Be 0
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }

    It 'refuses bad input with a clear error before any request, and reports a missing conversation once' {
        $seq = Get-LastRequestSeq $emu
        { Close-StudioConversation -ConversationSid $null -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyConversationSid,StudioCmdlets.Commands.CloseStudioConversationCommand'
        { Close-StudioConversation -ConversationSid ('CH' + '0' * 32) -JournalPath '' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyJournalPath,StudioCmdlets.Commands.CloseStudioConversationCommand'
        $errors = $null
        'FN0123456789abcdef0123456789abcdef' | Close-StudioConversation -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidConversationSid,StudioCmdlets.Commands.CloseStudioConversationCommand'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
        $missing = 'CH' + '0' * 31 + '7'
        $out = @($missing | Close-StudioConversation -Confirm:$false -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Outcome | Should -Be 'Failed'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioConversationNotFound,StudioCmdlets.Commands.CloseStudioConversationCommand'
        $errors[0].TargetObject | Should -Be $missing
    }
}

Describe 'One line per customer, both halves' {
    It 'lists a contact held both ways with each blocker, rehearses, then ends and closes only the stranded' {
        Invoke-WithEmulator -Arguments @('--executions', '600', '--seed', '45') -Test {
            param($emu)
            $executionTruth = @{}; (Get-StudioEmulatorState $emu).active_executions | ForEach-Object { $executionTruth[$_.sid] = $_ }
            $conversationTruth = @{}; Get-StudioEmulatorConversation $emu | ForEach-Object { $conversationTruth[$_.sid] = $_ }
            # A contact that a stranded execution and a stranded conversation both hold: the scenario has some.
            $both = $conversationTruth.Values | Where-Object { $_.truth -eq 'stranded' -and $_.contact -in @($executionTruth.Values | Where-Object truth -eq 'stranded').contact_channel_address } | Select-Object -First 1
            $both | Should -Not -BeNullOrEmpty
            $typed = $both.contact -replace '^\+1(\d{3})(\d{3})(\d{4})$', '+1 ($1) $2-$3'
            $contact = @(Get-StudioBlockedContact -ContactAddress $typed)
            $contact.Count | Should -Be 1
            $contact[0].Executions | Should -BeGreaterThan 0
            $contact[0].Conversations | Should -BeGreaterThan 0
            foreach ($b in $contact[0].Blockers) {
                $truth = if ($b.Kind -eq 'Execution') { $executionTruth[$b.Sid].truth } else { $conversationTruth[$b.Sid].truth }
                $b.State.ToLowerInvariant() | Should -Be $truth -Because "$($b.Kind) $($b.Sid)"
            }
            $seq = Get-LastRequestSeq $emu
            $rehearsal = @($contact | Unblock-StudioContact -WhatIf 6>$null)
            $rehearsal.Count | Should -Be $contact[0].Blockers.Count
            ($rehearsal | Where-Object State -eq 'Stranded').Outcome | Sort-Object -Unique | Should -Be 'SkippedByWhatIf'
            @($rehearsal | Where-Object State -ne 'Stranded') | ForEach-Object { $_.Outcome | Should -Be 'LeftAlone' }
            @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
            $records = @($contact | Unblock-StudioContact -Confirm:$false)
            ($records | Where-Object { $_.State -eq 'Stranded' -and $_.Kind -eq 'Execution' }).Outcome | Sort-Object -Unique | Should -Be 'Ended'
            ($records | Where-Object { $_.State -eq 'Stranded' -and $_.Kind -eq 'Conversation' }).Outcome | Sort-Object -Unique | Should -Be 'Closed'
            # Both halves cured: no stranded blocker holds the contact, and its next message reaches a new conversation.
            @(Get-StudioBlockedContact -ContactAddress $both.contact -WarningAction SilentlyContinue | ForEach-Object Blockers | Where-Object State -eq 'Stranded') | Should -BeNullOrEmpty
            (Send-StudioEmulatorInbound $emu -From $both.contact).Created | Should -BeTrue
        }
    }
}

Describe 'A close run killed mid-way' {
    It 'leaves no conversation closed that the journal does not name' {
        Invoke-WithEmulator -Arguments @('--executions', '100', '--stuck', '0', '--conversations', '1000', '--seed', '46') -Test {
            param($emu)
            $csv = Join-Path $TestDrive 'stranded-conversations.csv'
            $journal = Join-Path $TestDrive 'killed-close.jsonl'
            Get-StudioStuckConversation -ThrottleLimit 32 | Where-Object State -eq 'Stranded' | Select-Object ConversationSid, InteractionSid, ChannelSid, ContactAddress | Export-Csv $csv
            $rows = @(Import-Csv $csv)
            $rows.Count | Should -Be 200
            # Twilio carries out each close at once and answers it 150 ms later: a process killed meanwhile never hears.
            Set-StudioEmulatorKnob $emu @{ latency_ms = 150; latency_after_write = $true } | Out-Null
            $script = "Import-Module '$(Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1')'; " +
                "Import-Csv '$csv' | Close-StudioConversation -Confirm:`$false -ThrottleLimit 16 -JournalPath '$journal' | Out-Null"
            $environment = @{ TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
            $child = [System.Diagnostics.Process]::Start((New-ChildPwshStart $script $environment))
            try {
                $child.StandardInput.Close()
                [void]$child.StandardOutput.ReadToEndAsync()
                [void]$child.StandardError.ReadToEndAsync()
                $deadline = (Get-Date).AddSeconds(90)
                while (-not $child.HasExited -and (Get-Date) -lt $deadline -and (-not (Test-Path $journal) -or @(Get-Content $journal).Count -lt 60)) { Start-Sleep -Milliseconds 10 }
                $child.HasExited | Should -BeFalse -Because 'the run must still be going when it is killed'
                $child.Kill() # SIGKILL: no finally, no flush
                $child.WaitForExit(10000) | Should -BeTrue
            }
            finally { if (-not $child.HasExited) { $child.Kill($true) }; $child.Dispose() }
            Start-Sleep -Milliseconds 400 # what was sent is carried out on the service by now
            $closed = @(Get-StudioEmulatorConversation $emu | Where-Object { $_.sid -in $rows.ConversationSid -and $_.state -eq 'closed' })
            $closed.Count | Should -BeGreaterThan 0
            $closed.Count | Should -BeLessThan $rows.Count
            $attempted = @(Get-Content $journal | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object outcome -eq 'Attempted' | ForEach-Object sid)
            @($closed.sid | Where-Object { $_ -notin $attempted }) | Should -BeNullOrEmpty -Because 'every conversation the service closed is in the journal, written ahead'
        }
    }
}

Describe 'Conversations across a fleet' {
    It 'triages each subaccount''s conversations with its own credentials, against its own ground truth' {
        Invoke-WithEmulator -Arguments @('--executions', '60', '--stuck', '2', '--subaccounts', '3', '--subaccount-executions', '40', '--subaccount-stuck', '4', '--subaccount-conversations', '12', '--seed', '74') -Test {
            param($emu)
            $seq = Get-LastRequestSeq $emu
            $subs = @(Get-StudioSubaccount)
            $triaged = @($subs | Get-StudioStuckConversation)
            foreach ($sub in $subs) {
                $theirs = @{}; Get-StudioEmulatorConversation $emu -AccountSid $sub.AccountSid | ForEach-Object { $theirs[$_.sid] = $_ }
                $mine = @($triaged | Where-Object AccountSid -eq $sub.AccountSid)
                $mine.Count | Should -Be @($theirs.Values | Where-Object state -ne 'closed').Count
                $mine | ForEach-Object { $_.State.ToLowerInvariant() | Should -Be $theirs[$_.Sid].truth }
            }
            $closed = @($triaged | Where-Object State -eq Stranded | Close-StudioConversation -Confirm:$false -PassThru)
            $closed.Outcome | Sort-Object -Unique | Should -Be 'Closed'
            foreach ($sub in $subs) {
                @(Get-StudioEmulatorConversation $emu -AccountSid $sub.AccountSid | Where-Object { $_.truth -eq 'stranded' -and $_.state -ne 'closed' }) | Should -BeNullOrEmpty
            }
            $v1 = @(Get-StudioEmulatorRequest $emu -Since $seq | Where-Object path -like '/v1/*')
            ($v1.user | Sort-Object -Unique) | Should -Be ($subs.AccountSid | Sort-Object)
        }
    }
}
