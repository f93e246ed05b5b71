<#
.SYNOPSIS
Builds, tests and demonstrates StudioCmdlets.
.DESCRIPTION
Run as: dotnet pwsh -NoProfile -NonInteractive -File build.ps1 -Task <Build|Test|Demo>
  Build  assembles the importable module in out/StudioCmdlets and the emulator in out/StudioEmulator.
  Test   builds, runs the xunit projects and the Pester suites, and ends with 'N passed, N failed'.
  Demo   builds, starts the emulator's blackout scenario and cures it from the pipeline.
  Bench  builds, measures bulk work against the emulator and writes docs/benchmarks.md.
  Package builds, then writes out/StudioCmdlets.<version>.nupkg (for Install-PSResource) and
         out/StudioCmdlets.zip (for an Azure Automation account).
Stops at the first failure with a non-zero exit code.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',
    # With -Task Package: use the module already built in out/.
    [switch] $NoBuild,
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'StudioCmdlets'

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ProductVersion {
    # The one place the version is set: VersionPrefix in Directory.Build.props.
    ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix |
        Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Build {
    Write-Host "== Build ($Configuration)" -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $root 'StudioCmdlets.sln'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')

    $publish = Join-Path $out 'publish'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $publish, $moduleOut
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioCmdlets/StudioCmdlets.csproj'), '-c', $Configuration, '-o', (Join-Path $publish 'StudioCmdlets'), '--nologo', '-v', 'q', '--no-build')
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioCmdlets.Engine/StudioCmdlets.Engine.csproj'), '-c', $Configuration, '-o', (Join-Path $publish 'Engine'), '--nologo', '-v', 'q', '--no-build')
    New-Item -ItemType Directory -Force (Join-Path $moduleOut 'Dependencies') | Out-Null
    # The cmdlet assembly and what it needs beside it; PowerShell's own assemblies come from the host.
    Get-ChildItem (Join-Path $publish 'StudioCmdlets') -Filter *.dll | Copy-Item -Destination $moduleOut
    Copy-Item (Join-Path $publish 'StudioCmdlets/StudioCmdlets.xml') $moduleOut -ErrorAction SilentlyContinue
    # The engine and Twilio's client with its dependencies, loaded in isolation (DependencyLoader).
    Get-ChildItem (Join-Path $publish 'Engine') -Filter *.dll | Where-Object Name -ne 'StudioCmdlets.dll' | Copy-Item -Destination (Join-Path $moduleOut 'Dependencies')
    foreach ($f in 'StudioCmdlets.format.ps1xml', 'StudioCmdlets.types.ps1xml') { Copy-Item (Join-Path $root "module/$f") $moduleOut }
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    $version = Get-ProductVersion
    $manifest = (Get-Content -Raw (Join-Path $root 'module/StudioCmdlets.psd1')) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -Path (Join-Path $moduleOut 'StudioCmdlets.psd1') -Value $manifest -Encoding utf8

    $emulatorOut = Join-Path $out 'StudioEmulator'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $emulatorOut
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioEmulator/StudioEmulator.csproj'), '-c', $Configuration, '-o', $emulatorOut, '--nologo', '-v', 'q', '--no-build')
    Write-Host "Module $version assembled in $moduleOut" -ForegroundColor Green
}

function Get-PesterPath {
    $cache = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $path = Join-Path $cache 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 is not in the NuGet cache ($path); 'dotnet restore' of the test projects downloads it." }
    $path
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $results
    New-Item -ItemType Directory -Force $results | Out-Null

    $passed = 0; $failed = 0; $problems = @()
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter *.Tests.csproj) {
        Write-Host "== xunit: $($project.BaseName)" -ForegroundColor Cyan
        $trx = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' --results-directory $results
        $exit = $LASTEXITCODE
        $file = Join-Path $results $trx
        if (-not (Test-Path $file)) { $problems += "$($project.BaseName): no results (exit $exit)"; $failed++; continue }
        $counters = ([xml](Get-Content -Raw $file)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        if ($exit -ne 0 -and [int]$counters.failed -eq 0) { $problems += "$($project.BaseName): dotnet test exited $exit"; $failed++ }
    }

    Write-Host '== Pester' -ForegroundColor Cyan
    # A child process, so the suites import the built module into a clean session.
    $pesterScript = Join-Path $root 'tests/Invoke-PesterSuites.ps1'
    $summary = Join-Path $results 'pester-summary.json'
    & dotnet pwsh -NoProfile -NonInteractive -File $pesterScript -PesterPath (Get-PesterPath) -SummaryPath $summary
    if (Test-Path $summary) {
        $p = Get-Content -Raw $summary | ConvertFrom-Json
        $passed += $p.Passed; $failed += $p.Failed
    }
    else { $problems += "Pester: no summary (exit $LASTEXITCODE)"; $failed++ }

    foreach ($problem in $problems) { Write-Host $problem -ForegroundColor Red }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Write-Host '== Demo: a contact-centre blackout and its cure' -ForegroundColor Cyan
    Import-Module (Join-Path $root 'examples/StudioEmulator.psm1') -Force
    $emulator = Start-StudioEmulator -Arguments @('--executions', '3000', '--seed', '7')
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'examples/Invoke-BlackoutDemo.ps1') -EmulatorUrl $emulator.BaseUrl -AccountSid $emulator.AccountSid -AuthToken $emulator.AuthToken
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit $LASTEXITCODE)." }
    }
    finally {
        Stop-StudioEmulator $emulator
    }
}

function Invoke-WithTemporaryHome([string] $Script) {
    # PSResourceGet keeps its repositories under HOME: a throwaway HOME leaves the user's settings alone.
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

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $version = Get-ProductVersion
    Write-Host "== Package $version" -ForegroundColor Cyan
    $repository = Join-Path $out 'package-repository'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $repository
    New-Item -ItemType Directory $repository | Out-Null
    Invoke-WithTemporaryHome "Register-PSResourceRepository -Name StudioCmdletsBuild -Uri '$repository' -Trusted; Publish-PSResource -Path '$moduleOut' -Repository StudioCmdletsBuild"
    $nupkg = Join-Path $out "StudioCmdlets.$version.nupkg"
    Move-Item -Force (Join-Path $repository "StudioCmdlets.$version.nupkg") $nupkg
    Remove-Item -Recurse -Force $repository
    # Azure Automation wants a zip named like the module, holding one folder of that name with the manifest inside.
    $zip = Join-Path $out 'StudioCmdlets.zip'
    Remove-Item -Force -ErrorAction SilentlyContinue $zip
    Compress-Archive -Path $moduleOut -DestinationPath $zip
    Write-Host "Packaged $nupkg and $zip" -ForegroundColor Green
}

function Invoke-Bench {
    Invoke-Build
    Write-Host '== Benchmark' -ForegroundColor Cyan
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Benchmarks/Invoke-Benchmark.ps1')
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit $LASTEXITCODE)." }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
