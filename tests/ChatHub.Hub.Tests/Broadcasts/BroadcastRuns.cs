using System.Collections.Concurrent;

namespace ChatHub.Hub.Tests.Broadcasts;

/// <summary>
/// Lets a test await a broadcast without polling: a logger provider that completes a task when the sender logs "run
/// finished" (event 3612) for a broadcast id, or once egress's outcomes of n deliveries were recorded (event 3621, Debug).
/// Install it into every hub of the test (a restarted hub reports on the same instance).
/// </summary>
public sealed class BroadcastRuns : ILoggerProvider
{
    private const int RunFinished = 3612;
    private const int DeliveryRecorded = 3621;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _recorded = new(StringComparer.Ordinal);
    private readonly List<(string Id, int Count, TaskCompletionSource Reached)> _waiters = [];

    public void Install(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<BroadcastRuns>("ChatHub.Conversation.Broadcasts", LogLevel.Debug);
    }

    /// <summary>Completes once run 0 of <paramref name="broadcastId"/> has finished (on any hub this provider was installed in).</summary>
    public Task FinishedAsync(string broadcastId) => Signal(broadcastId).Task;

    /// <summary>Completes once egress's outcomes of <paramref name="count"/> deliveries of <paramref name="broadcastId"/> were recorded.</summary>
    public Task RecordedAsync(string broadcastId, int count)
    {
        lock (_gate)
        {
            if (_recorded.GetValueOrDefault(broadcastId) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((broadcastId, count, reached));
            return reached.Task;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Recorded(string id)
    {
        lock (_gate)
        {
            var count = _recorded[id] = _recorded.GetValueOrDefault(id) + 1;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Id == id && count >= _waiters[i].Count)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private TaskCompletionSource Signal(string id) =>
        _finished.GetOrAdd(id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Logger(BroadcastRuns owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is RunFinished or DeliveryRecorded && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "BroadcastId").Value is string id)
            {
                if (eventId.Id == RunFinished)
                {
                    owner.Signal(id).TrySetResult();
                }
                else
                {
                    owner.Recorded(id);
                }
            }
        }
    }
}
