using System.Runtime.CompilerServices;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>A command (<c>/help</c>, <c>/link</c>, …): run (after the route's write: it may read or move the routes), its reply and its notifications.</summary>
internal sealed class CommandStep(CommandRegistry commands, ILogger logger) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!CommandRegistry.TryParse(turn.Message.Text, out var name, out var arguments))
        {
            yield break;
        }

        turn.Finish();
        await turn.Routed;
        var result = await RunAsync(turn, name, arguments, cancellationToken);
        yield return turn.Reply(result.Reply, ReplySource.System) with { Suggestions = result.Suggestions };
        foreach (var notice in turn.Notices(result))
        {
            yield return notice;
        }
    }

    private async ValueTask<CommandResult> RunAsync(Turn turn, string name, string arguments, CancellationToken cancellationToken)
    {
        if (!commands.TryGet(name, out var handler))
        {
            return $"I don't know the command /{name}. Send /help to see what I can do.";
        }

        ProcessorLog.Command(logger, turn.Message.Id, name);
        return await handler.HandleAsync(new CommandContext(turn.Message, turn.HubUserId, arguments, commands), cancellationToken);
    }
}
