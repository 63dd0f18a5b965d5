using System.Text;
using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Memory;

/// <summary>
/// <c>/memory</c> lists what the hub remembers about the person (numbered, for <c>/forget N</c>), only in a direct chat:
/// in a group it would show private notes to everyone. <c>/memory groups on|off</c> allows or stops their use in group chats.
/// </summary>
public sealed class MemoryCommand(MemoryService memory) : ICommandHandler
{
    public string Name => "memory";

    public string Description => "show what I remember about you; /memory groups on|off to use it in group chats";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!memory.Enabled)
        {
            return MemoryService.OffReply;
        }

        var arguments = context.Arguments.Trim().ToLowerInvariant();
        if (arguments.StartsWith("groups", StringComparison.Ordinal))
        {
            var value = arguments["groups".Length..].Trim();
            if (value is not ("on" or "off"))
            {
                return $"Send /memory groups on or /memory groups off (now: {(await memory.GroupsEnabledAsync(context.HubUserId, cancellationToken) ? "on" : "off")}).";
            }

            await memory.SetGroupsAsync(context.HubUserId, value == "on", cancellationToken);
            return value == "on"
                ? "Done: I will use what I remember about you in group chats too."
                : "Done: in group chats I will not use what I remember about you.";
        }

        if (arguments.Length > 0)
        {
            return "Send /memory to see what I remember, or /memory groups on|off.";
        }

        if (!context.Message.IsDirect)
        {
            return "What I remember about you is private: send /memory in a direct chat with me to see it.";
        }

        var entries = await memory.ListAsync(context.HubUserId, cancellationToken);
        var groups = await memory.GroupsEnabledAsync(context.HubUserId, cancellationToken) ? "on" : "off";
        if (entries.Count == 0)
        {
            return $"I don't remember anything about you. Say \"remember that …\" to tell me something to keep. (Group chats: {groups}.)";
        }

        var text = new StringBuilder($"What I remember about you ({entries.Count} of {memory.MaxEntries}):");
        for (var i = 0; i < entries.Count; i++)
        {
            text.Append('\n').Append(i + 1).Append(". ").Append(entries[i].Text);
        }

        text.Append("\nSend /forget N to delete one, /forget all to delete everything. Used in group chats: ").Append(groups)
            .Append(" (/memory groups on|off).");
        return text.ToString();
    }
}
