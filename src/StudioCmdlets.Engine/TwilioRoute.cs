using System.Net;
using System.Text.Json;
using Twilio.Http;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The one route to Twilio. Every call is a Twilio <see cref="Request"/> (Studio's domain, the path, parameters
    /// from Twilio's option classes), prepared here as Twilio's client prepares it (credentials, region and edge),
    /// sent by <see cref="StudioHttpClient"/> (endpoint, retries, concurrency, cancellation), and read by one reader
    /// (<see cref="StudioJson"/>) from the answer's pooled bytes. An error answer, like every failure on the way
    /// (<see cref="EngineErrors"/>), leaves as the module's StudioRequestException.
    /// </summary>
    internal sealed class TwilioRoute
    {
        private readonly StudioHttpClient _http;
        private readonly string _username;
        private readonly string _secret;
        private readonly string? _region;
        private readonly string? _edge;
        private readonly string _accountSid;

        public TwilioRoute(EngineOptions options, StudioHttpClient http)
        {
            _http = http;
            _username = options.Username;
            _accountSid = options.AccountSid;
            // Requests carry the secret as Twilio's do; it never reaches text (the transport's trace leaves it out).
            _secret = Secrets.Reveal(options.Secret);
            (_region, _edge) = Regions.Routing(options.Region, options.Edge);
        }

        public static Request Get(string path, List<KeyValuePair<string, string>>? query = null)
            => new Request(HttpMethod.Get, Twilio.Rest.Domain.Studio, path, queryParams: query ?? new List<KeyValuePair<string, string>>());

        /// <summary>A page Studio pointed to (next_page_url): already a full URL.</summary>
        public static Request Next(string url) => new Request(HttpMethod.Get, url);

        public static Request Post(string path, List<KeyValuePair<string, string>> form)
            => new Request(HttpMethod.Post, Twilio.Rest.Domain.Studio, path, postParams: form);

        public static Request Delete(string path) => new Request(HttpMethod.Delete, Twilio.Rest.Domain.Studio, path);

        /// <summary>A request to the 2010 API (api.twilio.com, with the same region and edge as Studio's host).</summary>
        public static Request Api(string path, List<KeyValuePair<string, string>>? query = null)
            => new Request(HttpMethod.Get, Twilio.Rest.Domain.Api, path, queryParams: query ?? new List<KeyValuePair<string, string>>());

        /// <summary>A 2010 page's next_page_uri (relative to api.twilio.com, with its query) as a request.</summary>
        public static Request ApiNext(string uri)
        {
            var q = uri.IndexOf('?');
            var query = new List<KeyValuePair<string, string>>();
            if (q >= 0)
            {
                foreach (var pair in uri.Substring(q + 1).Split('&'))
                {
                    if (pair.Length == 0) continue;
                    var eq = pair.IndexOf('=');
                    query.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq)),
                        eq < 0 ? "" : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '))));
                }
            }
            return Api(q < 0 ? uri : uri.Substring(0, q), query);
        }

        /// <summary>
        /// Sends <paramref name="request"/> and reads a successful answer with <paramref name="read"/> (null: no body to read).
        /// <paramref name="attempts"/>, when given, learns what the transport saw of the request's attempts.
        /// </summary>
        public async Task<T> SendAsync<T>(Request request, Func<JsonElement, T>? read, CancellationToken cancellation, Attempts? attempts = null)
        {
            try
            {
                request.SetAuth(_username, _secret);
                if (_region is not null) request.Region = _region;
                if (_edge is not null) request.Edge = _edge;
                using (var response = await _http.SendAsync(request, cancellation, attempts).ConfigureAwait(false))
                {
                    if ((int)response.StatusCode >= 400) throw Failure(response.StatusCode, response.Body, _accountSid);
                    if (read is null) return default!;
                    using (var doc = JsonDocument.Parse(response.Body)) return read(doc.RootElement);
                }
            }
            // Every failure names its account: with many accounts in one command, one that refuses stops only itself.
            catch (Exception ex) when (EngineErrors.Translate(ex, _accountSid) is StudioRequestException translated && !ReferenceEquals(translated, ex))
            {
                throw translated;
            }
        }

        /// <summary>
        /// An error answer: Twilio's (its JSON: code, message, link, the conflicting execution), or something else that
        /// answered instead of Twilio (a proxy's error page), said as Twilio's client says it.
        /// </summary>
        internal static StudioRequestException Failure(HttpStatusCode status, ReadOnlyMemory<byte> body, string? accountSid = null)
        {
            if (StudioJson.Error(body) is { } e)
                return new StudioRequestException(EngineErrors.Clean(e.Message), null, StudioFailure.Answered, (int)status, e.Code, e.MoreInfo, e.ConflictingExecutionSid, accountSid);
            var text = body.Length == 0 ? "[no content]" : System.Text.Encoding.UTF8.GetString(body.ToArray());
            return new StudioRequestException(EngineErrors.Clean($"Api Error: {status} - {text}"), null, StudioFailure.UnexpectedResponse, 0, 0, null, accountSid: accountSid);
        }
    }
}
