# Connecting: credentials, the environment, endpoints, and secrets that never show.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    $emu = Start-StudioEmulator -Arguments '--executions', '300'
    $token = ConvertTo-SecureString $emu.AuthToken -AsPlainText -Force
    $credential = [pscredential]::new($emu.AccountSid, $token)
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Without credentials' {
    BeforeEach { Reset-StudioConnection }

    It 'stops with one terminating error that says how to provide them' {
        $err = { Get-StudioFlow } | Should -Throw -ErrorId 'StudioNotConnected,StudioCmdlets.Commands.GetStudioFlowCommand' -PassThru
        $err.Exception.Message | Should -Match 'Connect-StudioAccount'
        $err.Exception.Message | Should -Match 'TWILIO_ACCOUNT_SID'
        $err.Exception.Message | Should -Match 'TWILIO_API_KEY'
    }

    It 'Get-StudioAccount reports the missing connection' {
        $errors = $null
        Get-StudioAccount -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'StudioNotConnected,StudioCmdlets.Commands.GetStudioAccountCommand'
    }

    It 'reports incomplete environment credentials' {
        $env:TWILIO_ACCOUNT_SID = $emu.AccountSid
        { Get-StudioFlow } | Should -Throw -ErrorId 'IncompleteEnvironmentCredentials,StudioCmdlets.Commands.GetStudioFlowCommand'
    }
}

Describe 'Connect-StudioAccount' {
    BeforeEach { Reset-StudioConnection }

    It 'connects with an Account SID and auth token, checks them, and shows the connection without the secret' {
        $account = Connect-StudioAccount -Credential $credential -Endpoint $emu.BaseUrl -PassThru
        $account.AccountSid | Should -Be $emu.AccountSid
        $account.AuthType | Should -Be 'AuthToken'
        $account.Source | Should -Be 'Connect-StudioAccount'
        (Get-StudioFlow).Count | Should -Be 4
        $shown = (Get-StudioAccount | Format-List * | Out-String) + (Get-StudioAccount | ConvertTo-Json)
        $shown | Should -Not -Match ([regex]::Escape($emu.AuthToken))
    }

    It 'connects with an API key and -AccountSid' {
        $key = [pscredential]::new('SK00000000000000000000000000000001', (ConvertTo-SecureString 'emulator-api-secret-0001' -AsPlainText -Force))
        Connect-StudioAccount -Credential $key -AccountSid $emu.AccountSid -Endpoint $emu.BaseUrl
        (Get-StudioAccount).AuthType | Should -Be 'ApiKey'
        (Get-StudioFlow).Count | Should -Be 4
        { Connect-StudioAccount -Credential $key -Endpoint $emu.BaseUrl } | Should -Throw -ErrorId 'AccountSidRequired,StudioCmdlets.Commands.ConnectStudioAccountCommand'
    }

    It 'refuses wrong credentials with a terminating authentication error, and keeps no connection' {
        $wrong = [pscredential]::new($emu.AccountSid, (ConvertTo-SecureString 'wrong-token' -AsPlainText -Force))
        $err = { Connect-StudioAccount -Credential $wrong -Endpoint $emu.BaseUrl } | Should -Throw -ErrorId 'StudioAuthenticationFailed,StudioCmdlets.Commands.ConnectStudioAccountCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match '20003'
        $err.Exception.Message | Should -Not -Match 'wrong-token'
        { Get-StudioFlow } | Should -Throw -ErrorId 'StudioNotConnected,StudioCmdlets.Commands.GetStudioFlowCommand'
    }

    It 'rejects endpoints that would leak credentials: <Case>' -ForEach @(
        @{ Case = 'plain http to a remote host'; Endpoint = 'http://studio.example.com'; Id = 'InsecureEndpoint' }
        @{ Case = 'credentials in the URL'; Endpoint = 'https://user:pass@proxy.example.com'; Id = 'EndpointContainsCredentials' }
        @{ Case = 'not a URL'; Endpoint = 'studio'; Id = 'InvalidEndpoint' }
        @{ Case = 'ftp'; Endpoint = 'ftp://127.0.0.1'; Id = 'InvalidEndpoint' }
    ) {
        $seq = Get-LastRequestSeq $emu
        { Connect-StudioAccount -Credential $credential -Endpoint $Endpoint } | Should -Throw -ErrorId "$Id,StudioCmdlets.Commands.ConnectStudioAccountCommand"
        @(Get-StudioEmulatorRequest $emu -Since $seq).Count | Should -Be 0
    }

    It 'rejects a user name that is not an Account or API key SID' {
        $bad = [pscredential]::new('admin', $token)
        { Connect-StudioAccount -Credential $bad -Endpoint $emu.BaseUrl } | Should -Throw -ErrorId 'InvalidCredentialUserName,StudioCmdlets.Commands.ConnectStudioAccountCommand'
    }

    It 'Disconnect-StudioAccount falls back to the environment' {
        Connect-StudioAccount -Credential $credential -Endpoint $emu.BaseUrl
        Disconnect-StudioAccount
        Use-StudioEmulator $emu
        (Get-StudioAccount).Source | Should -Be 'Environment'
        (Get-StudioAccount).Endpoint | Should -Be ([uri]$emu.BaseUrl)
        (Get-StudioFlow).Count | Should -Be 4
    }

    It 'never writes the token in verbose or debug output' {
        Use-StudioEmulator $emu
        $all = Get-StudioFlow -Verbose -Debug 4>&1 5>&1 | Out-String
        $all | Should -Match 'GET http://127.0.0.1'
        $all | Should -Not -Match ([regex]::Escape($emu.AuthToken))
        $all | Should -Not -Match 'Authorization'
    }
}

Describe 'The module' {
    It 'has a valid manifest whose exported cmdlets are the cmdlets it has' {
        $manifest = Test-ModuleManifest (Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1')
        $manifest.Version | Should -Be ([version]([xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix)
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        (Get-Command -Module StudioCmdlets).Name | Sort-Object | Should -Be ($manifest.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'declares [OutputType] on every cmdlet and has a table view for every output type' {
        $formats = Read-ModuleFormats
        $viewed = $formats.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        foreach ($command in Get-Command -Module StudioCmdlets) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) declares what it emits"
            foreach ($t in $command.OutputType.Type | Where-Object { $_ -ne [void] }) { $t.FullName | Should -BeIn $viewed }
        }
    }

    It 'uses approved verbs' {
        Get-Command -Module StudioCmdlets | ForEach-Object { $_.Verb | Should -BeIn (Get-Verb).Verb }
    }
}

Describe 'Completion and display' {
    BeforeAll { Reset-StudioConnection }

    It 'completes -FlowSid with live flows (showing their names) and -Name with names; silently nothing without a connection' {
        $none = TabExpansion2 -inputScript 'Get-StudioExecution -FlowSid ' -cursorColumn 'Get-StudioExecution -FlowSid '.Length
        $none.CompletionMatches.Count | Should -Be 0
        Use-StudioEmulator $emu
        $line = 'Stop-StudioExecution -FlowSid '
        $sids = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $sids.Count | Should -Be 4
        $sids | ForEach-Object { $_.CompletionText | Should -Match '^FW[0-9a-f]{32}$' }
        ($sids.ToolTip -join ';') | Should -Match 'Inbound SMS Support'
        $line = 'Get-StudioFlow -Name Web'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $names.CompletionText | Should -Be "'Webchat Concierge'"
        $line = 'Get-StudioExecution -Status '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Active', 'Ended')
    }

    It 'has table views no wider than 120 columns, and list views for what people inspect' {
        $formats = Read-ModuleFormats
        foreach ($view in $formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
            $widths = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { if ($_.Width) { [int]$_.Width } else { 0 } })
            # Columns without a width take the rest; those with one, plus a space between columns, must fit.
            ($widths | Measure-Object -Sum).Sum + $widths.Count - 1 | Should -BeLessOrEqual 120 -Because $view.Name
        }
        $lists = $formats.Configuration.ViewDefinitions.View | Where-Object { $_.ListControl } | ForEach-Object { $_.ViewSelectedBy.TypeName }
        'StudioCmdlets.Model.StudioExecution', 'StudioCmdlets.Model.StudioFlow', 'StudioCmdlets.Model.StudioExecutionStep' | ForEach-Object { $_ | Should -BeIn $lists }
        Use-StudioEmulator $emu
        $text = Get-StudioExecution -Status Active | Select-Object -First 3 | Format-Table | Out-String -Width 120
        $text | Should -Match 'Age'
        $text -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
        (Get-StudioExecution -Status Active | Select-Object -First 1 | Format-List | Out-String) | Should -Match 'IdleTime\s+: \d+(d|h|m|s)'
    }
}
