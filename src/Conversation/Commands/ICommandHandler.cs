namespace ChatHub.Conversation.Commands;

/// <summary>A slash command (<c>/name args</c>). Register with <c>TryAddEnumerable</c>; names are unique.</summary>
public interface ICommandHandler
{
    /// <summary>The command name without the slash, lower case.</summary>
    string Name { get; }

    /// <summary>One line for /help.</summary>
    string Description { get; }

    /// <summary>Handles the command and returns the reply (and any notifications).</summary>
    ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken);
}
