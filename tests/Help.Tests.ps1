# Help: every cmdlet has a synopsis, a description, every parameter described and at least two examples,
# generated from module/help and matching the cmdlets as built.
BeforeDiscovery {
    Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'out/StudioCmdlets/StudioCmdlets.psd1') -Force
    $commands = Get-Command -Module StudioCmdlets -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } }
}
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $skip = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'has a written synopsis and description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape("$Name "))  # an auto-generated synopsis is the syntax
        ($help.Description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter, and only the parameters the cmdlet has' {
        $expected = @($command.Parameters.Keys | Where-Object { $_ -notin $skip }) | Sort-Object
        $described = @($help.Parameters.Parameter | Where-Object { $_ -and $_.Name -notin 'WhatIf', 'Confirm' })
        ($described.Name | Sort-Object) | Should -Be $expected
        $described | ForEach-Object { ($_.Description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$($_.Name) of $Name needs a description" }
    }

    It 'has at least two examples with code and remarks' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        $commands = (Get-Command -Module StudioCmdlets).Name
        # Every example runs a command of the module, and one at least shows the cmdlet itself.
        ($examples.Code -join "`n") | Should -Match ('\b' + [regex]::Escape($Name) + '\b') -Because 'an example shows the cmdlet itself'
        $examples | ForEach-Object {
            $code = $_.Code
            @($commands | Where-Object { $code -match ('\b' + [regex]::Escape($_) + '\b') }) | Should -Not -BeNullOrEmpty -Because "an example uses the module: $code"
            ($_.Remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'about_StudioCmdlets' {
    It 'explains the blackout, connecting, rehearsing and runbooks' {
        $text = Get-Help about_StudioCmdlets | Out-String
        foreach ($topic in 'BLACKOUT', 'CONNECTING', 'REHEARSE, THEN STOP', 'RUNBOOKS', 'Confirm:\$false') { $text | Should -Match $topic }
    }

    It 'has a help source for every cmdlet and none for cmdlets that are gone' {
        $sources = Get-ChildItem (Join-Path $RepoRoot 'module/help') -Filter '*-*.md' | ForEach-Object BaseName | Sort-Object
        $sources | Should -Be (Get-Command -Module StudioCmdlets -CommandType Cmdlet).Name
    }
}
