using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>An inner client that answers with a fixed text and source (or a handler) and counts its calls.</summary>
internal sealed class StubChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> _handler;
    private int _calls;

    public StubChatClient(string text = "model answer", string? source = ReplySources.Model)
        : this((_, _) => Task.FromResult(Respond(text, source)))
    {
    }

    public StubChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> handler) => _handler = handler;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<ChatMessage>? LastMessages { get; private set; }

    public static ChatResponse Respond(string text, string? source)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text));
        return source is null ? response : response.WithSource(source);
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        LastMessages = messages.ToArray();
        return _handler(LastMessages, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        var source = response.GetSource();
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return source is null ? update : update.WithSource(source);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
