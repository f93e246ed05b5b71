namespace StudioEmulator;

/// <summary>Start-up settings of the emulator; the run-time knobs live in <see cref="Knobs"/>.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; }
    public string Scenario { get; set; } = "blackout";
    public int Seed { get; set; } = 1;
    /// <summary>How many executions the blackout scenario generates (up to 100,000 and beyond).</summary>
    public int Executions { get; set; } = 3000;
    /// <summary>Executions stranded for hours (split over the SMS, webchat and reminder flows as 20:10:6).</summary>
    public int Stuck { get; set; } = 36;
    /// <summary>Put every ended execution in the SMS flow (one very long flow, for listing benchmarks).</summary>
    public bool SingleFlow { get; set; }
    public string AccountSid { get; set; } = "AC" + new string('0', 31) + "1";
    public string AuthToken { get; set; } = "emulator-auth-token-0001";
    public string ApiKeySid { get; set; } = "SK" + new string('0', 31) + "1";
    public string ApiKeySecret { get; set; } = "emulator-api-secret-0001";
    /// <summary>A Standard API key of the parent: Studio takes it; the 2010 Accounts API refuses it (a Main key is needed).</summary>
    public string StandardKeySid { get; set; } = "SK" + new string('0', 31) + "2";
    public string StandardKeySecret { get; set; } = "emulator-standard-secret-0002";
    /// <summary>Subaccounts of the parent, each with its own credentials, Studio data and concurrency.</summary>
    public int Subaccounts { get; set; }
    /// <summary>Executions in each subaccount's blackout.</summary>
    public int SubaccountExecutions { get; set; } = 200;
    /// <summary>Executions stranded for hours in each subaccount's blackout.</summary>
    public int SubaccountStuck { get; set; } = 20;
    /// <summary>Conversations in the blackout scenario (Conversations, Flex and TaskRouter, with ground truth).</summary>
    public int Conversations { get; set; } = 40;
    /// <summary>Conversations in each subaccount's blackout.</summary>
    public int SubaccountConversations { get; set; } = 12;
    /// <summary>Exit when standard input reaches its end, so a parent that dies takes the emulator with it.</summary>
    public bool ExitOnStdinClose { get; set; }
    public int LatencyMs { get; set; }
    public int MaxConcurrency { get; set; }
    /// <summary>Seconds in a Retry-After header on 429/503; negative (default) sends none.</summary>
    public int RetryAfterSeconds { get; set; } = -1;
    public double FaultRate { get; set; }
    public int FaultSeed { get; set; } = 1;
    public string FaultKinds { get; set; } = "429,503,drop,lost";
    public string FaultMethods { get; set; } = "GET,POST,DELETE";
    /// <summary>The clock the scenario is laid out against; tests pin it.</summary>
    public DateTimeOffset? Now { get; set; }

    public static EmulatorOptions Parse(string[] args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].TrimStart('-').ToLowerInvariant();
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            switch (name)
            {
                case "port": o.Port = int.Parse(Next()); break;
                case "scenario": o.Scenario = Next(); break;
                case "seed": o.Seed = int.Parse(Next()); break;
                case "executions": o.Executions = int.Parse(Next()); break;
                case "stuck": o.Stuck = int.Parse(Next()); break;
                case "single-flow": o.SingleFlow = true; break;
                case "account-sid": o.AccountSid = Next(); break;
                case "auth-token": o.AuthToken = Next(); break;
                case "api-key": o.ApiKeySid = Next(); break;
                case "api-secret": o.ApiKeySecret = Next(); break;
                case "standard-api-key": o.StandardKeySid = Next(); break;
                case "standard-api-secret": o.StandardKeySecret = Next(); break;
                case "subaccounts": o.Subaccounts = int.Parse(Next()); break;
                case "subaccount-executions": o.SubaccountExecutions = int.Parse(Next()); break;
                case "subaccount-stuck": o.SubaccountStuck = int.Parse(Next()); break;
                case "conversations": o.Conversations = int.Parse(Next()); break;
                case "subaccount-conversations": o.SubaccountConversations = int.Parse(Next()); break;
                case "exit-on-stdin-close": o.ExitOnStdinClose = true; break;
                case "latency-ms": o.LatencyMs = int.Parse(Next()); break;
                case "max-concurrency": o.MaxConcurrency = int.Parse(Next()); break;
                case "retry-after": o.RetryAfterSeconds = int.Parse(Next()); break;
                case "fault-rate": o.FaultRate = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "fault-seed": o.FaultSeed = int.Parse(Next()); break;
                case "fault-kinds": o.FaultKinds = Next(); break;
                case "fault-methods": o.FaultMethods = Next(); break;
                case "now": o.Now = DateTimeOffset.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "help": case "h": case "?": throw new HelpRequestedException();
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Run with --help.");
            }
        }
        if (o.Scenario is not ("blackout" or "empty"))
            throw new ArgumentException($"Unknown scenario '{o.Scenario}': use blackout or empty.");
        return o;
    }

    public const string Usage = """
        StudioEmulator: Twilio Studio v2 REST API on 127.0.0.1, for tests, demos and runbook rehearsals.
          --port N               port to bind (0 or absent: a free port)
          --scenario NAME        blackout (default) or empty
          --seed N               scenario seed (default 1): same seed, same data
          --executions N         executions in the blackout scenario (default 3000)
          --stuck N              executions stranded for hours (default 36)
          --single-flow          every ended execution in one flow (for listing benchmarks)
          --account-sid AC...    account SID accepted as user name (auth token as password)
          --auth-token T         auth token
          --api-key SK...        API key SID accepted as user name (API secret as password)
          --api-secret S         API key secret (a Main key: it may also list subaccounts)
          --standard-api-key SK  a Standard API key of the parent (Studio yes, the Accounts API no)
          --standard-api-secret S
          --subaccounts N        subaccounts of the parent, each its own blackout, credentials and concurrency
          --subaccount-executions N   executions in each subaccount (default 200)
          --subaccount-stuck N   executions stranded for hours in each subaccount (default 20)
          --conversations N      conversations in the blackout (default 40): stranded, live, parked, waiting,
                                 in a flow and closed, with Flex interaction channels and TaskRouter tasks
          --subaccount-conversations N   conversations in each subaccount (default 12)
          --latency-ms N         delay added to every /v2 request
          --max-concurrency N    /v2 requests in flight before 429 (code 20429); 0 = unlimited
          --retry-after N        send Retry-After: N on 429 and 503 (default: none, as Twilio documents)
          --fault-rate R         share of /v2 requests that fail (0..1), deterministic by --fault-seed
          --fault-kinds LIST     of 429,503,drop,lost,html (lost: the write happens, the response is dropped;
                                 html: a proxy's 502 page)
          --fault-methods LIST   methods faults apply to (default GET,POST,DELETE)
          --now ISO8601          the clock the scenario is laid out against (default: now)
          --exit-on-stdin-close  exit when standard input closes (for parents that may die)
        Prints "StudioEmulator listening on <base url>" when ready. Admin routes: /_emulator/...
        """;
}
