using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace StudioCmdlets.Api
{
    /// <summary>
    /// The transport under Twilio's client. Twilio's own has no base-URL override, no cancellation and no
    /// per-request timeout: this one sends each request to the configured endpoint (the emulator or a
    /// proxy) when there is one, cancels with the cmdlet, and times out. Debug text never carries the
    /// Authorization header.
    /// </summary>
    internal sealed class StudioHttpClient : Twilio.Http.HttpClient
    {
        // One HttpClient for the process: sockets are pooled across cmdlet invocations and runspaces.
        private static readonly HttpClient Shared = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

        private static readonly string UserAgent = "StudioCmdlets/" +
            (typeof(StudioHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") +
            " (twilio-csharp/" + (typeof(Twilio.Http.HttpClient).Assembly.GetName().Version?.ToString(3) ?? "0") + ")";

        private readonly Uri? _endpoint;
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _cancellation;
        private readonly Action<string>? _trace;

        public StudioHttpClient(Uri? endpoint, TimeSpan timeout, CancellationToken cancellation, Action<string>? trace)
        {
            _endpoint = endpoint;
            _timeout = timeout;
            _cancellation = cancellation;
            _trace = trace;
        }

        /// <summary>
        /// The cmdlets' path: it blocks the pipeline thread, which is also where the trace callback
        /// (WriteDebug) must run, so tracing happens here and never on a thread-pool continuation.
        /// </summary>
        public override TwilioResponse MakeRequest(TwilioRequest request)
        {
            var url = Redirect(request.ConstructUrl());
            _trace?.Invoke($"{request.Method.ToString().ToUpperInvariant()} {url}");
            var response = SendAsync(request, url).ConfigureAwait(false).GetAwaiter().GetResult();
            _trace?.Invoke($"{(int)response.StatusCode} {response.StatusCode} from {url.AbsolutePath} ({response.Content?.Length ?? 0} characters)");
            return response;
        }

        /// <summary>Untraced: it may complete on any thread.</summary>
        public override Task<TwilioResponse> MakeRequestAsync(TwilioRequest request)
            => SendAsync(request, Redirect(request.ConstructUrl()));

        private async Task<TwilioResponse> SendAsync(TwilioRequest request, Uri url)
        {
            using (var message = new HttpRequestMessage(new HttpMethod(request.Method.ToString().ToUpperInvariant()), url))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Username + ":" + request.Password)));
                message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                foreach (var h in request.HeaderParams ?? Enumerable.Empty<KeyValuePair<string, string>>())
                    message.Headers.TryAddWithoutValidation(h.Key, h.Value);
                if (request.Method == Twilio.Http.HttpMethod.Post)
                {
                    var body = request.EncodePostParams();
                    message.Content = new ByteArrayContent(body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                }

                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation))
                {
                    timeout.CancelAfter(_timeout);
                    HttpResponseMessage response;
                    try
                    {
                        response = await Shared.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
                    {
                        throw new TimeoutException($"Twilio did not answer {message.Method} {url.AbsolutePath} within {_timeout.TotalSeconds:0} seconds.");
                    }
                    using (response)
                    {
                        var content = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        var result = new TwilioResponse(response.StatusCode, content, response.Headers);
                        LastRequest = request;
                        LastResponse = result;
                        return result;
                    }
                }
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
