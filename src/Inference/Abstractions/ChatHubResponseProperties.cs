using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Abstractions;

/// <summary>
/// ChatHub's entries in <see cref="ChatResponse.AdditionalProperties"/> and
/// <see cref="ChatResponseUpdate.AdditionalProperties"/>.
/// </summary>
public static class ChatHubResponseProperties
{
    /// <summary>The key under which the reply source (see <see cref="ReplySources"/>) is stored.</summary>
    public const string SourceKey = "chathub.source";

    /// <summary>
    /// Marks a streaming update that is a notice to the person (e.g. their place in the queue), not part of the reply:
    /// the value names the notice (<see cref="QueueNotice"/>). Consumers send it on its own and leave it out of the
    /// answer's text.
    /// </summary>
    public const string NoticeKey = "chathub.notice";

    /// <summary>The <see cref="NoticeKey"/> value of a queue-position notice.</summary>
    public const string QueueNotice = "queue";

    public static ChatResponse WithSource(this ChatResponse response, string source)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(source);
        (response.AdditionalProperties ??= [])[SourceKey] = source;
        return response;
    }

    public static ChatResponseUpdate WithSource(this ChatResponseUpdate update, string source)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(source);
        (update.AdditionalProperties ??= [])[SourceKey] = source;
        return update;
    }

    /// <summary>Marks <paramref name="update"/> as a notice named <paramref name="notice"/> (see <see cref="NoticeKey"/>).</summary>
    public static ChatResponseUpdate AsNotice(this ChatResponseUpdate update, string notice)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrEmpty(notice);
        (update.AdditionalProperties ??= [])[NoticeKey] = notice;
        return update;
    }

    /// <summary>True when <paramref name="update"/> is a notice, not part of the reply.</summary>
    public static bool IsNotice(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.ContainsKey(NoticeKey) == true;
    }

    public static string? GetSource(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response.AdditionalProperties);
    }

    public static string? GetSource(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Read(update.AdditionalProperties);
    }

    private static string? Read(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(SourceKey, out var value) ? value as string : null;
}
