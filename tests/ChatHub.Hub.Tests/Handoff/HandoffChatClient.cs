using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// Stands in for the model stage: records prompts and the request's person, answers with an echo, and for a message
/// containing <see cref="AskForHuman"/> answers as the model stage does after its <c>handoff</c> tool ran (the reply
/// text and the <c>chathub.handoff</c> property with the reason).
/// </summary>
public sealed class HandoffChatClient : IChatClient
{
    public const string AskForHuman = "I need a real person";
    public const string Reason = "The person wants to cancel a contract.";
    private readonly List<(IReadOnlyList<ChatMessage> Prompt, string? Person)> _requests = [];

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Prompt, string? Person)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        lock (_requests)
        {
            _requests.Add((prompt, options?.AdditionalProperties?.GetValueOrDefault("chathub.person") as string));
        }

        await Task.Yield();
        if (prompt[^1].Text.Contains(AskForHuman, StringComparison.Ordinal))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "I have asked a person from the team to join; they will answer here.")
            {
                AdditionalProperties = new() { ["chathub.source"] = "model", ["chathub.handoff"] = Reason },
            };
            yield break;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, $"(bot heard: {prompt[^1].Text})")
        {
            AdditionalProperties = new() { ["chathub.source"] = "model" },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
