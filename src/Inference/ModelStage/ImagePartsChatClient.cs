using Microsoft.Extensions.AI;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Between the kernel's function invocation and the model slot: puts each image placeholder of the prompt
/// (<see cref="ModelStageImages"/>) back as the image part itself (a <see cref="DataContent"/>, which an OpenAI-compatible
/// client sends as an <c>image_url</c> part). A placeholder it cannot resolve is left out, never sent.
/// </summary>
internal sealed class ImagePartsChatClient(IChatClient inner, ModelStageImages images) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(WithImages(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(WithImages(messages), options, cancellationToken);

    private IEnumerable<ChatMessage> WithImages(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        if (!list.Any(message => message.Contents.Any(IsPlaceholder)))
        {
            return list;
        }

        return [.. list.Select(message => !message.Contents.Any(IsPlaceholder) ? message : new ChatMessage(message.Role,
            [.. message.Contents.Select(content => IsPlaceholder(content) ? images.Resolve(PlaceholderUri(content)) : content).OfType<AIContent>()])
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
            AdditionalProperties = message.AdditionalProperties,
        })];
    }

    private static bool IsPlaceholder(AIContent content) => PlaceholderUri(content)?.Scheme == ModelStageImages.Scheme;

    private static Uri? PlaceholderUri(AIContent content) => content switch
    {
        UriContent uri => uri.Uri,
        DataContent { Uri: { } data } when data.StartsWith(ModelStageImages.Scheme + ":", StringComparison.Ordinal) => new Uri(data),
        _ => null,
    };
}
