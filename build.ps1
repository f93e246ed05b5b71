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

function Get-ReleaseNotes([string] $Version) {
    # The section '## <version>' of docs/release-notes.md, as plain text.
    $text = Get-Content -Raw (Join-Path $root 'docs/release-notes.md')
    $section = [regex]::Match($text, '(?ms)^## ' + [regex]::Escape($Version) + '\s*$(.*?)(?=^## |\z)')
    if (-not $section.Success) { throw "docs/release-notes.md has no section '## $Version'." }
    $section.Groups[1].Value.Trim()
}

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
    # The cmdlet assembly alone at the root; what it needs on .NET Framework (System.Text.Json and its family) is
    # in Dependencies with the engine's, one copy of each, bound by the module's resolver (ModuleInitializer).
    Copy-Item (Join-Path $publish 'StudioCmdlets/StudioCmdlets.dll') $moduleOut
    foreach ($engine in 'Engine', 'EngineDesktop') {
        $target = Join-Path $moduleOut $(if ($engine -eq 'Engine') { 'Dependencies' } else { 'Dependencies/Desktop' })
        Get-ChildItem (Join-Path $publish 'StudioCmdlets') -Filter *.dll | Where-Object Name -ne 'StudioCmdlets.dll' |
            Where-Object { -not (Test-Path (Join-Path $publish "$engine/$($_.Name)")) } | Copy-Item -Destination $target
    }
    # The compiler's XML documentation is not shipped: help comes from module/help as MAML.
    # The engine and Twilio's client with its dependencies, loaded in isolation (DependencyLoader); for Windows
    # PowerShell 5.1 the .NET Framework builds of the same, which the module's resolver binds (ModuleInitializer).
    Get-ChildItem (Join-Path $publish 'Engine') -Filter *.dll | Where-Object Name -ne 'StudioCmdlets.dll' | Copy-Item -Destination (Join-Path $moduleOut 'Dependencies')
    Get-ChildItem (Join-Path $publish 'EngineDesktop') -Filter *.dll | Where-Object Name -ne 'StudioCmdlets.dll' | Copy-Item -Destination (Join-Path $moduleOut 'Dependencies/Desktop')
    foreach ($f in 'StudioCmdlets.format.ps1xml', 'StudioCmdlets.types.ps1xml') { Copy-Item (Join-Path $root "module/$f") $moduleOut }
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    $version = Get-ProductVersion
    $manifest = (Get-Content -Raw (Join-Path $root 'module/StudioCmdlets.psd1')) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    # Galleries find a module by command through PSCommand_ tags; release notes come from docs/release-notes.md.
    $commands = [regex]::Matches(($manifest -split 'CmdletsToExport')[1].Split(')')[0], "'([A-Za-z]+-[A-Za-z]+)'") | ForEach-Object { $_.Groups[1].Value }
    $tags = @($commands | ForEach-Object { "'PSCommand_$_'" }) + "'PSIncludes_Cmdlet'"
    $manifest = $manifest -replace "(Tags\s*=\s*@\([^)]*)\)", "`$1, $($tags -join ', '))"
    $notes = Get-ReleaseNotes $version
    $manifest = $manifest -replace "ReleaseNotes\s*=\s*''", ("ReleaseNotes = '" + $notes.Replace("'", "''") + "'")
    Set-Content -Path (Join-Path $moduleOut 'StudioCmdlets.psd1') -Value $manifest -Encoding utf8

    New-Help -ModuleFolder $moduleOut
    Test-DesktopClosure

    $emulatorOut = Join-Path $out 'StudioEmulator'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $emulatorOut
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/StudioEmulator/StudioEmulator.csproj'), '-c', $Configuration, '-o', $emulatorOut, '--nologo', '-v', 'q', '--no-build')
    Write-Host "Module $version assembled in $moduleOut" -ForegroundColor Green
}

function Read-HelpSource([string] $Path) {
    # The help sources are Markdown: '# Name', then '## Synopsis', '## Description', '## Parameters' with a
    # '### -Name' section each, '## Examples' with '### Title', a powershell code block and remarks, '## Related links'.
    $help = [ordered]@{ Name = ''; Synopsis = @(); Description = @(); Parameters = [ordered]@{}; Examples = @(); Links = @(); Sections = [ordered]@{} }
    $section = ''; $sub = $null; $inCode = $false; $buffer = [System.Collections.Generic.List[string]]::new()
    $example = $null
    function Flush {
        $text = ($buffer -join "`n").Trim()
        $buffer.Clear()
        if (-not $text) { return }
        $paras = @($text -split "`n\s*`n" | ForEach-Object { ($_ -split "`n" | ForEach-Object { $_.Trim() }) -join ' ' })
        switch ($section) {
            'Synopsis' { $help.Synopsis += $paras }
            'Description' { $help.Description += $paras }
            'Short description' { $help.Synopsis += $paras }
            'Parameters' { if ($sub) { $help.Parameters[$sub] = @($help.Parameters[$sub]) + $paras | Where-Object { $_ } } }
            'Examples' { if ($example) { $example.Remarks += $paras } }
            'Related links' { $help.Links += @($paras -split '\s*-\s+' | Where-Object { $_ }) }
            default { $help.Sections[$section] = @($help.Sections[$section]) + $paras | Where-Object { $_ } }
        }
    }
    foreach ($line in Get-Content $Path) {
        if ($inCode) {
            if ($line -match '^```') { $inCode = $false; continue }
            $example.Code += $line; continue
        }
        if ($line -match '^```') { Flush; $inCode = $true; continue }
        if ($line -match '^# (.+)$') { $help.Name = $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') { Flush; $section = $Matches[1].Trim(); $sub = $null; continue }
        if ($line -match '^### (.+)$') {
            Flush
            $sub = $Matches[1].Trim()
            if ($section -eq 'Parameters') { $sub = $sub.TrimStart('-'); $help.Parameters[$sub] = @() }
            if ($section -eq 'Examples') { $example = [ordered]@{ Title = $sub; Code = @(); Remarks = @() }; $help.Examples += $example }
            continue
        }
        $buffer.Add($line)
    }
    Flush
    $help
}

function New-Help([string] $ModuleFolder) {
    # MAML for every cmdlet: syntax and parameter metadata from the built cmdlets, prose from module/help.
    # Anything missing or stale (a parameter without text, text for a parameter that is gone) stops the build.
    $module = Import-Module (Join-Path $ModuleFolder 'StudioCmdlets.psd1') -Force -PassThru
    $skip = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $sources = Join-Path $root 'module/help'
    $problems = @()
    $helps = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
        $file = Join-Path $sources "$($command.Name).md"
        if (-not (Test-Path $file)) { $problems += "$($command.Name): no help source $file"; continue }
        $h = Read-HelpSource $file
        $documented = @($h.Parameters.Keys)
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $skip })
        foreach ($p in $actual | Where-Object { $_ -notin $documented }) { $problems += "$($command.Name): parameter -$p is not described" }
        foreach ($p in $documented | Where-Object { $_ -notin $actual }) { $problems += "$($command.Name): help describes -$p, which the cmdlet does not have" }
        foreach ($p in $documented | Where-Object { -not $h.Parameters[$_] }) { $problems += "$($command.Name): the text for -$p is empty" }
        if (-not $h.Synopsis) { $problems += "$($command.Name): no synopsis" }
        if (-not $h.Description) { $problems += "$($command.Name): no description" }
        if (@($h.Examples | Where-Object { $_.Code }).Count -lt 2) { $problems += "$($command.Name): fewer than two examples with code" }
        if ($command.HelpUri -notlike "*/module/help/$($command.Name).md") { $problems += "$($command.Name): HelpUri '$($command.HelpUri)' is not its page module/help/$($command.Name).md" }
        [pscustomobject]@{ Command = $command; Help = $h }
    }
    if (-not (Test-Path (Join-Path $sources 'about_StudioCmdlets.md'))) { $problems += 'about_StudioCmdlets.md is missing' }
    if ($problems) { throw "Help is missing or stale:`n  " + ($problems -join "`n  ") }

    $culture = Join-Path $ModuleFolder 'en-US'
    New-Item -ItemType Directory -Force $culture | Out-Null
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $w = [System.Xml.XmlWriter]::Create((Join-Path $culture 'StudioCmdlets.dll-Help.xml'), $settings)
    $maml = 'http://schemas.microsoft.com/maml/2004/10'; $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    function Paras([string[]] $Text) { foreach ($t in $Text) { $w.WriteElementString('maml', 'para', $maml, $t) } }
    function Description([string[]] $Text) { $w.WriteStartElement('maml', 'description', $maml); Paras $Text; $w.WriteEndElement() }
    function TypeName($Type) { if ($Type -eq [System.Management.Automation.SwitchParameter]) { 'SwitchParameter' } else { $Type.FullName } }
    function Parameter($Name, $Meta, $SetMeta, $Text) {
        $pipeline = @(if ($SetMeta.ValueFromPipeline) { 'ByValue' }; if ($SetMeta.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
        $w.WriteStartElement('command', 'parameter', $cmd)
        $w.WriteAttributeString('required', "$($SetMeta.IsMandatory)".ToLowerInvariant())
        $w.WriteAttributeString('variableLength', "$($Meta.ParameterType.IsArray)".ToLowerInvariant())
        $w.WriteAttributeString('globbing', "$([bool]($Meta.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
        $w.WriteAttributeString('position', $(if ($SetMeta.Position -ge 0) { "$($SetMeta.Position)" } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($Meta.Aliases.Count) { $Meta.Aliases -join ', ' } else { 'none' }))
        $w.WriteElementString('maml', 'name', $maml, $Name)
        Description $Text
        if ($Meta.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
            $w.WriteStartElement('command', 'parameterValue', $cmd); $w.WriteAttributeString('required', 'true'); $w.WriteString((TypeName $Meta.ParameterType)); $w.WriteEndElement()
        }
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, (TypeName $Meta.ParameterType)); $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $shouldProcessText = @{
        WhatIf = 'Shows what would happen, changing nothing.'
        Confirm = 'Asks before each change; -Confirm:$false never asks.'
    }
    $w.WriteStartElement('helpItems', 'http://msh'); $w.WriteAttributeString('schema', 'maml')
    foreach ($item in $helps) {
        $c = $item.Command; $h = $item.Help
        $w.WriteStartElement('command', 'command', $cmd)
        $w.WriteAttributeString('xmlns', 'maml', $null, $maml); $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $w.WriteStartElement('command', 'details', $cmd)
        $w.WriteElementString('command', 'name', $cmd, $c.Name)
        Description $h.Synopsis
        $w.WriteElementString('command', 'verb', $cmd, $c.Verb); $w.WriteElementString('command', 'noun', $cmd, $c.Noun)
        $w.WriteEndElement()
        Description $h.Description
        $w.WriteStartElement('command', 'syntax', $cmd)
        foreach ($set in $c.ParameterSets) {
            $w.WriteStartElement('command', 'syntaxItem', $cmd); $w.WriteElementString('maml', 'name', $maml, $c.Name)
            foreach ($p in $set.Parameters | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters }) {
                $text = if ($h.Parameters.Contains($p.Name)) { $h.Parameters[$p.Name] } else { $shouldProcessText[$p.Name] }
                Parameter $p.Name $c.Parameters[$p.Name] $p $text
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'parameters', $cmd)
        foreach ($name in @($h.Parameters.Keys) + @($c.Parameters.Keys | Where-Object { $_ -in [System.Management.Automation.PSCmdlet]::OptionalCommonParameters -and $_ -in 'WhatIf', 'Confirm' })) {
            $setMeta = $c.ParameterSets.Parameters | Where-Object Name -eq $name | Select-Object -First 1
            $text = if ($h.Parameters.Contains($name)) { $h.Parameters[$name] } else { $shouldProcessText[$name] }
            Parameter $name $c.Parameters[$name] $setMeta $text
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'inputTypes', $cmd)
        foreach ($t in $c.ParameterSets.Parameters | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } | ForEach-Object { TypeName $_.ParameterType } | Sort-Object -Unique) {
            $w.WriteStartElement('command', 'inputType', $cmd); $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $t); $w.WriteEndElement(); $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'returnValues', $cmd)
        foreach ($t in $c.OutputType.Name | Where-Object { $_ -ne 'System.Void' }) {
            $w.WriteStartElement('command', 'returnValue', $cmd); $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $t); $w.WriteEndElement(); $w.WriteEndElement()
        }
        $w.WriteEndElement()
        if ($h.Sections.Contains('Notes')) { $w.WriteStartElement('maml', 'alertSet', $maml); $w.WriteStartElement('maml', 'alert', $maml); Paras $h.Sections['Notes']; $w.WriteEndElement(); $w.WriteEndElement() }
        $w.WriteStartElement('command', 'examples', $cmd)
        foreach ($e in $h.Examples) {
            $w.WriteStartElement('command', 'example', $cmd)
            $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($e.Title) --------------------------")
            $w.WriteElementString('dev', 'code', $dev, ($e.Code -join "`n"))
            $w.WriteStartElement('dev', 'remarks', $dev); Paras $e.Remarks; $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'relatedLinks', $cmd)
        # The cmdlet's page first: Get-Help -Online opens it, and -Full shows it as "Online Version".
        $w.WriteStartElement('maml', 'navigationLink', $maml); $w.WriteElementString('maml', 'linkText', $maml, 'Online Version:'); $w.WriteElementString('maml', 'uri', $maml, $c.HelpUri); $w.WriteEndElement()
        foreach ($l in $h.Links) {
            $w.WriteStartElement('maml', 'navigationLink', $maml); $w.WriteElementString('maml', 'linkText', $maml, $l); $w.WriteElementString('maml', 'uri', $maml, ''); $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.Dispose()

    # about_StudioCmdlets as PowerShell's about-topic text: headings in capitals, text indented.
    $about = Get-Content (Join-Path $sources 'about_StudioCmdlets.md')
    $text = foreach ($line in $about) {
        if ($line -match '^# (.+)$') { 'TOPIC'; '    ' + $Matches[1]; continue }
        if ($line -match '^## (.+)$') { ''; $Matches[1].ToUpperInvariant(); continue }
        if ($line) { '    ' + $line } else { '' }
    }
    Set-Content -Path (Join-Path $culture 'about_StudioCmdlets.help.txt') -Value $text -Encoding utf8
    Remove-Module $module.Name -Force
}

function Get-NuGetCache {
    if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
}

function Test-DesktopClosure {
    # Every reference of every shipped DLL must bind on .NET Framework 4.7.2 (Windows PowerShell 5.1): the table
    # goes to out/desktop-closure.md (docs/compatibility.md carries it; a test keeps the two alike).
    Import-Module (Join-Path $root 'tools/DesktopClosure.psm1') -Force
    $framework = Join-Path (Get-NuGetCache) 'microsoft.netframework.referenceassemblies.net472/1.0.3/build/.NETFramework/v4.7.2'
    if (-not (Test-Path $framework)) { throw ".NET Framework 4.7.2 reference assemblies are not in the NuGet cache ($framework); 'dotnet restore' of the test projects downloads them." }
    $closure = @(Get-DesktopClosure -ModuleFolder $moduleOut -FrameworkFolder $framework -Desktop)
    ConvertTo-ClosureTable $closure | Set-Content -Path (Join-Path $out 'desktop-closure.md') -Encoding utf8
    $unresolved = @($closure | Where-Object ResolvedBy -eq 'UNRESOLVED')
    if ($unresolved) {
        throw "References that would not bind on .NET Framework 4.7.2:`n  " + (($unresolved | ForEach-Object { "$($_.Assembly) -> $($_.Reference) $($_.Referenced)" }) -join "`n  ")
    }
}

function Get-PesterPath {
    $path = Join-Path (Get-NuGetCache) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 is not in the NuGet cache ($path); 'dotnet restore' of the test projects downloads it." }
    $path
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
    if (-not $NoBuild) { Invoke-ModuleBuild }
    $version = Get-ProductVersion
    Write-Host "== Package $version" -ForegroundColor Cyan
    if ($CertificatePath) { Invoke-Signing }
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

function Invoke-Signing {
    # AllSigned checks the manifest and the .ps1xml files; the assemblies are signed too, so their origin shows.
    if (-not (Get-Command Set-AuthenticodeSignature -ErrorAction SilentlyContinue)) {
        throw 'Signing needs Windows: Set-AuthenticodeSignature is not available on this system. Run the Package task with -CertificatePath on Windows.'
    }
    $certificate = Get-PfxCertificate -FilePath $CertificatePath -Password $CertificatePassword
    $files = @(Get-ChildItem $moduleOut -Recurse -Include *.psd1, *.ps1xml) + @(Get-ChildItem $moduleOut -Recurse -Filter 'StudioCmdlets*.dll')
    $signing = @{ Certificate = $certificate; HashAlgorithm = 'SHA256' }
    if ($TimestampServer) { $signing.TimestampServer = $TimestampServer }
    foreach ($file in $files) {
        $result = Set-AuthenticodeSignature -FilePath $file.FullName @signing
        if ($result.Status -ne 'Valid') { throw "Signing $($file.Name) failed: $($result.StatusMessage)" }
    }
    Write-Host "Signed $($files.Count) files with $($certificate.Subject)" -ForegroundColor Green
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
