using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;
using TwilioRequest = Twilio.Http.Request;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The transport for Twilio's requests (<see cref="TwilioRoute"/>). Twilio's own has no base-URL override, no
    /// retries, no cancellation and no per-request timeout: this one sends each request to the configured endpoint
    /// (the emulator or a proxy) when there is one, retries what is safe to retry (429 and 5xx answers;
    /// dropped connections only for idempotent requests) with exponential backoff, jitter and
    /// Retry-After, reports 429s to the account's <see cref="IRequestLimit"/>, times out each attempt, and cancels
    /// with the token each call passes. Trace text never carries the Authorization header.
    /// </summary>
    internal sealed class StudioHttpClient
    {
        // One HttpClient for the process: sockets are pooled across cmdlet invocations and runspaces.
        private static readonly HttpClient Shared = CreateShared();

        private static readonly string UserAgent = "StudioCmdlets/" +
            (typeof(StudioHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") +
            " (twilio-csharp/" + (typeof(Twilio.Http.HttpClient).Assembly.GetName().Version?.ToString(3) ?? "0") + ")";

        // Ending an execution (POST .../Executions/FN...) can be repeated safely; creating one cannot.
        private static readonly Regex IdempotentPost = new Regex(@"/Executions/FN[0-9a-fA-F]{32}/?$", RegexOptions.CultureInvariant);

        private readonly Uri? _endpoint;
        private readonly TimeSpan _timeout;
        private readonly Action<string>? _trace;
        private readonly IRequestLimit? _limit;
        private readonly string? _accountSid;
        private readonly Places _places;
        private readonly ResiliencePipeline<RawResponse> _idempotent;
        private readonly ResiliencePipeline<RawResponse> _once;
        private readonly CancellationToken _halt;

        private readonly int _maxRetries;
        private readonly ServiceHealth _health;

        private static readonly ResiliencePropertyKey<RetryBudget> Budget = new ResiliencePropertyKey<RetryBudget>("StudioCmdlets.RetryBudget");
        private static readonly ResiliencePropertyKey<Attempts?> Told = new ResiliencePropertyKey<Attempts?>("StudioCmdlets.Attempts");

        /// <summary>When this client last had an answer below 400 (Stopwatch ticks): Twilio is taking requests.</summary>
        private long _lastSuccess = System.Diagnostics.Stopwatch.GetTimestamp();

        private readonly Silence _silence = new Silence();

        /// <summary>One logical request's retries: when it started, and how many of its retries were not for a 429.</summary>
        private sealed class RetryBudget
        {
            public readonly long Started = System.Diagnostics.Stopwatch.GetTimestamp();
            public int Others;
        }

        /// <summary>The time since this client last had a success, or since the request began if that is later.</summary>
        private TimeSpan SinceLastSuccess(RetryBudget budget) => Silence.Since(Math.Max(budget.Started, Volatile.Read(ref _lastSuccess)));

        /// <param name="halt">Once cancelled, no new request goes out (it fails as <see cref="StudioFailure.NotSent"/>);
        /// requests already sent, and their retries, complete, so their outcome is known.</param>
        /// <param name="accountSid">The account the requests are for, named by the failures raised here.</param>
        public StudioHttpClient(Uri? endpoint, TimeSpan timeout, Action<string>? trace, IRequestLimit? limit = null,
            int maxRetries = EngineOptions.DefaultMaxRetries, TimeSpan? baseDelay = null, CancellationToken halt = default, ServiceHealth? health = null,
            SemaphoreSlim? total = null, string? accountSid = null)
        {
            _accountSid = accountSid;
            _health = health ?? new ServiceHealth();
            _halt = halt;
            _maxRetries = maxRetries;
            _endpoint = endpoint;
            _timeout = timeout;
            _trace = trace;
            _limit = limit;
            // The account's place and the command's (-ThrottleLimit across its accounts), while on the wire.
            _places = new Places(limit is null ? null : AdaptiveGate.For(limit), total, halt);
            var delay = baseDelay ?? EngineOptions.DefaultRetryDelay;
            _idempotent = BuildRetry(idempotent: true, delay);
            _once = BuildRetry(idempotent: false, delay);
        }

        private static HttpClient CreateShared()
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 256 };
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        private ResiliencePipeline<RawResponse> BuildRetry(bool idempotent, TimeSpan delay)
        {
            if (_maxRetries == 0) return ResiliencePipeline<RawResponse>.Empty;
            return new ResiliencePipelineBuilder<RawResponse>()
                .AddRetry(new RetryStrategyOptions<RawResponse>
                {
                    // The count is the policy's (RetryPolicy.Decide): a 429 by the deadline, anything else by _maxRetries.
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = delay,
                    MaxDelay = TimeSpan.FromSeconds(15),
                    // The decision is RetryPolicy's, a pure function of what happened; the count of other retries is
                    // advanced only once a retry is under way (OnRetry), never by asking.
                    ShouldHandle = args => new ValueTask<bool>(Decide(args.Context, args.Outcome, idempotent).Retry),
                    // Twilio says how long to wait on 429 and 503: never retry sooner than that.
                    DelayGenerator = args =>
                    {
                        var status = args.Outcome.Result is RawResponse r ? (int)r.StatusCode : 0;
                        return new ValueTask<TimeSpan?>(RetryPolicy.Delay(status, TransportFailures.RetryAfter(args.Outcome.Result), delay, Jitter()));
                    },
                    OnRetry = args =>
                    {
                        if (!Decide(args.Context, args.Outcome, idempotent).Throttled) args.Context.Properties.GetValue(Budget, null!).Others++;
                        if (TransportFailures.MayHaveBeenApplied(args.Outcome.Result, args.Outcome.Exception)) args.Context.Properties.GetValue(Told, null)?.MarkMaybeApplied();
                        var why = args.Outcome.Result is RawResponse r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "?";
                        _trace?.Invoke($"retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalMilliseconds:0} ms after {why}");
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .Build();
        }

        private static readonly ThreadLocal<Random> Random = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));

        private static double Jitter() => Random.Value!.NextDouble();

        private RetryDecision Decide(ResilienceContext context, Outcome<RawResponse> outcome, bool idempotent)
        {
            var budget = context.Properties.GetValue(Budget, null!) ?? new RetryBudget();
            if (outcome.Result is RawResponse r)
                return RetryPolicy.Decide(AttemptEnd.Answered, (int)r.StatusCode, idempotent, budget.Others, _maxRetries, SinceLastSuccess(budget), _health.RefusingConnections);
            return RetryPolicy.EndOf(outcome.Exception) is AttemptEnd end
                ? RetryPolicy.Decide(end, 0, idempotent, budget.Others, _maxRetries, SinceLastSuccess(budget), _health.RefusingConnections)
                : RetryDecision.GiveUp(outcome.Exception?.GetType().Name ?? "no outcome");
        }

        /// <summary>
        /// Sends a request (its auth, region and edge already set: <see cref="TwilioRoute"/>) and reads the answer into
        /// a pooled buffer, retrying what is safe to retry. Cancelled by <paramref name="cancellation"/>.
        /// </summary>
        public async Task<RawResponse> SendAsync(TwilioRequest request, CancellationToken cancellation, Attempts? attempts = null)
        {
            var url = Redirect(request.ConstructUrl());
            var method = request.Method.ToString().ToUpperInvariant();
            var idempotent = method != "POST" || IdempotentPost.IsMatch(url.AbsolutePath);
            _trace?.Invoke($"{method} {url}");
            var pipeline = idempotent ? _idempotent : _once;
            var attempt = 0;
            RawResponse response;
            var context = ResilienceContextPool.Shared.Get(cancellation);
            context.Properties.Set(Budget, new RetryBudget());
            context.Properties.Set(Told, attempts);
            try
            {
                response = await pipeline.ExecuteAsync(async ctx => await SendOnceAsync(request, method, url, ++attempt == 1, attempts, ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt > 0 && !(ex is OperationCanceledException) && !(ex is StudioRequestException))
            {
                // No answer after every retry: one more toward Twilio looking dead.
                _health.Unanswered();
                if (TransportFailures.MayHaveBeenApplied(null, ex)) attempts?.MarkMaybeApplied();
                throw;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            if (TransportFailures.MayHaveBeenApplied(response, null)) attempts?.MarkMaybeApplied();
            _trace?.Invoke($"{(int)response.StatusCode} {response.StatusCode} from {method} {url.AbsolutePath} ({response.Body.Length} bytes)");
            return response;
        }

        private async Task<RawResponse> SendOnceAsync(TwilioRequest request, string method, Uri url, bool first, Attempts? attempts, CancellationToken cancellation)
        {
            var silent = false;
            if (first) ThrowIfHalted(method, url);
            using (var message = new HttpRequestMessage(new HttpMethod(method), url))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Username + ":" + request.Password)));
                message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                foreach (var h in request.HeaderParams ?? Enumerable.Empty<KeyValuePair<string, string>>())
                    message.Headers.TryAddWithoutValidation(h.Key, h.Value);
                if (request.Method == Twilio.Http.HttpMethod.Post)
                {
                    message.Content = new ByteArrayContent(request.EncodePostParams());
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                }
                await _places.EnterAsync(first, cancellation, () => ThrowIfHalted(method, url)).ConfigureAwait(false);
                // The limit's setting this request is sent under: its answer is evidence about that setting only.
                var generation = _limit?.Generation ?? 0;
                try
                {
                    // From here the request may reach Twilio: whoever must know it first (the journal) hears it now.
                    attempts?.Sending();
                    timeout.CancelAfter(_timeout);
                    HttpResponseMessage sent;
                    _silence.StartWaiting();
                    try
                    {
                        // Once a second: has Twilio answered anything lately? If nothing for Silence.Limit, stop waiting.
                        using (new Timer(_ => { if (_silence.Reached) { silent = true; try { timeout.Cancel(); } catch (ObjectDisposedException) { } } }, null, 1000, 1000))
                        {
                            try { sent = await Shared.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false); }
                            catch (Exception ex) when (TransportFailures.Refused(ex))
                            {
                                // After a few of these in a row nobody is listening: connection failures are no longer
                                // retried, so a command facing a dead service fails in seconds, not after every back-off.
                                _health.Refused();
                                throw;
                            }
                        }
                    }
                    finally { _silence.StopWaiting(); }
                    _silence.Answered();
                    _health.Answered();
                    using (var response = sent)
                    {
                        var raw = await RawResponse.ReadAsync(response, timeout.Token).ConfigureAwait(false);
                        if ((int)raw.StatusCode == 429) _limit?.OnThrottled(generation, TransportFailures.ConcurrentRequests(raw));
                        else if ((int)raw.StatusCode < 400)
                        {
                            _limit?.OnSuccess(generation);
                            Volatile.Write(ref _lastSuccess, System.Diagnostics.Stopwatch.GetTimestamp());
                        }
                        return raw;
                    }
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    throw new TimeoutException(silent
                        ? $"Twilio did not answer {method} {url.AbsolutePath}, nor any other request, for {Silence.Limit.TotalSeconds:0} seconds."
                        : $"Twilio did not answer {method} {url.AbsolutePath} within {_timeout.TotalSeconds:0} seconds.");
                }
                finally
                {
                    _places.Exit();
                }
            }
        }

        private void ThrowIfHalted(string method, Uri url)
        {
            if (_halt.IsCancellationRequested)
                throw new StudioRequestException($"{method} {url.AbsolutePath} was not sent: the command had stopped.", null, StudioFailure.NotSent, 0, 0, null, accountSid: _accountSid);
        }

        /// <summary>Sends a Twilio URL (with its region and edge applied) to the endpoint, keeping path and query.</summary>
        internal Uri Redirect(Uri twilioUrl)
        {
            if (_endpoint is null) return twilioUrl;
            var basePath = _endpoint.AbsolutePath.TrimEnd('/');
            var builder = new UriBuilder(_endpoint.Scheme, _endpoint.Host, _endpoint.Port)
            {
                Path = basePath + twilioUrl.AbsolutePath,
                Query = twilioUrl.Query.TrimStart('?'),
            };
            return builder.Uri;
        }
    }
}
