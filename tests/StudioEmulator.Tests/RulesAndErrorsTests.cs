using System.Text.Json;

namespace StudioEmulator.Tests;

[Collection("emulator")]
public sealed class RulesAndErrorsTests(EmulatorFixture emu)
{
    private static void AssertTwilioError(JsonElement body, int status, int code)
    {
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", body.GetProperty("more_info").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task One_active_execution_per_contact_per_flow()
    {
        var flow = (await emu.FlowsByName())["Appointment Reminders"];
        var contact = "+15005559" + Random.Shared.Next(100, 999);
        var (created, first) = await emu.Post($"/v2/Flows/{flow}/Executions", ("To", contact), ("From", "+15005550008"), ("Parameters", "{\"date\":\"Friday\"}"));
        Assert.Equal(201, created);
        Assert.Equal("active", first.GetProperty("status").GetString());
        var sid = first.GetProperty("sid").GetString()!;

        var (conflict, body) = await emu.Post($"/v2/Flows/{flow}/Executions", ("To", contact), ("From", "+15005550008"));
        Assert.Equal(409, conflict);
        AssertTwilioError(body, 409, 20409);
        Assert.Equal(sid, body.GetProperty("details").GetProperty("conflicting_execution_sid").GetString());
        Assert.DoesNotContain(sid, body.GetProperty("message").GetString()); // clients must read details, not the text

        // The rule is keyed on the To/From combination: the same contact from another of the flow's numbers may start.
        var (otherFrom, otherFromExecution) = await emu.Post($"/v2/Flows/{flow}/Executions", ("To", contact), ("From", "+15005550099"));
        Assert.Equal(201, otherFrom);

        // Another flow is a different rule: the same contact may start there.
        var other = (await emu.FlowsByName())["Inbound SMS Support"];
        var (elsewhere, otherExecution) = await emu.Post($"/v2/Flows/{other}/Executions", ("To", contact), ("From", "+15005550006"));
        Assert.Equal(201, elsewhere);

        var (ended, endedBody) = await emu.Post($"/v2/Flows/{flow}/Executions/{sid}", ("Status", "ended"));
        Assert.Equal(200, ended);
        Assert.Equal("ended", endedBody.GetProperty("status").GetString());
        // Twilio's Execution page: ending an execution that has already ended fails with 409 Conflict.
        var (again, againBody) = await emu.Post($"/v2/Flows/{flow}/Executions/{sid}", ("Status", "ended"));
        Assert.Equal(409, again);
        AssertTwilioError(againBody, 409, 20409);

        var (recreated, fresh) = await emu.Post($"/v2/Flows/{flow}/Executions", ("To", contact), ("From", "+15005550008"));
        Assert.Equal(201, recreated);
        Assert.NotEqual(sid, fresh.GetProperty("sid").GetString());
        var (ctxStatus, ctx) = await emu.Get($"/v2/Flows/{flow}/Executions/{sid}/Context");
        Assert.Equal(200, ctxStatus);
        Assert.Equal("Friday", ctx.GetProperty("context").GetProperty("flow").GetProperty("data").GetProperty("date").GetString());

        foreach (var (f, s) in new[] { (flow, fresh.GetProperty("sid").GetString()), (other, otherExecution.GetProperty("sid").GetString()), (flow, otherFromExecution.GetProperty("sid").GetString()) })
        {
            using var del = await emu.Http.DeleteAsync($"/v2/Flows/{f}/Executions/{s}");
            Assert.Equal(204, (int)del.StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_sids_are_404_with_code_20404_and_malformed_ones_400()
    {
        var flow = (await emu.FlowsByName())["Inbound SMS Support"];
        var missingFlow = "FW" + new string('a', 32);
        var missingExecution = "FN" + new string('b', 32);
        foreach (var url in new[] { $"/v2/Flows/{missingFlow}", $"/v2/Flows/{missingFlow}/Executions", $"/v2/Flows/{flow}/Executions/{missingExecution}",
                     $"/v2/Flows/{flow}/Executions/{missingExecution}/Context", $"/v2/Flows/{flow}/Executions/{missingExecution}/Steps" })
        {
            var (status, body) = await emu.Get(url);
            Assert.Equal(404, status);
            AssertTwilioError(body, 404, 20404);
        }
        foreach (var url in new[] { "/v2/Flows/FW123", $"/v2/Flows/{flow}/Executions/{flow}", $"/v2/Flows/{flow}/Executions?status=stuck",
                     $"/v2/Flows/{flow}/Executions?DateCreatedFrom=yesterday", $"/v2/Flows/{flow}/Executions?PageToken=nonsense" })
        {
            var (status, body) = await emu.Get(url);
            Assert.Equal(400, status);
            AssertTwilioError(body, 400, 20001);
        }
        var (endStatus, endBody) = await emu.Post($"/v2/Flows/{flow}/Executions/{missingExecution}", ("Status", "ended"));
        Assert.Equal(404, endStatus);
        AssertTwilioError(endBody, 404, 20404);
        var (reactivate, reactivateBody) = await emu.Post($"/v2/Flows/{flow}/Executions/{missingExecution}", ("Status", "active"));
        Assert.Equal(400, reactivate);
        AssertTwilioError(reactivateBody, 400, 20001);
        var (noTo, noToBody) = await emu.Post($"/v2/Flows/{flow}/Executions", ("From", "+15005550006"));
        Assert.Equal(400, noTo);
        Assert.Contains("To", noToBody.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Requests_without_valid_basic_auth_get_401_code_20003()
    {
        var (status, body) = await emu.Get("/v2/Flows", emu.Anonymous);
        Assert.Equal(401, status);
        AssertTwilioError(body, 401, 20003);

        using var wrong = new HttpClient { BaseAddress = emu.Host.BaseUrl };
        wrong.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("AC00000000000000000000000000000001:not-the-token"u8.ToArray()));
        var (wrongStatus, _) = await emu.Get("/v2/Flows", wrong);
        Assert.Equal(401, wrongStatus);

        using var key = new HttpClient { BaseAddress = emu.Host.BaseUrl };
        key.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("SK00000000000000000000000000000001:emulator-api-secret-0001"u8.ToArray()));
        var (keyStatus, _) = await emu.Get("/v2/Flows", key);
        Assert.Equal(200, keyStatus);
    }

    [Fact]
    public async Task Flows_can_be_created_updated_and_deleted_with_definitions()
    {
        var definition = """{"states":[{"name":"Trigger","type":"trigger","transitions":[{"event":"incomingRequest"}],"properties":{}}],"initial_state":"Trigger","flags":{"allow_concurrent_calls":true}}""";
        var (created, flow) = await emu.Post("/v2/Flows", ("FriendlyName", "Scratch"), ("Status", "draft"), ("Definition", definition));
        Assert.Equal(201, created);
        var sid = flow.GetProperty("sid").GetString()!;
        Assert.Equal("Trigger", flow.GetProperty("definition").GetProperty("initial_state").GetString());
        var (updated, after) = await emu.Post($"/v2/Flows/{sid}", ("Status", "published"), ("Definition", definition), ("CommitMessage", "go live"));
        Assert.Equal(200, updated);
        Assert.Equal(2, after.GetProperty("revision").GetInt32());
        Assert.Equal("published", after.GetProperty("status").GetString());
        var (bad, badBody) = await emu.Post("/v2/Flows", ("FriendlyName", "Broken"), ("Status", "live"), ("Definition", definition));
        Assert.Equal(400, bad);
        AssertTwilioError(badBody, 400, 20001);
        using var del = await emu.Http.DeleteAsync($"/v2/Flows/{sid}");
        Assert.Equal(204, (int)del.StatusCode);
        var (gone, _) = await emu.Get($"/v2/Flows/{sid}");
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task Flow_revisions_serve_the_definition_an_execution_runs()
    {
        var flow = (await emu.FlowsByName())["Webchat Concierge"];
        var (_, fetched) = await emu.Get($"/v2/Flows/{flow}");
        var revision = fetched.GetProperty("revision").GetInt32();
        var (status, body) = await emu.Get($"/v2/Flows/{flow}/Revisions/{revision}");
        Assert.Equal(200, status);
        Assert.Equal(revision, body.GetProperty("revision").GetInt32());
        Assert.Equal(fetched.GetProperty("definition").GetRawText(), body.GetProperty("definition").GetRawText());
        Assert.EndsWith($"/v2/Flows/{flow}/Revisions/{revision}", body.GetProperty("url").GetString());
        var (latest, _) = await emu.Get($"/v2/Flows/{flow}/Revisions/LatestPublished");
        Assert.Equal(200, latest);
        var (missing, error) = await emu.Get($"/v2/Flows/{flow}/Revisions/{revision + 50}");
        Assert.Equal(404, missing);
        AssertTwilioError(error, 404, 20404);
    }
}
