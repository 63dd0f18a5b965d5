using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// The service URL (and kind) of each conversation this process has seen an activity from, for replies that do
/// not carry the inbound properties: proactive messages and replies that followed a person here from another
/// platform. In memory and per process (bounded); replies to a question always carry what they need. A Teams
/// operators' channel with <c>Handoff:Operator:ServiceUrl</c> is known from the start (and never forgotten), so every
/// node can send the hand-off notices there.
/// </summary>
internal sealed class BotFrameworkConversations
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly (string Key, Entry Entry)? _operators;

    public BotFrameworkConversations(IOptions<HandoffOptions> handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var chat = handoff.Value.Operator;
        if (chat.Channel == ChannelNames.Teams && !string.IsNullOrWhiteSpace(chat.ChatId) && !string.IsNullOrWhiteSpace(chat.ServiceUrl))
        {
            var conversation = new ConversationRef(chat.Channel, chat.BotId, chat.ChatId, string.IsNullOrWhiteSpace(chat.ThreadId) ? null : chat.ThreadId);
            _operators = (conversation.Key, new Entry(chat.ServiceUrl, "channel"));
        }
    }

    public void Record(ConversationRef conversation, string serviceUrl, string? conversationType)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(conversation.Key))
        {
            _entries.Clear(); // crude but bounded; the next activity of each live conversation records it again
        }

        _entries[conversation.Key] = new Entry(serviceUrl, conversationType);
    }

    /// <summary>Forgets a conversation's service URL (erasure); true when it was known.</summary>
    public bool Remove(ConversationRef conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return _entries.TryRemove(conversation.Key, out _);
    }

    public bool TryGet(ConversationRef conversation, [NotNullWhen(true)] out Entry? entry)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (_entries.TryGetValue(conversation.Key, out entry))
        {
            return true;
        }

        entry = _operators is { } operators && operators.Key == conversation.Key ? operators.Entry : null;
        return entry is not null;
    }

    internal sealed record Entry(string ServiceUrl, string? ConversationType);
}
