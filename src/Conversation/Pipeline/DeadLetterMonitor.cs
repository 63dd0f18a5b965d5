using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Consumes chat.dlq so dead letters are visible: logs each one (reason and ids, never text) and keeps the most
/// recent ones for inspection. On Kafka the topic itself keeps them; this is the operator's window.
/// </summary>
public sealed partial class DeadLetterMonitor : BackgroundService
{
    public const string ConsumerGroup = "chathub-dlq-monitor";
    private const int Keep = 256;

    private readonly IMessageBus _bus;
    private readonly ILogger<DeadLetterMonitor> _logger;
    private readonly Queue<DeadLetter> _recent = new();

    public DeadLetterMonitor(IMessageBus bus, ILogger<DeadLetterMonitor> logger)
    {
        _bus = bus;
        _logger = logger;
    }

    /// <summary>The most recent dead letters seen by this process, oldest first.</summary>
    public IReadOnlyList<DeadLetter> Recent
    {
        get
        {
            lock (_recent)
            {
                return [.. _recent];
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _bus.ConsumeAsync(Topics.DeadLetters, ConsumerGroup, HandleAsync, stoppingToken);

    private ValueTask HandleAsync(BusMessage<DeadLetter> envelope, CancellationToken cancellationToken)
    {
        var letter = envelope.Value;
        LogDeadLetter(_logger, letter.SourceTopic, letter.Inbound?.Id ?? letter.Outbound?.Id ?? "?", letter.Reason);
        lock (_recent)
        {
            _recent.Enqueue(letter);
            while (_recent.Count > Keep)
            {
                _recent.Dequeue();
            }
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Dead letter from {Topic}, message {MessageId}: {Reason}")]
    private static partial void LogDeadLetter(ILogger logger, UntrustedText topic, UntrustedText messageId, UntrustedText reason);
}
