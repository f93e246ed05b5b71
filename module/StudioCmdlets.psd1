@{
    RootModule           = 'StudioCmdlets.dll'
    # The build stamps the version from Directory.Build.props (VersionPrefix): set it there, not here.
    ModuleVersion        = '0.0.0'
    GUID                 = '5f0c3a1e-8d6b-4f7e-9b2a-3c4d5e6f7a81'
    Author               = 'StudioCmdlets contributors'
    CompanyName          = 'StudioCmdlets contributors'
    Copyright            = '(c) 2026 StudioCmdlets contributors. MIT License.'
    Description          = 'Find and end stuck Twilio Studio executions that block contacts from reaching your contact centre, from the PowerShell pipeline.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    # netstandard2.0 on .NET Framework needs 4.7.2 (4.7.1 completed its support; Automation's sandboxes have 4.7.2 or later).
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('StudioCmdlets.format.ps1xml', 'StudioCmdlets.Flows.format.ps1xml')
    TypesToProcess       = @('StudioCmdlets.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-StudioAccount'
        'Disconnect-StudioAccount'
        'Get-StudioAccount'
        'Get-StudioFlow'
        'Get-StudioExecution'
        'Get-StudioExecutionStep'
        'Get-StudioExecutionContext'
        'Get-StudioStuckExecution'
        'Get-StudioSubaccount'
        'Get-StudioConversation'
        'Get-StudioStuckConversation'
        'Close-StudioConversation'
        'Get-StudioBlockedContact'
        'Unblock-StudioContact'
        'Test-StudioConversationSetting'
        'Set-StudioConversationSetting'
        'Get-StudioAddressConfiguration'
        'Stop-StudioExecution'
        'New-StudioExecution'
        'Remove-StudioExecution'
        'Test-StudioFlow'
        'Repair-StudioFlow'
        'Restore-StudioFlow'
    )
    # No HelpInfoURI on purpose: the help ships with the module (en-US), so Update-Help has nothing to fetch and
    # passes this module by; Get-Help -Online opens each cmdlet's page (its HelpUri).
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            # The build adds PSCommand_<name> for every exported cmdlet and PSIncludes_Cmdlet, so galleries find it by command.
            Tags         = @('Twilio', 'Studio', 'Flex', 'ContactCenter', 'Executions', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/studiocmdlets/StudioCmdlets'
            # The build fills these from docs/release-notes.md (the section of this version).
            ReleaseNotes = ''
        }
    }
}
