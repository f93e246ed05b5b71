# Starts and stops the bundled Studio emulator (out/StudioEmulator) for demos, tests and runbook rehearsals.
# The emulator's standard input is a pipe held by this process: should this process die, the emulator
# sees the pipe close and exits, so no emulator outlives its parent.

$script:DefaultAccountSid = 'AC00000000000000000000000000000001'
$script:DefaultAuthToken = 'emulator-auth-token-0001'

function Start-StudioEmulator {
    <#
    .SYNOPSIS
    Starts the Studio emulator on a free loopback port and returns its address and credentials.
    .PARAMETER Arguments
    Extra emulator options, for example '--executions', '500', '--latency-ms', '50'.
    #>
    [CmdletBinding()]
    param(
        [string[]] $Arguments = @(),
        [string] $EmulatorPath = (Join-Path $PSScriptRoot '../out/StudioEmulator/StudioEmulator.dll'),
        [int] $TimeoutSeconds = 60
    )
    $dll = (Resolve-Path -LiteralPath $EmulatorPath -ErrorAction Stop).ProviderPath
    $dotnet = (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    $psi = [System.Diagnostics.ProcessStartInfo]::new($dotnet)
    foreach ($a in @($dll, '--port', '0', '--exit-on-stdin-close') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    try {
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or -not $line.Result) {
            $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { 'no answer' }
            throw "The Studio emulator did not start: $err"
        }
        if ($line.Result -notmatch 'listening on (?<url>http://\S+)') { throw "Unexpected emulator output: $($line.Result)" }
        [pscustomobject]@{
            PSTypeName = 'StudioEmulator.Instance'
            BaseUrl    = $Matches.url
            AccountSid = $script:DefaultAccountSid
            AuthToken  = $script:DefaultAuthToken
            Process    = $process
        }
    }
    catch {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        $process.WaitForExit(5000) | Out-Null
        throw
    }
}

function Stop-StudioEmulator {
    <# .SYNOPSIS Stops an emulator started with Start-StudioEmulator (and waits until it has exited). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if (-not $Emulator -or -not $Emulator.Process) { return }
        $p = $Emulator.Process
        try { $p.StandardInput.Close() } catch { }
        if (-not $p.WaitForExit(5000)) {
            try { $p.Kill($true) } catch { }
            $p.WaitForExit(5000) | Out-Null
        }
        $p.Dispose()
    }
}

function Get-StudioEmulatorRequest {
    <# .SYNOPSIS Reads the emulator's request log (optionally only one method, or only after a sequence number). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Method, [long] $Since = 0)
    $uri = "$($Emulator.BaseUrl)/_emulator/requests?since=$Since"
    if ($Method) { $uri += "&method=$Method" }
    (Invoke-RestMethod -Uri $uri).requests
}

function Get-StudioEmulatorState {
    <# .SYNOPSIS Counts and active executions, straight from the emulator's store. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $AccountSid)
    $uri = "$($Emulator.BaseUrl)/_emulator/state"
    if ($AccountSid) { $uri += "?account=$AccountSid" }
    Invoke-RestMethod -Uri $uri
}

function Get-StudioEmulatorAccount {
    <# .SYNOPSIS The emulator's accounts (the parent, then its subaccounts), with what a test needs to know of each. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-RestMethod -Uri "$($Emulator.BaseUrl)/_emulator/accounts").accounts
}

function Set-StudioEmulatorAccount {
    <# .SYNOPSIS Suspends, closes or reactivates an emulated account, rotates its auth token, or makes it slow (-LatencyMs, on top of the knob's). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $AccountSid,
        [ValidateSet('active', 'suspended', 'closed')] [string] $Status, [switch] $RotateToken, [int] $LatencyMs = -1)
    $body = @{}
    if ($LatencyMs -ge 0) { $body.latency_ms = $LatencyMs }
    if ($Status) { $body.status = $Status }
    if ($RotateToken) { $body.rotate_token = $true }
    Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/_emulator/accounts/$AccountSid" -ContentType 'application/json' -Body ($body | ConvertTo-Json) | Out-Null
}

function Set-StudioEmulatorKnob {
    <# .SYNOPSIS Changes latency, the concurrency cap or fault injection of a running emulator. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Knobs)
    Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/_emulator/knobs" -ContentType 'application/json' -Body ($Knobs | ConvertTo-Json)
}

function Get-StudioEmulatorConversation {
    <# .SYNOPSIS The emulator's conversations with their ground truth (stranded, live, parked, waiting, inflow, closed), state, contact, channel and tasks. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $AccountSid)
    $uri = "$($Emulator.BaseUrl)/_emulator/conversations"
    if ($AccountSid) { $uri += "?account=$AccountSid" }
    (Invoke-RestMethod -Uri $uri).conversations
}

function Send-StudioEmulatorInbound {
    <# .SYNOPSIS A message from a contact: it lands in the conversation that binds the contact to our number, or auto-creates one (Created). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $From, [string] $To, [string] $AccountSid)
    $body = @{ from = $From }
    if ($To) { $body.to = $To }
    if ($AccountSid) { $body.account = $AccountSid }
    $r = Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/_emulator/inbound" -ContentType 'application/json' -Body ($body | ConvertTo-Json)
    [pscustomobject]@{ ConversationSid = $r.conversation_sid; Created = $r.created }
}

function Use-StudioEmulator {
    <# .SYNOPSIS Points the Studio cmdlets at an emulator through the environment, as a runbook would be configured. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $env:TWILIO_ACCOUNT_SID = $Emulator.AccountSid
    $env:TWILIO_AUTH_TOKEN = $Emulator.AuthToken
    $env:STUDIOCMDLETS_ENDPOINT = $Emulator.BaseUrl
}

Export-ModuleMember -Function Start-StudioEmulator, Stop-StudioEmulator, Get-StudioEmulatorRequest, Get-StudioEmulatorState, Get-StudioEmulatorAccount,
    Set-StudioEmulatorAccount, Set-StudioEmulatorKnob, Use-StudioEmulator, Get-StudioEmulatorConversation, Send-StudioEmulatorInbound
