using System.Buffers;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace StudioCmdlets.Engine
{
    /// <summary>A status, headers and a body in a pooled buffer; dispose to give the buffer back.</summary>
    internal sealed class RawResponse : IDisposable
    {
        // Bodies are read into pooled buffers: a 1,000-execution page is about 800 KB, and as strings such pages would
    // churn the large-object heap (peak memory, not just garbage).
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(32 * 1024 * 1024, 64);
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

        public static async Task<RawResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
        {
            var raw = new RawResponse(response.StatusCode, response.Headers);
            if (response.Content is null) return raw;
            var expected = response.Content.Headers.ContentLength;
            raw._buffer = Pool.Rent(expected is long n && n > 0 && n < int.MaxValue ? (int)n : 64 * 1024);
            try
            {
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    while (true)
                    {
                        if (raw._length == raw._buffer.Length)
                        {
                            var bigger = Pool.Rent(raw._buffer.Length * 2);
                            Buffer.BlockCopy(raw._buffer, 0, bigger, 0, raw._length);
                            Pool.Return(raw._buffer);
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
            if (b is not null) Pool.Return(b);
        }
    }
}
