# Packaging: the nupkg installs with Install-PSResource from a local repository and works; the zip is laid out
# for an Automation account.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Reset-StudioConnection
    Import-Module (Join-Path $RepoRoot 'tools/BuildSupport.psm1') -Force
    $version = Get-ProductVersion $RepoRoot
    & dotnet ([System.Reflection.Assembly]::GetEntryAssembly().Location) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') -Task Package -NoBuild | Out-Null
    $nupkg = Join-Path $RepoRoot "out/StudioCmdlets.$version.nupkg"
    $zip = Join-Path $RepoRoot 'out/StudioCmdlets.zip'
}
AfterAll { Reset-StudioConnection }

Describe 'Packages' {
    It 'installs from a local repository with Install-PSResource into a fresh user scope, imports by name and works' {
        Test-Path $nupkg | Should -BeTrue
        $repo = Join-Path $TestDrive 'repo'
        $home2 = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory $repo, $home2 | Out-Null
        Copy-Item $nupkg $repo
        $emu = Start-StudioEmulator -Arguments '--executions', '300'
        try {
            $cache = Get-NuGetCache
            $script = "`$ErrorActionPreference = 'Stop'; Register-PSResourceRepository -Name Local -Uri '$repo' -Trusted; " +
                "Install-PSResource -Name StudioCmdlets -Repository Local -Scope CurrentUser -TrustRepository; " +
                "`$m = Import-Module StudioCmdlets -PassThru; `$active = @(Get-StudioExecution -Status Active); " +
                "[pscustomobject]@{ Version = `$m.Version.ToString(); Path = `$m.ModuleBase; Active = `$active.Count; Commands = @(`$m.ExportedCmdlets.Keys).Count } | ConvertTo-Json -Compress"
            $r = Invoke-ChildPwsh -Script $script -Environment @{
                HOME = $home2; NUGET_PACKAGES = $cache
                TWILIO_ACCOUNT_SID = $emu.AccountSid; TWILIO_AUTH_TOKEN = $emu.AuthToken; STUDIOCMDLETS_ENDPOINT = $emu.BaseUrl
            }
            $r.Error | Should -BeNullOrEmpty
            $r.ExitCode | Should -Be 0
            $result = ($r.Output.Trim() -split "`n")[-1] | ConvertFrom-Json
            $result.Version | Should -Be $version
            $result.Path | Should -BeLike "$home2*"
            $result.Active | Should -Be (Get-ScenarioTruth $emu).Active
            $result.Commands | Should -Be (Import-PowerShellDataFile (Join-Path $RepoRoot 'module/StudioCmdlets.psd1')).CmdletsToExport.Count
        }
        finally { Stop-StudioEmulator $emu }
    }

    It 'has a zip named like the module, holding one folder of that name with the manifest inside' {
        Test-Path $zip | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($zip)
        try {
            $names = $archive.Entries.FullName -replace '\\', '/'
            ($names | ForEach-Object { ($_ -split '/')[0] } | Sort-Object -Unique) | Should -Be 'StudioCmdlets'
            $names | Should -Contain 'StudioCmdlets/StudioCmdlets.psd1'
            $names | Should -Contain 'StudioCmdlets/StudioCmdlets.dll'
            $names | Should -Contain 'StudioCmdlets/Dependencies/Twilio.dll'
            $names | Should -Contain 'StudioCmdlets/Dependencies/StudioCmdlets.Engine.dll'
        }
        finally { $archive.Dispose() }
    }

    It 'is found by command: PSCommand_ tags for every cmdlet, PSIncludes_Cmdlet, topics and release notes in the nuspec' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $entry = $archive.Entries | Where-Object FullName -eq 'StudioCmdlets.nuspec'
            $reader = [System.IO.StreamReader]::new($entry.Open())
            $nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
            $names = @($archive.Entries.FullName -replace '\\', '/')
        }
        finally { $archive.Dispose() }
        $tags = $nuspec.package.metadata.tags -split '\s+'
        foreach ($command in (Get-Command -Module StudioCmdlets).Name) { $tags | Should -Contain "PSCommand_$command" }
        $tags | Should -Contain 'PSIncludes_Cmdlet'
        $tags | Should -Contain 'Twilio'
        $nuspec.package.metadata.releaseNotes | Should -Match 'Stop-StudioExecution'
        # No compiler XML documentation, and no assembly twice in one folder set: one copy for PowerShell 7
        # (Dependencies) and one .NET Framework build for Windows PowerShell (Dependencies/Desktop), never both at the root.
        $names | Where-Object { $_ -like '*.xml' -and $_ -notmatch '(^|/)en-US/' -and $_ -ne '[Content_Types].xml' } | Should -BeNullOrEmpty
        foreach ($set in @(@($names | Where-Object { $_ -like '*.dll' -and $_ -notlike '*Desktop/*' }), @($names | Where-Object { $_ -like '*.dll' -and ($_ -like '*Desktop/*' -or $_ -notlike '*/*') }))) {
            ($set | ForEach-Object { ($_ -split '/')[-1] } | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        }
        $names | Should -Contain 'Dependencies/Desktop/Twilio.dll'
        # At the root: the cmdlets and the contract they share with the engine, nothing else.
        @($names | Where-Object { $_ -like '*.dll' -and $_ -notlike '*/*' } | Sort-Object) | Should -Be @('StudioCmdlets.Contract.dll', 'StudioCmdlets.dll')
    }

    It 'refuses to sign where Set-AuthenticodeSignature does not exist, with a message that says so' -Skip:$IsWindows {
        $r = Invoke-ChildPwsh -Script "& '$(Join-Path $RepoRoot 'build.ps1')' -Task Package -NoBuild -CertificatePath '$(Join-Path $TestDrive 'none.pfx')'"
        $r.ExitCode | Should -Not -Be 0
        $r.Output + $r.Error | Should -Match 'Signing needs Windows'
    }
}

Describe 'Help, online and offline' {
    It 'gives every cmdlet a HelpUri to its own page, which the repository has, and shows it as the online version' {
        foreach ($command in Get-Command -Module StudioCmdlets) {
            $command.HelpUri | Should -BeLike "https://github.com/studiocmdlets/StudioCmdlets/blob/main/module/help/$($command.Name).md"
            Test-Path (Join-Path $RepoRoot "module/help/$($command.Name).md") | Should -BeTrue
            (Get-Help $command.Name -Full | Out-String -Width 200) | Should -Match ([regex]::Escape($command.HelpUri))
        }
    }

    It 'ships its help, so Update-Help passes the module by without an error' {
        (Test-ModuleManifest (Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1')).HelpInfoUri | Should -BeNullOrEmpty
        $script = "`$env:PSModulePath = '$(Join-Path $RepoRoot 'out')'; Import-Module StudioCmdlets; Update-Help -Force -UICulture en-US -ErrorVariable e -ErrorAction SilentlyContinue; " +
            "@(`$e | Where-Object { `$_.Exception.Message -match 'StudioCmdlets' }).Count"
        $r = Invoke-ChildPwsh -Script $script -TimeoutSeconds 300
        ($r.Output.Trim() -split "`n")[-1] | Should -Be '0'
    }

    It 'has no example that needs a file the package does not ship' {
        foreach ($command in Get-Command -Module StudioCmdlets) {
            foreach ($example in (Get-Help $command.Name -Examples).examples.example) {
                $example.code | Should -Not -Match 'examples/|StudioEmulator\.psm1|Start-StudioEmulator' -Because "$($command.Name): $($example.title)"
            }
        }
    }
}
