# Shared by the Pester suites: the built module, the emulator helpers, and a clean connection state.
$script:RepoRoot = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $RepoRoot 'out/StudioCmdlets/StudioCmdlets.psd1') -Force -ErrorAction Stop
Import-Module (Join-Path $RepoRoot 'examples/StudioEmulator.psm1') -Force -ErrorAction Stop

# The README's typical line: the active executions older than four hours (run with & $stuckLine).
$stuckLine = { Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) }

function Reset-StudioConnection {
    Disconnect-StudioAccount
    foreach ($name in 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_REGION', 'TWILIO_EDGE', 'STUDIOCMDLETS_ENDPOINT', 'STUDIOCMDLETS_TIMEOUT_SEC', 'STUDIOCMDLETS_MAX_RETRIES', 'STUDIOCMDLETS_RETRY_DELAY_MS') {
        Remove-Item -Path "env:$name" -ErrorAction SilentlyContinue
    }
}

function Start-SuiteEmulator {
    # A clean connection state and a fresh emulator that the Studio cmdlets use: what most suites start with.
    param([Parameter(Mandatory)] [int] $Executions, [int] $Seed)
    Reset-StudioConnection
    $arguments = @('--executions', "$Executions") + $(if ($PSBoundParameters.ContainsKey('Seed')) { '--seed', "$Seed" })
    $emulator = Start-StudioEmulator -Arguments $arguments
    Use-StudioEmulator $emulator
    $emulator
}

function Read-ModuleFormats {
    # Every view of the built module (all its .format.ps1xml files) in one document.
    $files = @(Get-ChildItem (Join-Path $RepoRoot 'out/StudioCmdlets') -Filter *.format.ps1xml)
    $all = [xml](Get-Content -Raw $files[0].FullName)
    foreach ($file in $files | Select-Object -Skip 1) {
        foreach ($view in ([xml](Get-Content -Raw $file.FullName)).Configuration.ViewDefinitions.View) {
            [void]$all.Configuration.ViewDefinitions.AppendChild($all.ImportNode($view, $true))
        }
    }
    $all
}

function Get-LastRequestSeq($Emulator) {
    (Invoke-RestMethod -Uri "$($Emulator.BaseUrl)/_emulator/requests").last_seq
}

function New-ChildPwshStart {
    # How every child pwsh of the tests starts: 'dotnet pwsh -NonInteractive -Command', the pwsh running these tests
    # by path (no tool lookup, which a test's own HOME would break), in the repository, its streams redirected.
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $psi = [System.Diagnostics.ProcessStartInfo]::new($dotnet)
    $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
    foreach ($a in $pwshDll, '-NoProfile', '-NonInteractive', '-Command', $Script) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $script:RepoRoot
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    $psi
}

function Invoke-ChildPwsh {
    # Runs a script in a child 'dotnet pwsh -NonInteractive' whose standard input is closed, as in an
    # automation account or CI; returns its exit code and output.
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 120)
    $p = [System.Diagnostics.Process]::Start((New-ChildPwshStart $Script $Environment))
    try {
        $p.StandardInput.Close()
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { throw "The child pwsh did not finish in $TimeoutSeconds s." }
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.Result; Error = $err.Result }
    }
    finally {
        if (-not $p.HasExited) { $p.Kill($true) }
        $p.Dispose()
    }
}

function Invoke-WithEmulator {
    # Runs a test against its own emulator (stopped whatever happens), with fast retries and Retry-After: 0
    # so fault tests stay quick; Twilio's Retry-After is still honoured as it comes.
    param([string[]] $Arguments, [scriptblock] $Test, [string] $AuthToken)
    $all = $Arguments + $(if ($AuthToken) { @('--auth-token', $AuthToken) } else { @() })
    $emulator = Start-StudioEmulator -Arguments $all
    if ($AuthToken) { $emulator.AuthToken = $AuthToken }
    try {
        Use-StudioEmulator $emulator
        $env:STUDIOCMDLETS_RETRY_DELAY_MS = '5'
        Set-StudioEmulatorKnob $emulator @{ retry_after = 0 } | Out-Null
        & $Test $emulator
    }
    finally {
        Stop-StudioEmulator $emulator
        Reset-StudioConnection
    }
}

function Get-SequentialWalk {
    # Ground truth for listings: the SIDs Studio's own pages give, following next_page_url one by one.
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $FlowSid, [string] $Query = '')
    $auth = [pscredential]::new($Emulator.AccountSid, (ConvertTo-SecureString $Emulator.AuthToken -AsPlainText -Force))
    $url = "$($Emulator.BaseUrl)/v2/Flows/$FlowSid/Executions?PageSize=1000$Query"
    $sids = [System.Collections.Generic.List[string]]::new()
    while ($url) {
        $page = Invoke-RestMethod $url -Authentication Basic -Credential $auth -AllowUnencryptedAuthentication
        $page.executions | ForEach-Object { $sids.Add($_.sid) }
        $url = if ($page.meta.next_page_url) { $page.meta.next_page_url -replace 'https://studio.twilio.com', $Emulator.BaseUrl }
    }
    , $sids.ToArray()
}

function Read-StudioJournal {
    # A Stop-StudioExecution journal: every line (-All), or the outcome lines, one per execution and run (the
    # write-ahead Attempted lines left out).
    param([Parameter(Mandatory)] [string] $Path, [switch] $All)
    $lines = Get-Content $Path | ForEach-Object { $_ | ConvertFrom-Json }
    if ($All) { return $lines }
    $lines | Where-Object outcome -ne 'Attempted'
}

function Invoke-UnderCpuLoad {
    # Runs a test while other processes keep every core busy (as CI does when builds run beside it), and stops them
    # whatever happens.
    param([Parameter(Mandatory)] [scriptblock] $Test)
    $burners = foreach ($i in 1..[Environment]::ProcessorCount) { [System.Diagnostics.Process]::Start((New-ChildPwshStart 'while ($true) { }')) }
    try {
        Start-Sleep -Milliseconds 500 # the burners are spinning before the test starts
        & $Test
    }
    finally {
        foreach ($p in $burners) { if (-not $p.HasExited) { $p.Kill($true) }; $p.Dispose() }
    }
}

function Get-StrandedIn {
    # Ground truth for a fleet: the active executions of one account (a subaccount's, by SID) that the scenario calls stranded.
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $AccountSid)
    @((Get-StudioEmulatorState $Emulator -AccountSid $AccountSid).active_executions | Where-Object truth -eq 'stranded')
}

function Get-ScenarioTruth {
    # What the scenario knows of its active executions, for assertions that follow the data rather than restate it:
    # how many are active, how many the age rule calls stuck (older than four hours), and each ground truth's count.
    param([Parameter(Mandatory)] $Emulator)
    $active = @((Get-StudioEmulatorState $Emulator).active_executions)
    $cutoff = [DateTimeOffset]::UtcNow.AddHours(-4)
    [pscustomobject]@{
        Active   = $active.Count
        Stuck    = @($active | Where-Object { [DateTimeOffset]::Parse($_.date_created, [Globalization.CultureInfo]::InvariantCulture) -lt $cutoff }).Count
        Stranded = @($active | Where-Object truth -eq 'stranded').Count
        Waiting  = @($active | Where-Object truth -eq 'waiting').Count
        Live     = @($active | Where-Object truth -eq 'live').Count
    }
}

function Get-StrandedConversationTruth {
    # Ground truth for the conversation half: the open conversations of one account (the parent's by default) that the
    # scenario calls stranded, each with Idle, how long it has held its contact (since it was last used).
    param([Parameter(Mandatory)] $Emulator, [string] $AccountSid)
    $now = [DateTimeOffset]::UtcNow
    @(Get-StudioEmulatorConversation $Emulator -AccountSid $AccountSid | Where-Object { $_.truth -eq 'stranded' -and $_.state -ne 'closed' } |
        ForEach-Object { $_ | Add-Member -PassThru -Force NoteProperty Idle ($now - [DateTimeOffset]$_.date_updated) })
}
