using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// Answers first-turn, context-free questions (exactly one user message with text only, no assistant or tool
/// messages; system messages allowed) from the <see cref="HotQuestionCache"/>, keyed by the normalized question.
/// Only knowledge or model answers are cached; a hit carries source <see cref="ReplySources.Cache"/>. Everything else
/// passes through. Concurrent askers of one missing question share one computation: when streaming, the asker whose
/// call started it sees the inner updates live, token by token, while the others wait and get the whole answer as
/// one update (a cache hit is one update too).
/// </summary>
public sealed class HotQuestionChatClient : DelegatingChatClient
{
    private readonly HotQuestionCache _cache;
    private readonly ILogger _logger;

    public HotQuestionChatClient(IChatClient innerClient, HotQuestionCache cache, ILogger<HotQuestionChatClient>? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _cache = cache;
        _logger = logger ?? NullLogger<HotQuestionChatClient>.Instance;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        if (!TryGetKey(list, out var key))
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        var lookup = await _cache.GetOrCreateAsync(
            key, token => ComputeAsync(list, options, token), cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, lookup.Answer.Text)) { FinishReason = ChatFinishReason.Stop }
            .WithSource(SourceOf(lookup));
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        if (!TryGetKey(list, out var key))
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        // The first asker's factory runs (single-flight) and pushes the inner updates to it as they come; anyone who
        // joins a running computation, or hits the cache, gets the finished answer as one update.
        var live = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamedLive = false;
        var lookupTask = _cache.GetOrCreateAsync(
            key,
            token =>
            {
                streamedLive = true;
                return ComputeStreamingAsync(list, options, live.Writer, token);
            },
            cancellationToken);
        _ = lookupTask.ContinueWith(
            static (_, writer) => ((ChannelWriter<ChatResponseUpdate>)writer!).TryComplete(),
            live.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await foreach (var update in live.Reader.ReadAllAsync(cancellationToken))
        {
            yield return update;
        }

        var lookup = await lookupTask;
        if (!streamedLive || lookup.FromCache)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, lookup.Answer.Text) { FinishReason = ChatFinishReason.Stop }
                .WithSource(SourceOf(lookup));
        }
    }

    /// <summary>The cache key for a first-turn, context-free, text-only question; false for anything else.</summary>
    internal bool TryGetKey(IReadOnlyList<ChatMessage> messages, out string key)
    {
        key = string.Empty;
        ChatMessage? question = null;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            if (message.Role != ChatRole.User || question is not null)
            {
                return false; // assistant or tool turns, or a second user message: there is context
            }

            question = message;
        }

        if (question is null || question.Contents.Count == 0 || !question.Contents.All(content => content is TextContent))
        {
            return false;
        }

        key = QuestionNormalizer.Normalize(question.Text);
        return key.Length > 0 && key.Length <= _cache.Options.MaxQuestionLength;
    }

    private async Task<HotAnswer> ComputeAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var response = await InnerClient.GetResponseAsync(messages, options, cancellationToken);
        return ToAnswer(response.Text, response.GetSource());
    }

    /// <summary>Streams the inner answer into <paramref name="live"/> (the first asker) while collecting it for the others and the cache.</summary>
    private async Task<HotAnswer> ComputeStreamingAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChannelWriter<ChatResponseUpdate> live, CancellationToken cancellationToken)
    {
        try
        {
            string? source = null;
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                if (update.IsNotice())
                {
                    live.TryWrite(update); // e.g. the place in line: for the first asker only, never part of the answer
                    continue;
                }

                source ??= update.GetSource();
                updates.Add(update);
                live.TryWrite(update.GetSource() is null ? update.WithSource(ReplySources.Model) : update);
            }

            return ToAnswer(updates.ToChatResponse().Text, source);
        }
        finally
        {
            live.TryComplete();
        }
    }

    private HotAnswer ToAnswer(string text, string? source)
    {
        // The inner client is the knowledge/model chain; an answer that names no source came from the model slot.
        var answer = new HotAnswer(text, source ?? ReplySources.Model);
        if (!HotQuestionCache.IsCacheable(answer))
        {
            Log.HotQuestionNotCached(_logger, answer.Source);
        }

        return answer;
    }

    private static string SourceOf(HotQuestionLookup lookup) => lookup.FromCache ? ReplySources.Cache : lookup.Answer.Source;
}
