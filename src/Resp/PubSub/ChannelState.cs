using System.Threading.Channels;

namespace ChatHub.Resp.PubSub;

/// <summary>
/// One subscribed channel or pattern: its handlers, and a bounded queue drained by one worker task, so handlers run
/// off the read loop, one message at a time, in the order the messages arrived. A full queue drops its oldest message.
/// </summary>
internal sealed class ChannelState
{
    private readonly Channel<RespMessage> _queue;
    private readonly Action<string, Exception> _onHandlerFailed;
    private readonly CancellationToken _stopping;
    private RespSubscription[] _handlers = [];

    public ChannelState(
        string channel, Task confirmed, int capacity, Action onDropped, Action<string, Exception> onHandlerFailed, CancellationToken stopping)
    {
        Channel = channel;
        Confirmed = confirmed;
        _onHandlerFailed = onHandlerFailed;
        _stopping = stopping;
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        };
        _queue = System.Threading.Channels.Channel.CreateBounded<RespMessage>(options, _ => onDropped());
        Worker = Task.Run(RunAsync, CancellationToken.None);
    }

    public string Channel { get; }

    /// <summary>Completes when the server confirmed the first SUBSCRIBE; faults if it failed.</summary>
    public Task Confirmed { get; }

    public Task Worker { get; }

    public bool IsEmpty => Volatile.Read(ref _handlers).Length == 0;

    /// <summary>Called with the subscriber's lock held.</summary>
    public void Add(RespSubscription subscription) => Volatile.Write(ref _handlers, [.. _handlers, subscription]);

    /// <summary>Called with the subscriber's lock held.</summary>
    public bool Remove(RespSubscription subscription)
    {
        var index = Array.IndexOf(_handlers, subscription);
        if (index < 0)
        {
            return false;
        }

        Volatile.Write(ref _handlers, [.. _handlers.AsSpan(0, index), .. _handlers.AsSpan(index + 1)]);
        return true;
    }

    public RespSubscription[] RemoveAll()
    {
        var all = _handlers;
        Volatile.Write(ref _handlers, []);
        return all;
    }

    /// <summary>Called on the read loop: never blocks.</summary>
    public void Post(RespMessage message) => _queue.Writer.TryWrite(message);

    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_stopping).ConfigureAwait(false))
            {
                foreach (var subscription in Volatile.Read(ref _handlers))
                {
                    try
                    {
                        await subscription.Handler(message, _stopping).ConfigureAwait(false);
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
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The subscriber is being disposed.
        }
    }
}
