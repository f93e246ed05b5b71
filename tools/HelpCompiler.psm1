<#
.SYNOPSIS
Compiles the module's help from Markdown (module/help) to what Get-Help reads: MAML for the cmdlets and an
about-topic text file.
.DESCRIPTION
The Markdown is the one source of the help's prose. Syntax and parameter metadata (types, positions, pipeline
input, aliases, wildcards) come from the built cmdlets, so they cannot drift. Test-ModuleHelp lists what is
missing or stale (a parameter without text, text for a parameter that is gone, a cmdlet without two examples,
a HelpUri that is not the cmdlet's page, prose copied into the C# source); Export-ModuleHelp refuses to write
help while any of that is wrong.
#>

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

function Read-ModuleHelp([string] $ModuleName, [string] $SourceFolder, [string] $CodeFolder) {
    # The help source of each cmdlet of the (imported) module, and everything missing or stale, one line each.
    $sources = $SourceFolder
    $skip = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $problems = [System.Collections.Generic.List[string]]::new()
    $helps = foreach ($command in Get-Command -Module $ModuleName -CommandType Cmdlet | Sort-Object Name) {
        $file = Join-Path $sources "$($command.Name).md"
        if (-not (Test-Path $file)) { $problems.Add("$($command.Name): no help source $file"); continue }
        $h = Read-HelpSource $file
        $documented = @($h.Parameters.Keys)
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $skip })
        foreach ($p in $actual | Where-Object { $_ -notin $documented }) { $problems.Add("$($command.Name): parameter -$p is not described") }
        foreach ($p in $documented | Where-Object { $_ -notin $actual }) { $problems.Add("$($command.Name): help describes -$p, which the cmdlet does not have") }
        foreach ($p in $documented | Where-Object { -not $h.Parameters[$_] }) { $problems.Add("$($command.Name): the text for -$p is empty") }
        if (-not $h.Synopsis) { $problems.Add("$($command.Name): no synopsis") }
        if (-not $h.Description) { $problems.Add("$($command.Name): no description") }
        if (@($h.Examples | Where-Object { $_.Code }).Count -lt 2) { $problems.Add("$($command.Name): fewer than two examples with code") }
        if ($command.HelpUri -notlike "*/module/help/$($command.Name).md") { $problems.Add("$($command.Name): HelpUri '$($command.HelpUri)' is not its page module/help/$($command.Name).md") }
        [pscustomobject]@{ Command = $command; Help = $h }
    }
    if (-not (Test-Path (Join-Path $sources 'about_StudioCmdlets.md'))) { $problems.Add('about_StudioCmdlets.md is missing') }
    if ($CodeFolder) {
        # The Markdown is the one source of parameter and cmdlet prose: a doc comment on a cmdlet's parameter
        # would be a second copy that drifts.
        foreach ($file in Get-ChildItem $CodeFolder -Recurse -Filter '*Command.cs') {
            $lines = Get-Content $file.FullName
            for ($i = 1; $i -lt $lines.Count; $i++) {
                if ($lines[$i] -match '^\s*\[Parameter\b' -and $lines[$i - 1] -match '^\s*///') {
                    $problems.Add("$($file.Name):$($i): a doc comment above a [Parameter]; its prose belongs in module/help")
                }
            }
        }
    }
    [pscustomobject]@{ Helps = @($helps); Problems = @($problems) }
}

function Test-ModuleHelp {
    <# .SYNOPSIS Everything missing or stale in the help sources of the module in ModuleFolder, one line each. #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $SourceFolder, [string] $CodeFolder)
    $module = Import-Module (Join-Path $ModuleFolder 'StudioCmdlets.psd1') -Force -PassThru
    try { (Read-ModuleHelp $module.Name $SourceFolder $CodeFolder).Problems }
    finally { Remove-Module $module.Name -Force }
}

function Export-ModuleHelp {
    <#
    .SYNOPSIS
    Writes en-US/StudioCmdlets.dll-Help.xml and en-US/about_StudioCmdlets.help.txt into ModuleFolder, from the
    built cmdlets and the Markdown in SourceFolder; stops when anything is missing or stale (Test-ModuleHelp).
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $SourceFolder, [string] $CodeFolder)
    $module = Import-Module (Join-Path $ModuleFolder 'StudioCmdlets.psd1') -Force -PassThru
    try { Write-ModuleHelp $ModuleFolder $SourceFolder (Read-ModuleHelp $module.Name $SourceFolder $CodeFolder) }
    finally { Remove-Module $module.Name -Force }
}

function Write-ModuleHelp([string] $ModuleFolder, [string] $SourceFolder, $Set) {
    if ($Set.Problems) { throw "Help is missing or stale:`n  " + ($Set.Problems -join "`n  ") }
    $sources = $SourceFolder
    $helps = $Set.Helps
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
}

Export-ModuleMember -Function Read-HelpSource, Test-ModuleHelp, Export-ModuleHelp
