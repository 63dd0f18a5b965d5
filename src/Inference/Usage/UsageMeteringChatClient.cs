using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Usage;

/// <summary>
/// Around a model backend (inside the resilience pipeline): every call that completes ends with exactly one
/// <see cref="UsageContent"/> standing for it: the backend's own token counts (llama.cpp's tokenizer, an OpenAI-compatible
/// server's <c>usage</c>; left null when the backend reported none, never guessed), one call
/// (<see cref="ChatHubResponseProperties.ModelCallsCount"/>) and its milliseconds
/// (<see cref="ChatHubResponseProperties.ModelMillisecondsCount"/>). The backend's own usage updates are folded into it.
/// A call that fails or times out reports nothing (the fallback answers; the resilience log and metrics count it).
/// </summary>
public sealed class UsageMeteringChatClient(IChatClient innerClient, TimeProvider time) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        var usage = response.Usage ?? new UsageDetails();
        Count(usage, started);
        response.Usage = usage;
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        UsageDetails? reported = null;
        ChatResponseUpdate? last = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            var contents = update.Contents;
            for (var i = contents.Count - 1; i >= 0; i--)
            {
                if (contents[i] is UsageContent usage)
                {
                    (reported ??= new UsageDetails()).Add(usage.Details);
                    contents.RemoveAt(i);
                }
            }

            last = update;
            yield return update;
        }

        var details = reported ?? new UsageDetails();
        Count(details, started);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(details)])
        {
            ResponseId = last?.ResponseId,
            MessageId = last?.MessageId,
            ModelId = last?.ModelId,
        };
    }

    private void Count(UsageDetails usage, long started)
    {
        var counts = usage.AdditionalCounts ??= [];
        counts[ChatHubResponseProperties.ModelCallsCount] = 1;
        counts[ChatHubResponseProperties.ModelMillisecondsCount] = (long)time.GetElapsedTime(started).TotalMilliseconds;
    }
}
