using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Answers the last user message from the knowledge base when retrieval is confident enough
/// (<see cref="KnowledgeOptions.MinConfidence"/>, <see cref="KnowledgeOptions.MinScore"/>); otherwise asks the inner
/// client (a language model or the fallback). Answers carry source <see cref="ReplySources.Knowledge"/> and their
/// entry's title as their source (<see cref="ChatHubResponseProperties.SourcesKey"/>) and its follow-up questions
/// (<see cref="ChatHubResponseProperties.SuggestionsKey"/>); inner
/// answers that carry no source are marked <see cref="ReplySources.Model"/>.
/// </summary>
public sealed class KnowledgeChatClient : DelegatingChatClient
{
    private readonly KnowledgeBase _knowledgeBase;
    private readonly KnowledgeOptions _options;
    private readonly ILogger _logger;

    public KnowledgeChatClient(
        IChatClient innerClient, KnowledgeBase knowledgeBase, KnowledgeOptions options, ILogger<KnowledgeChatClient>? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentNullException.ThrowIfNull(options);
        _knowledgeBase = knowledgeBase;
        _options = options;
        _logger = logger ?? NullLogger<KnowledgeChatClient>.Instance;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        if (TryAnswer(list) is { } match)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, match.Entry.Answer)) { FinishReason = ChatFinishReason.Stop }
                .WithSource(ReplySources.Knowledge).WithSources([match.Entry.Question]).WithSuggestions(match.Entry.Suggestions).WithLinks(match.Entry.Links);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken);
        return response.GetSource() is null ? response.WithSource(ReplySources.Model) : response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        if (TryAnswer(list) is { } match)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, match.Entry.Answer) { FinishReason = ChatFinishReason.Stop }
                .WithSource(ReplySources.Knowledge).WithSources([match.Entry.Question]).WithSuggestions(match.Entry.Suggestions).WithLinks(match.Entry.Links);
            yield break;
        }

        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            yield return update.GetSource() is null ? update.WithSource(ReplySources.Model) : update;
        }
    }

    private KnowledgeMatch? TryAnswer(IReadOnlyList<ChatMessage> messages)
    {
        var question = LastUserText(messages);
        if (string.IsNullOrWhiteSpace(question) || HasImage(messages))
        {
            return null;
        }

        var match = _knowledgeBase.FindBestMatch(question);
        if (match is null || !_options.Accepts(match))
        {
            Log.KnowledgeDelegated(_logger, match?.Confidence ?? 0);
            return null;
        }

        Log.KnowledgeAnswered(_logger, match.Index, match.Confidence, match.Score);
        return match;
    }

    /// <summary>A question with a picture is the model's to answer: the entries know nothing of the picture.</summary>
    private static bool HasImage(IReadOnlyList<ChatMessage> messages) =>
        messages.LastOrDefault(message => message.Role == ChatRole.User)?.Contents.Any(content => content is DataContent) == true;

    private static string? LastUserText(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                return messages[i].Text;
            }
        }

        return null;
    }
}
