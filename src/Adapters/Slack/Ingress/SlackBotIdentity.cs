namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>Who the bot is in its workspace, from <c>auth.test</c> at start: needed to strip its mention and to skip its own messages.</summary>
internal sealed class SlackBotIdentity
{
    private readonly TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Identity? _identity;

    public bool IsKnown => _identity is not null;

    public string? UserId => _identity?.UserId;

    public string? BotId => _identity?.BotId;

    public string? TeamId => _identity?.TeamId;

    /// <summary>Completes once <see cref="Set"/> was called.</summary>
    public Task WhenKnown => _known.Task;

    public void Set(string userId, string? botId, string teamId)
    {
        _identity = new Identity(userId, botId, teamId);
        _known.TrySetResult();
    }

    private sealed record Identity(string UserId, string? BotId, string TeamId);
}
