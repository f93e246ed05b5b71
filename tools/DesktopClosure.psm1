<#
.SYNOPSIS
Proves, from metadata alone, that every assembly reference of the built module binds on .NET Framework 4.7.2
(Windows PowerShell 5.1), where there are no load contexts and no binding redirects for a module.
.DESCRIPTION
Each reference of each shipped DLL is bound, in this order, to: the framework (an assembly of .NET Framework
4.7.2's reference set, facades included, of the same or a higher version: the framework unifies its own), the host
(System.Management.Automation, which Windows PowerShell supplies), a shipped DLL of exactly that version (found by
probing beside the module's assemblies), or the module's resolver (ModuleInitializer: a shipped DLL of that name,
whatever version was asked for). Anything else is unresolved, and the build fails on it.
#>

function Get-AssemblyIdentity([string] $Path) {
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        if (-not $pe.HasMetadata) { return $null }
        $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        if (-not $md.IsAssembly) { return $null }
        $definition = $md.GetAssemblyDefinition()
        $references = foreach ($handle in $md.AssemblyReferences) {
            $r = $md.GetAssemblyReference($handle)
            [pscustomobject]@{ Name = $md.GetString($r.Name); Version = $r.Version }
        }
        [pscustomobject]@{ Name = $md.GetString($definition.Name); Version = $definition.Version; References = @($references) }
    }
    finally { $stream.Dispose() }
}

function Get-DesktopClosure {
    <# .SYNOPSIS Every reference of the module's DLLs, and what binds it on .NET Framework 4.7.2. #>
    param(
        [Parameter(Mandatory)] [string] $ModuleFolder,
        # The folder of Microsoft.NETFramework.ReferenceAssemblies.net472: build/.NETFramework/v4.7.2.
        [Parameter(Mandatory)] [string] $FrameworkFolder,
        # Accepted for clarity at the call site: the closure is always the .NET Framework one.
        [switch] $Desktop
    )
    # What Windows PowerShell loads: the module's own assembly, and the .NET Framework builds in Dependencies/Desktop.
    $files = @(Get-ChildItem $ModuleFolder -Filter *.dll) + @(Get-ChildItem (Join-Path $ModuleFolder 'Dependencies/Desktop') -Filter *.dll)
    $framework = @{}
    foreach ($dll in Get-ChildItem $FrameworkFolder, (Join-Path $FrameworkFolder 'Facades') -Filter *.dll -ErrorAction Stop) {
        $id = Get-AssemblyIdentity $dll.FullName
        if ($id) { $framework[$id.Name] = $id.Version }
    }
    $shipped = @{}
    $assemblies = foreach ($dll in $files) {
        $id = Get-AssemblyIdentity $dll.FullName
        if ($id) { $shipped[$id.Name] = $id.Version; $id }
    }
    foreach ($assembly in $assemblies) {
        foreach ($reference in $assembly.References) {
            $by = if ($framework.ContainsKey($reference.Name) -and $reference.Version -le $framework[$reference.Name]) { 'framework' }
                elseif ($reference.Name -eq 'System.Management.Automation') { 'host (Windows PowerShell)' }
                elseif ($shipped.ContainsKey($reference.Name) -and $reference.Version -eq $shipped[$reference.Name]) { 'shipped, same version' }
                elseif ($shipped.ContainsKey($reference.Name)) { 'module resolver (unified)' }
                else { 'UNRESOLVED' }
            [pscustomobject]@{
                Assembly = $assembly.Name; Reference = $reference.Name; Referenced = $reference.Version
                Shipped = $shipped[$reference.Name]; Framework = $framework[$reference.Name]; ResolvedBy = $by
            }
        }
    }
}

function ConvertTo-ClosureTable {
    <# .SYNOPSIS The closure as a Markdown table: one row per referenced assembly that is not the framework's. #>
    param([Parameter(Mandatory)] [object[]] $Closure)
    '| assembly | versions referenced | version shipped | resolved by |'
    '| --- | --- | --- | --- |'
    $Closure | Where-Object ResolvedBy -ne 'framework' | Group-Object Reference | Sort-Object Name | ForEach-Object {
        $versions = ($_.Group.Referenced | Sort-Object -Unique | ForEach-Object { "$_" }) -join ', '
        $shipped = if ($_.Group[0].Shipped) { "$($_.Group[0].Shipped)" } else { '-' }
        $by = ($_.Group.ResolvedBy | Sort-Object -Unique) -join ', '
        "| $($_.Name) | $versions | $shipped | $by |"
    }
}

function Assert-DesktopClosure {
    <#
    .SYNOPSIS
    Every reference of every shipped DLL must bind on .NET Framework 4.7.2 (Windows PowerShell 5.1): writes the table
    to TablePath (docs/compatibility.md carries it; a test keeps the two alike) and throws on anything unresolved.
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $NuGetCache, [Parameter(Mandatory)] [string] $TablePath)
    $framework = Join-Path $NuGetCache 'microsoft.netframework.referenceassemblies.net472/1.0.3/build/.NETFramework/v4.7.2'
    if (-not (Test-Path $framework)) { throw ".NET Framework 4.7.2 reference assemblies are not in the NuGet cache ($framework); 'dotnet restore' of the test projects downloads them." }
    $closure = @(Get-DesktopClosure -ModuleFolder $ModuleFolder -FrameworkFolder $framework -Desktop)
    ConvertTo-ClosureTable $closure | Set-Content -Path $TablePath -Encoding utf8
    $unresolved = @($closure | Where-Object ResolvedBy -eq 'UNRESOLVED')
    if ($unresolved) {
        throw "References that would not bind on .NET Framework 4.7.2:`n  " + (($unresolved | ForEach-Object { "$($_.Assembly) -> $($_.Reference) $($_.Referenced)" }) -join "`n  ")
    }
}

Export-ModuleMember -Function Get-DesktopClosure, ConvertTo-ClosureTable, Assert-DesktopClosure
