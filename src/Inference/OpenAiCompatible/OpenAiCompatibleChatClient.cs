using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace ChatHub.Inference.OpenAiCompatible;

/// <summary>
/// An OpenAI-compatible chat-completions server behind <see cref="IChatClient"/>, a thin adapter over the OpenAI
/// package's <see cref="ChatClient"/> (Microsoft.Extensions.AI.OpenAI is not available here). Text turns only;
/// streaming uses server-sent events. The package's own retries are off: the resilience layer decides. Replies carry
/// source <see cref="ReplySources.Model"/>.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly OpenAiCompatibleOptions _options;
    private readonly ChatClientMetadata _metadata;
    private readonly HttpClient? _ownHttpClient;

    public OpenAiCompatibleChatClient(OpenAiCompatibleOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException($"{OpenAiCompatibleOptions.SectionName} needs Endpoint and Model.", nameof(options));
        }

        _options = options;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            NetworkTimeout = options.NetworkTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // Without a given HttpClient, one of our own with a connection cap (the SDK's default transport has none: under
        // load it opened a connection per concurrent call). Its timeout is the SDK's NetworkTimeout.
        httpClient ??= _ownHttpClient = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        clientOptions.Transport = new HttpClientPipelineTransport(httpClient);

        _client = new ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey), clientOptions);
        _metadata = new ChatClientMetadata("openai-compatible", options.Endpoint, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ClientResult<ChatCompletion> result = await _client.CompleteChatAsync(Convert(messages), CreateOptions(options), cancellationToken);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Select(part => part.Text));
        var response = new ChatResponse(new AiChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = Convert(completion.FinishReason),
            Usage = completion.Usage is { } usage ? Convert(usage) : null,
        };
        return response.WithSource(ReplySources.Model);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var updates = _client.CompleteChatStreamingAsync(Convert(messages), CreateOptions(options), cancellationToken);
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            var result = new ChatResponseUpdate(ChatRole.Assistant, string.Concat(update.ContentUpdate.Select(part => part.Text)))
            {
                ResponseId = update.CompletionId,
                MessageId = update.CompletionId,
                ModelId = update.Model,
                CreatedAt = update.CreatedAt,
                FinishReason = update.FinishReason is { } reason ? Convert(reason) : null,
            };
            if (update.Usage is { } usage)
            {
                result.Contents.Add(new UsageContent(Convert(usage)));
            }

            yield return result.WithSource(ReplySources.Model);
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
            : serviceType == typeof(ChatClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The OpenAI ChatClient holds no unmanaged resources; a given HttpClient belongs to its owner.
        _ownHttpClient?.Dispose();
    }

    private List<OpenAiChatMessage> Convert(IEnumerable<AiChatMessage> messages)
    {
        var result = new List<OpenAiChatMessage>();
        if (!string.IsNullOrWhiteSpace(_options.SystemPrompt))
        {
            result.Add(new SystemChatMessage(_options.SystemPrompt));
        }

        foreach (var message in messages)
        {
            if (string.IsNullOrEmpty(message.Text))
            {
                continue;
            }

            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                result.Add(new AssistantChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(message.Text));
            }
        }

        return result;
    }

    private ChatCompletionOptions CreateOptions(ChatOptions? options) => new()
    {
        MaxOutputTokenCount = options?.MaxOutputTokens ?? _options.MaxTokens,
        Temperature = options?.Temperature ?? _options.Temperature,
        TopP = options?.TopP,
    };

    private static AiFinishReason Convert(OpenAiFinishReason reason) => reason switch
    {
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => AiFinishReason.Stop,
    };

    private static UsageDetails Convert(ChatTokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };
}
