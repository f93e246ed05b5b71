# tools/BuildSupport.psm1: the steps build.ps1's tasks share, each on a small repository of its own in TestDrive.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/BuildSupport.psm1') -Force

    function New-TinyRepository([string] $Version = '2.3.4', [string] $Notes = "- Fixed a thing.`n- Can't break quotes.") {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory (Join-Path $root 'docs'), (Join-Path $root 'module') | Out-Null
        Set-Content (Join-Path $root 'Directory.Build.props') "<Project><PropertyGroup><LangVersion>latest</LangVersion></PropertyGroup><PropertyGroup><VersionPrefix>$Version</VersionPrefix></PropertyGroup></Project>"
        Set-Content (Join-Path $root 'docs/release-notes.md') "# Release notes`n`n## $Version`n`n$Notes`n`n## 1.0.0`n`n- The first.`n"
        Copy-Item (Join-Path $RepoRoot 'module/StudioCmdlets.psd1') (Join-Path $root 'module')
        $root
    }
}

Describe 'Invoke-Native' {
    It 'runs a native command and passes its output through' {
        Invoke-Native dotnet @('--version') | Should -Match '^\d+\.\d+'
    }

    It 'stops the build when the command fails, naming the command and its exit code' {
        { Invoke-Native dotnet @('no-such-dotnet-command') } | Should -Throw "*'dotnet no-such-dotnet-command' failed with exit code *"
    }
}

Describe 'The version and the release notes' {
    It 'reads the version from VersionPrefix, whichever property group holds it' {
        Get-ProductVersion (New-TinyRepository -Version '2.3.4') | Should -Be '2.3.4'
        Get-ProductVersion $RepoRoot | Should -Match '^\d+\.\d+\.\d+$'
    }

    It 'takes exactly the section of that version from docs/release-notes.md' {
        $root = New-TinyRepository -Version '2.3.4'
        Get-ReleaseNotes $root '2.3.4' | Should -Be "- Fixed a thing.`n- Can't break quotes."
        Get-ReleaseNotes $root '1.0.0' | Should -Be '- The first.'
    }

    It 'refuses a version the release notes do not describe' {
        { Get-ReleaseNotes (New-TinyRepository) '9.9.9' } | Should -Throw "*no section '## 9.9.9'*"
    }

    It 'has release notes for the version this repository builds' {
        Get-ReleaseNotes $RepoRoot (Get-ProductVersion $RepoRoot) | Should -Not -BeNullOrEmpty
    }
}

Describe 'New-ManifestText' {
    It 'stamps the version, adds a PSCommand_ tag per exported cmdlet and the release notes, and stays a valid manifest' {
        $root = New-TinyRepository -Version '2.3.4'
        $file = Join-Path $root 'built.psd1'
        Set-Content $file (New-ManifestText $root)
        $manifest = Import-PowerShellDataFile $file
        $manifest.ModuleVersion | Should -Be '2.3.4'
        $tags = $manifest.PrivateData.PSData.Tags
        $exported = (Import-PowerShellDataFile (Join-Path $root 'module/StudioCmdlets.psd1')).CmdletsToExport
        $tags | Should -Contain 'Twilio'
        $tags | Should -Contain 'PSIncludes_Cmdlet'
        foreach ($cmdlet in $exported) { $tags | Should -Contain "PSCommand_$cmdlet" }
        @($tags | Where-Object { $_ -like 'PSCommand_*' }).Count | Should -Be $exported.Count
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Be "- Fixed a thing.`n- Can't break quotes."
    }
}

Describe 'The NuGet cache' {
    BeforeEach { $saved = $env:NUGET_PACKAGES }
    AfterEach { $env:NUGET_PACKAGES = $saved }

    It 'is NUGET_PACKAGES when set, and ~/.nuget/packages otherwise' {
        $env:NUGET_PACKAGES = Join-Path $TestDrive 'cache'
        Get-NuGetCache | Should -Be (Join-Path $TestDrive 'cache')
        $env:NUGET_PACKAGES = $null
        Get-NuGetCache | Should -Be (Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages')
    }

    It 'holds Pester 5.7.1, or says how to get it' {
        Test-Path (Get-PesterPath) | Should -BeTrue
        $env:NUGET_PACKAGES = Join-Path $TestDrive 'empty-cache'
        { Get-PesterPath } | Should -Throw "*Pester 5.7.1 is not in the NuGet cache*dotnet restore*"
    }
}

Describe 'Invoke-WithTemporaryHome' {
    It 'runs the script under a HOME that is gone afterwards, keeps the NuGet cache, and restores HOME' {
        $before = $env:HOME
        $marker = Join-Path $TestDrive 'home.txt'
        Invoke-WithTemporaryHome "Set-Content '$marker' (`$env:HOME + '|' + `$env:NUGET_PACKAGES)"
        $env:HOME | Should -Be $before
        $childHome, $childCache = (Get-Content $marker) -split '\|'
        $childHome | Should -Not -Be $before
        Test-Path $childHome | Should -BeFalse
        $childCache | Should -Not -BeNullOrEmpty
    }

    It 'fails when the script fails' {
        { Invoke-WithTemporaryHome 'throw "no"' } | Should -Throw '*Packaging failed*'
    }
}

Describe 'Invoke-ModuleSigning' {
    It 'says plainly that signing needs Windows when Set-AuthenticodeSignature is missing' -Skip:($IsWindows) {
        { Invoke-ModuleSigning -ModuleFolder $TestDrive -CertificatePath (Join-Path $TestDrive 'none.pfx') } | Should -Throw '*Signing needs Windows*'
    }
}
