using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;

namespace ChatHub.Hub.Tests.Telegram.Fakes;

/// <summary>The hub's real in-process bus, recording what was published to chat.inbound and chat.dlq.</summary>
public sealed class RecordingMessageBus : IMessageBus, IDisposable
{
    private readonly InProcessMessageBus _inner;
    private readonly ConcurrentQueue<InboundMessage> _inbound = new();
    private readonly ConcurrentQueue<OutboundMessage> _outbound = new();
    private readonly Channel<DeadLetter> _deadLetters = Channel.CreateUnbounded<DeadLetter>();

    public RecordingMessageBus(InProcessMessageBus inner) => _inner = inner;

    /// <summary>Registers it in place of the default bus.</summary>
    public static void Install(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new RecordingMessageBus(ActivatorUtilities.CreateInstance<InProcessMessageBus>(sp)));
        builder.Services.AddSingleton<IMessageBus>(sp => sp.GetRequiredService<RecordingMessageBus>());
    }

    public IReadOnlyList<InboundMessage> Inbound => [.. _inbound];

    /// <summary>The replies published, in order (partials and typing included).</summary>
    public IReadOnlyList<OutboundMessage> Outbound => [.. _outbound];

    public async ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken)
    {
        await _inner.PublishAsync(topic, key, value, cancellationToken);
        switch (value)
        {
            case InboundMessage inbound:
                _inbound.Enqueue(inbound);
                break;
            case OutboundMessage outbound:
                _outbound.Enqueue(outbound);
                break;
            case DeadLetter letter:
                _deadLetters.Writer.TryWrite(letter);
                break;
        }
    }

    public Task ConsumeAsync<T>(BusTopic<T> topic, string consumerGroup, Func<BusMessage<T>, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
        _inner.ConsumeAsync(topic, consumerGroup, handler, cancellationToken);

    /// <summary>The next dead letter matching <paramref name="match"/> (others are skipped).</summary>
    public async Task<DeadLetter> NextDeadLetterAsync(Func<DeadLetter, bool> match)
    {
        while (true)
        {
            var letter = await _deadLetters.Reader.ReadAsync();
            if (match(letter))
            {
                return letter;
            }
        }
    }

    public void Dispose() => _inner.Dispose();
}
