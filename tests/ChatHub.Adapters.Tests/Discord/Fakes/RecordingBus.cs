using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Tests.Discord.Fakes;

/// <summary>A bus that only records: what ingress published to chat.inbound (in order) and to chat.outbound.</summary>
public sealed class RecordingBus : IMessageBus
{
    private readonly object _gate = new();
    private readonly List<InboundMessage> _inbound = [];
    private readonly List<OutboundMessage> _outbound = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<InboundMessage> Inbound
    {
        get
        {
            lock (_gate)
            {
                return [.. _inbound];
            }
        }
    }

    public IReadOnlyList<OutboundMessage> Outbound
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbound];
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> inbound messages were published.</summary>
    public Task WaitForInboundAsync(int count) => WaitUntilAsync(() => _inbound.Count >= count);

    /// <summary>Completes once an inbound message with this platform id was published.</summary>
    public Task WaitForInboundAsync(string platformMessageId) => WaitUntilAsync(() => _inbound.Any(m => m.PlatformMessageId == platformMessageId));

    public Task WaitForOutboundAsync(int count) => WaitUntilAsync(() => _outbound.Count >= count);

    public ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken)
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            switch (value)
            {
                case InboundMessage inbound:
                    _inbound.Add(inbound);
                    break;
                case OutboundMessage outbound:
                    _outbound.Add(outbound);
                    break;
            }

            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    public Task ConsumeAsync<T>(BusTopic<T> topic, string consumerGroup, Func<BusMessage<T>, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The adapter tests only publish.");

    private Task WaitUntilAsync(Func<bool> condition)
    {
        lock (_gate)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }
}
