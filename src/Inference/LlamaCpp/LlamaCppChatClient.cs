using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// A local GGUF model behind <see cref="IChatClient"/>: builds the prompt with the model's chat template, queues the
/// request on the engine's continuous-batching decode loops and streams the text as tokens are produced. Replies carry
/// source <see cref="ReplySources.Model"/>; when every queue is full the reply is <see cref="LlamaCppOptions.BusyReply"/>
/// with source <see cref="ReplySources.System"/>. Canceling the token (the user left, a timeout) frees the
/// conversation's sequence at the next decode step.
/// </summary>
public sealed class LlamaCppChatClient : IChatClient
{
    private readonly LlamaEngine _engine;
    private readonly LlamaCppOptions _options;
    private readonly LlamaPromptBuilder _prompts;
    private readonly LlamaReplyTokens _replies = new();
    private readonly ChatClientMetadata _metadata;
    private readonly LlamaToolGrammars _grammars;
    private readonly ILogger _logger;

    internal LlamaCppChatClient(LlamaEngine engine, LlamaCppOptions options, ILogger<LlamaCppChatClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _options = options;
        _logger = logger ?? NullLogger<LlamaCppChatClient>.Instance;
        _prompts = new LlamaPromptBuilder(engine.Model, options.SystemPrompt, options.ChatTemplate, options.PromptCache ? _replies : null);
        _grammars = new LlamaToolGrammars(engine.Model);
        ModelId = Path.GetFileNameWithoutExtension(engine.Model.Path);
        _metadata = new ChatClientMetadata("llama.cpp", defaultModelId: ModelId);
    }

    public string ModelId { get; }

    internal LlamaEngine Engine => _engine;

    internal LlamaPromptBuilder Prompts => _prompts;

    /// <summary>The replies this client gave, by text (the prompt builder puts them back as these tokens).</summary>
    internal LlamaReplyTokens Replies => _replies;

    /// <summary>
    /// Loads the native library (once), the model of <paramref name="options"/> and its instances; with
    /// <paramref name="meterFactory"/> the engine records its metrics (batch size, generated tokens).
    /// </summary>
    public static LlamaCppChatClient Create(LlamaCppOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        var engine = LlamaEngine.Create(options, loggerFactory, meterFactory);
        return new LlamaCppChatClient(engine, options, loggerFactory?.CreateLogger<LlamaCppChatClient>());
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        return response.WithSource(updates.Select(update => update.GetSource()).FirstOrDefault(source => source is not null) ?? ReplySources.Model);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var tools = LlamaToolCalls.Offered(options);
        var request = CreateRequest(messages as IReadOnlyList<ChatMessage> ?? messages.ToArray(), options, tools, cancellationToken, out var abandon);
        using (abandon)
        {
            var responseId = Guid.NewGuid().ToString("N");
            if (!_engine.TrySubmit(request))
            {
                Log.LlamaBusy(_logger, _engine.Instances.Count);
                yield return new ChatResponseUpdate(ChatRole.Assistant, _options.BusyReply)
                {
                    ResponseId = responseId,
                    FinishReason = ChatFinishReason.Stop,
                }.WithSource(ReplySources.System);
                yield break;
            }

            var text = new StringBuilder();
            var shown = 0; // with tools: the text shown so far; a possible start of a call is held back
            var inCall = false;
            try
            {
                await foreach (var piece in request.Pieces.ReadAllAsync(cancellationToken))
                {
                    text.Append(piece);
                    var show = piece;
                    if (tools.Count > 0)
                    {
                        if (inCall)
                        {
                            continue;
                        }

                        var pending = text.ToString(shown, text.Length - shown);
                        var open = pending.IndexOf(LlamaToolGrammar.Open, StringComparison.Ordinal);
                        inCall = open >= 0;
                        show = inCall ? pending[..open] : pending[..^LlamaToolCalls.PossibleOpeningAtEnd(pending)];
                        shown += show.Length;
                        if (show.Length == 0)
                        {
                            continue;
                        }
                    }

                    yield return new ChatResponseUpdate(ChatRole.Assistant, show)
                    {
                        ResponseId = responseId,
                        MessageId = responseId,
                        ModelId = ModelId,
                    }.WithSource(ReplySources.Model);
                }
            }
            finally
            {
                abandon.Cancel(); // the reader stopped early or failed: the loop frees the sequence
            }

            if (tools.Count > 0 && Calls(text.ToString(), shown, responseId) is { } rest)
            {
                yield return rest;
            }

            // The next turn's prompt gives this reply back as these tokens, which its sequence holds (prompt cache).
            _replies.Remember(text.ToString(), request.Tokens);
            var usage = new UsageDetails
            {
                InputTokenCount = request.Prompt.Length,
                OutputTokenCount = request.Tokens.Count,
                TotalTokenCount = request.Prompt.Length + request.Tokens.Count,
            };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = ModelId,
                FinishReason = inCall && LlamaToolCalls.Parse(text.ToString()).Calls.Count > 0
                    ? ChatFinishReason.ToolCalls
                    : request.FinishReason ?? ChatFinishReason.Stop,
            }.WithSource(ReplySources.Model);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>
    /// What a tool-calling output adds at its end: its calls, or the text held back when there are none, less a call
    /// the token limit cut short (raw <c>&lt;tool_call&gt;</c> text is not for the person).
    /// </summary>
    private ChatResponseUpdate? Calls(string output, int shown, string responseId)
    {
        var (_, calls) = LlamaToolCalls.Parse(output);
        if (calls.Count > 0)
        {
            Log.LlamaToolCalls(_logger, calls.Count);
            return new ChatResponseUpdate(ChatRole.Assistant, [.. calls])
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = ModelId,
            }.WithSource(ReplySources.Model);
        }

        var held = LlamaToolCalls.WithoutUnterminatedCall(output[shown..], out var cut);
        if (cut > 0)
        {
            Log.LlamaUnterminatedToolCall(_logger, cut);
        }

        return held.Length > 0
            ? new ChatResponseUpdate(ChatRole.Assistant, held) { ResponseId = responseId, MessageId = responseId, ModelId = ModelId }
                .WithSource(ReplySources.Model)
            : null;
    }

    private LlamaRequest CreateRequest(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, IReadOnlyList<AIFunctionDeclaration> tools,
        CancellationToken cancellationToken, out CancellationTokenSource abandon)
    {
        var context = _engine.SequenceContextSize;
        var maxTokens = Math.Clamp(options?.MaxOutputTokens ?? _options.MaxTokens, 1, context - 1);
        var prompt = _prompts.Build(messages, context - Math.Min(maxTokens, context / 2), tools, out var dropped);
        if (dropped > 0)
        {
            Log.LlamaPromptTrimmed(_logger, dropped, prompt.Length);
        }

        maxTokens = Math.Min(maxTokens, context - prompt.Length);
        var sampling = new LlamaSamplingSettings(
            options?.Temperature ?? _options.Temperature,
            options?.TopK ?? _options.TopK,
            options?.TopP ?? _options.TopP,
            _options.MinP,
            (uint?)options?.Seed ?? _options.Seed ?? (uint)Random.Shared.Next())
        {
            Grammar = tools.Count == 0 ? null : _grammars.For(tools, lazy: options?.ToolMode is not RequiredChatToolMode),
        };
        var interactive = prompt.Length + maxTokens <= _options.PriorityLaneMaxTokens;
        abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new LlamaRequest(prompt, maxTokens, sampling, interactive, abandon.Token) { Affinity = AffinityOf(messages) };
    }

    /// <summary>The same number for every turn of a conversation (its first user message), so all go to one instance.</summary>
    internal static int AffinityOf(IReadOnlyList<ChatMessage> messages) =>
        StringComparer.Ordinal.GetHashCode(messages.FirstOrDefault(message => message.Role == ChatRole.User)?.Text ?? string.Empty);
}
