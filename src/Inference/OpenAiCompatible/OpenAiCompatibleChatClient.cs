using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ChatHub.Inference.OpenAiCompatible;

/// <summary>
/// An OpenAI-compatible chat-completions server behind <see cref="IChatClient"/>: the OpenAI package's
/// <see cref="ChatClient"/> as an <see cref="IChatClient"/> (<c>AsIChatClient</c>, Microsoft.Extensions.AI.OpenAI),
/// with our settings put in through <see cref="ChatClientBuilder"/>: the system prompt (as <c>Instructions</c>, only when the
/// conversation has no system message of its own) and the
/// default <c>max_completion_tokens</c> and temperature where the caller sets none. The package's retries are off
/// (the resilience layer decides), and its transport is an <see cref="HttpClient"/> with a connection cap. Replies and
/// streamed updates carry source <see cref="ReplySources.Model"/>.
/// </summary>
public sealed class OpenAiCompatibleChatClient : DelegatingChatClient
{
    private readonly HttpClient? _ownHttpClient;

    public OpenAiCompatibleChatClient(OpenAiCompatibleOptions options, HttpClient? httpClient = null)
        : this(Validated(options), httpClient, httpClient is null ? OwnHttpClient(options) : null)
    {
    }

    private OpenAiCompatibleChatClient(OpenAiCompatibleOptions options, HttpClient? given, HttpClient? own)
        : base(Build(options, given ?? own!))
    {
        _ownHttpClient = own;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return response.WithSource(ReplySources.Model);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update.WithSource(ReplySources.Model);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownHttpClient?.Dispose(); // a given HttpClient belongs to its owner
        }

        base.Dispose(disposing);
    }

    private static IChatClient Build(OpenAiCompatibleOptions options, HttpClient httpClient)
    {
        return new ChatClient(options.Model, OpenAiClients.Key(options.ApiKey), OpenAiClients.Options(options.Endpoint, options.NetworkTimeout, httpClient)).AsIChatClient()
            .AsBuilder()
            .ConfigureOptions(chat =>
            {
                chat.MaxOutputTokens ??= options.MaxTokens;
                chat.Temperature ??= options.Temperature;
            })
            .Use((messages, chat, next, cancellationToken) =>
            {
                // Our system prompt only where the conversation brings none (the model stage renders its own).
                if (!string.IsNullOrWhiteSpace(options.SystemPrompt) && chat?.Instructions is null && !messages.Any(m => m.Role == ChatRole.System))
                {
                    chat = chat?.Clone() ?? new ChatOptions();
                    chat.Instructions = options.SystemPrompt;
                }

                return next(messages, chat, cancellationToken);
            })
            .Build();
    }

    /// <summary>
    /// Without a given HttpClient, one of our own with a connection cap (the SDK's default transport has none: under
    /// load it opened a connection per concurrent call). Its timeout is the SDK's NetworkTimeout.
    /// </summary>
    private static HttpClient OwnHttpClient(OpenAiCompatibleOptions options) =>
        new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static OpenAiCompatibleOptions Validated(OpenAiCompatibleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException($"{OpenAiCompatibleOptions.SectionName} needs Endpoint and Model.", nameof(options));
        }

        return options;
    }
}
