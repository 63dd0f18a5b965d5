using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.Concurrency;

/// <summary>
/// Holds every model generation of the node to <see cref="ModelConcurrencyLimiter"/>'s limit. A request that finds the
/// limit reached waits in the limiter's queue; when streaming, the person first gets a notice update with their place
/// in line (marked with <see cref="ChatHubResponseProperties.NoticeKey"/>, source <see cref="ReplySources.System"/>,
/// not part of the reply), then the answer once a slot is free. A full queue answers
/// <see cref="ModelConcurrencyOptions.BusyReply"/> (source system). The slot is freed when the generation ends, fails
/// or is abandoned; canceling while waiting gives up the place in line.
/// </summary>
public sealed class ConcurrencyLimitedChatClient : DelegatingChatClient
{
    private readonly ModelConcurrencyLimiter _limiter;
    private readonly ModelConcurrencyOptions _options;
    private readonly ILogger _logger;

    public ConcurrencyLimitedChatClient(
        IChatClient innerClient, ModelConcurrencyLimiter limiter, ModelConcurrencyOptions options, ILogger<ConcurrencyLimitedChatClient>? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(options);
        _limiter = limiter;
        _options = options;
        _logger = logger ?? NullLogger<ConcurrencyLimitedChatClient>.Instance;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var ticket = _limiter.Enter();
        if (ticket.Status == ModelSlotStatus.Refused)
        {
            Log.ModelQueueFull(_logger, _limiter.MaxConcurrent, _limiter.QueueCapacity);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, _options.BusyReply)) { FinishReason = ChatFinishReason.Stop }
                .WithSource(ReplySources.System);
        }

        if (ticket.Status == ModelSlotStatus.Queued)
        {
            Log.ModelRequestQueued(_logger, ticket.InitialPosition);
            await ticket.WaitAsync(cancellationToken);
        }

        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var ticket = _limiter.Enter();
        if (ticket.Status == ModelSlotStatus.Refused)
        {
            Log.ModelQueueFull(_logger, _limiter.MaxConcurrent, _limiter.QueueCapacity);
            yield return new ChatResponseUpdate(ChatRole.Assistant, _options.BusyReply) { FinishReason = ChatFinishReason.Stop }
                .WithSource(ReplySources.System);
            yield break;
        }

        if (ticket.Status == ModelSlotStatus.Queued)
        {
            Log.ModelRequestQueued(_logger, ticket.InitialPosition);
            yield return new ChatResponseUpdate(ChatRole.Assistant, _options.FormatNotice(ticket.InitialPosition))
                .WithSource(ReplySources.System)
                .AsNotice(ChatHubResponseProperties.QueueNotice);
            await ticket.WaitAsync(cancellationToken);
        }

        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }
}
