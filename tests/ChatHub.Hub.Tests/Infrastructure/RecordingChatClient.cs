using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>Stands in for the answer engine: records every prompt (the context it was given) and echoes.</summary>
public sealed class RecordingChatClient : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _prompts = [];

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        lock (_prompts)
        {
            _prompts.Add(prompt);
        }

        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, $"(heard {prompt.Count} messages)")
        {
            AdditionalProperties = new() { ["chathub.source"] = "model" },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
