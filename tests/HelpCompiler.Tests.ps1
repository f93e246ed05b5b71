# tools/HelpCompiler.psm1: the Markdown help sources read, checked against the built cmdlets, and compiled.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/HelpCompiler.psm1') -Force
    $moduleFolder = Join-Path $RepoRoot 'out/StudioCmdlets'
    $sources = Join-Path $RepoRoot 'module/help'

    function Copy-Sources {
        $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -Recurse $sources $copy
        $copy
    }
}

Describe 'Read-HelpSource' {
    It 'reads the name, synopsis, parameters, examples and links of a help source' {
        $file = Join-Path $TestDrive 'Get-Thing.md'
        Set-Content $file @'
# Get-Thing

## Synopsis
Gets things.

## Description
First paragraph
on two lines.

Second paragraph.

## Parameters

### -Name
The thing's name.

### -Force
Never asks.

## Examples

### Example 1: one
```powershell
Get-Thing -Name a
```
Gets a.

## Related links
- Set-Thing
- about_Things
'@
        $h = Read-HelpSource $file
        $h.Name | Should -Be 'Get-Thing'
        $h.Synopsis | Should -Be 'Gets things.'
        $h.Description | Should -Be 'First paragraph on two lines.', 'Second paragraph.'
        @($h.Parameters.Keys) | Should -Be 'Name', 'Force'
        $h.Parameters['Force'] | Should -Be 'Never asks.'
        $h.Examples.Count | Should -Be 1
        $h.Examples[0].Code | Should -Be 'Get-Thing -Name a'
        $h.Examples[0].Remarks | Should -Be 'Gets a.'
        $h.Links | Should -Be 'Set-Thing', 'about_Things'
    }
}

Describe 'Test-ModuleHelp' {
    It 'finds nothing wrong with the module''s own sources and code' {
        Test-ModuleHelp -ModuleFolder $moduleFolder -SourceFolder $sources -CodeFolder (Join-Path $RepoRoot 'src/StudioCmdlets/Commands') | Should -BeNullOrEmpty
    }

    It 'reports a parameter without text, text for a parameter that is gone, and a cmdlet with too few examples' {
        $copy = Copy-Sources
        $file = Join-Path $copy 'Stop-StudioExecution.md'
        $text = Get-Content -Raw $file
        $text = $text -replace '(?ms)^### -JournalPath\r?\n.*?(?=^### )', ''
        $text = $text -replace '(?m)^## Parameters\r?\n', "## Parameters`n`n### -Gone`nA parameter that is not there.`n"
        Set-Content $file $text
        $flow = Join-Path $copy 'Get-StudioFlow.md'
        Set-Content $flow ((Get-Content -Raw $flow) -replace '(?ms)^## Examples.*?(?=^## Related links)', "## Examples`n`n")
        $problems = @(Test-ModuleHelp -ModuleFolder $moduleFolder -SourceFolder $copy)
        $problems | Should -Contain 'Stop-StudioExecution: parameter -JournalPath is not described'
        $problems | Should -Contain 'Stop-StudioExecution: help describes -Gone, which the cmdlet does not have'
        $problems | Should -Contain 'Get-StudioFlow: fewer than two examples with code'
    }

    It 'reports a doc comment above a cmdlet parameter, a second copy of its prose' {
        $code = Join-Path $TestDrive 'code'
        New-Item -ItemType Directory $code | Out-Null
        Set-Content (Join-Path $code 'GetThingCommand.cs') @'
    public sealed class GetThingCommand
    {
        /// <summary>The thing's name.</summary>
        [Parameter]
        public string Name { get; set; }
    }
'@
        $problems = @(Test-ModuleHelp -ModuleFolder $moduleFolder -SourceFolder $sources -CodeFolder $code)
        $problems | Should -HaveCount 1
        $problems[0] | Should -BeLike 'GetThingCommand.cs:3:*module/help'
    }
}

Describe 'Export-ModuleHelp' {
    It 'refuses to write help from stale sources' {
        $copy = Copy-Sources
        Remove-Item (Join-Path $copy 'Get-StudioAccount.md')
        $target = Join-Path $TestDrive 'module'
        Copy-Item -Recurse $moduleFolder $target
        Remove-Item -Recurse (Join-Path $target 'en-US')
        { Export-ModuleHelp -ModuleFolder $target -SourceFolder $copy } | Should -Throw '*Get-StudioAccount: no help source*'
        Join-Path $target 'en-US' | Should -Not -Exist
    }

    It 'writes MAML with every cmdlet, its parameters'' text from the Markdown, and the about topic' {
        $target = Join-Path $TestDrive 'fresh'
        Copy-Item -Recurse $moduleFolder $target
        Remove-Item -Recurse (Join-Path $target 'en-US')
        Export-ModuleHelp -ModuleFolder $target -SourceFolder $sources
        $maml = [xml](Get-Content -Raw (Join-Path $target 'en-US/StudioCmdlets.dll-Help.xml'))
        $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; maml = 'http://schemas.microsoft.com/maml/2004/10' }
        $names = @(Select-Xml -Xml $maml -XPath '//command:command/command:details/command:name' -Namespace $ns | ForEach-Object { $_.Node.InnerText })
        ($names | Sort-Object) | Should -Be ((Import-PowerShellDataFile (Join-Path $RepoRoot 'module/StudioCmdlets.psd1')).CmdletsToExport | Sort-Object)
        $journal = Select-Xml -Xml $maml -Namespace $ns -XPath "//command:command[command:details/command:name='Stop-StudioExecution']/command:parameters/command:parameter[maml:name='JournalPath']/maml:description/maml:para"
        $expected = (Read-HelpSource (Join-Path $sources 'Stop-StudioExecution.md')).Parameters['JournalPath'] | Select-Object -First 1
        $journal[0].Node.InnerText | Should -Be $expected
        Get-Content -Raw (Join-Path $target 'en-US/about_StudioCmdlets.help.txt') | Should -Match '(?m)^TOPIC'
    }
}
