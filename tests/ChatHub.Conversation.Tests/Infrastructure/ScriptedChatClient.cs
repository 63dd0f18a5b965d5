using System.Runtime.CompilerServices;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.AI;

namespace ChatHub.Conversation.Tests.Infrastructure;

/// <summary>An IChatClient that answers with given chunks and records the prompts it saw.</summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<IReadOnlyList<ChatMessage>, IEnumerable<string>> _answer;
    private readonly string _source;

    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, IEnumerable<string>> answer, string source = ReplySource.Knowledge)
    {
        _answer = answer;
        _source = source;
    }

    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];

    /// <summary>The options of each request, in the order of <see cref="Prompts"/>.</summary>
    public List<ChatOptions?> RequestOptions { get; } = [];

    public Func<CancellationToken, Task>? BeforeEachChunk { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The worker streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        lock (Prompts)
        {
            Prompts.Add(prompt);
            RequestOptions.Add(options);
        }

        foreach (var chunk in _answer(prompt))
        {
            if (BeforeEachChunk is { } before)
            {
                await before(cancellationToken);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk)
            {
                AdditionalProperties = new() { [ReplySource.PropertyKey] = _source },
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
