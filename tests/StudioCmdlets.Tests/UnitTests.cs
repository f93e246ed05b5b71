using System.Management.Automation;
using StudioCmdlets.Client;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Connections;
using StudioCmdlets.Contract;
using StudioCmdlets.Engine;
using StudioCmdlets.Errors;
using StudioCmdlets.Hosting;
using StudioCmdlets.Listing;
using StudioCmdlets.Model;

namespace StudioCmdlets.Tests;

public sealed class SidTests
{
    [Theory]
    [InlineData("FW0123456789abcdef0123456789ABCDEF", SidKind.Flow)]
    [InlineData("FN0123456789abcdef0123456789abcdef", SidKind.Execution)]
    [InlineData("FT0123456789abcdef0123456789abcdef", SidKind.Step)]
    [InlineData("AC0123456789abcdef0123456789abcdef", SidKind.Account)]
    [InlineData("SK0123456789abcdef0123456789abcdef", SidKind.ApiKey)]
    [InlineData("FW0123456789abcdef0123456789abcde", SidKind.None)]
    [InlineData("FW0123456789abcdef0123456789abcdeg", SidKind.None)]
    [InlineData("fw0123456789abcdef0123456789abcdef", SidKind.None)]
    [InlineData("XX0123456789abcdef0123456789abcdef", SidKind.None)]
    [InlineData("", SidKind.None)]
    [InlineData(null, SidKind.None)]
    public void Kind_reads_prefix_and_32_hex(string? sid, SidKind kind) => Assert.Equal(kind, Sid.Kind(sid));

    [Fact]
    public void Problems_say_what_was_given_and_what_was_meant()
    {
        Assert.Null(Sid.Problem("FN0123456789abcdef0123456789abcdef", SidKind.Execution, "ExecutionSid"));
        Assert.Equal("'FW0123456789abcdef0123456789abcdef' is a flow SID, but -ExecutionSid takes an execution SID (FN followed by 32 hexadecimal characters).",
            Sid.Problem("FW0123456789abcdef0123456789abcdef", SidKind.Execution, "ExecutionSid"));
        Assert.Equal("-FlowSid is empty: give a flow SID (FW followed by 32 hexadecimal characters).", Sid.Problem("", SidKind.Flow, "FlowSid"));
        Assert.Contains("is not a valid step SID", Sid.Problem("FT1", SidKind.Step, "StepSid"));
    }
}

public sealed class ConnectionTests
{
    private static Func<string, string?> Env(params (string, string)[] vars) => name => vars.FirstOrDefault(v => v.Item1 == name).Item2;
    private const string Account = "AC0123456789abcdef0123456789abcdef";

    [Fact]
    public void Environment_with_account_and_token()
    {
        var c = StudioConnection.FromEnvironment(Env(("TWILIO_ACCOUNT_SID", Account), ("TWILIO_AUTH_TOKEN", "tok-123"), ("TWILIO_REGION", "ie1"), ("TWILIO_EDGE", "dublin")))!;
        Assert.Equal(Account, c.AccountSid);
        Assert.Equal(StudioAuthType.AuthToken, c.AuthType);
        Assert.Equal("ie1", c.Region);
        Assert.Equal("dublin", c.Edge);
        // The secret crosses to the engine as a secret; only the engine reveals it, for the requests' header.
        Assert.Equal("tok-123", Secrets.Reveal(c.ForEngine(null, null, default, null, null).Secret));
        Assert.Equal("Environment", c.Source);
        Assert.DoesNotContain("tok-123", c.ToString());
    }

    [Fact]
    public void Environment_with_api_key_needs_secret_and_account()
    {
        var c = StudioConnection.FromEnvironment(Env(("TWILIO_ACCOUNT_SID", Account), ("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"), ("TWILIO_API_SECRET", "s3cret")))!;
        Assert.Equal(StudioAuthType.ApiKey, c.AuthType);
        Assert.Equal(Account, c.AccountSid);
        var ex = Assert.Throws<StudioConnectionException>(() => StudioConnection.FromEnvironment(Env(("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"), ("TWILIO_API_SECRET", "s3cret"))));
        Assert.Equal("IncompleteEnvironmentCredentials", ex.ErrorId);
        Assert.Null(StudioConnection.FromEnvironment(Env()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", null)]
    [InlineData("http://localhost:5000/", null)]
    [InlineData("http://[::1]:5000", null)]
    [InlineData("http://127.0.0.2", null)]
    [InlineData("https://proxy.example.com/twilio", null)]
    [InlineData("http://10.0.0.5", "InsecureEndpoint")]
    [InlineData("http://studio.example.com", "InsecureEndpoint")]
    [InlineData("https://AC1:token@proxy.example.com", "EndpointContainsCredentials")]
    [InlineData("https://proxy.example.com/?x=1", "InvalidEndpoint")]
    [InlineData("file:///etc/passwd", "InvalidEndpoint")]
    [InlineData("studio", "InvalidEndpoint")]
    public void Endpoints_are_https_or_loopback_and_carry_no_credentials(string endpoint, string? errorId)
    {
        if (errorId is null) { Assert.NotNull(StudioConnection.ParseEndpoint(endpoint)); return; }
        var ex = Assert.Throws<StudioConnectionException>(() => StudioConnection.ParseEndpoint(endpoint));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.DoesNotContain("token", ex.Message);
    }

    [Fact]
    public void Create_rejects_wrong_user_names_and_empty_secrets()
    {
        Assert.Equal("InvalidCredentialUserName", Assert.Throws<StudioConnectionException>(() =>
            StudioConnection.Create(Account, "admin", SecretText.Protect("x"), null, null, null, "t")).ErrorId);
        Assert.Equal("EmptySecret", Assert.Throws<StudioConnectionException>(() =>
            StudioConnection.Create(Account, Account, SecretText.Protect(""), null, null, null, "t")).ErrorId);
    }
}

public sealed class TransportTests
{
    [Fact]
    public void Redirect_keeps_path_and_query_and_honours_a_base_path()
    {
        var twilio = new Uri("https://studio.dublin.ie1.twilio.com/v2/Flows/FW1/Executions?Status=active&PageSize=1000&PageToken=PAabc");
        var toEmulator = new StudioHttpClient(new Uri("http://127.0.0.1:5055"), TimeSpan.FromSeconds(5), null);
        Assert.Equal("http://127.0.0.1:5055/v2/Flows/FW1/Executions?Status=active&PageSize=1000&PageToken=PAabc", toEmulator.Redirect(twilio).ToString());
        var toProxy = new StudioHttpClient(new Uri("https://proxy.example.com/twilio/"), TimeSpan.FromSeconds(5), null);
        Assert.Equal("https://proxy.example.com/twilio/v2/Flows/FW1/Executions?Status=active&PageSize=1000&PageToken=PAabc", toProxy.Redirect(twilio).ToString());
        var direct = new StudioHttpClient(null, TimeSpan.FromSeconds(5), null);
        Assert.Equal(twilio, direct.Redirect(twilio));
    }

    [Fact]
    public void Json_becomes_plain_PowerShell_objects()
    {
        var value = PSJson.Parse("""{"trigger":{"message":{"Body":"help","Media":[1,"two",{"x":true}]}},"n":null}""");
        var ps = Assert.IsType<PSObject>(value);
        var message = (PSObject)((PSObject)ps.Properties["trigger"].Value).Properties["message"].Value;
        Assert.Equal("help", message.Properties["Body"].Value);
        var media = Assert.IsType<object?[]>(message.Properties["Media"].Value);
        Assert.Equal(3, media.Length);
        Assert.Equal(1L, media[0]);
        Assert.Equal(true, ((PSObject)media[2]!).Properties["x"].Value);
        Assert.Null(ps.Properties["n"].Value);
    }
}

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(404, 20404, "StudioExecutionNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(401, 20003, "StudioAuthenticationFailed", ErrorCategory.AuthenticationError)]
    [InlineData(403, 20403, "StudioAccessDenied", ErrorCategory.PermissionDenied)]
    [InlineData(429, 20429, "StudioRateLimited", ErrorCategory.LimitsExceeded)]
    [InlineData(400, 20001, "StudioInvalidRequest", ErrorCategory.InvalidArgument)]
    [InlineData(409, 20409, "StudioExecutionConflict", ErrorCategory.ResourceExists)]
    [InlineData(503, 20503, "StudioServiceError", ErrorCategory.ResourceUnavailable)]
    public void Http_status_maps_to_id_and_category(int status, int code, string id, ErrorCategory category)
    {
        var body = $$"""{"code":{{code}},"message":"boom","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""";
        var answer = TwilioRoute.Failure((System.Net.HttpStatusCode)status, System.Text.Encoding.UTF8.GetBytes(body));
        var record = StudioErrors.From(answer, SidKind.Execution, "ending execution FN1", "FN1");
        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("FN1", record.TargetObject);
        Assert.Contains($"Twilio error {code}", record.Exception.Message);
        Assert.Contains($"https://www.twilio.com/docs/errors/{code}", record.Exception.Message);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
    }

    [Fact]
    public void Timeouts_and_unreachable_hosts_have_their_own_ids()
    {
        const string Account = "AC0123456789abcdef0123456789abcdef";
        // The transport's failures name the account they were for (many accounts share a command).
        Assert.Equal(Account, Assert.IsType<StudioRequestException>(EngineErrors.Translate(new Twilio.Exceptions.ApiConnectionException("Connection Error", new TimeoutException("late")), Account)).AccountSid);
        var timeout = StudioErrors.From(EngineErrors.Translate(new Twilio.Exceptions.ApiConnectionException("Connection Error", new TimeoutException("no answer in 60 seconds")), Account), SidKind.Flow, "listing flows", "Flows");
        Assert.Equal("StudioRequestTimeout", timeout.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, timeout.CategoryInfo.Category);
        var refused = StudioErrors.From(EngineErrors.Translate(new Twilio.Exceptions.ApiConnectionException("Connection Error", new HttpRequestException("Connection refused")), Account), SidKind.Flow, "listing flows", "Flows");
        Assert.Equal("StudioConnectionFailed", refused.FullyQualifiedErrorId);
        Assert.Contains("Connection refused", refused.Exception.Message);
        var page = StudioErrors.From(TwilioRoute.Failure(System.Net.HttpStatusCode.BadGateway, System.Text.Encoding.UTF8.GetBytes("<html>502</html>")), SidKind.Flow, "listing flows", "Flows");
        Assert.Equal("StudioUnexpectedResponse", page.FullyQualifiedErrorId);
        // What the engine does not recognise is not dressed up as a request failure, nor as an outage: it is a bug here.
        Assert.Equal("StudioInternalError", StudioErrors.From(new InvalidOperationException("odd"), SidKind.Flow, "listing flows", "Flows").FullyQualifiedErrorId);
    }
}

public sealed class ExecutionPageReaderTests
{
    [Fact]
    public async Task Reads_a_page_exactly_as_Twilio_does()
    {
        await using var emulator = await StudioEmulator.EmulatorHost.StartAsync(new StudioEmulator.EmulatorOptions { Executions = 2500, Seed = 12 });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{emulator.Options.AccountSid}:{emulator.Options.AuthToken}")));
        var flows = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(emulator.BaseUrl, "/v2/Flows"))).RootElement.GetProperty("flows");
        var flow = flows.EnumerateArray().First(f => f.GetProperty("friendly_name").GetString() == "Inbound SMS Support").GetProperty("sid").GetString();
        var json = await http.GetStringAsync(new Uri(emulator.BaseUrl, $"/v2/Flows/{flow}/Executions?PageSize=1000"));

        var ours = StudioJson.ExecutionPage(System.Text.Json.JsonDocument.Parse(json).RootElement);
        var twilio = Twilio.Base.Page<Twilio.Rest.Studio.V2.Flow.ExecutionResource>.FromJson("executions", json);
        Assert.Equal(1000, ours.Items.Count);
        Assert.Equal(twilio.GetNextPageUrl(Twilio.Rest.Domain.Studio), ours.NextUrl);
        for (var i = 0; i < ours.Items.Count; i++)
        {
            var a = ours.Items[i];
            var b = AsTwilioReadsIt(twilio.Records[i]);
            Assert.Equal((b.Sid, b.FlowSid, b.AccountSid, b.ContactAddress, b.ContactSid, b.Status, b.FlowRevision, b.InitiatedBy, b.Url),
                         (a.Sid, a.FlowSid, a.AccountSid, a.ContactAddress, a.ContactSid, a.Status, a.FlowRevision, a.InitiatedBy, a.Url));
            Assert.Equal(b.DateCreated, a.DateCreated);
            Assert.Equal(b.DateUpdated, a.DateUpdated);
            Assert.Equal(TimeSpan.Zero, a.DateCreated.Offset);
        }
        Assert.Contains(ours.Items, e => e.IsActive);
        Assert.Contains(ours.Items, e => !e.IsActive);
        Assert.Empty(StudioJson.ExecutionPage(System.Text.Json.JsonDocument.Parse("""{"executions":[],"meta":{"next_page_url":null}}""").RootElement).Items);
    }

    /// <summary>An execution as Twilio's own models read it (Newtonsoft), in the contract's record: what ours must equal.</summary>
    private static ExecutionRecord AsTwilioReadsIt(Twilio.Rest.Studio.V2.Flow.ExecutionResource e)
    {
        static DateTimeOffset? Utc(DateTime? d) => d is DateTime v ? new DateTimeOffset(DateTime.SpecifyKind(v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v, DateTimeKind.Utc)) : null;
        return new ExecutionRecord
        {
            Sid = e.Sid, FlowSid = e.FlowSid, ContactAddress = e.ContactChannelAddress, ContactSid = e.ContactSid,
            Status = e.Status?.ToString() ?? "",
            DateCreated = Utc(e.DateCreated) ?? default, DateUpdated = Utc(e.DateUpdated) ?? Utc(e.DateCreated) ?? default,
            FlowRevision = e.FlowVersion, InitiatedBy = e.InitiatedBy, AccountSid = e.AccountSid, Url = e.Url,
        };
    }
}

public sealed class RegionTests
{
    [Theory]
    [InlineData(null, null, "studio.twilio.com")]
    [InlineData("ie1", null, "studio.dublin.ie1.twilio.com")]
    [InlineData("au1", null, "studio.sydney.au1.twilio.com")]
    [InlineData(null, "sydney", "studio.sydney.us1.twilio.com")]
    [InlineData("ie1", "dublin", "studio.dublin.ie1.twilio.com")]
    [InlineData(" IE1 ", "Dublin", "studio.dublin.ie1.twilio.com")]
    public void Regions_follow_Twilios_host_names(string? region, string? edge, string host)
    {
        // Twilio retired studio.{region}.twilio.com on 2026-04-28: a region alone gets its default edge, an edge alone means us1.
        var (r, e) = Regions.Routing(region, edge);
        var request = new Twilio.Http.Request(Twilio.Http.HttpMethod.Get, Twilio.Rest.Domain.Studio, "/v2/Flows") { Region = r, Edge = e };
        Assert.Equal(host, request.ConstructUrl().Host);
    }
}

public sealed class ContactPatternTests
{
    [Theory]
    [InlineData("+14155550123", "+14155550123", true)]
    [InlineData("+1 (415) 555-0123", "+14155550123", true)]
    [InlineData("1-415-555-0123", "+14155550123", true)]
    [InlineData("(415) 555-0123", "+14155550123", true)]
    [InlineData("+14155550123", "whatsapp:+14155550123", true)]
    [InlineData("whatsapp:+1 415 555 0123", "whatsapp:+14155550123", true)]
    [InlineData("whatsapp:+14155550123", "messenger:+14155550123", false)]
    [InlineData("whatsapp:+14155550123", "+14155550123", false)]
    [InlineData("+14155550124", "+14155550123", false)]
    [InlineData("+44 20 7946 0958", "+442079460958", true)]
    [InlineData("4155550123", "+444155550123", false)]
    [InlineData("client:guest-0a1b2c", "CLIENT:guest-0a1b2c", true)]
    [InlineData("client:guest-0a1b2c", "client:guest-0a1b2d", false)]
    [InlineData("*0123", "+14155550123", true)]
    public void Contacts_match_however_they_are_typed(string typed, string address, bool matches)
    {
        var pattern = new ContactPattern(typed);
        Assert.Equal(matches, pattern.IsMatch(address));
        Assert.Equal(matches, pattern.Matched);
    }
}

public sealed class DesktopTests
{
    [Theory]
    [InlineData(System.Net.SecurityProtocolType.SystemDefault, System.Net.SecurityProtocolType.SystemDefault)]
#pragma warning disable SYSLIB0014, CS0618 // the old protocols are what a Windows PowerShell session may start with
    [InlineData(System.Net.SecurityProtocolType.Ssl3 | System.Net.SecurityProtocolType.Tls, System.Net.SecurityProtocolType.Ssl3 | System.Net.SecurityProtocolType.Tls | System.Net.SecurityProtocolType.Tls12)]
#pragma warning restore SYSLIB0014, CS0618
    [InlineData(System.Net.SecurityProtocolType.Tls13, System.Net.SecurityProtocolType.Tls13 | System.Net.SecurityProtocolType.Tls12)]
    [InlineData(System.Net.SecurityProtocolType.Tls12, System.Net.SecurityProtocolType.Tls12)]
    public void Tls12_is_added_and_nothing_lowered(System.Net.SecurityProtocolType before, System.Net.SecurityProtocolType after)
        => Assert.Equal(after, ModuleInitializer.WithTls12(before));
}
