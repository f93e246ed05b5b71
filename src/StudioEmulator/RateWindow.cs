namespace StudioEmulator;

/// <summary>At most <c>limit</c> events in any sliding window of <c>window</c>: Studio's 20 API-started executions per second.</summary>
internal sealed class RateWindow(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _recent = new();

    public bool TryAcquire(DateTimeOffset now)
    {
        lock (_recent)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= window) _recent.Dequeue();
            if (_recent.Count >= limit) return false;
            _recent.Enqueue(now);
            return true;
        }
    }
}
