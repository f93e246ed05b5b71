using System.Diagnostics;
using System.Text.Json;
using System.Management.Automation;
using StudioCmdlets.Client;
using StudioCmdlets.Model;
using StudioEmulator;

namespace StudioCmdlets.Tests;

/// <summary>How the cmdlets behave in a real PowerShell host: -WhatIf text, confirmation prompts, Ctrl+C.</summary>
[Collection("runspace")]
public sealed class HostedCmdletTests
{
    private const string Stuck = "Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4)";

    [Fact]
    public async Task WhatIf_names_sid_contact_flow_and_age_for_each_stuck_execution_and_sends_no_post()
    {
        await using var s = await StudioSession.StartAsync();
        var stuck = s.Invoke(Stuck);
        Assert.Equal(36, stuck.Count);
        var seq = await s.LastSeq();
        s.Invoke(Stuck + " | Stop-StudioExecution -WhatIf");
        Assert.Equal(0, await s.PostsSince(seq));
        var whatIf = s.Host.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(36, whatIf.Count);
        foreach (var e in stuck)
        {
            var line = Assert.Single(whatIf, l => l.Contains((string)e.Properties["Sid"].Value, StringComparison.Ordinal));
            Assert.Contains("End Studio execution", line);
            Assert.Contains("contact " + e.Properties["ContactAddress"].Value, line);
            Assert.Contains("flow '" + e.Properties["FlowName"].Value + "'", line);
            Assert.Matches(@"age \d+[dh]( \d+[hm])?\)", line);
        }
        Assert.Empty(s.Host.Prompts);
    }

    [Theory]
    [InlineData("triage", "Get-StudioStuckExecution | Where-Object State -eq Stranded")]
    [InlineData("a CSV of SIDs", "Get-StudioStuckExecution | Where-Object State -eq Stranded | Select-Object FlowSid, ExecutionSid | Export-Csv $args[0]; Import-Csv $args[0]")]
    [InlineData("a CSV with the contact but no date", "Get-StudioStuckExecution | Where-Object State -eq Stranded | Select-Object FlowSid, ExecutionSid, ContactAddress, FlowName | Export-Csv $args[0]; Import-Csv $args[0]")]
    public async Task WhatIf_names_the_contact_and_flow_whatever_was_piped(string what, string source)
    {
        await using var s = await StudioSession.StartAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"whatif-{Guid.NewGuid():N}.csv");
        try
        {
            var stranded = s.Invoke("Get-StudioStuckExecution | Where-Object State -eq Stranded");
            Assert.NotEmpty(stranded);
            var seq = await s.LastSeq();
            s.Invoke(source + " | Stop-StudioExecution -WhatIf", csv);
            Assert.Equal(0, await s.PostsSince(seq));
            var whatIf = s.Host.Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
            Assert.Equal(stranded.Count, whatIf.Count);
            foreach (var e in stranded)
            {
                var line = Assert.Single(whatIf, l => l.Contains((string)e.Properties["Sid"].Value, StringComparison.Ordinal));
                Assert.True(line.Contains("contact " + e.Properties["ContactAddress"].Value, StringComparison.Ordinal), $"{what}: {line}");
                Assert.True(line.Contains("flow '" + e.Properties["FlowName"].Value + "'", StringComparison.Ordinal), $"{what}: {line}");
                // An age only when the input knows when the execution started: never one counted from the year 1.
                Assert.DoesNotMatch(@"age \d{3,}d", line);
                if (what == "triage") Assert.Matches(@", age \d+", line);
            }
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public async Task Confirmation_is_asked_per_execution_and_a_no_ends_nothing()
    {
        await using var s = await StudioSession.StartAsync();
        var seq = await s.LastSeq();
        s.Host.Answer = "N";
        s.Invoke(Stuck + " | Select-Object -First 3 | Stop-StudioExecution");
        Assert.Equal(3, s.Host.Prompts.Count);
        Assert.Equal(0, await s.PostsSince(seq));

        s.Host.Answer = "Y";
        var ended = s.Invoke(Stuck + " | Select-Object -First 2 | Stop-StudioExecution -PassThru");
        Assert.Equal(5, s.Host.Prompts.Count);
        Assert.Equal(2, ended.Count);
        Assert.Equal(2, await s.PostsSince(seq));
    }

    [Fact]
    public async Task Setting_the_conversation_defaults_asks_first_naming_the_old_and_new_values_and_a_no_changes_nothing()
    {
        await using var s = await StudioSession.StartAsync();
        var seq = await s.LastSeq();
        s.Host.Answer = "N";
        var declined = s.Invoke("Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4)");
        var prompt = Assert.Single(s.Host.Prompts);
        Assert.Contains("DefaultClosedTimer from unset to 4h", prompt, StringComparison.Ordinal);
        Assert.Equal("Declined", (string)Assert.Single(declined).Properties["Outcome"].Value);
        Assert.Equal(0, await s.PostsSince(seq));

        s.Host.Answer = "Y";
        var changed = s.Invoke("Set-StudioConversationSetting -DefaultClosedTimer (New-TimeSpan -Hours 4)");
        Assert.Equal("Changed", (string)Assert.Single(changed).Properties["Outcome"].Value);
        Assert.Equal(1, await s.PostsSince(seq));
    }

    [Fact]
    public async Task Force_skips_the_prompt_but_not_WhatIf()
    {
        await using var s = await StudioSession.StartAsync();
        var seq = await s.LastSeq();
        s.Host.Answer = "N";
        s.Invoke(Stuck + " | Select-Object -First 2 | Stop-StudioExecution -Force -WhatIf");
        Assert.Equal(0, await s.PostsSince(seq));
        Assert.Equal(2, s.Host.Lines.Count(l => l.StartsWith("What if:", StringComparison.Ordinal)));

        s.Invoke("$WhatIfPreference = $true; " + Stuck + " | Select-Object -First 2 | Stop-StudioExecution -Force; $WhatIfPreference = $false");
        Assert.Equal(0, await s.PostsSince(seq));

        var ended = s.Invoke(Stuck + " | Select-Object -First 2 | Stop-StudioExecution -Force -PassThru");
        Assert.Equal(2, ended.Count);
        Assert.Empty(s.Host.Prompts);
        Assert.Equal(2, await s.PostsSince(seq));
    }

    [Fact]
    public async Task Stopping_the_pipeline_cancels_the_request_in_flight_within_a_second()
    {
        await using var s = await StudioSession.StartAsync(new EmulatorOptions { Executions = 300 });
        s.Invoke("Get-StudioFlow | Out-Null"); // warm up and cache flow names
        await s.Admin("/_emulator/health");
        using var http = new HttpClient();
        await http.PostAsync(new Uri(s.Emulator.BaseUrl, "/_emulator/knobs"), new StringContent("{\"latency_ms\": 20000}"));

        using var ps = PowerShell.Create();
        ps.Runspace = s.Runspace;
        ps.AddScript("Get-StudioExecution");
        var running = ps.BeginInvoke();
        await Task.Delay(500);
        var watch = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {watch.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        await http.PostAsync(new Uri(s.Emulator.BaseUrl, "/_emulator/knobs"), new StringContent("{\"latency_ms\": 0}"));
    }

    [Fact]
    public async Task Ctrl_C_stops_a_bulk_stop_within_a_second_and_every_end_request_sent_is_journaled_and_counted()
    {
        await using var s = await StudioSession.StartAsync(new EmulatorOptions { Executions = 1000, Stuck = 150, Seed = 21 });
        // Triaged executions know their widget: the journal needs no request before each end.
        var stuck = s.Invoke("Get-StudioStuckExecution | Where-Object State -eq Stranded | Select-Object -First 100");
        Assert.Equal(100, stuck.Count);
        var journal = Path.Combine(Path.GetTempPath(), "ctrl-c-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using var http = new HttpClient();
        // Twilio carries out an end at once; its answer takes 1.5 s, and a client stopped meanwhile never hears it.
        await http.PostAsync(new Uri(s.Emulator.BaseUrl, "/_emulator/knobs"), new StringContent("{\"latency_ms\": 1500, \"latency_after_write\": true}"));
        try
        {
            using var ps = PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("param($e, $j) $e | Stop-StudioExecution -Confirm:$false -JournalPath $j").AddArgument(stuck).AddArgument(journal);
            var running = ps.BeginInvoke();
            await Task.Delay(2200); // the first ten answered, the next ten sent and unanswered
            var watch = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {watch.Elapsed}");
            await Task.Delay(1700); // what was sent is carried out on the service by now

            var state = await s.Admin("/_emulator/state");
            var active = state.GetProperty("active_executions").EnumerateArray().Select(e => e.GetProperty("sid").GetString()).ToHashSet();
            var endedOnService = stuck.Select(e => (string)e.Properties["Sid"].Value).Where(sid => !active.Contains(sid)).ToList();
            var lines = File.ReadAllLines(journal).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var journaled = lines.Select(l => l.GetProperty("sid").GetString()).ToHashSet();
            Assert.NotEmpty(endedOnService);
            Assert.All(endedOnService, sid => Assert.Contains(sid, journaled));
            // Sent but never answered: their last line is the write-ahead one, and the closing message counts them.
            var last = lines.GroupBy(l => l.GetProperty("sid").GetString()).Select(g => g.Last().GetProperty("outcome").GetString()).ToList();
            var unknown = last.Count(o => o == "Attempted");
            Assert.True(unknown > 0, "some end requests were in flight when stopped");
            var ended = last.Count(o => o == "Ended");
            Assert.Equal(endedOnService.Count, ended + unknown);
            var closing = Assert.Single(s.Host.Lines, l => l.StartsWith("WARNING: Stop-StudioExecution was stopped", StringComparison.Ordinal));
            Assert.Contains($"{ended} ended", closing);
            Assert.Contains($"{unknown} end request(s) were in flight, their outcome unknown", closing);
            Assert.Contains(journal, closing);
        }
        finally
        {
            await http.PostAsync(new Uri(s.Emulator.BaseUrl, "/_emulator/knobs"), new StringContent("{\"latency_ms\": 0, \"latency_after_write\": false}"));
            File.Delete(journal);
        }
    }

    [Fact]
    public async Task Flows_bind_as_flows_executions_and_steps_bind_as_executions()
    {
        await using var s = await StudioSession.StartAsync();
        var executions = s.Invoke("Get-StudioFlow -Name 'Voice Main Line' | Get-StudioExecution -Status Active");
        Assert.Equal(3, executions.Count); // a call in the menu, one with an agent, one held past any call's limit
        // A step carries both ExecutionSid and Sid (its own FT...): the exact property name wins.
        var context = s.Invoke("Get-StudioFlow -Name 'Voice Main Line' | Get-StudioExecution -Status Active | Select-Object -First 1 | Get-StudioExecutionStep | Select-Object -Last 1 | Get-StudioExecution");
        Assert.Equal(executions[0].Properties["Sid"].Value, Assert.Single(context).Properties["Sid"].Value);
    }

    [Fact]
    public async Task Non_terminating_errors_carry_the_sid_the_category_and_twilio_code()
    {
        await using var s = await StudioSession.StartAsync();
        var flow = (string)s.Invoke("(Get-StudioFlow -Name 'Inbound SMS Support').Sid")[0].BaseObject;
        var missing = "FN" + new string('c', 32);
        s.Invoke("Get-StudioExecutionStep -FlowSid $args[0] -ExecutionSid $args[1]; Get-StudioExecutionContext -FlowSid $args[0] -ExecutionSid $args[1]", out var errors, flow, missing);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.StartsWith("StudioExecutionNotFound,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal(missing, e.TargetObject);
            var ex = Assert.IsType<StudioCmdlets.Contract.StudioRequestException>(e.Exception);
            Assert.Equal(404, ex.StatusCode);
            Assert.Equal(20404, ex.TwilioCode);
            Assert.Equal("https://www.twilio.com/docs/errors/20404", ex.MoreInfo);
        });
    }
}

[Collection("runspace")]
public sealed class ProgressTests
{
    [Fact]
    public async Task Long_work_shows_progress_without_percent_and_completes_it()
    {
        await using var s = await StudioSession.StartAsync(new EmulatorOptions { Executions = 400, Stuck = 60 });
        using var http = new HttpClient();
        await http.PostAsync(new Uri(s.Emulator.BaseUrl, "/_emulator/knobs"), new StringContent("{\"latency_ms\": 150}"));
        s.Invoke("Get-StudioExecution -Status Active | Where-Object Age -gt (New-TimeSpan -Hours 4) | Stop-StudioExecution -Confirm:$false -ThrottleLimit 4");
        var records = s.Host.Progress.Where(p => p.Activity == "Ending Studio executions").ToList();
        Assert.NotEmpty(records);
        Assert.All(records.Where(r => r.RecordType == ProgressRecordType.Processing), r => Assert.Equal(-1, r.PercentComplete));
        Assert.Contains("ended", records.First(r => r.RecordType == ProgressRecordType.Processing).StatusDescription);
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
        // Each update is a record of its own: one kept by a host is never changed afterwards.
        Assert.Equal(records.Count, records.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(ProgressRecordType.Processing, records.First().RecordType);

        s.Host.Progress.Clear();
        s.Invoke("$ProgressPreference = 'SilentlyContinue'; Get-StudioExecution -Status Ended | Select-Object -First 40 | Get-StudioExecutionStep -ThrottleLimit 2 | Out-Null");
        Assert.Empty(s.Host.Progress);
    }
}
