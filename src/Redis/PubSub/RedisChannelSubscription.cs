using System.Threading.Channels;
using StackExchange.Redis;

namespace ChatHub.Redis.PubSub;

/// <summary>One handler on one channel (<see cref="RedisChannelSubscriber.SubscribeAsync"/>). Disposing it unsubscribes and stops the worker (a bounded drain).</summary>
public sealed class RedisChannelSubscription : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly ChannelMessageQueue _source;
    private readonly Channel<RedisValue> _queue;
    private readonly Func<RedisValue, CancellationToken, ValueTask> _handler;
    private readonly Action<string, Exception> _onHandlerFailed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;
    private readonly Task _worker;
    private int _disposed;

    internal RedisChannelSubscription(
        string channel, ChannelMessageQueue source, Channel<RedisValue> queue, Func<RedisValue, CancellationToken, ValueTask> handler,
        Action<string, Exception> onHandlerFailed)
    {
        Channel = channel;
        _source = source;
        _queue = queue;
        _handler = handler;
        _onHandlerFailed = onHandlerFailed;
        _pump = Task.Run(PumpAsync, CancellationToken.None);
        _worker = Task.Run(WorkAsync, CancellationToken.None);
    }

    public string Channel { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _source.UnsubscribeAsync();
        }
        catch (RedisConnectionException)
        {
            // Disconnected: the server forgot the subscription with the connection, and the multiplexer will not renew it.
        }

        await _pump;
        _queue.Writer.TryComplete();
        try
        {
            await _worker.WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync(); // a handler that is too slow is told to stop, and left behind
        }

        _stopping.Dispose();
    }

    /// <summary>Moves the library's unbounded queue into the bounded one at once (never waits: a full queue drops its oldest).</summary>
    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                var message = await _source.ReadAsync();
                _queue.Writer.TryWrite(message.Message);
            }
        }
        catch (ChannelClosedException)
        {
            // Unsubscribed.
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var message in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await _handler(message, _stopping.Token);
            }
#pragma warning disable CA1031 // The loop boundary: one handler's failure must not stop delivery.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!_stopping.IsCancellationRequested)
                {
                    _onHandlerFailed(Channel, ex);
                }
            }
        }
    }
}
