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
    [string] $Configuration = 'Release',
    # With -Task Package: sign the module's scripts and assemblies (for machines that run AllSigned) with this
    # code-signing certificate (.pfx), before packing. Needs Windows: Set-AuthenticodeSignature exists only there.
    [string] $CertificatePath,
    [securestring] $CertificatePassword,
    [string] $TimestampServer
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'StudioCmdlets'
foreach ($tool in 'BuildSupport', 'HelpCompiler', 'DesktopClosure') { Import-Module (Join-Path $root "tools/$tool.psm1") -Force }

function Invoke-ModuleBuild {
    Write-Host "== Build ($Configuration)" -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $root 'StudioCmdlets.sln'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')

    $publish = Join-Path $out 'publish'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $publish, $moduleOut
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioCmdlets/StudioCmdlets.csproj'), '-c', $Configuration, '-o', (Join-Path $publish 'StudioCmdlets'), '--nologo', '-v', 'q', '--no-build')
    $engineProject = Join-Path $root 'src/StudioCmdlets.Engine/StudioCmdlets.Engine.csproj'
    Invoke-Native dotnet @('publish', $engineProject, '-c', $Configuration, '-f', 'netstandard2.0', '-o', (Join-Path $publish 'Engine'), '--nologo', '-v', 'q', '--no-build')
    Invoke-Native dotnet @('publish', $engineProject, '-c', $Configuration, '-f', 'net472', '-o', (Join-Path $publish 'EngineDesktop'), '--nologo', '-v', 'q', '--no-build')
    New-Item -ItemType Directory -Force (Join-Path $moduleOut 'Dependencies/Desktop') | Out-Null
    # The cmdlet assembly and the contract it shares with the engine at the root, the contract's one copy for both
    # sides; what the cmdlet assembly needs on .NET Framework (System.Text.Json and its family) is in Dependencies
    # with the engine's, one copy of each, bound by the module's resolver (ModuleInitializer).
    $rootAssemblies = 'StudioCmdlets.dll', 'StudioCmdlets.Contract.dll'
    foreach ($name in $rootAssemblies) { Copy-Item (Join-Path $publish "StudioCmdlets/$name") $moduleOut }
    foreach ($engine in 'Engine', 'EngineDesktop') {
        $target = Join-Path $moduleOut $(if ($engine -eq 'Engine') { 'Dependencies' } else { 'Dependencies/Desktop' })
        Get-ChildItem (Join-Path $publish 'StudioCmdlets') -Filter *.dll | Where-Object Name -notin $rootAssemblies |
            Where-Object { -not (Test-Path (Join-Path $publish "$engine/$($_.Name)")) } | Copy-Item -Destination $target
    }
    # The compiler's XML documentation is not shipped: help comes from module/help as MAML.
    # The engine and Twilio's client with its dependencies, loaded in isolation (DependencyLoader); for Windows
    # PowerShell 5.1 the .NET Framework builds of the same, which the module's resolver binds (ModuleInitializer).
    Get-ChildItem (Join-Path $publish 'Engine') -Filter *.dll | Where-Object Name -notin $rootAssemblies | Copy-Item -Destination (Join-Path $moduleOut 'Dependencies')
    Get-ChildItem (Join-Path $publish 'EngineDesktop') -Filter *.dll | Where-Object Name -notin $rootAssemblies | Copy-Item -Destination (Join-Path $moduleOut 'Dependencies/Desktop')
    Copy-Item (Join-Path $root 'module/*.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    Set-Content -Path (Join-Path $moduleOut 'StudioCmdlets.psd1') -Value (New-ManifestText $root) -Encoding utf8

    Export-ModuleHelp -ModuleFolder $moduleOut -SourceFolder (Join-Path $root 'module/help') -CodeFolder (Join-Path $root 'src/StudioCmdlets/Commands')
    Assert-DesktopClosure -ModuleFolder $moduleOut -NuGetCache (Get-NuGetCache) -TablePath (Join-Path $out 'desktop-closure.md')

    $emulatorOut = Join-Path $out 'StudioEmulator'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $emulatorOut
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioEmulator/StudioEmulator.csproj'), '-c', $Configuration, '-o', $emulatorOut, '--nologo', '-v', 'q', '--no-build')
    Write-Host "Module $(Get-ProductVersion $root) assembled in $moduleOut" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-ModuleBuild
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
    $pesterExit = $LASTEXITCODE
    $p = if (Test-Path $summary) { Get-Content -Raw $summary | ConvertFrom-Json }
    # Counts that are not numbers, or a failing exit with nothing failed, are a broken run: never a pass.
    if ($null -eq $p -or $p.Passed -isnot [long] -or $p.Failed -isnot [long]) { $problems += "Pester: no usable summary (exit $pesterExit)"; $failed++ }
    else {
        $passed += $p.Passed; $failed += $p.Failed
        if ($pesterExit -ne 0 -and $p.Failed -eq 0) { $problems += "Pester exited $pesterExit with no failed test"; $failed++ }
    }

    foreach ($problem in $problems) { Write-Host $problem -ForegroundColor Red }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-ModuleBuild
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

function Invoke-Package {
    if (-not $NoBuild) { Invoke-ModuleBuild }
    $version = Get-ProductVersion $root
    Write-Host "== Package $version" -ForegroundColor Cyan
    if ($CertificatePath) { Invoke-ModuleSigning -ModuleFolder $moduleOut -CertificatePath $CertificatePath -CertificatePassword $CertificatePassword -TimestampServer $TimestampServer }
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
    Invoke-ModuleBuild
    Write-Host '== Benchmark' -ForegroundColor Cyan
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $root 'tests/Benchmarks/Invoke-Benchmark.ps1')
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit $LASTEXITCODE)." }
}

switch ($Task) {
    'Build' { Invoke-ModuleBuild }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
