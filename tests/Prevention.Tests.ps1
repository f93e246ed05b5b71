# Prevention: conversations that close themselves. The account's default timers and the open conversations' own,
# reported against -MaxWait and set (with the old values shown), and the numbers that lead into a Studio flow.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emu = Start-SuiteEmulator -Executions 300 -Seed 61
    $tenMinutes = New-TimeSpan -Minutes 10
}
AfterAll { Stop-StudioEmulator $emu; Reset-StudioConnection }

Describe 'Test-StudioConversationSetting' {
    It 'rates the account''s defaults and every open conversation''s timer against the ground truth' {
        $truth = @(Get-StudioEmulatorConversation $emu | Where-Object state -ne 'closed')
        # In the scenario only a conversation about to be released by its timer (waiting) has a close timer.
        $timed = @($truth | Where-Object truth -eq 'waiting')
        $timed.Count | Should -BeGreaterThan 0
        $seq = Get-LastRequestSeq $emu
        $findings = @(Test-StudioConversationSetting -MaxWait $tenMinutes)
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
        ($findings.Rule) | Should -Be @('DefaultClosedTimer', 'NoCloseTimer', 'LongCloseTimer')
        $default = $findings[0]
        $default.Severity | Should -Be 'Error'
        $default.IsUnbounded | Should -BeTrue
        $default.AccountSid | Should -Be $emu.AccountSid
        $default.Recommendation | Should -Match 'Set-StudioConversationSetting -DefaultClosedTimer PT10M'
        $forever = $findings[1]
        $forever.Severity | Should -Be 'Error'
        ($forever.ConversationSids | Sort-Object) | Should -Be (@($truth | Where-Object truth -ne 'waiting' | ForEach-Object sid) | Sort-Object)
        $forever.Detail | Should -Match 'do not count on them for these'
        # The waiting ones close in 20 to 50 minutes: beyond ten minutes, well within a day.
        $late = $findings[2]
        ($late.ConversationSids | Sort-Object) | Should -Be (@($timed.sid) | Sort-Object)
        $late.Severity | Should -Be 'Warning'
        $late.HoldsFor | Should -BeGreaterThan (New-TimeSpan -Minutes 19)
        $late.HoldsFor | Should -BeLessThan (New-TimeSpan -Minutes 51)
        # Within a generous -MaxWait the same timers are no finding at all.
        @(Test-StudioConversationSetting -MaxWait (New-TimeSpan -Hours 2)).Rule | Should -Not -Contain 'LongCloseTimer'

        $audit = Test-StudioConversationSetting -Summary -MaxWait $tenMinutes
        $audit | Should -BeOfType ([StudioCmdlets.Model.StudioConversationAudit])
        $audit.OpenConversations | Should -Be $truth.Count
        $audit.WithoutCloseTimer | Should -Be ($truth.Count - $timed.Count)
        $audit.CloseTimerBeyondMaxWait | Should -Be $timed.Count
        $audit.IsUnbounded | Should -BeTrue
        $audit.Errors | Should -Be 2
        $audit.Warnings | Should -Be 1
    }

    It 'refuses a -MaxWait of zero before any request' {
        $seq = Get-LastRequestSeq $emu
        { Test-StudioConversationSetting -MaxWait ([timespan]::Zero) } | Should -Throw -ErrorId 'InvalidMaxWait,StudioCmdlets.Commands.TestStudioConversationSettingCommand'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }
}

Describe 'Set-StudioConversationSetting' {
    It 'refuses values below Twilio''s minimums, and no value at all, before any request' {
        $seq = Get-LastRequestSeq $emu
        { Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Minutes 9) -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidConversationTimer,StudioCmdlets.Commands.SetStudioConversationSettingCommand'
        { Set-StudioConversationSetting -DefaultInactiveTimer (New-TimeSpan -Seconds 59) -DefaultClosedTimer (New-TimeSpan -Hours 1) -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidConversationTimer,StudioCmdlets.Commands.SetStudioConversationSettingCommand'
        { Set-StudioConversationSetting -Confirm:$false } | Should -Throw -ErrorId 'NoConversationSetting,StudioCmdlets.Commands.SetStudioConversationSettingCommand'
        $e = { Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Minutes 9) -Confirm:$false } | Should -Throw -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match 'at least 10m'
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'rehearses with -WhatIf, sets the defaults showing the old values, and puts them back' {
        $seq = Get-LastRequestSeq $emu
        $rehearsal = @(Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4) -WhatIf 6>$null)
        $rehearsal.Count | Should -Be 1
        $rehearsal[0].Outcome | Should -Be 'SkippedByWhatIf'
        $rehearsal[0].Before | Should -BeNullOrEmpty
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0

        $changes = @(Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4) -DefaultInactiveTimer (New-TimeSpan -Minutes 30) -Confirm:$false)
        ($changes.Setting) | Should -Be @('DefaultInactiveTimer', 'DefaultClosedTimer')
        $changes | ForEach-Object { $_.Outcome | Should -Be 'Changed'; $_.Before | Should -BeNullOrEmpty; $_.AccountSid | Should -Be $emu.AccountSid }
        $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
        $posts.Count | Should -Be 1
        $posts[0].path | Should -Be '/v1/Configuration'
        $posts[0].form | Should -Match '(^|&)DefaultClosedTimer=PT4H(&|$)'
        $posts[0].form | Should -Match '(^|&)DefaultInactiveTimer=PT30M(&|$)'

        # The report sees the new default: an orphan created from now on lets its contact go after four hours.
        $default = Test-StudioConversationSetting | Where-Object Rule -eq 'DefaultClosedTimer'
        $default.Severity | Should -Be 'Info'
        $default.HoldsFor | Should -Be (New-TimeSpan -Hours 4)

        # A second change shows the first one's value, which puts it back; the same value again changes nothing.
        $second = Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Days 2) -Confirm:$false
        $second.Before | Should -Be (New-TimeSpan -Hours 4)
        (Test-StudioConversationSetting | Where-Object Rule -eq 'DefaultClosedTimer').Severity | Should -Be 'Error'
        $back = Set-StudioConversationSetting -DefaultClosedTimer $second.Before -Confirm:$false
        $back.Before | Should -Be (New-TimeSpan -Days 2)
        $back.After | Should -Be (New-TimeSpan -Hours 4)
        $seq = Get-LastRequestSeq $emu
        (Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4) -Confirm:$false).Outcome | Should -Be 'Unchanged'
        @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq).Count | Should -Be 0
    }
}

Describe 'Get-StudioAddressConfiguration' {
    It 'lists the numbers that auto-create conversations with the flow each starts, and pipes them into the flow''s audit' {
        $all = @(Get-StudioAddressConfiguration)
        $all.Count | Should -Be 4
        $all | ForEach-Object { $_.AccountSid | Should -Be $emu.AccountSid; $_.Sid | Should -Match '^IG' }
        $studio = @($all | Where-Object Target -eq 'Studio')
        $studio.Count | Should -Be 2
        $flows = @(Get-StudioFlow)
        $studio | ForEach-Object { $_.FlowName | Should -Be ($flows | Where-Object Sid -eq $_.FlowSid).FriendlyName; $_.AutoCreation | Should -BeTrue }
        ($all | Where-Object Target -eq 'Webhook').WebhookUrl | Should -Match '^https://'
        ($all | Where-Object Target -eq 'Default').AutoCreation | Should -BeFalse

        # A number in any format, a channel's address, a type.
        # A number is the same contact on every channel (the one contact rule): its SMS and WhatsApp configurations.
        @(Get-StudioAddressConfiguration -Address '+1 (500) 555-0006' | ForEach-Object Address) | Should -Be @('+15005550006', 'whatsapp:+15005550006')
        @(Get-StudioAddressConfiguration -Address 'whatsapp:+15005550006' | ForEach-Object Address) | Should -Be @('whatsapp:+15005550006')
        @(Get-StudioAddressConfiguration -Type whatsapp | ForEach-Object Address) | Should -Be @('whatsapp:+15005550006')
        @(Get-StudioAddressConfiguration -Address '*5550007').Target | Should -Be @('Webhook')
        { Get-StudioAddressConfiguration -Address '' } | Should -Throw -ErrorId 'EmptyContactAddress,StudioCmdlets.Commands.GetStudioAddressConfigurationCommand'

        # From the number a customer writes to, to the audit of the flow it starts.
        $audits = @($studio | Test-StudioFlow -Summary)
        ($audits.FlowSid | Sort-Object) | Should -Be (@($studio.FlowSid) | Sort-Object)
    }
}

Describe 'Prevention across a fleet' {
    It 'reads and sets each subaccount''s defaults with its own credentials' {
        $fleet = Start-StudioEmulator -Arguments '--executions', '60', '--subaccounts', '2', '--subaccount-executions', '40'
        try {
            Use-StudioEmulator $fleet
            $subs = @(Get-StudioSubaccount)
            $audits = @($subs | Test-StudioConversationSetting -Summary)
            ($audits.AccountSid | Sort-Object) | Should -Be (@($subs.AccountSid) | Sort-Object)
            $seq = Get-LastRequestSeq $fleet
            $changes = @($subs | Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 6) -Confirm:$false)
            ($changes.AccountSid | Sort-Object) | Should -Be (@($subs.AccountSid) | Sort-Object)
            $posts = @(Get-StudioEmulatorRequest $fleet -Method POST -Since $seq)
            ($posts.user | Sort-Object) | Should -Be (@($subs.AccountSid) | Sort-Object)
            @($subs | Test-StudioConversationSetting | Where-Object Rule -eq 'DefaultClosedTimer').HoldsFor | Sort-Object -Unique | Should -Be (New-TimeSpan -Hours 6)
            # The parent's own defaults were not touched.
            (Test-StudioConversationSetting -Summary).IsUnbounded | Should -BeTrue
            @(Get-StudioAddressConfiguration -AccountSid $subs[0].AccountSid).AccountSid | Sort-Object -Unique | Should -Be $subs[0].AccountSid
        }
        finally { Stop-StudioEmulator $fleet; Use-StudioEmulator $emu }
    }
}
