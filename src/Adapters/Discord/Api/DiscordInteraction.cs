namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// The <c>d</c> of INTERACTION_CREATE: a press of a button on one of the bot's messages (type 3, a message component)
/// is the only kind the hub answers. The gateway connection is the bot's own, so the event needs no signature check
/// (an HTTP interactions endpoint would); what the press may mean is checked against <see cref="Message"/>.
/// </summary>
internal sealed record DiscordInteraction
{
    public const int MessageComponentType = 3;

    public required string Id { get; init; }

    /// <summary>Answers the interaction (<c>POST /interactions/{id}/{token}/callback</c>) for 15 minutes: never logged.</summary>
    public required string Token { get; init; }

    public int Type { get; init; }

    public string? ApplicationId { get; init; }

    public DiscordInteractionData? Data { get; init; }

    /// <summary>Absent in direct messages.</summary>
    public string? GuildId { get; init; }

    public string? ChannelId { get; init; }

    /// <summary>Who pressed, in a server.</summary>
    public DiscordMember? Member { get; init; }

    /// <summary>Who pressed, in a direct message.</summary>
    public DiscordUser? User { get; init; }

    /// <summary>The message the button is on, as Discord has it.</summary>
    public DiscordMessage? Message { get; init; }
}

/// <summary>A component interaction's data: which component, of which type.</summary>
internal sealed record DiscordInteractionData
{
    public string? CustomId { get; init; }

    public int? ComponentType { get; init; }
}

/// <summary>The answer to an interaction; 6 (DEFERRED_UPDATE_MESSAGE): received, the message stays as it is.</summary>
internal sealed record InteractionResponse
{
    public const int DeferredUpdateMessage = 6;

    public required int Type { get; init; }
}
