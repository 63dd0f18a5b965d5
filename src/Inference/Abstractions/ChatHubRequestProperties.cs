using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Abstractions;

/// <summary>
/// Who is asking, carried in <see cref="ChatOptions.AdditionalProperties"/> as plain strings (the worker knows no
/// Inference types): the hub user, the platform, and what the platform tells about the person. The model stage reads
/// them for the system prompt and its tools; without them it answers as for an anonymous person.
/// </summary>
public static class ChatHubRequestProperties
{
    /// <summary>The hub user id (the same on every linked platform).</summary>
    public const string PersonKey = "chathub.person";

    /// <summary>The channel name the message came from (telegram, discord, teams, webchat).</summary>
    public const string PlatformKey = "chathub.platform";

    /// <summary>The name the platform shows for the person (attacker-controlled: cleaned before use).</summary>
    public const string DisplayNameKey = "chathub.displayName";

    /// <summary>The person's locale (BCP 47), when the platform tells.</summary>
    public const string LocaleKey = "chathub.locale";

    /// <summary>The person's time zone (IANA or Windows id), when the platform tells.</summary>
    public const string TimeZoneKey = "chathub.timeZone";

    /// <summary>The conversation key (the bus partition key) the request answers.</summary>
    public const string ConversationKey = "chathub.conversation";

    /// <summary>The person's remembered facts (an <see cref="IReadOnlyList{T}"/> of strings), present only where memory is used.</summary>
    public const string MemoriesKey = "chathub.memories";

    /// <summary>The summary of the person's earlier turns, present only when there is one.</summary>
    public const string SummaryKey = "chathub.summary";

    /// <summary>The request's values in <paramref name="options"/>; null when no person is named.</summary>
    public static ChatRequestContext? GetRequestContext(this ChatOptions? options)
    {
        var properties = options?.AdditionalProperties;
        if (properties is null || Read(properties, PersonKey) is not { } person)
        {
            return null;
        }

        return new ChatRequestContext(person, Read(properties, PlatformKey) ?? "unknown")
        {
            DisplayName = Read(properties, DisplayNameKey),
            Locale = Read(properties, LocaleKey),
            TimeZone = Read(properties, TimeZoneKey),
            Conversation = Read(properties, ConversationKey),
            Memories = properties.TryGetValue(MemoriesKey, out var memories) && memories is IEnumerable<string> facts ? [.. facts] : null,
            Summary = Read(properties, SummaryKey),
        };
    }

    /// <summary>Puts <paramref name="context"/> into <paramref name="options"/> (a new instance when null).</summary>
    public static ChatOptions WithRequestContext(this ChatOptions? options, ChatRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new ChatOptions();
        var properties = options.AdditionalProperties ??= [];
        properties[PersonKey] = context.PersonId;
        properties[PlatformKey] = context.Platform;
        Write(properties, DisplayNameKey, context.DisplayName);
        Write(properties, LocaleKey, context.Locale);
        Write(properties, TimeZoneKey, context.TimeZone);
        Write(properties, ConversationKey, context.Conversation);
        Write(properties, SummaryKey, context.Summary);
        if (context.Memories is not null)
        {
            properties[MemoriesKey] = context.Memories;
        }

        return options;
    }

    private static string? Read(AdditionalPropertiesDictionary properties, string key) =>
        properties.TryGetValue(key, out var value) && value is string text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static void Write(AdditionalPropertiesDictionary properties, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            properties[key] = value;
        }
    }
}
