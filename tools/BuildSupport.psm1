<#
.SYNOPSIS
What build.ps1's tasks share: running native commands, the version and release notes, the manifest the build
writes, the NuGet cache and Pester's place in it, a throwaway HOME for PSResourceGet, and signing. The .NET
Framework closure check is DesktopClosure.psm1's; the help compiler is HelpCompiler.psm1's.
#>

function Invoke-Native {
    <# .SYNOPSIS Runs a native command and stops the build when it fails. #>
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ProductVersion([Parameter(Mandatory)] [string] $Root) {
    <# .SYNOPSIS The one place the version is set: VersionPrefix in Directory.Build.props. #>
    ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix |
        Where-Object { $_ } | Select-Object -First 1
}

function Get-ReleaseNotes([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Version) {
    <# .SYNOPSIS The section '## <version>' of docs/release-notes.md, as plain text. #>
    $text = Get-Content -Raw (Join-Path $Root 'docs/release-notes.md')
    $section = [regex]::Match($text, '(?ms)^## ' + [regex]::Escape($Version) + '\s*$(.*?)(?=^## |\z)')
    if (-not $section.Success) { throw "docs/release-notes.md has no section '## $Version'." }
    $section.Groups[1].Value.Trim()
}

function New-ManifestText([Parameter(Mandatory)] [string] $Root) {
    <#
    .SYNOPSIS
    module/StudioCmdlets.psd1 as the build ships it: the version from Directory.Build.props, a PSCommand_ tag per
    cmdlet (galleries find a module by command through them) and the release notes from docs/release-notes.md.
    #>
    $version = Get-ProductVersion $Root
    $manifest = (Get-Content -Raw (Join-Path $Root 'module/StudioCmdlets.psd1')) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    $commands = [regex]::Matches(($manifest -split 'CmdletsToExport')[1].Split(')')[0], "'([A-Za-z]+-[A-Za-z]+)'") | ForEach-Object { $_.Groups[1].Value }
    $tags = @($commands | ForEach-Object { "'PSCommand_$_'" }) + "'PSIncludes_Cmdlet'"
    $manifest = $manifest -replace "(Tags\s*=\s*@\([^)]*)\)", "`$1, $($tags -join ', '))"
    $notes = Get-ReleaseNotes $Root $version
    $manifest -replace "ReleaseNotes\s*=\s*''", ("ReleaseNotes = '" + $notes.Replace("'", "''") + "'")
}

function Get-NuGetCache {
    <# .SYNOPSIS Where NuGet keeps packages: NUGET_PACKAGES when set, else ~/.nuget/packages. #>
    if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}

function Get-PesterPath {
    <# .SYNOPSIS Pester 5.7.1's manifest in the NuGet cache (a PackageDownload of the test projects). #>
    $path = Join-Path (Get-NuGetCache) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 is not in the NuGet cache ($path); 'dotnet restore' of the test projects downloads it." }
    $path
}

function Invoke-WithTemporaryHome([Parameter(Mandatory)] [string] $Script) {
    <# .SYNOPSIS Runs a script in a child pwsh whose HOME is thrown away: PSResourceGet keeps its repositories under HOME. #>
    $saved = @{ HOME = $env:HOME; NUGET_PACKAGES = $env:NUGET_PACKAGES }
    $temporary = Join-Path ([IO.Path]::GetTempPath()) ('studiocmdlets-home-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $temporary | Out-Null
    try {
        if (-not $env:NUGET_PACKAGES) { $env:NUGET_PACKAGES = Join-Path $saved.HOME '.nuget/packages' }
        $env:HOME = $temporary
        # The pwsh running this build, by path: tool resolution would look under the changed HOME.
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        & dotnet $pwshDll -NoProfile -NonInteractive -Command ("`$ErrorActionPreference = 'Stop'; " + $Script)
        if ($LASTEXITCODE -ne 0) { throw "Packaging failed (exit $LASTEXITCODE)." }
    }
    finally {
        $env:HOME = $saved.HOME
        $env:NUGET_PACKAGES = $saved.NUGET_PACKAGES
        Remove-Item -Recurse -Force $temporary -ErrorAction SilentlyContinue
    }
}

function Invoke-ModuleSigning {
    <#
    .SYNOPSIS
    Signs the module's manifest, .ps1xml files and own assemblies, for machines that run AllSigned (which checks the
    manifest and the .ps1xml files; the assemblies are signed so their origin shows). Needs Windows.
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $CertificatePath, [securestring] $CertificatePassword, [string] $TimestampServer)
    if (-not (Get-Command Set-AuthenticodeSignature -ErrorAction SilentlyContinue)) {
        throw 'Signing needs Windows: Set-AuthenticodeSignature is not available on this system. Run the Package task with -CertificatePath on Windows.'
    }
    $certificate = Get-PfxCertificate -FilePath $CertificatePath -Password $CertificatePassword
    $files = @(Get-ChildItem $ModuleFolder -Recurse -Include *.psd1, *.ps1xml) + @(Get-ChildItem $ModuleFolder -Recurse -Filter 'StudioCmdlets*.dll')
    $signing = @{ Certificate = $certificate; HashAlgorithm = 'SHA256' }
    if ($TimestampServer) { $signing.TimestampServer = $TimestampServer }
    foreach ($file in $files) {
        $result = Set-AuthenticodeSignature -FilePath $file.FullName @signing
        if ($result.Status -ne 'Valid') { throw "Signing $($file.Name) failed: $($result.StatusMessage)" }
    }
    Write-Host "Signed $($files.Count) files with $($certificate.Subject)" -ForegroundColor Green
}

Export-ModuleMember -Function Invoke-Native, Get-ProductVersion, Get-ReleaseNotes, New-ManifestText, Get-NuGetCache, Get-PesterPath,
    Invoke-WithTemporaryHome, Invoke-ModuleSigning
