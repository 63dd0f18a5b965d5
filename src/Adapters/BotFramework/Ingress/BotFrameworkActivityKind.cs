namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>What the mapper made of an activity.</summary>
internal enum BotFrameworkActivityKind
{
    /// <summary>A message for the bot: published to chat.inbound.</summary>
    Message = 0,

    /// <summary>A conversationUpdate that added the bot: the welcome message, if configured.</summary>
    BotAdded,

    /// <summary>Nothing to do (other types, other members, group messages not addressed to the bot, …): 200.</summary>
    Ignored,

    /// <summary>An activity that lacks what its type requires: 400.</summary>
    Invalid,
}
