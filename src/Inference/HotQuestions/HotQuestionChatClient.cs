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
            .WithSource(SourceOf(lookup)).WithSources(lookup.Answer.Sources ?? []).WithSuggestions(lookup.Answer.Suggestions ?? []).WithLinks(lookup.Answer.Links ?? []);
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

        // The asker whose factory runs (FusionCache runs one per key at a time) gets the inner updates live; everyone
        // else (a hit, a caller that waited for that computation, a stale answer served by fail-safe or the soft
        // timeout before any word was shown) gets the finished answer as one update.
        var live = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var stream = new LiveStream(live.Writer);
        var lookupTask = _cache.GetOrCreateAsync(
            key, token => ComputeStreamingAsync(list, options, stream, token), streaming: true, cancellationToken);
        _ = lookupTask.ContinueWith(
            static (_, state) => ((LiveStream)state!).CloseIfNothingShown(),
            stream, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await foreach (var update in live.Reader.ReadAllAsync(cancellationToken))
        {
            yield return update;
        }

        if (stream.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure); // words were shown; no stale answer can follow them
        }

        if (!stream.Shown)
        {
            var lookup = await lookupTask;
            yield return new ChatResponseUpdate(ChatRole.Assistant, lookup.Answer.Text) { FinishReason = ChatFinishReason.Stop }
                .WithSource(SourceOf(lookup)).WithSources(lookup.Answer.Sources ?? []).WithSuggestions(lookup.Answer.Suggestions ?? []).WithLinks(lookup.Answer.Links ?? []);
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
        return ToAnswer(response.Text, response.GetSource(), response.AdditionalProperties);
    }

    /// <summary>Streams the inner answer to the asker (<paramref name="stream"/>) while collecting it for the cache.</summary>
    private async Task<HotAnswer> ComputeStreamingAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, LiveStream stream, CancellationToken cancellationToken)
    {
        try
        {
            string? source = null;
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                if (update.IsNotice())
                {
                    stream.TryWriteNotice(update); // e.g. the place in line: for this asker only, never part of the answer
                    continue;
                }

                source ??= update.GetSource();
                updates.Add(update);
                stream.TryWrite(update.GetSource() is null ? update.WithSource(ReplySources.Model) : update);
            }

            var properties = new AdditionalPropertiesDictionary();
            foreach (var update in updates)
            {
                foreach (var (key, value) in update.AdditionalProperties ?? [])
                {
                    properties[key] = value;
                }
            }

            return ToAnswer(updates.ToChatResponse().Text, source, properties);
        }
        catch (Exception ex)
        {
            stream.Fail(ex);
            throw;
        }
        finally
        {
            stream.Complete();
        }
    }

    private HotAnswer ToAnswer(string text, string? source, AdditionalPropertiesDictionary? properties)
    {
        // The inner client is the knowledge/model chain; an answer that names no source came from the model slot.
        var sources = properties.GetSources();
        var suggestions = properties.GetSuggestions();
        var links = properties.GetLinks();
        var answer = new HotAnswer(text, source ?? ReplySources.Model, sources.Count == 0 ? null : sources, properties.IsPersonal())
        {
            Suggestions = suggestions.Count == 0 ? null : suggestions,
            Links = links.Count == 0 ? null : links,
        };
        if (!HotQuestionCache.IsCacheable(answer))
        {
            Log.HotQuestionNotCached(_logger, answer.Source);
        }

        return answer;
    }

    private static string SourceOf(HotQuestionLookup lookup) => lookup.FromCache ? ReplySources.Cache : lookup.Answer.Source;

    /// <summary>
    /// The live updates of one streaming asker. Once a word of the answer is shown the stream runs to the computation's
    /// end (a stale answer cannot follow words already shown); if the lookup finishes first with nothing shown (a hit,
    /// a shared or a stale answer) the stream closes and the asker gets that answer whole.
    /// </summary>
    private sealed class LiveStream(ChannelWriter<ChatResponseUpdate> writer)
    {
        private const int Nothing = 0;
        private const int Showing = 1;
        private const int Closed = 2;
        private int _state;

        public bool Shown => Volatile.Read(ref _state) == Showing;

        public Exception? Failure { get; private set; }

        public void TryWrite(ChatResponseUpdate update)
        {
            if (Interlocked.CompareExchange(ref _state, Showing, Nothing) != Closed)
            {
                writer.TryWrite(update);
            }
        }

        public void TryWriteNotice(ChatResponseUpdate update)
        {
            if (Volatile.Read(ref _state) != Closed)
            {
                writer.TryWrite(update);
            }
        }

        public void Fail(Exception exception)
        {
            if (Shown)
            {
                Failure = exception;
            }
        }

        /// <summary>The computation ended: the stream ends once its updates are read.</summary>
        public void Complete()
        {
            if (Volatile.Read(ref _state) == Showing)
            {
                writer.TryComplete();
            }
        }

        /// <summary>The lookup ended: close the stream unless words are being shown.</summary>
        public void CloseIfNothingShown()
        {
            if (Interlocked.CompareExchange(ref _state, Closed, Nothing) != Showing)
            {
                writer.TryComplete();
            }
        }
    }
}
