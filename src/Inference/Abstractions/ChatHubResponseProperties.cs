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
