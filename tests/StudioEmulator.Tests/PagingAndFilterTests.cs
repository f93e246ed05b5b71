using System.Text.Json;

namespace StudioEmulator.Tests;

[Collection("emulator")]
public sealed class PagingAndFilterTests(EmulatorFixture emu)
{
    private static List<JsonElement> Items(JsonElement body, string key) => body.GetProperty(key).EnumerateArray().ToList();

    [Fact]
    public async Task Walking_next_page_urls_visits_every_execution_once_newest_first()
    {
        var flow = (await emu.FlowsByName())["Inbound SMS Support"];
        var (status, whole) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=1000");
        Assert.Equal(200, status);
        var expected = Items(whole, "executions").Select(e => e.GetProperty("sid").GetString()).ToList();
        Assert.True(expected.Count > 200, "the scenario should give this flow hundreds of executions");

        var seen = new List<string?>();
        var url = $"/v2/Flows/{flow}/Executions?PageSize=97";
        var pages = 0;
        DateTimeOffset? last = null;
        while (url is not null)
        {
            var (s, page) = await emu.Get(url);
            Assert.Equal(200, s);
            var meta = page.GetProperty("meta");
            Assert.Equal("executions", meta.GetProperty("key").GetString());
            Assert.Equal(97, meta.GetProperty("page_size").GetInt32());
            Assert.Equal(pages, meta.GetProperty("page").GetInt32());
            Assert.StartsWith("https://studio.twilio.com/v2/Flows/", meta.GetProperty("first_page_url").GetString());
            foreach (var e in Items(page, "executions"))
            {
                var created = DateTimeOffset.Parse(e.GetProperty("date_created").GetString()!);
                Assert.True(last is null || created <= last, "executions are listed newest first");
                last = created;
                seen.Add(e.GetProperty("sid").GetString());
            }
            var next = meta.GetProperty("next_page_url");
            if (next.ValueKind != JsonValueKind.Null)
            {
                Assert.StartsWith("https://studio.twilio.com/", next.GetString());
                Assert.Contains("PageToken=PA", next.GetString());
            }
            url = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            pages++;
        }
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 96) / 97, pages);
    }

    [Fact]
    public async Task Previous_page_url_leads_back_to_the_same_page()
    {
        var flow = (await emu.FlowsByName())["Inbound SMS Support"];
        var (_, first) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=10");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("meta").GetProperty("previous_page_url").ValueKind);
        var (_, second) = await emu.Get(first.GetProperty("meta").GetProperty("next_page_url").GetString()!);
        var (_, back) = await emu.Get(second.GetProperty("meta").GetProperty("previous_page_url").GetString()!);
        Assert.Equal(Items(first, "executions").Select(e => e.GetProperty("sid").GetString()), Items(back, "executions").Select(e => e.GetProperty("sid").GetString()));
    }

    [Fact]
    public async Task Status_filter_is_applied_and_kept_in_page_urls()
    {
        var flow = (await emu.FlowsByName())["Inbound SMS Support"];
        var (_, page) = await emu.Get($"/v2/Flows/{flow}/Executions?status=active&PageSize=5");
        var items = Items(page, "executions");
        Assert.Equal(5, items.Count);
        Assert.All(items, e => Assert.Equal("active", e.GetProperty("status").GetString()));
        Assert.Contains("status=active", page.GetProperty("meta").GetProperty("next_page_url").GetString());

        var all = new List<JsonElement>();
        string? url = $"/v2/Flows/{flow}/Executions?status=active&PageSize=5";
        while (url is not null)
        {
            var (_, p) = await emu.Get(url);
            all.AddRange(Items(p, "executions"));
            var next = p.GetProperty("meta").GetProperty("next_page_url");
            url = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        Assert.Equal(Scenario.StuckSms + Scenario.RecentSms, all.Count);
    }

    [Fact]
    public async Task Date_filters_are_from_inclusive_and_to_exclusive()
    {
        var flow = (await emu.FlowsByName())["Voice Main Line"];
        var (_, all) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=1000");
        var items = Items(all, "executions");
        var pivot = items[items.Count / 2].GetProperty("date_created").GetString()!;
        var pivotTime = DateTimeOffset.Parse(pivot);
        var (_, from) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=1000&DateCreatedFrom={Uri.EscapeDataString(pivot)}");
        var (_, to) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=1000&DateCreatedTo={Uri.EscapeDataString(pivot)}");
        var fromItems = Items(from, "executions");
        var toItems = Items(to, "executions");
        Assert.All(fromItems, e => Assert.True(DateTimeOffset.Parse(e.GetProperty("date_created").GetString()!) >= pivotTime));
        Assert.All(toItems, e => Assert.True(DateTimeOffset.Parse(e.GetProperty("date_created").GetString()!) < pivotTime));
        Assert.Equal(items.Count, fromItems.Count + toItems.Count);
        Assert.Contains(fromItems, e => e.GetProperty("date_created").GetString() == pivot);
    }

    [Fact]
    public async Task Page_size_defaults_to_50_and_is_bounded()
    {
        var flow = (await emu.FlowsByName())["Inbound SMS Support"];
        var (_, page) = await emu.Get($"/v2/Flows/{flow}/Executions");
        Assert.Equal(50, Items(page, "executions").Count);
        Assert.Equal(50, page.GetProperty("meta").GetProperty("page_size").GetInt32());
        foreach (var bad in new[] { "0", "1001", "abc", "-1" })
        {
            var (status, body) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize={bad}");
            Assert.Equal(400, status);
            Assert.Equal(20001, body.GetProperty("code").GetInt32());
        }
        var (okStatus, max) = await emu.Get($"/v2/Flows/{flow}/Executions?PageSize=1000");
        Assert.Equal(200, okStatus);
        Assert.Equal(1000, max.GetProperty("meta").GetProperty("page_size").GetInt32());
    }

    [Fact]
    public async Task Steps_show_where_a_stuck_execution_sits_and_have_contexts()
    {
        var flow = (await emu.FlowsByName())["Webchat Concierge"];
        var (_, page) = await emu.Get($"/v2/Flows/{flow}/Executions?status=active&PageSize=1000");
        var oldest = Items(page, "executions").Last();
        var sid = oldest.GetProperty("sid").GetString();
        var (status, steps) = await emu.Get($"/v2/Flows/{flow}/Executions/{sid}/Steps");
        Assert.Equal(200, status);
        var list = Items(steps, "steps");
        Assert.NotEmpty(list);
        var latest = list[0]; // newest first
        Assert.Contains(latest.GetProperty("transitioned_to").GetString(), new[] { "greet", "nudge" });
        // A step's type is the widget it left, as in Twilio's example (Trigger -> Ended, type trigger): the first
        // step leaves the trigger, and every later one leaves the send-and-wait widget the one before entered.
        var first = list[^1];
        Assert.Equal("Trigger", first.GetProperty("transitioned_from").GetString());
        Assert.Equal("trigger", first.GetProperty("type").GetString());
        for (var i = 0; i + 1 < list.Count; i++)
        {
            Assert.Equal(list[i + 1].GetProperty("transitioned_to").GetString(), list[i].GetProperty("transitioned_from").GetString());
            Assert.Equal("send-and-wait-for-reply", list[i].GetProperty("type").GetString());
        }

        var stepSid = latest.GetProperty("sid").GetString();
        var (fetchStatus, fetched) = await emu.Get($"/v2/Flows/{flow}/Executions/{sid}/Steps/{stepSid}");
        Assert.Equal(200, fetchStatus);
        Assert.Equal(stepSid, fetched.GetProperty("sid").GetString());
        var (ctxStatus, ctx) = await emu.Get($"/v2/Flows/{flow}/Executions/{sid}/Steps/{stepSid}/Context");
        Assert.Equal(200, ctxStatus);
        Assert.Equal(stepSid, ctx.GetProperty("step_sid").GetString());

        var (execCtxStatus, execCtx) = await emu.Get($"/v2/Flows/{flow}/Executions/{sid}/Context");
        Assert.Equal(200, execCtxStatus);
        Assert.False(string.IsNullOrEmpty(execCtx.GetProperty("context").GetProperty("trigger").GetProperty("conversation").GetProperty("Body").GetString()));
    }
}
