using System.Text.Json;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// The service URL (and kind) of each conversation an authenticated activity came from, for replies that do not carry
/// the inbound properties: proactive messages, broadcasts, hand-off notices and replies that followed a person here from
/// another platform. Kept with the conversation in the configured store (<see cref="IConversationReferenceStore"/>:
/// memory, SQLite or Redis), so it survives a restart and every node has it; it lives the channel's identity retention
/// after the conversation's last activity and is erased with the person's routes. What is read back is only a
/// candidate: the sender checks it against the allow-list in force before any use. A Teams operators' channel with
/// <c>Handoff:Operator:ServiceUrl</c> is known from the configuration (and never forgotten).
/// </summary>
internal sealed class BotFrameworkConversations
{
    private readonly IConversationReferenceStore _store;
    private readonly TimeSpan _lifetime;
    private readonly (string Key, Entry Entry)? _operators;

    public BotFrameworkConversations(IConversationReferenceStore store, IOptions<RetentionOptions> retention, IOptions<HandoffOptions> handoff)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(handoff);
        _store = store;
        _lifetime = retention.Value.IdentityLifetime(ChannelNames.Teams);
        var chat = handoff.Value.Operator;
        if (chat.Channel == ChannelNames.Teams && !string.IsNullOrWhiteSpace(chat.ChatId) && !string.IsNullOrWhiteSpace(chat.ServiceUrl))
        {
            var conversation = new ConversationRef(chat.Channel, chat.BotId, chat.ChatId, string.IsNullOrWhiteSpace(chat.ThreadId) ? null : chat.ThreadId);
            _operators = (conversation.Key, new Entry(chat.ServiceUrl, "channel"));
        }
    }

    /// <summary>Stores the conversation's service URL (already checked against the allow-list by the caller).</summary>
    public ValueTask RecordAsync(ConversationRef conversation, string serviceUrl, string? conversationType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var json = JsonSerializer.Serialize(new Entry(serviceUrl, conversationType), BotFrameworkJsonContext.Default.Entry);
        return _store.SetAsync(conversation, json, _lifetime, cancellationToken);
    }

    /// <summary>Forgets a conversation's service URL (erasure); true when one was stored.</summary>
    public ValueTask<bool> RemoveAsync(ConversationRef conversation, CancellationToken cancellationToken) =>
        _store.RemoveAsync(conversation, cancellationToken);

    /// <summary>The conversation's stored service URL and kind, or null when none is known.</summary>
    public async ValueTask<Entry?> GetAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (await _store.GetAsync(conversation, cancellationToken) is { } json && Parse(json) is { } stored)
        {
            return stored;
        }

        return _operators is { } operators && operators.Key == conversation.Key ? operators.Entry : null;
    }

    private static Entry? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, BotFrameworkJsonContext.Default.Entry) is { ServiceUrl.Length: > 0 } entry ? entry : null;
        }
        catch (JsonException)
        {
            return null; // not ours, or damaged: as if unknown
        }
    }

    internal sealed record Entry(string ServiceUrl, string? ConversationType);
}
