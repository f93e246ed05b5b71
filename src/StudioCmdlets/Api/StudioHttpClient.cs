using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace StudioCmdlets.Api
{
    /// <summary>
    /// The transport under Twilio's client. Twilio's own has no base-URL override, no retries, no
    /// cancellation and no per-request timeout: this one sends each request to the configured endpoint
    /// (the emulator or a proxy) when there is one, retries what is safe to retry (429 and 5xx answers;
    /// dropped connections only for idempotent requests) with exponential backoff, jitter and
    /// Retry-After, reports 429s to an <see cref="AdaptiveLimit"/>, times out each attempt, and cancels
    /// with the cmdlet. Trace text never carries the Authorization header.
    /// </summary>
    internal sealed class StudioHttpClient : Twilio.Http.HttpClient
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
        private readonly CancellationToken _cancellation;
        private readonly Action<string>? _trace;
        private readonly AdaptiveLimit? _limit;
        private readonly AdaptiveGate? _gate;
        private readonly ResiliencePipeline<HttpResponseMessage> _idempotent;
        private readonly ResiliencePipeline<HttpResponseMessage> _once;
        private readonly int _maxRetries;

        public StudioHttpClient(Uri? endpoint, TimeSpan timeout, CancellationToken cancellation, Action<string>? trace, AdaptiveLimit? limit = null,
            int maxRetries = StudioConnection.DefaultMaxRetries, TimeSpan? baseDelay = null)
        {
            _maxRetries = maxRetries;
            _endpoint = endpoint;
            _timeout = timeout;
            _cancellation = cancellation;
            _trace = trace;
            _limit = limit;
            _gate = limit is null ? null : new AdaptiveGate(limit);
            var delay = baseDelay ?? StudioConnection.DefaultRetryDelay;
            _idempotent = BuildRetry(retryDroppedConnections: true, delay);
            _once = BuildRetry(retryDroppedConnections: false, delay);
        }

        private static HttpClient CreateShared()
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 256 };
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        private ResiliencePipeline<HttpResponseMessage> BuildRetry(bool retryDroppedConnections, TimeSpan delay)
        {
            if (_maxRetries == 0) return ResiliencePipeline<HttpResponseMessage>.Empty;
            return new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = _maxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = delay,
                    MaxDelay = TimeSpan.FromSeconds(15),
                    ShouldHandle = args => new ValueTask<bool>(
                        args.Outcome.Result is HttpResponseMessage r ? IsRetryable(r.StatusCode)
                        : retryDroppedConnections && args.Outcome.Exception is HttpRequestException),
                    // Twilio says how long to wait on 429 and 503: never retry sooner than that.
                    DelayGenerator = args =>
                    {
                        var after = RetryAfter(args.Outcome.Result);
                        return new ValueTask<TimeSpan?>(after);
                    },
                    OnRetry = args =>
                    {
                        var why = args.Outcome.Result is HttpResponseMessage r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "?";
                        _trace?.Invoke($"retry {args.AttemptNumber + 1} of {_maxRetries} in {args.RetryDelay.TotalMilliseconds:0} ms after {why}");
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .Build();
        }

        private static bool IsRetryable(HttpStatusCode status)
        {
            var code = (int)status;
            return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage? response)
        {
            var header = response?.Headers.RetryAfter;
            if (header is null) return null;
            if (header.Delta is TimeSpan delta) return delta;
            if (header.Date is DateTimeOffset date) return date - DateTimeOffset.UtcNow;
            return null;
        }

        /// <summary>The synchronous path Twilio's client takes for sync calls.</summary>
        public override TwilioResponse MakeRequest(TwilioRequest request)
            => MakeRequestAsync(request).ConfigureAwait(false).GetAwaiter().GetResult();

        public override async Task<TwilioResponse> MakeRequestAsync(TwilioRequest request)
        {
            var url = Redirect(request.ConstructUrl());
            var method = request.Method.ToString().ToUpperInvariant();
            var idempotent = method != "POST" || IdempotentPost.IsMatch(url.AbsolutePath);
            _trace?.Invoke($"{method} {url}");
            var pipeline = idempotent ? _idempotent : _once;
            using (var response = await pipeline.ExecuteAsync(async token => await SendOnceAsync(request, method, url, token).ConfigureAwait(false), _cancellation).ConfigureAwait(false))
            {
                var content = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                _trace?.Invoke($"{(int)response.StatusCode} {response.StatusCode} from {method} {url.AbsolutePath} ({content.Length} characters)");
                var result = new TwilioResponse(response.StatusCode, content, response.Headers);
                LastRequest = request;
                LastResponse = result;
                return result;
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(TwilioRequest request, string method, Uri url, CancellationToken cancellation)
        {
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
                if (_gate is not null) await _gate.EnterAsync(cancellation).ConfigureAwait(false);
                HttpResponseMessage response;
                try
                {
                    timeout.CancelAfter(_timeout);
                    response = await Shared.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    throw new TimeoutException($"Twilio did not answer {method} {url.AbsolutePath} within {_timeout.TotalSeconds:0} seconds.");
                }
                finally
                {
                    _gate?.Exit();
                }
                if ((int)response.StatusCode == 429) _limit?.OnThrottled();
                else if ((int)response.StatusCode < 400) _limit?.OnSuccess();
                return response;
            }
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
