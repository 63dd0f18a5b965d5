using System.Text;

namespace ChatHub.Conversation.Commands;

public sealed class HelpCommand : ICommandHandler
{
    public string Name => "help";

    public string Description => "show what I can do";

    public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder("Ask me a question in your own words and I will answer from what I know. Commands:");
        foreach (var command in context.Registry.All)
        {
            text.Append('\n').Append('/').Append(command.Name).Append(" - ").Append(command.Description);
        }

        return ValueTask.FromResult<CommandResult>(text.ToString());
    }
}
