# Dependency isolation on PowerShell 7: another module's versions of our dependencies, loaded first, do not
# break the module, and ours never replace theirs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    $emu = Start-StudioEmulator -Arguments '--executions', '600'
    $cache = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}
AfterAll {
    Stop-StudioEmulator $emu
    Reset-StudioConnection
}

Describe 'Dependency isolation' {
    It 'works after another module loaded older IdentityModel and Polly, and keeps its own copies in a private load context' {
        $preload = @(
            "$cache/microsoft.identitymodel.abstractions/7.7.1/lib/netstandard2.0/Microsoft.IdentityModel.Abstractions.dll"
            "$cache/microsoft.identitymodel.logging/7.7.1/lib/netstandard2.0/Microsoft.IdentityModel.Logging.dll"
            "$cache/microsoft.identitymodel.tokens/7.7.1/lib/netstandard2.0/Microsoft.IdentityModel.Tokens.dll"
            "$cache/polly.core/8.1.0/lib/netstandard2.0/Polly.Core.dll"
        )
        $preload | ForEach-Object { Test-Path $_ | Should -BeTrue -Because "$_ is restored by the test project" }
        $truth = Get-ScenarioTruth $emu
        $script = @"
`$ErrorActionPreference = 'Stop'
# Another module got here first, with older versions of what we depend on.
'$($preload -join "','")' | ForEach-Object { [System.Reflection.Assembly]::LoadFrom(`$_) | Out-Null }
Import-Module ./out/StudioCmdlets
`$summary = Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) | Stop-StudioExecution -Confirm:`$false -Summary
`$ctx = [System.Runtime.Loader.AssemblyLoadContext]
`$where = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Twilio', 'Polly.Core', 'Microsoft.IdentityModel.Tokens', 'Newtonsoft.Json', 'StudioCmdlets.Engine', 'StudioCmdlets', 'StudioCmdlets.Contract' } |
    ForEach-Object { '{0}|{1}|{2}' -f `$_.GetName().Name, `$_.GetName().Version, `$ctx::GetLoadContext(`$_).Name }
[pscustomobject]@{ Ended = `$summary.Ended; Loaded = `$where } | ConvertTo-Json -Compress
"@
        $r = Invoke-ChildPwsh -Script $script -Environment @{ TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
        $r.Error | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $result = $r.Output | ConvertFrom-Json
        $result.Ended | Should -Be $truth.Stuck
        $loaded = $result.Loaded
        # Ours, in the module's own context.
        $loaded | Should -Contain 'StudioCmdlets.Engine|0.1.0.0|StudioCmdlets'
        $loaded | Should -Contain 'Twilio|8.2.0.0|StudioCmdlets'
        @($loaded | Where-Object { $_ -like 'Polly.Core|*|StudioCmdlets' }).Count | Should -Be 1
        @($loaded | Where-Object { $_ -like 'Microsoft.IdentityModel.Tokens|8.*|StudioCmdlets' }).Count | Should -Be 1
        @($loaded | Where-Object { $_ -like 'Newtonsoft.Json|*|StudioCmdlets' }).Count | Should -Be 1
        # Theirs, untouched, in the default context; and the cmdlets themselves load there, where PowerShell put them.
        $loaded | Should -Contain 'Microsoft.IdentityModel.Tokens|7.7.1.0|Default'
        @($loaded | Where-Object { $_ -like 'Polly.Core|*|Default' }).Count | Should -Be 1
        $loaded | Should -Contain 'StudioCmdlets|0.1.0.0|Default'
        # The contract both sides share: one copy, beside the cmdlets, so the engine's records and theirs are one type.
        @($loaded | Where-Object { $_ -like 'StudioCmdlets.Contract|*' }) | Should -Be @('StudioCmdlets.Contract|0.1.0.0|Default')
    }

    It 'takes the .NET Framework path when forced: the resolver registers at import, answers only the module''s own requests, and goes at Remove-Module' {
        $flow = Join-Path $TestDrive 'flow.json'
        Set-Content $flow '{"states":[{"name":"Trigger","type":"trigger","properties":{},"transitions":[{"event":"incomingMessage","next":"ask"}]},{"name":"ask","type":"send-and-wait-for-reply","properties":{"timeout":"172800"},"transitions":[{"event":"timeout"}]}],"initial_state":"Trigger","flags":{"allow_concurrent_calls":true}}'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module ./out/StudioCmdlets
`$init = [StudioCmdlets.Hosting.ModuleInitializer]
`$flags = [System.Reflection.BindingFlags]'NonPublic, Static'
function Get-Init([string] `$name) { `$init.GetProperty(`$name, `$flags).GetValue(`$null) }
`$registered = Get-Init Registered
# Another assembly's failed load is not ours to answer.
`$stranger = try { [System.Reflection.Assembly]::Load('Polly.Core') | Out-Null; 'answered' } catch { 'refused' }
# No request: the audit of a file binds System.Text.Json and the rest from Dependencies.
`$finding = (Test-StudioFlow -Path '$flow' | Where-Object Rule -ne 'WorstCase').Rule
`$recent = Get-StudioExecution -Status Active | Where-Object Age -lt (New-TimeSpan -Hours 1) | Select-Object -First 1
`$summary = `$recent | Stop-StudioExecution -Confirm:`$false -Summary
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'StudioCmdlets.Engine' }
`$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
# The resolver itself: the module's own request for any version gets the shipped one; PowerShell's gets nothing.
`$resolve = `$init.GetMethod('Resolve', `$flags)
`$ours = `$resolve.Invoke(`$null, @(`$null, [ResolveEventArgs]::new('Polly.Core, Version=7.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc', `$engine)))
`$theirs = `$resolve.Invoke(`$null, @(`$null, [ResolveEventArgs]::new('Polly.Core, Version=7.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc', [psobject].Assembly)))
# The engine's request for the contract gets the copy beside the cmdlets, the one they use: one copy in all.
`$contract = `$resolve.Invoke(`$null, @(`$null, [ResolveEventArgs]::new('StudioCmdlets.Contract, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null', `$engine)))
`$contracts = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'StudioCmdlets.Contract' }).Count
Remove-Module StudioCmdlets
[pscustomobject]@{ Registered = `$registered; Stranger = `$stranger; Finding = `$finding; Ended = `$summary.Ended; Context = `$context
    Ours = `$ours.GetName().Version.Major; OursPath = `$ours.Location; EnginePath = `$engine.Location; Theirs = `$null -eq `$theirs; ContractPath = `$contract.Location; Contracts = `$contracts; Answered = (Get-Init Answered); After = (Get-Init Registered) } | ConvertTo-Json -Compress
"@
        $r = Invoke-ChildPwsh -Script $script -Environment @{ STUDIOCMDLETS_DESKTOP_LOADER = '1'; TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl }
        $r.Error | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $result = ($r.Output.Trim() -split "`n")[-1] | ConvertFrom-Json
        $result.Registered | Should -BeTrue
        $result.Stranger | Should -Be 'refused'
        $result.Finding | Should -Be 'LongWait'
        $result.Ended | Should -Be 1
        $result.Context | Should -Be 'Default'
        $result.Ours | Should -Be 8
        # The .NET Framework builds, from Dependencies/Desktop.
        $result.OursPath | Should -BeLike '*Dependencies?Desktop?Polly.Core.dll'
        $result.EnginePath | Should -BeLike '*Dependencies?Desktop?StudioCmdlets.Engine.dll'
        $result.Theirs | Should -BeTrue
        $result.ContractPath | Should -Be (Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.Contract.dll')
        $result.Contracts | Should -Be 1
        $result.Answered | Should -BeGreaterThan 0
        $result.After | Should -BeFalse
    }
}

Describe 'The reference closure on .NET Framework 4.7.2' {
    BeforeAll {
        Import-Module (Join-Path $RepoRoot 'tools/DesktopClosure.psm1') -Force
        $framework = Join-Path $cache 'microsoft.netframework.referenceassemblies.net472/1.0.3/build/.NETFramework/v4.7.2'
    }

    It 'binds every reference of every shipped DLL, and docs/compatibility.md carries the same table' {
        $closure = @(Get-DesktopClosure -ModuleFolder (Join-Path $RepoRoot 'out/StudioCmdlets') -FrameworkFolder $framework)
        $closure.Count | Should -BeGreaterThan 50
        @($closure | Where-Object ResolvedBy -eq 'UNRESOLVED') | Should -BeNullOrEmpty
        # The mismatches a reading of the shipped files finds are answered by the module's resolver.
        ($closure | Where-Object { $_.Reference -eq 'System.Runtime.CompilerServices.Unsafe' -and "$($_.Referenced)" -eq '4.0.4.1' }).ResolvedBy | Sort-Object -Unique | Should -Be 'module resolver (unified)'
        $docs = Get-Content (Join-Path $RepoRoot 'docs/compatibility.md')
        foreach ($row in ConvertTo-ClosureTable $closure) { $docs | Should -Contain $row }
    }

    It 'finds a reference nothing would bind, as the build must fail on it' {
        $module = Join-Path $TestDrive 'StudioCmdlets'
        Copy-Item -Recurse (Join-Path $RepoRoot 'out/StudioCmdlets') $module
        # An assembly that references one the module does not ship (xunit.abstractions).
        Copy-Item (Join-Path $RepoRoot 'tests/StudioCmdlets.Tests/bin/Release/net10.0/xunit.core.dll') (Join-Path $module 'Dependencies/Desktop')
        $unresolved = @(Get-DesktopClosure -ModuleFolder $module -FrameworkFolder $framework | Where-Object ResolvedBy -eq 'UNRESOLVED')
        $unresolved.Reference | Should -Contain 'xunit.abstractions'
    }
}
