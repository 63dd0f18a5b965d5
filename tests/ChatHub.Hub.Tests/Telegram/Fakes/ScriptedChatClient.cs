using System.Runtime.CompilerServices;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Telegram.Fakes;

/// <summary>A model that streams the chunks a test scripts (each produced by an async step, so a test can gate them).</summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<CancellationToken, IAsyncEnumerable<string>> _chunks;

    public ScriptedChatClient(Func<CancellationToken, IAsyncEnumerable<string>> chunks) => _chunks = chunks;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The worker streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in _chunks(cancellationToken).WithCancellation(cancellationToken))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk)
            {
                AdditionalProperties = new() { [ReplySource.PropertyKey] = ReplySource.Model },
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
