using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http.Headers;
using System.Net.Http;
using System.Net;
using System.Text.RegularExpressions;
using System.Text;
using System.Threading.Tasks;
using System.Threading;
using System;
using Polly.Retry;
using Polly;
using StudioCmdlets.Concurrency;
using StudioCmdlets.Connections;
using StudioCmdlets.Errors;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace StudioCmdlets.Engine
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
        private readonly ResiliencePipeline<RawResponse> _idempotent;
        private readonly ResiliencePipeline<RawResponse> _once;
        private readonly CancellationToken _halt;

        // Bodies are read into pooled buffers: a 1,000-execution page is about 800 KB, and as strings such
        // pages would churn the large-object heap (peak memory, not just garbage).
        private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(32 * 1024 * 1024, 64);
        private readonly int _maxRetries;

        /// <param name="halt">Once cancelled, no new request goes out (it fails as <see cref="StudioFailure.NotSent"/>);
        /// requests already sent, and their retries, complete, so their outcome is known.</param>
        public StudioHttpClient(Uri? endpoint, TimeSpan timeout, CancellationToken cancellation, Action<string>? trace, AdaptiveLimit? limit = null,
            int maxRetries = StudioConnection.DefaultMaxRetries, TimeSpan? baseDelay = null, CancellationToken halt = default)
        {
            _halt = halt;
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

        private ResiliencePipeline<RawResponse> BuildRetry(bool retryDroppedConnections, TimeSpan delay)
        {
            if (_maxRetries == 0) return ResiliencePipeline<RawResponse>.Empty;
            return new ResiliencePipelineBuilder<RawResponse>()
                .AddRetry(new RetryStrategyOptions<RawResponse>
                {
                    MaxRetryAttempts = _maxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = delay,
                    MaxDelay = TimeSpan.FromSeconds(15),
                    // A request that is not safe to repeat (creating an execution) is retried only when it surely did
                    // nothing: a 429, or a connection that was refused. Others are retried on 429, 5xx and dropped connections.
                    ShouldHandle = args => new ValueTask<bool>(
                        args.Outcome.Result is RawResponse r ? (retryDroppedConnections ? IsRetryable(r.StatusCode) : (int)r.StatusCode == 429)
                        : !ServiceLooksDead
                          && (Refused(args.Outcome.Exception)
                              || (retryDroppedConnections && (args.Outcome.Exception is HttpRequestException || args.Outcome.Exception is IOException)))),
                    // Twilio says how long to wait on 429 and 503: never retry sooner than that.
                    DelayGenerator = args =>
                    {
                        var after = RetryAfter(args.Outcome.Result);
                        return new ValueTask<TimeSpan?>(after);
                    },
                    OnRetry = args =>
                    {
                        if (MayHaveBeenApplied(args.Outcome.Result, args.Outcome.Exception)) Attempts.Current?.MarkMaybeApplied();
                        var why = args.Outcome.Result is RawResponse r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "?";
                        _trace?.Invoke($"retry {args.AttemptNumber + 1} of {_maxRetries} in {args.RetryDelay.TotalMilliseconds:0} ms after {why}");
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .Build();
        }

        /// <summary>Connections refused in a row across this client's requests, with no answer between them.</summary>
        private int _refusedInARow;

        /// <summary>
        /// After a few refused connections in a row, nobody is listening: connection failures are no longer retried,
        /// so a command facing a dead service fails in seconds rather than after every request's full back-off.
        /// </summary>
        private bool ServiceLooksDead => Volatile.Read(ref _refusedInARow) >= 3;

        /// <summary>Whether a failed attempt may still have changed something at Twilio (the answer was lost, or a gateway failed).</summary>
        internal static bool MayHaveBeenApplied(RawResponse? response, Exception? error)
        {
            if (response is not null)
            {
                var code = (int)response.StatusCode;
                return code == 500 || code == 502 || code == 504;
            }
            return error is not null && !Refused(error);
        }

        /// <summary>A connection refused: the request never reached anything, so repeating it is always safe.</summary>
        internal static bool Refused(Exception? error)
        {
            for (var e = error; e is not null; e = e.InnerException)
                if (e is System.Net.Sockets.SocketException se && se.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused) return true;
            return false;
        }

        private static bool IsRetryable(HttpStatusCode status)
        {
            var code = (int)status;
            return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
        }

        private static TimeSpan? RetryAfter(RawResponse? response)
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
            using (var response = await SendAsync(request).ConfigureAwait(false))
            {
                var result = new TwilioResponse(response.StatusCode, response.Text(), response.Headers);
                LastRequest = request;
                LastResponse = result;
                return result;
            }
        }

        /// <summary>
        /// Sends a request (its auth, region and edge already set) and reads a successful JSON body from
        /// pooled UTF-8 bytes, with no string in between. A failure throws what Twilio's client throws.
        /// </summary>
        public async Task<T> GetJsonAsync<T>(TwilioRequest request, Func<ReadOnlyMemory<byte>, T> read)
        {
            using (var response = await SendAsync(request).ConfigureAwait(false))
            {
                if ((int)response.StatusCode >= 400) throw TwilioError(response);
                return read(response.Body);
            }
        }

        private async Task<RawResponse> SendAsync(TwilioRequest request)
        {
            var url = Redirect(request.ConstructUrl());
            var method = request.Method.ToString().ToUpperInvariant();
            var idempotent = method != "POST" || IdempotentPost.IsMatch(url.AbsolutePath);
            _trace?.Invoke($"{method} {url}");
            var pipeline = idempotent ? _idempotent : _once;
            var attempt = 0;
            RawResponse response;
            try
            {
                response = await pipeline.ExecuteAsync(async token => await SendOnceAsync(request, method, url, ++attempt == 1, token).ConfigureAwait(false), _cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt > 0 && !(ex is OperationCanceledException) && !(ex is StudioRequestException) && MayHaveBeenApplied(null, ex))
            {
                Attempts.Current?.MarkMaybeApplied();
                throw;
            }
            if (MayHaveBeenApplied(response, null)) Attempts.Current?.MarkMaybeApplied();
            _trace?.Invoke($"{(int)response.StatusCode} {response.StatusCode} from {method} {url.AbsolutePath} ({response.Body.Length} bytes)");
            return response;
        }

        /// <summary>Twilio's own reading of an error answer: its code, message and link when the body has them.</summary>
        private static Twilio.Exceptions.ApiException TwilioError(RawResponse response)
        {
            var status = (int)response.StatusCode;
            try
            {
                using (var doc = System.Text.Json.JsonDocument.Parse(response.Body))
                {
                    var e = doc.RootElement;
                    if (e.ValueKind == System.Text.Json.JsonValueKind.Object && e.TryGetProperty("message", out var message))
                    {
                        var code = e.TryGetProperty("code", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.Number ? c.GetInt32() : 0;
                        var more = e.TryGetProperty("more_info", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String ? m.GetString() : null;
                        return new Twilio.Exceptions.ApiException(code, status, message.GetString(), more);
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (a proxy's error page): say what came back, as Twilio's client does.
            }
            var text = response.Text();
            return new Twilio.Exceptions.ApiException($"Api Error: {response.StatusCode} - {(text.Length == 0 ? "[no content]" : text)}");
        }

        private async Task<RawResponse> SendOnceAsync(TwilioRequest request, string method, Uri url, bool first, CancellationToken cancellation)
        {
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
                if (_gate is not null)
                {
                    if (!first) await _gate.EnterAsync(cancellation).ConfigureAwait(false);
                    else
                    {
                        // A first attempt still waiting for a place is not sent once the command halts.
                        using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _halt))
                        {
                            try { await _gate.EnterAsync(either.Token).ConfigureAwait(false); }
                            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { ThrowIfHalted(method, url); throw; }
                        }
                        if (_halt.IsCancellationRequested)
                        {
                            _gate.Exit();
                            ThrowIfHalted(method, url);
                        }
                    }
                }
                try
                {
                    timeout.CancelAfter(_timeout);
                    HttpResponseMessage sent;
                    try { sent = await Shared.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false); }
                    catch (Exception ex) when (Refused(ex))
                    {
                        Interlocked.Increment(ref _refusedInARow);
                        throw;
                    }
                    Volatile.Write(ref _refusedInARow, 0);
                    using (var response = sent)
                    {
                        var raw = await RawResponse.ReadAsync(response, timeout.Token).ConfigureAwait(false);
                        if ((int)raw.StatusCode == 429) _limit?.OnThrottled();
                        else if ((int)raw.StatusCode < 400) _limit?.OnSuccess();
                        return raw;
                    }
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    throw new TimeoutException($"Twilio did not answer {method} {url.AbsolutePath} within {_timeout.TotalSeconds:0} seconds.");
                }
                finally
                {
                    _gate?.Exit();
                }
            }
        }

        private void ThrowIfHalted(string method, Uri url)
        {
            if (_halt.IsCancellationRequested)
                throw new StudioRequestException($"{method} {url.AbsolutePath} was not sent: the command had stopped.", null, StudioFailure.NotSent, 0, 0, null);
        }

        /// <summary>A status, headers and a body in a pooled buffer; dispose to give the buffer back.</summary>
        internal sealed class RawResponse : IDisposable
        {
            private byte[]? _buffer;
            private int _length;

            private RawResponse(HttpStatusCode status, HttpResponseHeaders headers)
            {
                StatusCode = status;
                Headers = headers;
            }

            public HttpStatusCode StatusCode { get; }
            public HttpResponseHeaders Headers { get; }
            public ReadOnlyMemory<byte> Body => _buffer is null ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(_buffer, 0, _length);

            public string Text() => _buffer is null ? string.Empty : Encoding.UTF8.GetString(_buffer, 0, _length);

            public static async Task<RawResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
            {
                var raw = new RawResponse(response.StatusCode, response.Headers);
                if (response.Content is null) return raw;
                var expected = response.Content.Headers.ContentLength;
                raw._buffer = Buffers.Rent(expected is long n && n > 0 && n < int.MaxValue ? (int)n : 64 * 1024);
                try
                {
                    using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        while (true)
                        {
                            if (raw._length == raw._buffer.Length)
                            {
                                var bigger = Buffers.Rent(raw._buffer.Length * 2);
                                Buffer.BlockCopy(raw._buffer, 0, bigger, 0, raw._length);
                                Buffers.Return(raw._buffer);
                                raw._buffer = bigger;
                            }
                            var read = await stream.ReadAsync(raw._buffer, raw._length, raw._buffer.Length - raw._length, cancellation).ConfigureAwait(false);
                            if (read == 0) break;
                            raw._length += read;
                        }
                    }
                    return raw;
                }
                catch
                {
                    raw.Dispose();
                    throw;
                }
            }

            public void Dispose()
            {
                var b = Interlocked.Exchange(ref _buffer, null);
                if (b is not null) Buffers.Return(b);
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
