using System.Globalization;
using ChatHub.Conversation.Commands;

namespace ChatHub.Conversation.Memory;

/// <summary><c>/forget N</c> deletes the Nth thing <c>/memory</c> lists; <c>/forget all</c> deletes everything remembered.</summary>
public sealed class ForgetCommand(MemoryService memory) : ICommandHandler
{
    public string Name => "forget";

    public string Description => "delete something I remember: /forget N (see /memory) or /forget all";

    public async ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!memory.Enabled)
        {
            return MemoryService.OffReply;
        }

        var argument = context.Arguments.Trim();
        if (string.Equals(argument, "all", StringComparison.OrdinalIgnoreCase))
        {
            var removed = await memory.ForgetAllAsync(context.HubUserId, cancellationToken);
            return removed == 0 ? "There was nothing to forget." : $"Done: I have forgotten everything I remembered about you ({removed}).";
        }

        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return "Send /forget N to delete the Nth thing /memory lists, or /forget all.";
        }

        return await memory.ForgetAsync(context.HubUserId, number, cancellationToken)
            ? $"Done: I have forgotten number {number}."
            : $"I have no number {number}. Send /memory to see the list.";
    }
}
