using System.Text.Json;
using Twilio.Http;

namespace StudioCmdlets.Engine
{
    /// <summary>
    /// The one route to Twilio. Every call is a Twilio <see cref="Request"/> (Studio's domain, the path, parameters
    /// from Twilio's option classes), prepared here as Twilio's client prepares it (credentials, region and edge),
    /// sent by <see cref="StudioHttpClient"/> (endpoint, retries, concurrency, cancellation), and read by one reader
    /// (<see cref="StudioJson"/>) from the answer's pooled bytes. An error answer becomes Twilio's own
    /// ApiException and then, like every failure on the way, the module's StudioRequestException.
    /// </summary>
    internal sealed class TwilioRoute
    {
        private readonly StudioHttpClient _http;
        private readonly string _username;
        private readonly string _secret;
        private readonly string? _region;
        private readonly string? _edge;

        public TwilioRoute(StudioConnection connection, StudioHttpClient http)
        {
            _http = http;
            _username = connection.Username;
            // Requests carry the secret as Twilio's do; it never reaches text (the transport's trace leaves it out).
            _secret = connection.RevealSecret();
            (_region, _edge) = Regions.Routing(connection.Region, connection.Edge);
        }

        public static Request Get(string path, List<KeyValuePair<string, string>>? query = null)
            => new Request(HttpMethod.Get, Twilio.Rest.Domain.Studio, path, queryParams: query ?? new List<KeyValuePair<string, string>>());

        /// <summary>A page Studio pointed to (next_page_url): already a full URL.</summary>
        public static Request Next(string url) => new Request(HttpMethod.Get, url);

        public static Request Post(string path, List<KeyValuePair<string, string>> form)
            => new Request(HttpMethod.Post, Twilio.Rest.Domain.Studio, path, postParams: form);

        public static Request Delete(string path) => new Request(HttpMethod.Delete, Twilio.Rest.Domain.Studio, path);

        /// <summary>Sends <paramref name="request"/> and reads a successful answer with <paramref name="read"/> (null: no body to read).</summary>
        public async Task<T> SendAsync<T>(Request request, Func<JsonElement, T>? read, CancellationToken cancellation)
        {
            try
            {
                request.SetAuth(_username, _secret);
                if (_region is not null) request.Region = _region;
                if (_edge is not null) request.Edge = _edge;
                using (var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false))
                {
                    if ((int)response.StatusCode >= 400) throw TwilioError(response);
                    if (read is null) return default!;
                    using (var doc = JsonDocument.Parse(response.Body)) return read(doc.RootElement);
                }
            }
            catch (Exception ex) when (EngineErrors.Translate(ex) is var translated && !ReferenceEquals(translated, ex))
            {
                throw translated;
            }
        }

        /// <summary>Twilio's reading of an error answer: its code, message, link and details when the body has them.</summary>
        private static Twilio.Exceptions.ApiException TwilioError(RawResponse response)
        {
            var status = (int)response.StatusCode;
            if (StudioJson.Error(response.Body) is { } e)
                return new Twilio.Exceptions.ApiException(e.Code, status, e.Message, e.MoreInfo, e.Details);
            var text = response.Text();
            return new Twilio.Exceptions.ApiException($"Api Error: {response.StatusCode} - {(text.Length == 0 ? "[no content]" : text)}");
        }
    }
}
