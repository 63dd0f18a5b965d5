using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.Fallback;

/// <summary>
/// The honest answer when neither the knowledge base nor a model can help: says so politely and points to
/// <c>/help</c> (also as a suggested reply). It is the default <see cref="InferenceServiceKeys.Model"/> client until a language model is configured.
/// </summary>
public sealed class FallbackChatClient : IChatClient
{
    /// <summary>The reply used when no other text is given.</summary>
    public const string DefaultReply =
        "Sorry, I don't know the answer to that yet. Type /help to see what I can do, or try asking in a different way.";

    /// <summary>Under the answer: <c>/help</c>, one tap to what the hub can do (the hub adds <c>/human</c> where a team answers).</summary>
    private static readonly string[] Suggestions = ["/help"];

    private static readonly ChatClientMetadata Metadata = new("chathub-fallback");
    private readonly string _reply;
    private readonly ILogger _logger;

    public FallbackChatClient(string? reply = null, ILogger<FallbackChatClient>? logger = null)
    {
        _reply = string.IsNullOrWhiteSpace(reply) ? DefaultReply : reply;
        _logger = logger ?? NullLogger<FallbackChatClient>.Instance;
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        Log.FallbackReplied(_logger);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, _reply))
        {
            FinishReason = ChatFinishReason.Stop,
        };
        return Task.FromResult(response.WithSource(ReplySources.System).WithSuggestions(Suggestions));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update.WithSource(ReplySources.System).WithSuggestions(Suggestions);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing to release.
    }
}
